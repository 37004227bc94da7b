// One direction between folders: chaincode/src/domain ← fabric ← gateway ← evidence ← api.
// `npm run lint:deps` (part of `npm test`) fails on any import against these rules.

/** Imports of packages and Node built-ins: a rule about "nothing of ours outside X" leaves them out. */
const PACKAGES = ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-bundled', 'core'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'chaincode/src/domain imports nothing of ours outside itself.',
      severity: 'error',
      from: { path: '^chaincode/src/domain/' },
      to: { path: '^(?!chaincode/src/domain/)', dependencyTypesNot: PACKAGES },
    },
    {
      name: 'fabric-is-neutral',
      comment: 'fabric/ (block parsing, validation-code names, network.json, state folder) imports nothing of ours outside itself.',
      severity: 'error',
      from: { path: '^fabric/' },
      to: { path: '^(?!fabric/)', dependencyTypesNot: PACKAGES },
    },
    {
      name: 'gateway-only-domain-and-fabric',
      comment: "gateway imports only the domain (and the chaincode's event names) and the neutral fabric/ module.",
      severity: 'error',
      from: { path: '^gateway/' },
      to: {
        path: '^(?!gateway/|chaincode/src/domain/|chaincode/src/events\\.ts$|fabric/)',
        dependencyTypesNot: PACKAGES,
      },
    },
    {
      name: 'evidence-below-api',
      comment: 'evidence imports nothing from api (api builds on evidence, not the other way round).',
      severity: 'error',
      from: { path: '^evidence/' },
      to: { path: '^api/' },
    },
    {
      name: 'verify-offline-ours',
      comment: 'evidence/verify imports no gateway, api or network.',
      severity: 'error',
      from: { path: '^evidence/verify/' },
      to: { path: '^(gateway|api|network)/' },
    },
    {
      name: 'verify-offline-node',
      comment: 'evidence/verify reads no files and opens no connections: it is given the package and the trust material.',
      severity: 'error',
      from: { path: '^evidence/verify/' },
      to: { dependencyTypes: ['core'], path: '^(node:)?(fs|fs/promises|net|http|https|http2|tls|dgram|dns|child_process)$' },
    },
    {
      name: 'api-reads-state-via-fabric',
      comment: 'Below its entry point (server.ts), api reads the state folder and network.json through fabric/, not the network launcher.',
      severity: 'error',
      from: { path: '^api/', pathNot: '^api/server\\.ts$' },
      to: { path: '^network/native/' },
    },
    {
      name: 'compose-files-not-native',
      comment: "network/compose (each org's compose file) derives from the topology and node settings, not the native launcher's local paths.",
      severity: 'error',
      from: { path: '^network/compose/' },
      to: { path: '^(network/native|api|gateway|scripts)/' },
    },
    {
      name: 'only-api-knows-http',
      comment: 'api/ is the only folder that imports fastify or @fastify/* (its tests may too).',
      severity: 'error',
      from: { pathNot: '^(api|test)/' },
      to: { path: 'node_modules/(fastify|fastify-plugin|@fastify/[^/]+)/' },
    },
    {
      name: 'uploads-is-shared-and-pure',
      comment: 'uploads/ (rows, checks, batch plan, receipt; the upload page and `npm run import` share it) imports only the domain.',
      severity: 'error',
      from: { path: '^uploads/' },
      to: { path: '^(?!uploads/|chaincode/src/domain/)', dependencyTypesNot: PACKAGES },
    },
    {
      name: 'uploads-runs-in-the-browser',
      comment: 'uploads/ is bundled into the screens: no Node built-in modules.',
      severity: 'error',
      from: { path: '^uploads/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'importer-is-an-api-client',
      comment: 'importer/ (`npm run import`) reaches the ledger only through the HTTP API: it imports uploads/ and the domain, nothing of the server side.',
      severity: 'error',
      from: { path: '^importer/' },
      to: { path: '^(?!importer/|uploads/|chaincode/src/domain/)', dependencyTypesNot: PACKAGES },
    },
    {
      name: 'no-test-in-tools',
      comment: 'scripts, bench and importer import nothing from test/.',
      severity: 'error',
      from: { path: '^(scripts|bench|importer)/' },
      to: { path: '^test/' },
    },
    {
      name: 'no-circular',
      comment: 'No circular dependencies between our modules.',
      severity: 'error',
      from: { pathNot: 'node_modules' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|\\.fabric)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};

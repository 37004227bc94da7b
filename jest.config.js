// Two projects: unit (pure logic, no network) and integration (a real local
// Fabric network, started by globalSetup when none is up).
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.test.json' }];

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/unit'],
      transform: { '^.+\\.ts$': tsJest },
      setupFilesAfterEnv: ['<rootDir>/test/support/esm-interop.ts'],
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/integration'],
      transform: { '^.+\\.ts$': tsJest },
      globalSetup: '<rootDir>/test/integration/global-setup.ts',
      globalTeardown: '<rootDir>/test/integration/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/esm-interop.ts', '<rootDir>/test/integration/support/timeout.ts'],
    },
    {
      // Each org on its own host (Linux network namespaces, root): its own network in its own state folder, so no
      // globalSetup of the shared local network.
      displayName: 'multihost',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/multihost'],
      transform: { '^.+\\.ts$': tsJest },
      setupFilesAfterEnv: ['<rootDir>/test/support/esm-interop.ts'],
    },
  ],
};

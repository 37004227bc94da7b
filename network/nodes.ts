// Per-node settings (environment, ports, health endpoint) derived from the
// topology. Native processes and compose services both come from here, so the
// two deployments cannot drift apart.
import { RANGE_QUERY_LIMIT } from '../chaincode/src/domain/range-query';
import { dialHost, endpointHost, listenAddress, tlsHosts } from './hosts';
import { Layout } from './layout';
import { allOrderers, allPeers, caHost, type OrgSpec, type Topology } from './topology';

export type NodeKind = 'ca' | 'orderer' | 'peer' | 'chaincode';

export interface Placement {
  kind: 'native' | 'compose';
  /** Address other nodes use to reach a node of `org` with this logical host name. */
  address(host: string, org: OrgSpec): string;
  /** Interface the org's nodes bind to. */
  listenHost(org: OrgSpec): string;
  /** Host the launcher reaches the org's nodes at (operations endpoints, CLIs). */
  dialHost(org: OrgSpec): string;
  layout: Layout;
  /** Folder holding our chaincode-as-a-service external builder. */
  builderDir: string;
}

export interface NodeSpec {
  id: string;
  kind: NodeKind;
  org: OrgSpec;
  /** Logical host name (compose service name, TLS SAN). */
  host: string;
  /** Ports the node listens on, the main one first. */
  ports: number[];
  env: Record<string, string>;
  /** Operations endpoint answering /healthz, if the node has one. */
  healthPort?: number;
  /** Host the launcher reaches its ports at. */
  dial: string;
  /** Network namespace it runs in (its org's host on this machine), if any. */
  netns?: string;
}

export const LOGGING_SPEC = 'info:orderer.common.broadcast=error:gossip=warning:comm.grpc.server=warning';

/** Environment variables the peer hands to the external builder (template values of connection.json). */
export const CCAAS_BUILDER_ENV = ['CCAAS_ADDRESS', 'CCAAS_ROOT_CERT_FILE', 'CCAAS_CLIENT_CERT_FILE', 'CCAAS_CLIENT_KEY_FILE'];

/**
 * How fast a peer gets blocks again after its host, or the orderer it pulls from, was cut off (README, "Real hosts").
 * It notices a block stream that went silent within 15 s instead of Fabric's default 80 s, and its attempts to
 * reach an orderer again are at most 5 s apart instead of growing towards an hour (1.2^n × 100 ms), so a peer whose
 * host comes back pulls the missed blocks within seconds. Orderers accept the pings (ORDERER_KEEPALIVE).
 */
export const PEER_DELIVERY_RECOVERY = {
  CORE_PEER_KEEPALIVE_DELIVERYCLIENT_INTERVAL: '10s',
  CORE_PEER_KEEPALIVE_DELIVERYCLIENT_TIMEOUT: '5s',
  CORE_PEER_DELIVERYCLIENT_RECONNECTBACKOFFTHRESHOLD: '5s',
};

/** Clients may ping twice as often as peers' block streams do (PEER_DELIVERY_RECOVERY); more is refused as too many pings. */
export const ORDERER_KEEPALIVE = { ORDERER_GENERAL_KEEPALIVE_SERVERMININTERVAL: '5s' };

export const chaincodeServerHost = (org: OrgSpec) => `chaincode.${org.domain}`;

/** Native processes: on loopback, or each org on the host the topology gives it (network/hosts.ts). */
export function nativePlacement(layout: Layout, builderDir: string): Placement {
  return { kind: 'native', address: (_host, org) => endpointHost(org), listenHost: listenAddress, dialHost, layout, builderDir };
}

export function composePlacement(builderDir = '/opt/notary/ccaas-builder'): Placement {
  return {
    kind: 'compose',
    address: (host) => host,
    listenHost: () => '0.0.0.0',
    // Each service is its own host: the org's CA stands for the org.
    dialHost: (org) => `ca.${org.domain}`,
    layout: new Layout('/var/notary'),
    builderDir,
  };
}

/** Where the launcher finds a node of `org`, and the namespace it runs in. */
const where = (org: OrgSpec, pl: Placement, host: string) =>
  pl.kind === 'native' ? { dial: pl.dialHost(org), ...(org.host?.netns ? { netns: org.host.netns } : {}) } : { dial: host };

export function caNodes(t: Topology, pl: Placement): NodeSpec[] {
  return t.orgs.map((org) => ({
    id: `${org.key}-ca`,
    kind: 'ca',
    org,
    host: caHost(org),
    ports: [org.ca.port, org.ca.operationsPort],
    healthPort: org.ca.operationsPort,
    ...where(org, pl, caHost(org)),
    env: {
      FABRIC_CA_SERVER_HOME: pl.layout.caHome(org),
      FABRIC_CA_SERVER_ADDRESS: pl.listenHost(org),
      FABRIC_CA_SERVER_PORT: String(org.ca.port),
      FABRIC_CA_SERVER_CA_NAME: `ca-${org.key}`,
      FABRIC_CA_SERVER_CSR_CN: `ca.${org.domain}`,
      FABRIC_CA_SERVER_CSR_HOSTS: tlsHosts(org, caHost(org)).join(','),
      FABRIC_CA_SERVER_TLS_ENABLED: 'true',
      FABRIC_CA_SERVER_OPERATIONS_LISTENADDRESS: `${pl.listenHost(org)}:${org.ca.operationsPort}`,
      FABRIC_CA_SERVER_METRICS_PROVIDER: 'prometheus',
    },
  }));
}

export function ordererNodes(t: Topology, pl: Placement): NodeSpec[] {
  return allOrderers(t).map(({ org, orderer, id, host }) => {
    const files = pl.layout.orderer(org, orderer);
    const caCert = pl.layout.caCert(org);
    return {
      id,
      kind: 'orderer',
      org,
      host,
      ports: [orderer.port, orderer.adminPort, orderer.operationsPort],
      healthPort: orderer.operationsPort,
      ...where(org, pl, host),
      env: {
        FABRIC_CFG_PATH: pl.layout.config('orderer'),
        FABRIC_LOGGING_SPEC: LOGGING_SPEC,
        ORDERER_GENERAL_LISTENADDRESS: pl.listenHost(org),
        ORDERER_GENERAL_LISTENPORT: String(orderer.port),
        ORDERER_GENERAL_LOCALMSPID: org.mspId,
        ORDERER_GENERAL_LOCALMSPDIR: files.msp.dir,
        ORDERER_GENERAL_BOOTSTRAPMETHOD: 'none',
        ORDERER_GENERAL_TLS_ENABLED: 'true',
        ORDERER_GENERAL_TLS_CERTIFICATE: files.tls.cert,
        ORDERER_GENERAL_TLS_PRIVATEKEY: files.tls.key,
        ORDERER_GENERAL_TLS_ROOTCAS: `[${caCert}]`,
        ORDERER_GENERAL_CLUSTER_CLIENTCERTIFICATE: files.tls.cert,
        ORDERER_GENERAL_CLUSTER_CLIENTPRIVATEKEY: files.tls.key,
        ORDERER_CHANNELPARTICIPATION_ENABLED: 'true',
        ORDERER_ADMIN_LISTENADDRESS: `${pl.listenHost(org)}:${orderer.adminPort}`,
        ORDERER_ADMIN_TLS_ENABLED: 'true',
        ORDERER_ADMIN_TLS_CERTIFICATE: files.tls.cert,
        ORDERER_ADMIN_TLS_PRIVATEKEY: files.tls.key,
        ORDERER_ADMIN_TLS_ROOTCAS: `[${caCert}]`,
        ORDERER_ADMIN_TLS_CLIENTAUTHREQUIRED: 'true',
        ORDERER_ADMIN_TLS_CLIENTROOTCAS: `[${caCert}]`,
        ORDERER_OPERATIONS_LISTENADDRESS: `${pl.listenHost(org)}:${orderer.operationsPort}`,
        ORDERER_METRICS_PROVIDER: 'prometheus',
        ORDERER_FILELEDGER_LOCATION: pl.layout.data(org, id, 'ledger'),
        ORDERER_CONSENSUS_WALDIR: pl.layout.data(org, id, 'etcdraft', 'wal'),
        ORDERER_CONSENSUS_SNAPDIR: pl.layout.data(org, id, 'etcdraft', 'snapshot'),
        ...ORDERER_KEEPALIVE,
      },
    };
  });
}

/** Where a peer serves Go's pprof when profiling is asked for: its operations port + this, on its own host. */
export const PPROF_PORT_STEP = 50;

/**
 * Go's pprof endpoint on every peer, only with NOTARY_PEER_PPROF=1 (for `npm run bench:peer-profile`; never in a
 * deployment: it serves the peer's internals without authentication).
 */
function pprofEnv(listenHost: string, operationsPort: number, env: NodeJS.ProcessEnv): Record<string, string> {
  if (env.NOTARY_PEER_PPROF !== '1') return {};
  return { CORE_PEER_PROFILE_ENABLED: 'true', CORE_PEER_PROFILE_LISTENADDRESS: `${listenHost}:${operationsPort + PPROF_PORT_STEP}` };
}

export function peerNodes(t: Topology, pl: Placement, env: NodeJS.ProcessEnv = process.env): NodeSpec[] {
  return allPeers(t).map(({ org, peer, id, host }) => {
    const files = pl.layout.peer(org, peer);
    const address = `${pl.address(host, org)}:${peer.port}`;
    const firstPeer = org.peers[0]!;
    const ccServer = `${pl.address(chaincodeServerHost(org), org)}:${org.chaincodeServerPort}`;
    return {
      id,
      kind: 'peer',
      org,
      host,
      ports: [peer.port, peer.chaincodePort, peer.operationsPort],
      healthPort: peer.operationsPort,
      ...where(org, pl, host),
      env: {
        FABRIC_CFG_PATH: pl.layout.config('peer'),
        FABRIC_LOGGING_SPEC: LOGGING_SPEC,
        CORE_PEER_ID: host,
        CORE_PEER_ADDRESS: address,
        CORE_PEER_LISTENADDRESS: `${pl.listenHost(org)}:${peer.port}`,
        CORE_PEER_CHAINCODEADDRESS: `${pl.address(host, org)}:${peer.chaincodePort}`,
        CORE_PEER_CHAINCODELISTENADDRESS: `${pl.listenHost(org)}:${peer.chaincodePort}`,
        CORE_PEER_GOSSIP_BOOTSTRAP: `${pl.address(`${firstPeer.name}.${org.domain}`, org)}:${firstPeer.port}`,
        CORE_PEER_GOSSIP_EXTERNALENDPOINT: address,
        CORE_PEER_LOCALMSPID: org.mspId,
        CORE_PEER_MSPCONFIGPATH: files.msp.dir,
        CORE_PEER_TLS_ENABLED: 'true',
        CORE_PEER_TLS_CERT_FILE: files.tls.cert,
        CORE_PEER_TLS_KEY_FILE: files.tls.key,
        CORE_PEER_TLS_ROOTCERT_FILE: files.tls.ca,
        CORE_PEER_FILESYSTEMPATH: pl.layout.data(org, id, 'ledger'),
        CORE_LEDGER_SNAPSHOTS_ROOTDIR: pl.layout.data(org, id, 'snapshots'),
        CORE_OPERATIONS_LISTENADDRESS: `${pl.listenHost(org)}:${peer.operationsPort}`,
        CORE_METRICS_PROVIDER: 'prometheus',
        // Where an unpaged range query stops: the chaincode refuses a scan that reaches it rather than answer short.
        CORE_LEDGER_STATE_TOTALQUERYLIMIT: String(RANGE_QUERY_LIMIT),
        ...PEER_DELIVERY_RECOVERY,
        ...pprofEnv(pl.listenHost(org), peer.operationsPort, env),
        CORE_CHAINCODE_EXTERNALBUILDERS: JSON.stringify([{ name: 'notary-ccaas', path: pl.builderDir, propagateEnvironment: CCAAS_BUILDER_ENV }]),
        // Values the external builder writes into connection.json: each org's
        // peers reach that org's own chaincode server over mutual TLS.
        CCAAS_ADDRESS: ccServer,
        CCAAS_ROOT_CERT_FILE: pl.layout.caCert(org),
        CCAAS_CLIENT_CERT_FILE: files.tls.cert,
        CCAAS_CLIENT_KEY_FILE: files.tls.key,
      },
    };
  });
}

/** Chaincode servers need the package ID, known only once the package exists. */
export function chaincodeNodes(t: Topology, pl: Placement, packageId: string): NodeSpec[] {
  return t.orgs.map((org) => {
    const tls = pl.layout.chaincodeServerTls(org);
    return {
      id: `${org.key}-chaincode`,
      kind: 'chaincode',
      org,
      host: chaincodeServerHost(org),
      ports: [org.chaincodeServerPort],
      ...where(org, pl, chaincodeServerHost(org)),
      env: {
        CORE_CHAINCODE_ID: packageId,
        CORE_CHAINCODE_ADDRESS: `${pl.listenHost(org)}:${org.chaincodeServerPort}`,
        CORE_CHAINCODE_TLS_CERT_FILE: tls.cert,
        CORE_CHAINCODE_TLS_KEY_FILE: tls.key,
        CORE_CHAINCODE_TLS_CLIENT_CACERT_FILE: pl.layout.caCert(org),
        CORE_PEER_LOCALMSPID: org.mspId,
      },
    };
  });
}

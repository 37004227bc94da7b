// Where each piece of crypto material and state lives, relative to a root that
// is `.fabric/` natively and a mounted folder in the containers.
import type { IdentitySpec, OrdererSpec, OrgSpec, PeerSpec } from './topology';

export interface TlsFiles {
  cert: string;
  key: string;
  ca: string;
}
export interface MspFiles {
  dir: string;
  cert: string;
  key: string;
  ca: string;
}

/** Paths joined with '/', usable both on this machine and inside a container. */
export class Layout {
  constructor(readonly root: string) {}

  private p(...parts: string[]): string {
    return [this.root, ...parts].join('/');
  }

  /**
   * The org's own folder: its CA, its nodes' and identities' keys and certificates, its nodes' ledgers. Nothing in it
   * belongs to another org, and no other org's folder holds anything of it; orgs exchange only their cards and signatures.
   */
  org(org: OrgSpec, ...rest: string[]): string {
    return this.p('orgs', org.key, ...rest);
  }

  crypto(org: OrgSpec, ...rest: string[]): string {
    return this.org(org, ...rest);
  }

  /** Fabric CA server home: ca-cert.pem (the org root) and its database. */
  caHome(org: OrgSpec): string {
    return this.crypto(org, 'ca');
  }

  /** The org's root certificate, which is also its TLS root. */
  caCert(org: OrgSpec): string {
    return this.crypto(org, 'ca', 'ca-cert.pem');
  }

  /** The org's MSP definition, as the channel configuration holds it. */
  orgMsp(org: OrgSpec): string {
    return this.crypto(org, 'msp');
  }

  private node(org: OrgSpec, kind: string, name: string): { msp: MspFiles; tls: TlsFiles } {
    const base = this.crypto(org, kind, name);
    return {
      msp: {
        dir: `${base}/msp`,
        cert: `${base}/msp/signcerts/cert.pem`,
        key: `${base}/msp/keystore/key.pem`,
        ca: `${base}/msp/cacerts/ca.pem`,
      },
      tls: { cert: `${base}/tls/cert.pem`, key: `${base}/tls/key.pem`, ca: `${base}/tls/ca.pem` },
    };
  }

  peer(org: OrgSpec, peer: PeerSpec) {
    return this.node(org, 'peers', peer.name);
  }

  orderer(org: OrgSpec, o: OrdererSpec) {
    return this.node(org, 'orderers', o.name);
  }

  user(org: OrgSpec, id: IdentitySpec | string) {
    return this.node(org, 'users', typeof id === 'string' ? id : id.name);
  }

  /** TLS identity of the org's chaincode server. */
  chaincodeServerTls(org: OrgSpec): TlsFiles {
    return this.node(org, 'chaincode', 'server').tls;
  }

  /** A node's ledgers, in its org's folder. */
  data(org: OrgSpec, nodeId: string, ...rest: string[]): string {
    return this.org(org, 'data', nodeId, ...rest);
  }

  config(...rest: string[]): string {
    return this.p('config', ...rest);
  }

  /** An org's card as the channel's creator laid it out for configtxgen (public material only). */
  cardMsp(org: OrgSpec): string {
    return this.p('channel', 'cards', org.key, 'msp');
  }

  cardOrdererTls(org: OrgSpec, ordererName: string): string {
    return this.p('channel', 'cards', org.key, 'orderers', `${ordererName}-tls.pem`);
  }

  channelBlock(channel: string): string {
    return this.p('channel', `${channel}.block`);
  }
}

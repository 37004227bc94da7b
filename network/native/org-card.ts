// Org cards on this machine: each org writes its own from its own folder
// (.fabric/orgs/<org>/card.json); the channel's creator reads only the cards
// and lays each out as the MSP folder and consenter certificates configtxgen
// reads (.fabric/channel/cards/<org>/).
import fs from 'node:fs';
import path from 'node:path';
import { nativePlacement } from '../nodes';
import { NODE_OU_CONFIG, ORG_CARD_FORMAT, parseOrgCard, type OrgCard } from '../org-card';
import { ordererHost, peerHost, type OrgSpec, type Topology } from '../topology';
import { BUILDER_DIR, layout } from './paths';

const read = (file: string) => fs.readFileSync(file, 'utf8');

/** The org's card, from its own folder: root, admin and orderer TLS certificates, its endpoints. */
export function buildOrgCard(org: OrgSpec): OrgCard {
  const pl = nativePlacement(layout, BUILDER_DIR);
  return {
    format: ORG_CARD_FORMAT,
    mspId: org.mspId,
    name: org.displayName,
    rootCert: read(layout.caCert(org)),
    tlsRootCert: read(layout.caCert(org)),
    adminCert: read(layout.user(org, 'admin').msp.cert),
    anchorPeers: org.peers.map((p) => ({ host: pl.address(peerHost(org, p), org), port: p.port })),
    orderers: org.orderer
      ? [
          {
            name: org.orderer.name,
            host: pl.address(ordererHost(org, org.orderer), org),
            port: org.orderer.port,
            tlsCert: read(layout.orderer(org, org.orderer).tls.cert),
          },
        ]
      : [],
  };
}

export const orgCardFile = (org: OrgSpec) => layout.org(org, 'card.json');

/** Writes the org's card into its folder and answers the file. */
export function writeOrgCard(org: OrgSpec): string {
  const file = orgCardFile(org);
  fs.writeFileSync(file, `${JSON.stringify(buildOrgCard(org), null, 2)}\n`);
  return file;
}

/** Lays a received card out for configtxgen: msp/{cacerts,tlscacerts,config.yaml} and each orderer's TLS certificate. */
export function materialiseCard(org: OrgSpec, card: OrgCard): void {
  if (card.mspId !== org.mspId) throw new Error(`the card of ${org.key} names ${card.mspId}, not ${org.mspId}`);
  const msp = layout.cardMsp(org);
  for (const [dir, pem] of [
    ['cacerts', card.rootCert],
    ['tlscacerts', card.tlsRootCert],
  ] as const) {
    fs.mkdirSync(path.join(msp, dir), { recursive: true });
    fs.writeFileSync(path.join(msp, dir, 'ca.pem'), pem);
  }
  fs.writeFileSync(path.join(msp, 'config.yaml'), NODE_OU_CONFIG);
  for (const o of card.orderers) {
    const file = layout.cardOrdererTls(org, o.name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, o.tlsCert);
  }
}

/** Every founding org writes its card; the creator reads them (strictly) and lays them out for the genesis block. */
export function foundingCards(t: Topology): OrgCard[] {
  return t.orgs.map((org) => {
    const card = parseOrgCard(JSON.parse(read(writeOrgCard(org))));
    materialiseCard(org, card);
    return card;
  });
}

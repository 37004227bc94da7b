// Fabric's identity rules in the verifier's MSP: chain to a root, no CA
// certificate as an identity, CRL revocation, NodeOU roles.
//
// test/fixtures/evidence/pki was made with openssl (P-256): a CA "ca.test",
// two client certificates "good" and "revoked" (OU=client) it issued, and a
// CRL of that CA revoking "revoked":
//   openssl req -new -x509 -key ca.key -subj "/O=Test/OU=Fabric/CN=ca.test" -extensions v3_ca …
//   openssl x509 -req -in good.csr -CA ca.pem -CAkey ca.key -extensions v3_leaf …
//   openssl ca -revoke revoked.pem …; openssl ca -gencrl -out crl.pem …
import { msp } from '@hyperledger/fabric-protos';
import { generateKeyPairSync, sign } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { validateIdentity, type MspInfo } from '../../../evidence/verify/msp';
import { signatureProblem } from '../../../evidence/verify/signatures';
import { parseCertificate } from '../../../evidence/verify/x509';
import { FIXTURES, loadPackage } from './support';
import { decodeBlock, decodeEnvelope } from '../../../evidence/verify/decode';

const pki = (f: string) => fs.readFileSync(path.join(FIXTURES, 'pki', f));
const serialized = (mspId: string, pem: string | Buffer) => {
  const id = new msp.SerializedIdentity();
  id.setMspid(mspId);
  id.setIdBytes(Buffer.from(pem));
  return id.serializeBinary();
};

function testMsp(overrides: Partial<MspInfo> = {}): MspInfo {
  return {
    mspId: 'TestMSP',
    roots: [parseCertificate(pki('ca.pem').toString())],
    intermediates: [],
    admins: [],
    crls: [],
    ouIdentifiers: [],
    nodeOUs: { client: { ou: 'client' }, peer: { ou: 'peer' }, admin: { ou: 'admin' }, orderer: { ou: 'orderer' } },
    hash: 'sha256',
    ...overrides,
  };
}

const validate = (info: MspInfo, pem: Buffer) => validateIdentity(serialized(info.mspId, pem), new Map([[info.mspId, info]]));

describe('identity validation', () => {
  it('accepts a certificate issued by the root, with its NodeOU role', () => {
    const v = validate(testMsp(), pki('good.pem'));
    expect(v.ok).toBe(true);
    if (v.ok) {
      expect([...v.identity.roles]).toEqual(['client']);
      expect(v.identity.chain.map((c) => c.commonName)).toEqual(['good', 'ca.test']);
    }
  });

  it('rejects a certificate revoked by a CRL of the MSP (PEM or DER)', () => {
    const crlPem = pki('crl.pem');
    const crlDer = Buffer.from(crlPem.toString().replace(/-----(BEGIN|END) X509 CRL-----|\s/g, ''), 'base64');
    for (const crl of [crlPem, crlDer]) {
      const info = testMsp({ crls: [crl] });
      expect(validate(info, pki('revoked.pem'))).toMatchObject({ ok: false, reason: expect.stringMatching(/CN=revoked.* is revoked by a CRL of TestMSP/) });
      expect(validate(info, pki('good.pem')).ok).toBe(true);
    }
  });

  it("ignores a CRL whose signature is not the issuer's", () => {
    const crl = Buffer.from(
      pki('crl.pem')
        .toString()
        .replace(/-----(BEGIN|END) X509 CRL-----|\s/g, ''),
      'base64',
    );
    crl[crl.length - 5] = crl[crl.length - 5]! ^ 1;
    expect(validate(testMsp({ crls: [crl] }), pki('revoked.pem')).ok).toBe(true);
  });

  it('rejects the CA certificate itself as an identity', () => {
    expect(validate(testMsp(), pki('ca.pem'))).toMatchObject({ ok: false, reason: expect.stringMatching(/is a CA certificate/) });
  });

  it('rejects a certificate of another CA', () => {
    const pkg = loadPackage('contract.json');
    const block = decodeBlock(Buffer.from(pkg.blocks[0]!.raw, 'base64'), 'block');
    const creator = msp.SerializedIdentity.deserializeBinary(decodeEnvelope(block.envelopes[0]!, 'tx').creator);
    const v = validate(testMsp(), Buffer.from(creator.getIdBytes_asU8()));
    expect(v).toMatchObject({ ok: false, reason: expect.stringMatching(/does not chain to TestMSP's root/) });
  });

  it('requires exactly one NodeOU when NodeOUs are enabled, and admins by OU or by the admins list', () => {
    expect(validate(testMsp({ nodeOUs: { peer: { ou: 'peer' } } }), pki('good.pem'))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/has no NodeOU/),
    });
    const admins = validate(testMsp({ admins: [parseCertificate(pki('good.pem').toString())] }), pki('good.pem'));
    expect(admins.ok && [...admins.identity.roles].sort()).toEqual(['admin', 'client']);
    const noOUs = validate(testMsp({ nodeOUs: undefined }), pki('good.pem'));
    expect(noOUs.ok && noOUs.identity.roles.size).toBe(0);
  });

  it("applies the MSP's organizational units and the OU identifiers' issuing certificate", () => {
    const ca = parseCertificate(pki('ca.pem').toString());
    expect(validate(testMsp({ ouIdentifiers: [{ ou: 'client', certifier: ca }] }), pki('good.pem')).ok).toBe(true);
    expect(validate(testMsp({ ouIdentifiers: [{ ou: 'accounting' }] }), pki('good.pem'))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/none of TestMSP's organizational units/),
    });
    const other = parseCertificate(loadCertOfFixture());
    expect(validate(testMsp({ nodeOUs: { client: { ou: 'client', certifier: other } } }), pki('good.pem'))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not issued by the certificate/),
    });
  });

  it('checks the validity period at a given time', () => {
    const info = testMsp();
    const id = serialized('TestMSP', pki('good.pem'));
    expect(validateIdentity(id, new Map([['TestMSP', info]]), Date.parse('1990-01-01T00:00:00Z'))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/is not valid at 1990/),
    });
    expect(validateIdentity(id, new Map([['TestMSP', info]]), Date.now()).ok).toBe(true);
  });
});

/** The root certificate of one of the fixture network's MSPs (PEM). */
function loadCertOfFixture(): string {
  const pkg = loadPackage('contract.json');
  const pem = Buffer.from(pkg.configBlocks[0]!.raw, 'base64')
    .toString('latin1')
    .match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----\n?/);
  return pem![0]!.endsWith('\n') ? pem![0]! : `${pem![0]}\n`;
}

describe('ECDSA signatures', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const identity = { cert: { publicKey }, msp: { hash: 'sha256' } } as unknown as Parameters<typeof signatureProblem>[0];
  const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
  const message = [Buffer.from('header'), Buffer.from('payload')];

  function lowAndHigh(): { low: Buffer; high: Buffer } {
    const der = sign('sha256', Buffer.concat(message), privateKey);
    // SEQUENCE { INTEGER r, INTEGER s }
    const rLen = der[3]!;
    const r = der.subarray(4, 4 + rLen);
    const s = BigInt(`0x${der.subarray(6 + rLen).toString('hex')}`);
    const enc = (n: bigint) => {
      let h = n.toString(16);
      if (h.length % 2) h = `0${h}`;
      let b = Buffer.from(h, 'hex');
      if (b[0]! & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
      return Buffer.concat([Buffer.from([2, b.length]), b]);
    };
    const make = (sv: bigint) => {
      const body = Buffer.concat([Buffer.from([2, r.length]), r, enc(sv)]);
      return Buffer.concat([Buffer.from([0x30, body.length]), body]);
    };
    const lowS = s > N / 2n ? N - s : s;
    return { low: make(lowS), high: make(N - lowS) };
  }

  it('accepts a low-S signature over the concatenated message and refuses its high-S twin, as Fabric does', () => {
    const { low, high } = lowAndHigh();
    expect(signatureProblem(identity, message, low)).toBe('');
    expect(signatureProblem(identity, message, high)).toMatch(/high-S/);
    expect(signatureProblem(identity, [Buffer.from('headerX'), message[1]!], low)).toBe('signature does not verify');
    expect(signatureProblem(identity, message, Buffer.concat([low, Buffer.from([0])]))).toMatch(/malformed/);
  });
});

// Our chaincode-as-a-service builder fills the package's address from the peer's
// CCAAS_ADDRESS: as it is, or N ports up for a second chaincode served beside it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const BUILD = path.join(__dirname, '..', '..', '..', 'network', 'ccaas-builder', 'bin', 'build');

function build(address: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccaas-build-'));
  try {
    for (const d of ['src', 'meta', 'out']) fs.mkdirSync(path.join(dir, d));
    fs.writeFileSync(path.join(dir, 'src', 'connection.json'), JSON.stringify({ address, dial_timeout: '10s' }));
    const pem = path.join(dir, 'x.pem');
    fs.writeFileSync(pem, '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
    const env = { ...process.env, CCAAS_ADDRESS: 'localhost:7099', CCAAS_ROOT_CERT_FILE: pem, CCAAS_CLIENT_CERT_FILE: pem, CCAAS_CLIENT_KEY_FILE: pem };
    execFileSync('sh', [BUILD, path.join(dir, 'src'), path.join(dir, 'meta'), path.join(dir, 'out')], { env, stdio: 'pipe' });
    return (JSON.parse(fs.readFileSync(path.join(dir, 'out', 'connection.json'), 'utf8')) as { address: string }).address;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('ccaas builder address templates', () => {
  it("fills {{.ccaddress}} with the peer's org server", () => expect(build('{{.ccaddress}}')).toBe('localhost:7099'));
  it('fills {{.ccaddress+N}} with the same host N ports up', () => {
    expect(build('{{.ccaddress+1}}')).toBe('localhost:7100');
    expect(build('{{.ccaddress+12}}')).toBe('localhost:7111');
  });
  it('keeps a literal address', () => expect(build('cc.example:9999')).toBe('cc.example:9999'));
  it('refuses a malformed template', () => expect(() => build('{{.ccaddress+x}}')).toThrow(/bad address template/));
});

// The domain layer must stay deterministic: same inputs on every endorsing
// peer, same outputs. Guard against imports and calls that would break that.
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';

const dir = join(__dirname, '../../../chaincode/src/domain');
const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));

describe('domain purity', () => {
  it.each(files)('%s imports only sibling domain modules and uses no clock or randomness', (file) => {
    const source = readFileSync(join(dir, file), 'utf8');
    const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    for (const spec of imports) expect(spec).toMatch(/^\.\/[a-z-]+$/);
    expect(source).not.toMatch(/require\(/);
    expect(source).not.toMatch(/Date\.now|new Date\(\)|Math\.random|process\.|setTimeout|setInterval/);
  });
});

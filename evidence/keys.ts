// Fabric composite keys as the chaincode stub builds them: U+0000, the
// object type, each attribute followed by U+0000.
import { compositeKeyArgs, type KeyParts } from '../chaincode/src/domain';

export function compositeKey(parts: KeyParts): string {
  const [objectType, attributes] = compositeKeyArgs(parts);
  return `\u0000${objectType}\u0000${attributes.map((a) => `${a}\u0000`).join('')}`;
}

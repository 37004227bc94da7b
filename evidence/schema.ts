// JSON Schema of the evidence package (evidence/format.ts), the source of
// evidence/package.schema.json and of the API's response schema.
import { Type } from 'typebox';
import { PACKAGE_FORMAT } from './format';

const Hex64 = Type.String({ pattern: '^[0-9a-f]{64}$' });
const Base64 = Type.String({ pattern: '^[A-Za-z0-9+/]*={0,2}$' });
const BlockNumber = Type.String({ pattern: '^\\d+$' });
const Block = Type.Object({ number: BlockNumber, raw: Base64 }, { additionalProperties: false, description: 'common.Block protobuf as the peers store it' });

const DefinitionBlock = Type.Object(
  { number: BlockNumber, raw: Base64, txId: Hex64 },
  { additionalProperties: false, description: 'common.Block protobuf holding the named _lifecycle transaction' },
);

export const EvidencePackageSchema = Type.Object(
  {
    format: Type.Literal(PACKAGE_FORMAT),
    kind: Type.Union([Type.Literal('contract'), Type.Literal('dispute')]),
    subject: Type.String({ minLength: 1 }),
    exportedAt: Type.String({ format: 'date-time' }),
    channel: Type.String({ minLength: 1 }),
    chaincode: Type.String({ minLength: 1 }),
    records: Type.Object({}, { additionalProperties: true, description: 'the records as the chaincode answers them, for reading' }),
    statements: Type.Array(
      Type.Object(
        {
          recordType: Type.String(),
          recordId: Type.String(),
          key: Type.String({ description: 'world-state key (Fabric composite key)' }),
          txId: Hex64,
          value: Type.Unknown({ description: 'canonical JSON of it equals the written bytes' }),
        },
        { additionalProperties: false },
      ),
    ),
    documents: Type.Array(Type.Object({ sha256: Hex64, recordType: Type.String(), recordId: Type.String(), txId: Hex64 }, { additionalProperties: false })),
    transactions: Type.Array(
      Type.Object(
        { txId: Hex64, blockNumber: BlockNumber, txIndex: Type.Integer({ minimum: 0 }), validationCode: Type.String() },
        { additionalProperties: false },
      ),
    ),
    blocks: Type.Array(Block, { description: "the blocks holding the statements' transactions, and the as-of block" }),
    configBlocks: Type.Array(Block, {
      minItems: 1,
      description:
        'the genesis block and every configuration block after it up to the as-of block, ascending; each configuration is verified under the one before it',
    }),
    asOf: Type.Object({ blockNumber: BlockNumber }, { additionalProperties: false, description: 'the package is complete as of this block (one of `blocks`)' }),
    attestations: Type.Array(
      Type.Object(
        {
          mspId: Type.String({ pattern: '^[A-Za-z0-9.-]{1,64}$' }),
          envelope: Base64,
        },
        { additionalProperties: false, description: 'common.Envelope of an endorsed, never submitted Evidence:Attest proposal, signed by a peer of mspId' },
      ),
    ),
    definitionBlock: DefinitionBlock,
    validationInfoBlock: Type.Optional(DefinitionBlock),
  },
  { additionalProperties: false, $id: 'EvidencePackage', title: `Evidence package (${PACKAGE_FORMAT})` },
);

import { dropEntriesBelowLevel } from './shim-logging';
import { ArrearsContract } from './contracts/arrears';
import { DisputesContract } from './contracts/disputes';
import { DocumentsContract } from './contracts/documents';
import { EvidenceContract } from './contracts/evidence';
import { IdempotencyContract } from './contracts/idempotency';
import { LettersContract } from './contracts/letters';
import { NotesContract } from './contracts/notes';
import { PropertyContracts } from './contracts/property-contracts';

dropEntriesBelowLevel();

export const contracts = [
  PropertyContracts,
  ArrearsContract,
  DisputesContract,
  LettersContract,
  NotesContract,
  DocumentsContract,
  EvidenceContract,
  IdempotencyContract,
];

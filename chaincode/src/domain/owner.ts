// Owners are not network members and their identity never reaches the shared
// ledger in clear (PIPL). The ledger holds a salted commitment: SHA-256 of
// ownerCommitmentDocument(owner). The clear data goes, as transient data, only
// into the court's and the housing bureau's private collection, where a
// reader can check it against the commitment.
import { canonicalJson } from './canonical-json';
import { invalidArgument } from './errors';
import { requireFields, sha256Hex } from './fields';

export interface OwnerData {
  readonly name: string;
  /** Mainland mobile number, 11 digits. */
  readonly phone: string;
  /** Resident identity card number (GB 11643), 18 characters. */
  readonly idNumber: string;
  /** 32 random bytes as hex: without it a commitment to a known person could be guessed. */
  readonly salt: string;
}

export const OWNER_COLLECTION = 'ownerPII';

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643-1999 check character of an 18-character resident ID number. */
export function isValidResidentId(value: string): boolean {
  if (!/^\d{17}[\dX]$/.test(value)) return false;
  const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(value[i]), 0);
  return ID_CHECK[sum % 11] === value[17];
}

export function validateOwnerData(input: unknown): OwnerData {
  const f = requireFields(input, ['name', 'phone', 'idNumber', 'salt'], 'owner');
  if (typeof f.name !== 'string' || f.name.trim() !== f.name || f.name.length === 0 || f.name.length > 64) {
    throw invalidArgument('owner.name', 'must be 1-64 characters without surrounding spaces');
  }
  if (typeof f.phone !== 'string' || !/^1[3-9]\d{9}$/.test(f.phone)) {
    throw invalidArgument('owner.phone', 'must be an 11-digit mainland mobile number');
  }
  if (typeof f.idNumber !== 'string' || !isValidResidentId(f.idNumber)) {
    throw invalidArgument('owner.idNumber', 'must be an 18-character resident ID number with a valid check character');
  }
  return { name: f.name, phone: f.phone, idNumber: f.idNumber, salt: sha256Hex(f.salt, 'owner.salt') };
}

/** The exact bytes whose SHA-256 is the contract's ownerCommitment. */
export function ownerCommitmentDocument(owner: OwnerData): string {
  return canonicalJson(owner);
}

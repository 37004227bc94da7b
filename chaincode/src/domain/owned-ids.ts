// Contract, dispute and project IDs are namespaced by the company that owns them: on the ledger a record is
// `<统一社会信用代码>:<id>`, so two companies may both call a contract "C-001" and neither can take, block
// or probe the other's. A company may send its short ID (the chaincode puts its own USCC in front); every
// other caller, who sees many companies' records, names them in full, as every answer spells them.
import type { Actor } from './actors';
import { DomainError, invalidArgument } from './errors';
import { identifier, IDENTIFIER } from './fields';
import { isValidUscc, USCC_CHARSET } from './uscc';

const USCC_SHAPE = `[${USCC_CHARSET}]{18}`;

/** A short ID or one qualified by its owner's USCC: the shape the API's schemas accept. */
export const OWNED_ID = new RegExp(`^(?:${USCC_SHAPE}:)?${IDENTIFIER.source.slice(1, -1)}$`);

export interface OwnedIdParts {
  /** The owning company's USCC, when the ID is qualified. */
  readonly owner: string | undefined;
  readonly local: string;
}

/** Splits an ID as a client sent it; INVALID_ARGUMENT unless it is a short ID or `<valid USCC>:<short ID>`. */
export function ownedIdParts(value: unknown, field: string): OwnedIdParts {
  if (typeof value !== 'string') throw invalidArgument(field, 'must be a string');
  const at = value.indexOf(':');
  if (at < 0) return { owner: undefined, local: identifier(value, field) };
  const owner = value.slice(0, at);
  if (!isValidUscc(owner)) throw invalidArgument(field, "must be <id> or <owning company's USCC>:<id>, with a valid USCC");
  return { owner, local: identifier(value.slice(at + 1), field) };
}

/** Shape check for requests (the API's batch check and the pages use it): either form passes. */
export function ownedIdentifier(value: unknown, field: string): string {
  ownedIdParts(value, field);
  return value as string;
}

export const qualifiedId = (owner: string, local: string): string => `${owner}:${local}`;

/** The owning company of a qualified ID; undefined for a short one (or '*', the default threshold). */
export function ownerOfId(id: string): string | undefined {
  const at = id.indexOf(':');
  return at < 0 ? undefined : id.slice(0, at);
}

/**
 * The ledger's spelling of an ID the caller sent: qualified as sent, or a company's short ID under its own
 * USCC. A caller without a company (court, bureau, lawyer) must name the owner.
 */
export function qualifyFor(actor: Pick<Actor, 'companyId'>, value: unknown, field: string): string {
  const { owner, local } = ownedIdParts(value, field);
  if (owner !== undefined) return qualifiedId(owner, local);
  if (actor.companyId) return qualifiedId(actor.companyId, local);
  throw invalidArgument(field, "must name the owning company: <owning company's USCC>:<id>");
}

/** For a record a company creates: the ID in its own namespace; another company's namespace is refused. */
export function ownIdFor(actor: Pick<Actor, 'companyId'>, value: unknown, field: string): string {
  const id = qualifyFor(actor, value, field);
  if (ownerOfId(id) !== actor.companyId) {
    throw new DomainError('FORBIDDEN', `${field} is in another company's namespace`, { field });
  }
  return id;
}

/** A contract registration in the caller's own namespace: its contract and project IDs as the ledger spells them. */
export function ownRegistration<T extends { readonly contractId: string; readonly projectId: string }>(actor: Pick<Actor, 'companyId'>, input: T): T {
  return { ...input, contractId: ownIdFor(actor, input.contractId, 'contractId'), projectId: ownIdFor(actor, input.projectId, 'projectId') };
}

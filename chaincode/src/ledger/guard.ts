// Every transaction's errors leave the chaincode as "[CODE] message {details}"
// (domain/error-wire.ts), which the gateway maps to HTTP statuses.
import { isDomainError, serializeDomainError } from '../domain';

export async function guarded<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (e) {
    if (isDomainError(e)) throw new Error(serializeDomainError(e));
    throw e;
  }
}

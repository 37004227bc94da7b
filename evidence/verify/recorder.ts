// Collects checks as they run. A check that throws is recorded as failed with
// the reason, so one unreadable part never hides the rest of the report.
import { CHECK_TITLES } from './titles';
import { CHECK_IDS, type Check, type CheckId } from './types';

export interface Where {
  txId?: string;
  blockNumber?: string;
}

export class Recorder {
  private readonly list: Check[] = [];

  add(id: CheckId, ok: boolean, detail: string, where: Where = {}): boolean {
    const check: Check = { id, title: CHECK_TITLES[id], ok, detail };
    if (where.blockNumber !== undefined) check.blockNumber = where.blockNumber;
    if (where.txId !== undefined) check.txId = where.txId;
    this.list.push(check);
    return ok;
  }

  pass(id: CheckId, detail: string, where?: Where): true {
    this.add(id, true, detail, where);
    return true;
  }

  fail(id: CheckId, detail: string, where?: Where): false {
    this.add(id, false, detail, where);
    return false;
  }

  hasFailed(id: CheckId): boolean {
    return this.list.some((c) => c.id === id && !c.ok);
  }

  /** Runs `fn`; an exception becomes a failed check of kind `id`. Returns fn's value, or undefined after a failure. */
  guard<T>(id: CheckId, where: Where, fn: () => T): T | undefined {
    try {
      return fn();
    } catch (e) {
      this.fail(id, `cannot be checked: ${(e as Error).message}`, where);
      return undefined;
    }
  }

  /** The checks in the order of their kinds (CHECK_IDS), and in the order they ran within a kind. */
  checks(): Check[] {
    const rank = new Map(CHECK_IDS.map((id, i) => [id, i]));
    return this.list
      .map((c, i) => ({ c, i }))
      .sort((a, b) => rank.get(a.c.id)! - rank.get(b.c.id)! || a.i - b.i)
      .map(({ c }) => c);
  }
}

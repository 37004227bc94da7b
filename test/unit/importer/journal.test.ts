// The journal: a header line, then one line per answered call; a torn or
// unreadable last line is dropped (and cut off before appending), anything
// else out of place is refused.
import { headerDifferences, JOURNAL_FORMAT, journalLine, parseJournal, type ChunkDone, type JournalHeader } from '../../../importer/journal';

const header: JournalHeader = {
  journal: JOURNAL_FORMAT,
  kind: 'contracts',
  fileSha256: 'f'.repeat(64),
  chunkSize: 500,
  rows: 1100,
  chunks: 3,
  clientId: 'housingbureau-company1',
  mspId: 'HousingBureauMSP',
};
const entry = (chunk: number, count = chunk === 2 ? 100 : 500): ChunkDone => ({
  chunk,
  firstRow: chunk * 500 + 1,
  count,
  transactions: [{ txId: `tx${chunk}`, blockNumber: String(10 + chunk), count }],
});
const whole = journalLine(header) + journalLine(entry(0)) + journalLine(entry(1));

describe('parseJournal', () => {
  it('reads the header and every answered call', () => {
    const j = parseJournal(whole)!;
    expect(j.header).toEqual(header);
    expect([...j.done.keys()]).toEqual([0, 1]);
    expect(j.done.get(1)).toEqual(entry(1));
    expect([j.keepBytes, j.dropped]).toEqual([Buffer.byteLength(whole), false]);
  });

  it('drops a torn last line (no line break) and keeps the bytes before it', () => {
    const torn = `${whole}{"chunk":2,"firstRow":1001,"cou`;
    const j = parseJournal(torn)!;
    expect([...j.done.keys()]).toEqual([0, 1]);
    expect([j.keepBytes, j.dropped]).toEqual([Buffer.byteLength(whole), true]);
    // What is kept and appended to reads as a whole journal.
    const resumed = parseJournal(Buffer.from(torn).subarray(0, j.keepBytes).toString() + journalLine(entry(2)))!;
    expect([...resumed.done.keys()]).toEqual([0, 1, 2]);
  });

  it('drops an unreadable last line even with its line break (bytes of a crash)', () => {
    const j = parseJournal(`${whole}\u0000\u0000\u0000\n`)!;
    expect([j.done.size, j.dropped, j.keepBytes]).toEqual([2, true, Buffer.byteLength(whole)]);
  });

  it('counts bytes, not characters, for the cut', () => {
    const h = { ...header, clientId: '公司一' };
    const text = journalLine(h) + journalLine(entry(0));
    expect(parseJournal(`${text}{"ch`)!.keepBytes).toBe(Buffer.byteLength(text));
  });

  it('no journal yet: empty, or the header itself torn', () => {
    expect(parseJournal('')).toBeUndefined();
    expect(parseJournal(journalLine(header).slice(0, 40))).toBeUndefined();
  });

  it('refuses a damaged line before the last, a line of another plan, and two answers of one call that differ', () => {
    expect(() => parseJournal(`${journalLine(header)}garbage\n${journalLine(entry(1))}`)).toThrow('journal line 2');
    expect(() => parseJournal(journalLine(header) + journalLine({ ...entry(1), firstRow: 2 }) + journalLine(entry(0)))).toThrow('journal line 2');
    expect(() => parseJournal(journalLine(header) + journalLine(entry(5, 500)) + journalLine(entry(0)))).toThrow('journal line 2');
    const other = { ...entry(0), transactions: [{ txId: 'other', blockNumber: '9', count: 500 }] };
    expect(() => parseJournal(journalLine(header) + journalLine(entry(0)) + journalLine(other))).toThrow('other transactions');
    expect(() => parseJournal(`{"some":"file"}\n${journalLine(entry(0))}`)).toThrow('header');
  });

  it('an entry whose transactions do not cover its rows is not an answer: the last such line is dropped', () => {
    const short = { ...entry(1), transactions: [{ txId: 't', blockNumber: '1', count: 499 }] };
    expect(parseJournal(journalLine(header) + journalLine(entry(0)) + journalLine(short))!.done.size).toBe(1);
  });

  it('keeps the IDs the ledger answered, when the API named them', () => {
    const ids = Array.from({ length: 100 }, (_, i) => `91110105MA01XQ7T3B:HT-${i}`);
    const j = parseJournal(journalLine(header) + journalLine({ ...entry(2), ids }))!;
    expect(j.done.get(2)!.ids).toEqual(ids);
  });
});

describe('headerDifferences', () => {
  it('none for the same import; each differing field named otherwise', () => {
    expect(headerDifferences(header, { ...header })).toEqual([]);
    expect(headerDifferences(header, { ...header, fileSha256: 'a'.repeat(64), clientId: 'housingbureau-company2' })).toEqual([
      `fileSha256: the journal has ${'f'.repeat(64)}, this run ${'a'.repeat(64)}`,
      'clientId: the journal has housingbureau-company1, this run housingbureau-company2',
    ]);
  });
});

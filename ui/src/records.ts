// The shapes of the /v1 answers the screens draw from (the fields they use).

/** GET /v1/disputes/{id}/letters: each letter with its receipts, in the ledger's order. */
export interface LetterWithReceipts {
  letter: { letterId: string; channel: string; contentSha256: string; sentAt: string; lawFirmMspId: string; txId: string };
  receipts: { receiptId: string; kind: string; evidenceSha256: string; eventTime: string; txId: string }[];
}

/** Every SHA-256 a dispute's letters and receipts anchored. */
export const letterDocuments = (letters: readonly LetterWithReceipts[]): string[] =>
  letters.flatMap((l) => [l.letter.contentSha256, ...l.receipts.map((r) => r.evidenceSha256)]);

/** "DELIVERED 2026-…; VIEWED …", or '' when there is none. */
export const receiptSummary = (l: LetterWithReceipts): string => l.receipts.map((r) => `${r.kind} ${r.eventTime}`).join('; ');

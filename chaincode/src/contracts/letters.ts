// Electronic lawyer letters (电子律师函): the firm retained for the dispute anchors
// the letter, then its delivered and viewed receipts, in that order and only while
// it is still retained. Only that firm's lawyers (and the company, court, bureau) read them.
import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import { NotaryContract } from '../ledger/endorsed-time';
import {
  actorRef,
  authorize,
  checkEventTime,
  DomainError,
  identifier,
  letterKey,
  letterRecordId,
  lettersOfDisputePrefix,
  parseJsonObject,
  receiptKey,
  receiptsOfLetterPrefix,
  transition,
  validateLetter,
  validateReceipt,
  type MspId,
} from '../domain';
import { EVENTS } from '../events';
import { actorOf, txTime } from '../ledger/context';
import { guarded } from '../ledger/guard';
import { anchorDocument, answer, emit, saveDispute } from '../ledger/records';
import { reachableDispute } from '../ledger/reach';
import { exists, listJson, mustGet, putJson } from '../ledger/state';

export interface LetterRecord {
  letterId: string;
  disputeId: string;
  contentSha256: string;
  channel: string;
  recipientCommitment: string;
  /** When the firm's system sent it (within the tolerance of anchoredAt). */
  sentAt: string;
  anchoredAt: string;
  lawFirmMspId: MspId;
  by: ReturnType<typeof actorRef>;
  txId: string;
}

export interface ReceiptRecord {
  receiptId: string;
  letterId: string;
  disputeId: string;
  kind: 'DELIVERED' | 'VIEWED';
  evidenceSha256: string;
  eventTime: string;
  anchoredAt: string;
  by: ReturnType<typeof actorRef>;
  txId: string;
}

@Info({ title: 'Letters', description: 'Lawyer letters and their delivery receipts' })
export class LettersContract extends NotaryContract {
  constructor() {
    super('Letters');
  }

  @Transaction()
  @Returns('string')
  async Send(ctx: Context, request: string): Promise<string> {
    return guarded(async () => {
      const actor = actorOf(ctx);
      const at = txTime(ctx);
      authorize(actor, 'sendLetter');
      const sent = validateLetter(parseJsonObject(request));
      const sentAt = checkEventTime(sent.eventTime, at);
      const current = await reachableDispute(ctx, actor, sent.disputeId);
      const input = { ...sent, disputeId: current.disputeId };
      if (await exists(ctx, letterKey(input.disputeId, input.letterId))) {
        throw new DomainError('ALREADY_EXISTS', `letter ${input.letterId} already anchored`, { letterId: input.letterId });
      }
      const { dispute, record } = transition(current, 'sendLetter', actor, at, [input.contentSha256]);
      const { eventTime: _claimed, ...fields } = input;
      const letter: LetterRecord = {
        ...fields,
        sentAt,
        anchoredAt: at,
        lawFirmMspId: actor.mspId,
        by: actorRef(actor),
        txId: ctx.stub.getTxID(),
      };
      await putJson(ctx, letterKey(input.disputeId, input.letterId), letter);
      await saveDispute(ctx, current, dispute, record, actor);
      await anchorDocument(ctx, input.contentSha256, 'letter', letterRecordId(input.disputeId, input.letterId), actor, at);
      emit(ctx, EVENTS.letterReceiptAnchored, { disputeId: input.disputeId, letterId: input.letterId, kind: 'SENT', at: sentAt, stage: dispute.stage });
      return answer(ctx, { letter, dispute, transition: record });
    });
  }

  @Transaction()
  @Returns('string')
  async Receipt(ctx: Context, request: string): Promise<string> {
    return guarded(async () => {
      const actor = actorOf(ctx);
      const at = txTime(ctx);
      const received = validateReceipt(parseJsonObject(request));
      const action = received.kind === 'DELIVERED' ? 'recordDelivery' : 'recordViewed';
      authorize(actor, action);
      const eventTime = checkEventTime(received.eventTime, at);
      const current = await reachableDispute(ctx, actor, received.disputeId);
      const input = { ...received, disputeId: current.disputeId };
      const letter = await mustGet<LetterRecord>(ctx, letterKey(input.disputeId, input.letterId), `letter ${input.letterId}`);
      const key = receiptKey(input.disputeId, input.letterId, input.receiptId);
      if (await exists(ctx, key)) {
        throw new DomainError('ALREADY_EXISTS', `receipt ${input.receiptId} already anchored`, { receiptId: input.receiptId });
      }
      const { dispute, record } = transition(current, action, actor, at, [input.evidenceSha256], { letter: { lawFirmMspId: letter.lawFirmMspId } });
      const receipt: ReceiptRecord = { ...input, eventTime, anchoredAt: at, by: actorRef(actor), txId: ctx.stub.getTxID() };
      await putJson(ctx, key, receipt);
      await saveDispute(ctx, current, dispute, record, actor);
      emit(ctx, EVENTS.letterReceiptAnchored, { disputeId: input.disputeId, letterId: input.letterId, kind: input.kind, at: eventTime, stage: dispute.stage });
      return answer(ctx, { receipt, dispute, transition: record });
    });
  }

  @Transaction(false)
  @Returns('string')
  async Get(ctx: Context, disputeId: string, letterId: string): Promise<string> {
    return guarded(async () => {
      const actor = actorOf(ctx);
      authorize(actor, 'readLetter');
      const dispute = await reachableDispute(ctx, actor, disputeId);
      const letter = await mustGet<LetterRecord>(ctx, letterKey(dispute.disputeId, identifier(letterId, 'letterId')), `letter ${letterId}`);
      const receipts = await listJson<ReceiptRecord>(ctx, receiptsOfLetterPrefix(dispute.disputeId, letter.letterId));
      return answer(ctx, { letter, receipts });
    });
  }

  /** Every letter of a dispute with its receipts, in key order. */
  @Transaction(false)
  @Returns('string')
  async ListByDispute(ctx: Context, disputeId: string): Promise<string> {
    return guarded(async () => {
      const actor = actorOf(ctx);
      authorize(actor, 'readLetter');
      const dispute = await reachableDispute(ctx, actor, disputeId);
      const letters = [];
      for (const letter of await listJson<LetterRecord>(ctx, lettersOfDisputePrefix(dispute.disputeId))) {
        letters.push({ letter, receipts: await listJson<ReceiptRecord>(ctx, receiptsOfLetterPrefix(dispute.disputeId, letter.letterId)) });
      }
      return answer(ctx, { disputeId: dispute.disputeId, letters });
    });
  }
}

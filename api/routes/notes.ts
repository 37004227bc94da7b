// Clear texts of notes, descriptions and reasons, read back from the
// court/bureau private collection by the commitment a record carries.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { MAX_NOTE_LENGTH } from '../../chaincode/src/domain';
import { checkText } from '../free-text';
import { created } from '../reply';
import { IdempotencyHeaders, read, Sha256, written } from '../schemas/common';

const NoteParams = Type.Object({ commitment: Sha256 });

export default async function noteRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/notes/:commitment',
    {
      schema: {
        tags: ['notes'],
        summary: "A note's clear text, by the commitment its record holds (court, bureau, and the company that wrote it)",
        description:
          'Records hold a code and a salted commitment (reasonCommitment, noteCommitment, descriptionCommitment, terminationReasonCommitment); ' +
          'the text is kept only by the court and the housing bureau. SHA-256 of the canonical JSON {salt, text} equals the commitment.',
        params: NoteParams,
        response: read(Type.Object({ commitment: Type.String(), text: Type.String(), salt: Type.String() })),
      },
    },
    async (req) => {
      const { commitment, text, salt } = await req.notary.getNote(req.params.commitment);
      return { commitment, text, salt };
    },
  );

  app.put(
    '/notes/:commitment',
    {
      schema: {
        tags: ['notes'],
        summary: 'Deposit a note again, after a write answered that its text was not deposited (details.notesNotDeposited gives the salt)',
        description:
          'Sent as transient data into the court/bureau collection; refused unless SHA-256 of the canonical JSON {salt, text} is the commitment. ' +
          'A note already deposited is left as it is.',
        params: NoteParams,
        headers: IdempotencyHeaders,
        body: Type.Object({ text: Type.String({ minLength: 1, maxLength: MAX_NOTE_LENGTH }), salt: Sha256 }, { additionalProperties: false }),
        response: written(Type.Object({ commitment: Type.String(), collection: Type.String() })),
      },
    },
    async (req, reply) => {
      const { commitment } = req.params;
      const out = await req.notary.resendNote({ commitment, note: { text: checkText(req.body.text, 'text'), salt: req.body.salt } });
      return created(reply, out, { commitment, collection: out.result.collection });
    },
  );
}

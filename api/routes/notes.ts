// Clear texts of notes, descriptions and reasons, read back from the
// court/bureau private collection by the commitment a record carries.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { read, Sha256 } from '../schemas/common';

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
        params: Type.Object({ commitment: Sha256 }),
        response: read(Type.Object({ commitment: Type.String(), text: Type.String(), salt: Type.String() })),
      },
    },
    async (req) => {
      const { commitment, text, salt } = await req.notary.getNote(req.params.commitment);
      return { commitment, text, salt };
    },
  );
}

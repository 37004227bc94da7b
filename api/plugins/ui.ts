// The screens under /ui/ (court, housing bureau, property company, law firm):
// a small HTML shell per page, rendered here, and the front end built by
// `npm run build` (ui/build.ts → ui/dist) as static files. The pages read
// everything through /v1 with the caller's own API key; this plugin serves
// files only and needs no key.
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import fs from 'node:fs';
import path from 'node:path';

/** Where `npm run build` puts the bundle (ui/build.ts). */
export const UI_DIST = path.resolve(__dirname, '..', '..', 'ui', 'dist');
const PAGES = ['court', 'bureau', 'company', 'lawfirm'] as const;

/** Scripts and styles from this origin only; the API key in sessionStorage is worth keeping from injected scripts. */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // Chart.js sizes its canvas through style attributes.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const shell = (page: string) => `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>物业纠纷存证平台</title>
<link rel="stylesheet" href="/ui/assets/ui.css">
<script type="module" src="/ui/assets/main.js"></script>
</head>
<body data-page="${page}">
<noscript>This page needs JavaScript. 此页面需要启用 JavaScript。</noscript>
</body>
</html>
`;

function sendShell(reply: FastifyReply, page: string) {
  return reply.header('content-security-policy', CSP).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(shell(page));
}

async function uiPlugin(app: FastifyInstance): Promise<void> {
  if (!fs.existsSync(path.join(UI_DIST, 'main.js'))) app.log.warn({ dir: UI_DIST }, 'the screens under /ui/ are not built: run `npm run build`');
  await app.register(fastifyStatic, { root: UI_DIST, prefix: '/ui/assets/', decorateReply: false, index: false, schemaHide: true });
  const hidden = { schema: { hide: true } };
  app.get('/ui', hidden, (_req, reply) => reply.redirect('/ui/'));
  app.get('/ui/', hidden, (_req, reply) => sendShell(reply, ''));
  app.get<{ Params: { page: string } }>('/ui/:page', hidden, (req, reply) => {
    if (!(PAGES as readonly string[]).includes(req.params.page)) return reply.callNotFound();
    return sendShell(reply, req.params.page);
  });
}

export default fp(uiPlugin, { name: 'notary-ui', fastify: '5.x' });

// GET /v1/me: the client a key belongs to, for the screens' role check; no
// key or an unknown key is 401 and says nothing about anyone.
import { testApp, type TestApp } from './support';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

describe('GET /v1/me', () => {
  it('answers the client, its organisation and role', async () => {
    const r = await t.as('mediator1').get('/v1/me');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ clientId: 'mediator1', mspId: 'CourtMSP', role: 'mediator' });
    expect((await t.as('lawyerA').get('/v1/me')).body).toEqual({ clientId: 'lawyerA', mspId: 'LawFirmAMSP', role: 'lawyer' });
  });

  it.each([
    ['no key', {}],
    ['an unknown key', { authorization: 'Bearer nk_test_nobody' }],
  ])('is 401 with %s, naming no client', async (_name, headers) => {
    const r = await t.request('GET', '/v1/me', { headers });
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('UNAUTHENTICATED');
    expect(JSON.stringify(r.body)).not.toMatch(/mediator1|CourtMSP|role/);
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await t.request('GET', '/docs/json')).body;
    expect(Object.keys(doc.paths['/v1/me'].get.responses)).toEqual(expect.arrayContaining(['200', '401']));
  });
});

describe('/ui/ pages', () => {
  it.each(['court', 'bureau', 'company', 'lawfirm'])('/ui/%s is an HTML shell with a strict script policy', async (page) => {
    const r = await t.request('GET', `/ui/${page}`);
    expect(r.status).toBe(200);
    expect(String(r.headers['content-type'])).toMatch(/^text\/html/);
    expect(r.body).toContain(`data-page="${page}"`);
    expect(String(r.headers['content-security-policy'])).toContain("script-src 'self'");
  });

  it('an unknown page is 404 and the pages stay out of the API document', async () => {
    expect((await t.request('GET', '/ui/admin')).status).toBe(404);
    const doc = (await t.request('GET', '/docs/json')).body;
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/ui'))).toEqual([]);
  });
});

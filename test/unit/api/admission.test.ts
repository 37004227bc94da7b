import { Admission, Overloaded, retryAfterSeconds } from '../../../api/admission';
import { contract, testApp, type TestApp } from './support';

describe('Admission', () => {
  it('admits up to maxInFlight, queues up to maxQueue, refuses beyond, and hands turns on in order', async () => {
    const gate = new Admission({ maxInFlight: 1, maxItemsInFlight: 2_000, maxQueue: 1, maxWaitMs: 10_000 });
    const first = await gate.acquire();
    const order: string[] = [];
    const second = gate.acquire().then((release) => {
      order.push('second');
      return release;
    });
    await expect(gate.acquire()).rejects.toBeInstanceOf(Overloaded);
    expect(gate.state).toEqual({ inFlight: 1, queued: 1, itemsInFlight: 1 });
    first();
    first(); // a second release of the same turn changes nothing
    (await second)();
    expect(order).toEqual(['second']);
    expect(gate.state).toEqual({ inFlight: 0, queued: 0, itemsInFlight: 0 });
  });

  it('refuses a waiter whose turn does not come within maxWaitMs, and forgets it', async () => {
    const gate = new Admission({ maxInFlight: 1, maxItemsInFlight: 2_000, maxQueue: 4, maxWaitMs: 50 });
    const held = await gate.acquire();
    const refused = await gate.acquire().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Overloaded);
    expect((refused as Overloaded).message).toMatch(/no turn to write within 50 ms/);
    expect(gate.state).toEqual({ inFlight: 1, queued: 0, itemsInFlight: 1 });
    held();
  });

  it('weighs a request by the items of its transaction: batches share the item budget, single writes are not held to it', async () => {
    const gate = new Admission({ maxInFlight: 10, maxItemsInFlight: 1_000, maxQueue: 10, maxWaitMs: 10_000 });
    const a = await gate.acquire(500);
    const b = await gate.acquire(500);
    expect(gate.state).toEqual({ inFlight: 2, queued: 0, itemsInFlight: 1_000 });
    let single: (() => void) | undefined;
    const waiting = gate.acquire(1).then((release) => (single = release));
    await Promise.resolve();
    expect(single).toBeUndefined();
    a();
    await waiting;
    expect(gate.state).toEqual({ inFlight: 2, queued: 0, itemsInFlight: 501 });
    b();
    single!();
    // Eight single writes at once: all admitted.
    const singles = await Promise.all(Array.from({ length: 8 }, () => gate.acquire(1)));
    expect(gate.state).toEqual({ inFlight: 8, queued: 0, itemsInFlight: 8 });
    singles.forEach((release) => release());
  });

  it('hands turns on in order: a waiting batch is not overtaken by single writes that would fit', async () => {
    const gate = new Admission({ maxInFlight: 10, maxItemsInFlight: 1_000, maxQueue: 10, maxWaitMs: 10_000 });
    const held = await gate.acquire(600);
    const order: string[] = [];
    const batch = gate.acquire(500).then((r) => (order.push('batch'), r));
    const single = gate.acquire(1).then((r) => (order.push('single'), r));
    await Promise.resolve();
    expect(gate.state).toMatchObject({ inFlight: 1, queued: 2 });
    held();
    (await batch)();
    (await single)();
    expect(order).toEqual(['batch', 'single']);
  });

  it('counts requests too, and a request larger than the item budget runs alone', async () => {
    const gate = new Admission({ maxInFlight: 2, maxItemsInFlight: 1_000, maxQueue: 0, maxWaitMs: 10_000 });
    const one = await gate.acquire(1);
    const two = await gate.acquire(1);
    await expect(gate.acquire(1)).rejects.toBeInstanceOf(Overloaded);
    one();
    two();
    const huge = await gate.acquire(5_000);
    expect(gate.state).toEqual({ inFlight: 1, queued: 0, itemsInFlight: 1_000 });
    await expect(gate.acquire(1)).rejects.toBeInstanceOf(Overloaded);
    huge();
  });

  it('estimates Retry-After from the rounds of turns ahead and the recent pace, within 1 to 60 s', () => {
    expect(retryAfterSeconds(0.5, 100)).toBe(1);
    expect(retryAfterSeconds(2, 3000)).toBe(6);
    expect(retryAfterSeconds(1000, 30_000)).toBe(60);
  });
});

describe('write admission through the API', () => {
  let t: TestApp;
  afterEach(() => t.close());

  it('answers 503 OVERLOADED with Retry-After when the queue is full, before writing anything; reads are not held', async () => {
    t = await testApp({ WRITE_MAX_IN_FLIGHT: '1', WRITE_MAX_QUEUE: '0' });
    let open!: () => void;
    const held = new Promise<void>((resolve) => (open = resolve));
    t.ledger.on('Contracts', 'Register', async () => {
      await held;
      return { contract: {} };
    });
    t.ledger.on('Disputes', 'Funnel', () => ({ projectId: '*', funnel: {} }));
    const first = t.as('company1').post('/v1/contracts', contract(1));
    await new Promise((r) => setTimeout(r, 50));
    const refused = await t.as('company1').post('/v1/contracts', contract(2));
    expect(refused.status).toBe(503);
    expect(refused.body.error).toMatchObject({ code: 'OVERLOADED', details: { inFlight: 1, queued: 0 } });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(t.ledger.callsOf('Contracts', 'Register')).toHaveLength(1);
    expect((await t.as('company1').get('/v1/funnel')).status).toBe(200);
    open();
    expect((await first).status).toBe(201);
    // The turn is back: the next write goes through.
    expect((await t.as('company1').post('/v1/contracts', contract(3))).status).toBe(201);
    expect(t.ledger.callsOf('Contracts', 'Register')).toHaveLength(2);
  });

  it('a batch of 500 holds the item budget: a single write then waits, and 503s with the queue full; without it, many single writes run at once', async () => {
    t = await testApp({ WRITE_MAX_ITEMS_IN_FLIGHT: '500', WRITE_MAX_QUEUE: '0' });
    let open!: () => void;
    const held = new Promise<void>((resolve) => (open = resolve));
    t.ledger.on('Contracts', 'RegisterBatch', async () => {
      await held;
      return { count: 500, contractIds: [] };
    });
    t.ledger.on('Contracts', 'Register', async () => {
      await held;
      return { contract: {} };
    });
    const batch = t.as('company1').post('/v1/contracts/batch', { items: Array.from({ length: 500 }, (_, i) => contract(`B${i}`)) });
    await new Promise((r) => setTimeout(r, 100));
    const refused = await t.as('company1').post('/v1/contracts', contract('S'));
    expect(refused.status).toBe(503);
    expect(t.ledger.callsOf('Contracts', 'Register')).toHaveLength(0);
    open();
    expect((await batch).status).toBe(201);
    // The budget is back; 20 single writes at once all reach the ledger together.
    let openSingles!: () => void;
    const heldSingles = new Promise<void>((resolve) => (openSingles = resolve));
    t.ledger.on('Contracts', 'Register', async () => {
      await heldSingles;
      return { contract: {} };
    });
    const singles = Array.from({ length: 20 }, (_, i) => t.as('company1').post('/v1/contracts', contract(`S${i}`)));
    for (let i = 0; i < 50 && t.ledger.callsOf('Contracts', 'Register').length < 20; i++) await new Promise((r) => setTimeout(r, 20));
    expect(t.ledger.callsOf('Contracts', 'Register')).toHaveLength(20);
    openSingles();
    expect((await Promise.all(singles)).map((r) => r.status)).toEqual(singles.map(() => 201));
  });
});

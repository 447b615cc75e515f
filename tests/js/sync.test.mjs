// The sync client in Node against the scripted server (tests/js/support/sync-server.mjs):
// dropped connections, 500s, timeouts, 429, restarts in a child process with a file store,
// backoff under a fake clock with seeded jitter, stale-while-revalidate, an injected engine.
// Cases that run in every realm are in tests/js/cases/client.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pk, distEntry, root } from './load-dist.mjs';
import { startSyncServer, APP_KEY } from './support/sync-server.mjs';
import { serverControl } from './cases/server-control.mjs';

const mod = await import(distEntry);
const sample = JSON.parse(readFileSync(join(root, 'tests/data/catalog-sample.json'), 'utf8'));
const offers = { 'o-1': {}, 'o-2': {}, 'o-3': {}, 'fashion-20': {}, 'order-30': { perCustomer: 1 } };
let server;
let ctl;
let n = 0;
const dirs = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'promokit-sync-'));
  dirs.push(d);
  return d;
};

before(async () => {
  server = await startSyncServer();
  ctl = serverControl(server.url, APP_KEY);
});
after(async () => {
  await server.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function fresh(faults = []) {
  await ctl.reset();
  await ctl.setup({ catalog: sample, offers });
  if (faults.length) await ctl.script(faults);
}

const newClient = (extra = {}) =>
  pk.createClient({ baseUrl: server.url, appKey: APP_KEY, customerId: `node-${++n}`, autoSync: false, syncProfile: false, ...extra });

// A network whose requests never get an answer (until cancelled).
const unreachable = {
  request: ({ signal }) => new Promise((resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))),
};

// A clock the test moves by hand: timers fire only inside advance().
function fakeClock(start = 1_760_000_000_000) {
  let now = start;
  let timers = [];
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const t = { at: now + ms, fn };
      timers.push(t);
      return t;
    },
    clearTimeout(t) {
      timers = timers.filter((x) => x !== t);
    },
    advance(ms) {
      now += ms;
      const due = timers.filter((t) => t.at <= now);
      timers = timers.filter((t) => t.at > now);
      for (const t of due) t.fn();
    },
    pending: () => timers.length,
  };
}

// mulberry32: a small seeded generator, so jitter is reproducible.
function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('dropped connections before and after the commit, 500s and timeouts: every claim lands exactly once', async () => {
  await fresh([
    { path: '/v1/claims', action: 'drop-before' },
    { path: '/v1/claims', action: 'drop-after' },
    { path: '/v1/claims', action: 'status', status: 500 },
    { path: '/v1/claims', action: 'hang' },
    { path: '/v1/claims', action: 'drop-after' },
  ]);
  const client = newClient({ timeoutMs: 300 });
  const made = [];
  for (const offerId of ['o-1', 'o-2', 'o-3']) made.push(await client.claim(offerId));
  for (let i = 0; i < 8 && client.pending().length; i++) await client.flush();
  assert.deepEqual(client.pending(), []);
  const state = await ctl.state();
  assert.equal(state.faultsLeft, 0, 'not every fault was exercised');
  assert.deepEqual(state.claims.map((c) => c.offerId).sort(), ['o-1', 'o-2', 'o-3']);
  assert.deepEqual(client.wallet().map((w) => [w.id, w.status]), made.map((m) => [m.id, 'confirmed']));
  // Each retry reused its idempotency key; the server answered the repeats from its record.
  const keys = state.log.filter((l) => l.path === '/v1/claims').map((l) => l.key);
  assert.ok(keys.length >= 8);
  assert.deepEqual([...new Set(keys)].sort(), made.map((m) => m.id).sort());
  await client.close();
});

test('backoff: exponential with seeded equal jitter under a fake clock; no retry before its time', async () => {
  await fresh([1, 2, 3].map(() => ({ path: '/v1/claims', action: 'status', status: 500 })));
  const clock = fakeClock();
  const random = seeded(42);
  const expect = seeded(42);
  const client = newClient({ clock, random, retryBaseMs: 1000, retryMaxMs: 3000 });
  const retries = [];
  client.on('retry', (r) => retries.push(r));
  await client.claim('o-1');
  await client.idle();
  for (let attempt = 1; attempt <= 3; attempt++) {
    const step = Math.min(3000, 1000 * 2 ** (attempt - 1));
    const delay = Math.round(step / 2 + expect() * (step / 2));
    const [p] = client.pending();
    assert.equal(p.attempts, attempt);
    assert.equal(p.nextAttemptAt - clock.now(), delay, `delay of attempt ${attempt}`);
    assert.ok(delay >= step / 2 && delay <= step);
    clock.advance(delay - 1);
    await client.idle();
    assert.equal((await ctl.state()).log.length, attempt, 'retried before its time');
    clock.advance(1);
    await new Promise((r) => setTimeout(r, 20));
    await client.idle();
  }
  assert.deepEqual(client.pending(), []);
  assert.equal(client.wallet()[0].status, 'confirmed');
  assert.deepEqual(retries.map((r) => r.attempts), [1, 2, 3]);
  assert.equal(random(), expect(), 'the client drew jitter other than once per retry');
  await client.close();
});

test('403: a refused app key is retried, a refused claim (PK_OFFER_NOT_ELIGIBLE) is settled with its reason', async () => {
  await fresh([
    { path: '/v1/claims', action: 'status', status: 403, code: 'PK_AUTH_INVALID' },
    { path: '/v1/claims', action: 'status', status: 403, code: 'PK_OFFER_NOT_ELIGIBLE' },
  ]);
  const client = newClient();
  await client.claim('o-1');
  await client.idle();
  assert.equal(client.pending().length, 1);
  await client.flush();
  assert.deepEqual(client.pending(), []);
  assert.deepEqual(client.wallet().map((w) => [w.status, w.reason, w.httpStatus]), [['rejected', 'PK_OFFER_NOT_ELIGIBLE', 403]]);
  await client.close();
});

test('429 Retry-After is honoured, 401 keeps the operation and reports the error', async () => {
  await fresh([{ path: '/v1/claims', action: 'status', status: 429, headers: { 'retry-after': '30' } }]);
  const clock = fakeClock();
  const client = newClient({ clock, random: () => 0 });
  await client.claim('o-1');
  await client.idle();
  assert.equal(client.pending()[0].nextAttemptAt - clock.now(), 30000);
  await client.close();

  await fresh();
  const errors = [];
  const wrong = newClient({ appKey: 'not-the-key', clock: fakeClock() });
  wrong.on('error', (e) => errors.push(e));
  await wrong.claim('o-1');
  await wrong.idle();
  assert.equal(wrong.pending().length, 1);
  assert.equal(errors[0].code, 'PK_HTTP_STATUS');
  assert.equal(errors[0].status, 401);
  await wrong.close();
});

function runChild(args, { killWhen } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'tests/js/support/sync-child.mjs'), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => {
      const firstLine = !out;
      out += d;
      if (killWhen && firstLine) {
        const poll = setInterval(async () => {
          if (await killWhen()) {
            clearInterval(poll);
            child.kill('SIGKILL');
          }
        }, 20);
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, out }));
  });
}

async function ticketFor(customerId) {
  const res = await fetch(`${server.url}/v1/tickets`, {
    method: 'POST',
    headers: { 'x-app-key': APP_KEY, 'content-type': 'application/json' },
    body: JSON.stringify({ poolId: 'wheel-1', customerId, count: 1 }),
  });
  return (await res.json()).tickets[0];
}

async function resumeAndCheck(dir, customerId) {
  const client = pk.createClient({ baseUrl: server.url, appKey: APP_KEY, customerId, storage: mod.createFileStorage(dir), autoSync: false, syncProfile: false });
  await client.ready;
  const kinds = client.pending().map((p) => p.kind);
  assert.ok(kinds.filter((k) => k === 'claim').length === 3 && kinds.includes('draw'), `resumed queue: ${kinds}`);
  await client.flush();
  assert.deepEqual(client.pending(), []);
  const state = await ctl.state();
  assert.deepEqual(state.claims.map((c) => c.offerId).sort(), ['o-1', 'o-2', 'o-3']);
  assert.deepEqual(state.events.map((e) => e.id).sort(), [0, 1, 2, 3, 4].map((i) => `${customerId}-e${i}`));
  assert.equal(state.draws.length, 1);
  assert.deepEqual(client.wallet().map((w) => w.status), ['confirmed', 'confirmed', 'confirmed']);
  assert.equal(client.draws()[0].status, 'confirmed');
  await client.close();
  return state;
}

test('restart: a process that queued and exited before sending; the next start sends everything once', async () => {
  await fresh();
  const dir = tempDir();
  const customerId = `child-${++n}`;
  const ticket = await ticketFor(customerId);
  const r = await runChild([distEntry, server.url, APP_KEY, dir, customerId, 'offline', JSON.stringify(ticket)]);
  assert.equal(r.code, 0);
  assert.match(r.out, /queued 9/);
  assert.equal((await ctl.state()).claims.length, 0);
  await resumeAndCheck(dir, customerId);
});

test('restart: a process killed while the server held its committed claim; the resend is answered from the record', async () => {
  await fresh([{ path: '/v1/claims', action: 'delay', ms: 60000 }]);
  const dir = tempDir();
  const customerId = `child-${++n}`;
  const ticket = await ticketFor(customerId);
  const r = await runChild([distEntry, server.url, APP_KEY, dir, customerId, 'online', JSON.stringify(ticket)], {
    killWhen: async () => (await ctl.state()).claims.length === 1,
  });
  assert.equal(r.signal, 'SIGKILL');
  const state = await resumeAndCheck(dir, customerId);
  const first = state.log.find((l) => l.path === '/v1/claims').key;
  assert.equal(state.log.filter((l) => l.key === first).length, 2, 'the interrupted claim was not resent with its key');
});

test('a crash between recording an answer and removing the operation does not resend it', async () => {
  await fresh();
  const storage = mod.createMemoryStorage();
  const customerId = `crash-${++n}`;
  const a = newClient({ customerId, storage, network: unreachable });
  await a.claim('o-1');
  const [opKey] = await storage.keys(`pk/${customerId}/op/`);
  const op = await storage.get(opKey);
  await a.close();
  const b = newClient({ customerId, storage });
  await b.flush();
  assert.equal(b.wallet()[0].status, 'confirmed');
  await b.close();
  await storage.set(opKey, op); // as if the process died right after writing the record
  const c = newClient({ customerId, storage });
  await c.ready;
  assert.deepEqual(c.pending(), []);
  assert.deepEqual(await storage.keys(`pk/${customerId}/op/`), []);
  assert.equal((await ctl.state()).claims.length, 1);
  await c.close();
});

test('redemptions and draws: confirmed, or rejected with the server’s reason', async () => {
  await fresh();
  const client = newClient();
  await client.claim('o-1');
  await client.flush();
  const { token } = client.wallet()[0].result;
  await client.redeem(token, { store: 's1' });
  await client.redeem(token, { store: 's2' });
  await client.redeem('forged', {});
  await client.flush();
  assert.deepEqual(client.redemptions().map((r) => [r.status, r.reason]), [['confirmed', null], ['rejected', 'ALREADY_REDEEMED'], ['rejected', 'TOKEN_INVALID']]);

  const tickets = await client.requestTickets('wheel-1', 2);
  assert.equal(tickets.length, 2);
  assert.equal((await client.tickets('wheel-1')).length, 2);
  const outcome = { prizeId: 'p-none', index: 1 };
  const d = await client.draw('wheel-1', { outcome });
  assert.equal(d.request.ticket.ticketId, tickets[0].ticketId);
  assert.equal((await client.tickets('wheel-1')).length, 1);
  await client.draw('wheel-1', { ticket: tickets[0], outcome }); // the same ticket again
  await client.flush();
  assert.deepEqual(client.draws().map((x) => [x.status, x.reason]), [['confirmed', null], ['rejected', 'TICKET_SPENT']]);
  // Draws at the same moment never take the same stored ticket.
  await client.requestTickets('wheel-1', 3);
  const both = await Promise.all([client.draw('wheel-1', { outcome }), client.draw('wheel-1', { outcome })]);
  assert.notEqual(both[0].request.ticket.ticketId, both[1].request.ticket.ticketId);
  assert.equal((await client.tickets('wheel-1')).length, 2);
  await assert.rejects(client.draw('wheel-1'), (e) => e.code === 'PK_UNSUPPORTED');
  await assert.rejects(client.draw('other-pool', { outcome }), (e) => e.code === 'PK_INVALID_ARGUMENT');
  await assert.rejects(client.claim(''), (e) => e.code === 'PK_INVALID_ARGUMENT');
  await assert.rejects(client.track({}), (e) => e.code === 'PK_INVALID_ARGUMENT');
  await client.close();
  await assert.rejects(client.claim('o-1'), (e) => e.code === 'PK_DISPOSED');
});

test('stale-while-revalidate: the cached catalog is served at once, the newer one replaces it in the background', async () => {
  await fresh();
  const storage = mod.createMemoryStorage();
  const customerId = `swr-${++n}`;
  const first = newClient({ customerId, storage });
  await first.sync();
  await first.close();
  const v4 = { ...sample, version: sample.version + 1, offers: sample.offers.map((o) => ({ ...o, boost: 1 })) };
  await ctl.setup({ catalog: v4 });
  const second = newClient({ customerId, storage, autoSync: true });
  const updated = new Promise((resolve) => second.on('catalog', resolve));
  await second.ready;
  assert.equal(second.catalogVersion, sample.version);
  assert.equal(second.catalogSource, 'network');
  assert.equal((await updated).version, v4.version);
  assert.deepEqual(second.catalog, v4);
  await second.close();
});

test('catalog snapshots: a restart starts the engine from the stored snapshot, with the same offers and state', async () => {
  await fresh();
  const dir = tempDir();
  const customerId = `snap-${++n}`;
  const first = newClient({ customerId, storage: mod.createFileStorage(dir) });
  await first.sync();
  assert.equal(first.engineFrom, 'snapshot', 'a catalog from the network makes its engine from its snapshot');
  const eligible = first.engine.offers().map((o) => o.id);
  await first.claim('order-30');
  await first.close();
  const storage = mod.createFileStorage(dir);
  const entry = await storage.get(`pk/${customerId}/catalog`);
  const bytes = await storage.getBytes(`pk/${customerId}/catalog.snapshot`);
  assert.match(entry.snapshot, /^[0-9a-f-]{36}$/);
  assert.equal(String.fromCharCode(...bytes.subarray(0, 36)), entry.snapshot, 'the bytes carry the entry\'s stamp');
  assert.equal(String.fromCharCode(...bytes.subarray(36, 40)), 'PKT1');
  const second = newClient({ customerId, storage });
  await second.ready;
  assert.equal(second.engineFrom, 'snapshot');
  assert.deepEqual(second.engine.offers().map((o) => o.id), eligible);
  assert.deepEqual(second.catalog, sample);
  assert.deepEqual(second.wallet().map((w) => w.request.offerId), ['order-30'], 'the queued claim came back');
  assert.deepEqual(second.engine.wallet().map((w) => w.offerId), ['order-30'], 'the engine state came back into the engine from the snapshot');
  await second.flush();
  assert.equal(second.wallet()[0].status, 'confirmed');
  await second.close();
});

test('catalog snapshots: bytes of another catalog, damaged or of another format are never used; a new snapshot is made from the JSON and kept', async () => {
  await fresh();
  const storage = mod.createMemoryStorage();
  const customerId = `snap-${++n}`;
  const key = `pk/${customerId}/catalog.snapshot`;
  const first = newClient({ customerId, storage });
  await first.sync();
  await first.close();
  const good = await storage.getBytes(key);
  const stampOf = async () => (await storage.get(`pk/${customerId}/catalog`)).snapshot;
  const cases = [
    ['bytes from another catalog (a crash between the two writes)', () => {
      const b = new Uint8Array(good);
      b[0] = b[0] === 0x61 ? 0x62 : 0x61; // another stamp
      return b;
    }],
    ['damaged bytes under the right stamp', () => {
      const b = new Uint8Array(good);
      b.fill(0xff, 200, 260);
      return b;
    }],
    ['a snapshot format this build does not read', () => {
      const b = new Uint8Array(good);
      b[36 + 4] = 9; // format version 9
      return b;
    }],
    ['no bytes at all', () => null],
  ];
  for (const [name, damage] of cases) {
    const before = await stampOf();
    const bad = damage();
    if (bad) await storage.setBytes(key, bad);
    else await storage.deleteBytes(key);
    const errors = [];
    const client = newClient({ customerId, storage });
    client.on('error', (e) => errors.push(e));
    await client.ready;
    assert.equal(client.engineFrom, 'snapshot', `${name}: the engine comes from a new snapshot of the JSON`);
    assert.deepEqual(client.catalog, sample, name);
    assert.ok(client.engine.offers().length > 0, name);
    assert.deepEqual(errors, [], `${name}: a cache miss is not an error`);
    const after = await stampOf();
    assert.notEqual(after, before, `${name}: a new snapshot was kept`);
    const kept = await storage.getBytes(key);
    assert.equal(String.fromCharCode(...kept.subarray(0, 36)), after, name);
    await client.close();
    const again = newClient({ customerId, storage });
    await again.ready;
    assert.equal(again.engineFrom, 'snapshot', `${name}: the next start uses the new snapshot`);
    await again.close();
  }
});

test('catalog snapshots: a stored catalog the core refuses fails the start as it does without snapshots', async () => {
  await fresh();
  const outcomes = [];
  for (const extra of [{}, { snapshot: false }]) {
    const storage = mod.createMemoryStorage();
    const customerId = `snap-${++n}`;
    const bad = { version: 3, offers: [{ id: 'x', reward: { type: 'percent', percent: 150 } }] };
    await storage.set(`pk/${customerId}/catalog`, { version: 3, etag: null, catalog: bad, fetchedAt: 0, source: 'network' });
    const client = newClient({ customerId, storage, ...extra });
    const err = await client.ready.then(() => null, (e) => e);
    outcomes.push(err && { code: err.code, path: err.path });
    assert.equal(await storage.getBytes(`pk/${customerId}/catalog.snapshot`), undefined, 'no snapshot of a refused catalog');
    await client.close().catch(() => {});
  }
  assert.deepEqual(outcomes[0], { code: 'PK_SCHEMA_RANGE', path: 'offers[0].reward.percent' });
  assert.deepEqual(outcomes[1], outcomes[0]);
});

test('catalog snapshots: off with { snapshot: false }, with an app\'s createEngine, and where the storage keeps no bytes', async () => {
  await fresh();
  const web = new Map();
  const local = mod.createLocalStorage({ storage: { getItem: (k) => (web.has(k) ? web.get(k) : null), setItem: (k, v) => web.set(k, String(v)), removeItem: (k) => web.delete(k), key: (i) => [...web.keys()][i] ?? null, get length() { return web.size; } } });
  const variants = [
    ['snapshot: false', { snapshot: false, storage: mod.createMemoryStorage() }],
    ['an app\'s createEngine', { createEngine: (c, o) => pk.createEngine(c, o), storage: mod.createMemoryStorage() }],
    ['localStorage', { storage: local }],
  ];
  for (const [name, extra] of variants) {
    const customerId = `snap-${++n}`;
    const client = newClient({ customerId, ...extra });
    await client.sync();
    assert.equal(client.engineFrom, 'catalog', name);
    const entry = await extra.storage.get(`pk/${customerId}/catalog`);
    assert.equal(entry.snapshot, undefined, name);
    if (extra.storage.getBytes) assert.equal(await extra.storage.getBytes(`pk/${customerId}/catalog.snapshot`), undefined, name);
    await client.close();
  }
});

test('a catalog the core rejects is not used; the previous one stays', async () => {
  // With snapshots the client reads the catalog into its snapshot without validating it first;
  // without, it validates it: the same error either way.
  const messages = [];
  for (const extra of [{}, { snapshot: false }]) {
    await fresh();
    const client = newClient(extra);
    await client.sync();
    await ctl.setup({ catalog: { version: 99, offers: [{ id: 'bad', reward: { type: 'percent', percent: 150 } }] } });
    const r = await client.sync();
    assert.equal(r.catalog, 'error');
    assert.equal(r.errors[0].code, 'PK_SCHEMA_RANGE');
    assert.equal(r.errors[0].number, 202);
    assert.equal(r.errors[0].path, 'offers[0].reward.percent');
    messages.push(r.errors[0].message);
    assert.equal(client.catalogVersion, sample.version);
    assert.equal(client.engine.offers().length > 0, true, 'the previous catalog\'s engine stays');
    await client.close();
  }
  assert.equal(messages[0], 'catalog from the server: offers[0].reward.percent: must be 0 < p <= 100');
  assert.equal(messages[1], messages[0]);
});

test('events: a batch goes out by time as well as by size', async () => {
  await fresh();
  const clock = fakeClock();
  const client = newClient({ clock, batchSize: 100, flushIntervalMs: 5000 });
  await client.track({ type: 'view', offerId: 'o-1' });
  await client.track({ type: 'click', offerId: 'o-1' });
  clock.advance(4999);
  await client.idle();
  assert.equal((await ctl.state()).events.length, 0);
  clock.advance(1);
  await new Promise((r) => setTimeout(r, 20));
  await client.idle();
  const state = await ctl.state();
  assert.equal(state.events.length, 2);
  assert.equal(state.events[0].time, clock.now() - 5000, 'the event time comes from the injected clock');
  await client.close();
});

test('an injected engine: used for local checks, rebuilt on a new catalog with its state, persisted across starts', async () => {
  await fresh();
  const made = [];
  const createEngine = (catalog) => {
    const engine = {
      catalog,
      state: { claims: [], events: 0 },
      disposed: false,
      claim(offerId) {
        if (!catalog.offers.some((o) => o.id === offerId)) throw Object.assign(new Error('no such offer'), { code: 'PK_OFFER_NOT_FOUND' });
        engine.state.claims.push(offerId);
      },
      track: () => engine.state.events++,
      setProfile: (p) => (engine.profile = p),
      exportState: () => JSON.parse(JSON.stringify(engine.state)),
      importState: (s) => (engine.state = s),
      dispose: () => (engine.disposed = true),
    };
    made.push(engine);
    return engine;
  };
  const storage = mod.createMemoryStorage();
  const customerId = `engine-${++n}`;
  const client = newClient({ customerId, storage, createEngine, bootstrapCatalog: sample, syncProfile: true });
  await client.ready;
  assert.equal(made.length, 1);
  await assert.rejects(client.claim('o-1'), (e) => e.code === 'PK_OFFER_NOT_FOUND');
  assert.deepEqual(client.pending(), [], 'a claim the engine refused was queued');
  await client.claim('fashion-20');
  await client.track({ type: 'view' });
  await ctl.setup({ catalog: { ...sample, version: sample.version + 1 } });
  await client.sync();
  assert.equal(made.length, 2);
  assert.ok(made[0].disposed);
  assert.deepEqual(client.engine.state, { claims: ['fashion-20'], events: 1 });
  assert.deepEqual(client.engine.profile, { id: customerId });
  await client.close();
  assert.ok(made[1].disposed);
  const again = newClient({ customerId, storage, createEngine });
  await again.ready;
  assert.deepEqual(again.engine.state, { claims: ['fashion-20'], events: 1 });
  await again.close();
});

test('an engine that refuses a catalog keeps the previous one; unreadable saved state starts afresh; an app’s own engine is left alone', async () => {
  await fresh();
  const storage = mod.createMemoryStorage();
  const customerId = `engine-${++n}`;
  let refuse = false;
  const made = [];
  const createEngine = (catalog) => {
    if (refuse) throw Object.assign(new Error('cannot take this catalog'), { code: 'PK_UNSUPPORTED' });
    const engine = {
      catalog,
      importState(s) {
        if (s === 'garbage') throw Object.assign(new Error('bad state'), { code: 'PK_STATE_INVALID' });
      },
      exportState: () => 'garbage',
      dispose: () => (engine.disposed = true),
    };
    made.push(engine);
    return engine;
  };
  const errors = [];
  const client = newClient({ customerId, storage, createEngine });
  client.on('error', (e) => errors.push(e.code));
  await client.sync();
  assert.equal(made.length, 1);
  await client.track({ type: 'view' }); // saves 'garbage' as the engine state
  refuse = true;
  await ctl.setup({ catalog: { ...sample, version: sample.version + 1 } });
  const r = await client.sync();
  assert.equal(r.catalog, 'error');
  assert.equal(client.catalogVersion, sample.version);
  assert.equal(client.engine, made[0]);
  assert.ok(!made[0].disposed);
  await client.close();

  refuse = false;
  const again = newClient({ customerId, storage, createEngine });
  again.on('error', (e) => errors.push(e.code));
  await again.ready;
  assert.equal(again.engine, made[1], 'no engine after unreadable saved state');
  assert.ok(errors.includes('PK_STATE_INVALID'));
  await again.close();

  const own = { track() {}, dispose: () => (own.disposed = true) };
  const third = newClient({ customerId, storage, createEngine, engine: own });
  await third.sync();
  assert.equal(third.engine, own);
  await third.close();
  assert.ok(!own.disposed);
  assert.equal(made.length, 2);
});

// ---- the engine's wallet follows the server -------------------------------------------------

// The sample catalog plus an offer that costs points.
const withPoints = { ...sample, offers: [...sample.offers, { id: 'vip', reward: { type: 'fixed', amount: 1000, target: 'order' }, pointsCost: 100, requiresClaim: true }] };

async function freshWithPoints(customerId, faults = []) {
  await ctl.reset();
  await ctl.setup({ catalog: withPoints, offers: { ...offers, vip: {}, gift: {} }, profiles: { [customerId]: { id: customerId, points: 500 } } });
  if (faults.length) await ctl.script(faults);
}

// The scripted server's catalog wallet is { claimId, offerId, status } only; the thin server's
// (docs/server-api.md) carries each claim's token and says "claimed" or "redeemed". This network
// rewrites the answer into that shape from the scripted server's state.
function thinServerWallet() {
  const net = mod.createFetchNetwork();
  return {
    async request(req) {
      const res = await net.request(req);
      if (req.method !== 'GET' || !req.url.includes('/v1/catalog') || res.status !== 200) return res;
      const customer = new URL(req.url).searchParams.get('customer');
      const { claims, redemptions } = await ctl.state();
      const wallet = claims
        .filter((c) => c.customerId === customer)
        .map((c) => {
          const r = redemptions.find((x) => x.token === c.token);
          return { claimId: c.claimId, offerId: c.offerId, token: c.token, status: r ? 'redeemed' : 'claimed', ...(r ? { store: r.store } : {}) };
        });
      return { ...res, body: { ...res.body, wallet } };
    },
  };
}

const engineEntry = (client, claimId) => client.engine.wallet().find((w) => w.claimId === claimId);
const confirmations = (entry) => entry.history.filter((h) => h.status === 'active').length;

test('engine wallet: a confirmed claim makes the engine entry active with the server’s token', async () => {
  const customerId = `ew-${++n}`;
  await freshWithPoints(customerId);
  const client = newClient({ customerId, bootstrapCatalog: withPoints });
  await client.ready;
  const settled = [];
  // Listeners hear of a settle after the engine has taken it.
  client.on('settled', (s) => settled.push(engineEntry(client, client.wallet().find((r) => r.id === s.id).engineClaimId).status));
  const record = await client.claim('order-30');
  assert.match(record.engineClaimId, /^c-/);
  assert.equal(engineEntry(client, record.engineClaimId).status, 'pending');
  const [sent] = (await ctl.state()).log.filter((l) => l.path === '/v1/claims');
  assert.ok(sent, 'the claim was not sent');
  await client.flush();
  const [w] = client.wallet();
  assert.equal(w.status, 'confirmed');
  const entry = engineEntry(client, record.engineClaimId);
  assert.equal(entry.status, 'active');
  assert.equal(entry.token, w.result.token);
  assert.deepEqual(settled, ['active']);
  // The link is local: the server got { offerId, customerId } only.
  const [stored] = (await ctl.state()).claims;
  assert.deepEqual(Object.keys(stored).sort(), ['claimId', 'customerId', 'offerId', 'status', 'token']);
  // A repeat while the engine holds the claim is not linked again (its answer must not touch it).
  const again = await client.claim('order-30');
  assert.equal(again.engineClaimId, undefined);
  await client.flush();
  assert.equal(client.wallet()[1].status, 'rejected');
  assert.equal(engineEntry(client, record.engineClaimId).status, 'active');
  await client.close();
});

test('engine wallet: a refused claim (409 PK_LIMIT_REACHED) is rejected in the engine with that reason, and its points come back', async () => {
  const customerId = `ew-${++n}`;
  await freshWithPoints(customerId, [{ path: '/v1/claims', action: 'status', status: 409, code: 'PK_LIMIT_REACHED' }]);
  const storage = mod.createMemoryStorage();
  const client = newClient({ customerId, storage, bootstrapCatalog: withPoints, network: unreachable });
  await client.ready;
  client.engine.setProfile({ id: customerId, points: 500 });
  const record = await client.claim('vip');
  assert.equal(client.engine.points(), 400);
  await client.close();
  // The answer comes after a restart: the link survived in storage.
  const next = newClient({ customerId, storage, bootstrapCatalog: withPoints });
  await next.ready;
  assert.equal(next.engine.points(), 400);
  await next.flush();
  const [w] = next.wallet();
  assert.deepEqual([w.status, w.reason, w.httpStatus], ['rejected', 'PK_LIMIT_REACHED', 409]);
  const entry = engineEntry(next, record.engineClaimId);
  assert.equal(entry.status, 'rejected');
  assert.equal(entry.reason, 'PK_LIMIT_REACHED');
  assert.equal(next.engine.points(), 500);
  assert.equal(next.engine.ledger().at(-1).reason, 'claim_refund');
  await next.close();
  // Persisted: a third start sees the rejection and the refund, once.
  const third = newClient({ customerId, storage, bootstrapCatalog: withPoints });
  await third.ready;
  assert.equal(engineEntry(third, record.engineClaimId).status, 'rejected');
  assert.equal(third.engine.points(), 500);
  assert.equal(third.engine.ledger().filter((l) => l.reason === 'claim_refund').length, 1);
  await third.close();
});

test('engine wallet: a restart between the server’s answer and the settle still confirms exactly once', async () => {
  const customerId = `ew-${++n}`;
  // The server commits the claim, the answer is lost; the app stops before it resends.
  await freshWithPoints(customerId, [{ path: '/v1/claims', action: 'drop-after' }]);
  const storage = mod.createMemoryStorage();
  const a = newClient({ customerId, storage, bootstrapCatalog: withPoints });
  await a.ready;
  const record = await a.claim('order-30');
  await a.idle();
  assert.equal(a.pending().length, 1);
  assert.equal((await ctl.state()).claims.length, 1);
  const engineKey = `pk/${customerId}/engine`;
  const before = await storage.get(engineKey); // the engine with its claim pending
  const [opKey] = await storage.keys(`pk/${customerId}/op/`);
  const op = await storage.get(opKey);
  await a.close();

  // The next start resends with the same key; the server answers from its record.
  const errors = [];
  const b = newClient({ customerId, storage, bootstrapCatalog: withPoints });
  b.on('error', (e) => errors.push(e));
  await b.flush();
  assert.equal((await ctl.state()).claims.length, 1);
  let entry = engineEntry(b, record.engineClaimId);
  assert.equal(entry.status, 'active');
  assert.equal(confirmations(entry), 1);
  await b.close();

  // As if that start died after recording the answer, before the operation and the engine
  // state were written: the next start applies the record to the old engine state, once.
  await storage.set(opKey, op);
  await storage.set(engineKey, before);
  const c = newClient({ customerId, storage, bootstrapCatalog: withPoints });
  c.on('error', (e) => errors.push(e));
  await c.ready;
  assert.deepEqual(c.pending(), []);
  entry = engineEntry(c, record.engineClaimId);
  assert.equal(entry.status, 'active');
  assert.equal(entry.token, c.wallet()[0].result.token);
  assert.equal(confirmations(entry), 1);
  await c.flush();
  await c.close();
  // And once more on a state that already has it: nothing changes, nothing is thrown.
  await storage.set(opKey, op);
  const d = newClient({ customerId, storage, bootstrapCatalog: withPoints });
  d.on('error', (e) => errors.push(e));
  await d.ready;
  assert.equal(confirmations(engineEntry(d, record.engineClaimId)), 1);
  await d.close();
  assert.deepEqual(errors, []);
  assert.equal((await ctl.state()).claims.length, 1);
});

test('engine wallet: a catalog whose wallet says redeemed marks the engine entry used', async () => {
  const customerId = `ew-${++n}`;
  await freshWithPoints(customerId);
  const storage = mod.createMemoryStorage();
  const client = newClient({ customerId, storage, bootstrapCatalog: withPoints, network: thinServerWallet() });
  await client.ready;
  const record = await client.claim('order-30');
  await client.flush();
  const { token } = client.wallet()[0].result;
  // A till redeems the token (not this client).
  const res = await fetch(`${server.url}/v1/redemptions`, {
    method: 'POST',
    headers: { 'x-app-key': APP_KEY, 'content-type': 'application/json' },
    body: JSON.stringify({ token, store: 's-7' }),
  });
  assert.equal(res.status, 201);
  assert.equal(engineEntry(client, record.engineClaimId).status, 'active');
  const seen = [];
  client.on('catalog', () => seen.push(engineEntry(client, record.engineClaimId).status)); // updated before the event
  await client.sync();
  assert.deepEqual(client.serverWallet.map((s) => s.status), ['redeemed']);
  const entry = engineEntry(client, record.engineClaimId);
  assert.equal(entry.status, 'used');
  assert.equal(entry.history.at(-1).note, 's-7');
  assert.deepEqual(seen, ['used']);
  await client.close();
  // Persisted; the same wallet again (at the next start, and with a newer catalog) changes nothing.
  await ctl.setup({ catalog: { ...withPoints, version: withPoints.version + 1 } });
  const again = newClient({ customerId, storage, network: thinServerWallet() });
  await again.ready;
  assert.equal(engineEntry(again, record.engineClaimId).status, 'used');
  assert.equal((await again.sync()).catalog, 'delta');
  const used = engineEntry(again, record.engineClaimId).history.filter((h) => h.status === 'used');
  assert.equal(used.length, 1);
  await again.close();
});

test('engine wallet: a claim made on another device is taken into the engine with its token, unless it cost points', async () => {
  const customerId = `ew-${++n}`;
  await freshWithPoints(customerId);
  const other = newClient({ customerId, storage: mod.createMemoryStorage(), bootstrapCatalog: withPoints });
  await other.ready;
  other.engine.setProfile({ id: customerId, points: 500 });
  await other.claim('gift');
  await other.claim('vip'); // 100 points, debited by the server: taking it in would debit them again
  await other.flush();
  const [gift, vip] = other.wallet().map((w) => w.result.token);
  await other.close();

  const storage = mod.createMemoryStorage();
  const client = newClient({ customerId, storage, bootstrapCatalog: withPoints, network: thinServerWallet() });
  await client.ready;
  client.engine.setProfile({ id: customerId, points: 400 });
  assert.deepEqual(client.engine.wallet(), []);
  await client.sync();
  const entries = client.engine.wallet();
  assert.deepEqual(entries.map((w) => [w.offerId, w.status, w.token]), [['gift', 'active', gift]]);
  assert.ok(!entries.some((w) => w.token === vip));
  assert.equal(client.engine.points(), 400);
  // It prices like any claim of this device.
  const cart = { currency: 'CNY', lines: [{ id: 'l1', sku: 'TEE-1', unitPrice: 5000, quantity: 1 }] };
  const priced = client.engine.priceCart(cart, { claims: [entries[0].claimId] });
  assert.deepEqual(priced.gifts.map((g) => [g.offerId, g.sku]), [['gift', 'GIFT-TOTE']]);
  await client.close();
  // Taken in once: the next start and the next catalog find it by its token.
  await ctl.setup({ catalog: { ...withPoints, version: withPoints.version + 1 } });
  const again = newClient({ customerId, storage, network: thinServerWallet() });
  await again.sync();
  assert.deepEqual(again.engine.wallet().map((w) => w.offerId), ['gift']);
  await again.close();
});

test('engine wallet: an offer prize a draw won is taken in from the draw’s answer', async () => {
  const customerId = `ew-${++n}`;
  await freshWithPoints(customerId);
  const net = mod.createFetchNetwork();
  const prize = { claimId: 'c-won-1', offerId: 'gift', token: 'TOKWON1', expiry: Date.now() + 864e5 };
  // The scripted server answers a draw with { granted, prize }; the thin server adds the claim.
  const network = {
    async request(req) {
      const res = await net.request(req);
      if (!req.url.endsWith('/v1/draws') || res.status !== 200) return res;
      return { ...res, body: { ...res.body, claim: prize } };
    },
  };
  const client = newClient({ customerId, bootstrapCatalog: withPoints, network });
  await client.ready;
  await client.requestTickets('wheel-1', 2);
  await client.draw('wheel-1', { outcome: { prizeId: 'p-gift', index: 0 } });
  await client.flush();
  assert.deepEqual(client.engine.wallet().map((w) => [w.offerId, w.status, w.token]), [['gift', 'active', prize.token]]);
  // The same prize again (a replayed answer) is not taken twice.
  const [ticket] = await client.tickets('wheel-1');
  await client.draw('wheel-1', { ticket, outcome: { prizeId: 'p-gift', index: 0 } });
  await client.flush();
  assert.equal(client.engine.wallet().length, 1);
  await client.close();
});

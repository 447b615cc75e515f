// Games through the built package: the cross-build draw vectors (the C++ suite checks the same
// file natively and in wasm), pk.verifyDraw rejecting each kind of tampering with its own code,
// ticket order and single use, challenges, the admin preview, state round trips, and
// engine.draw / engine.challenges when the package has an engine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pk, PromokitError, root, loadPromokit } from './load-dist.mjs';

const vectors = JSON.parse(readFileSync(join(root, 'tests/data/games/draw-vectors.json'), 'utf8'));
const signingKey = pk.tokens.generateKey(Uint8Array.from(Buffer.from(vectors.signingSeed, 'hex')));
const verifyKey = pk.tokens.verifyKeyFor(signingKey);
const catalog = vectors.catalog;
const gold = vectors.cases[0].profile;
const NOW = 1760000000000;

function codeOf(fn) {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof PromokitError, `not a PromokitError: ${err}`);
    return err.code;
  }
  return 'PK_OK';
}

const ticket = (poolId, poolVersion, start, customerId = 'u1') =>
  pk.tickets.issue({ poolId, poolVersion, customerId, start, count: 1, expiry: 1800000000000 }, signingKey)[0];
const poolOf = (id) => catalog.prizePools.find((p) => p.id === id);

test('games: the cross-build vectors give the same tickets and outcomes in wasm', () => {
  assert.equal(vectors.drawVersion, 1);
  assert.ok(vectors.cases.length >= 8);
  for (const c of vectors.cases) {
    const [t] = pk.tickets.issue(c.request, signingKey);
    assert.deepEqual(t, c.ticket, c.name);
    // Every outcome is recomputed, including the stock view the case drew with.
    const v = pk.verifyDraw(t, poolOf(c.request.poolId), c.profile, c.outcome, verifyKey, { catalog });
    assert.equal(v.drawn, c.outcome.drawn, c.name);
    if (!c.unavailable) {
      const s = pk.games.createSession(catalog, { now: c.now, profile: c.profile });
      assert.deepEqual(s.draw(c.request.poolId, t), c.outcome, c.name);
      s.dispose();
    }
  }
});

test('games: pk.verifyDraw rejects each kind of tampering with its own code', () => {
  const t = ticket('wheel-1', 3, 9);
  const s = pk.games.createSession(catalog, { now: NOW, profile: gold });
  const o = s.draw('wheel-1', t);
  s.dispose();
  const pool = poolOf('wheel-1');
  const verify = (tk, pl, pr, out, key) => codeOf(() => pk.verifyDraw(tk, pl, pr, out, key, { catalog }));
  assert.equal(verify(t, pool, gold, o, verifyKey), 'PK_OK');
  // The server's stock decides: its drawn prize is gone, so it grants the substitute.
  const result = pk.verifyDraw(t, pool, gold, o, verifyKey, { unavailable: [o.prizeId], catalog });
  assert.equal(result.drawn, o.prizeId);
  assert.notEqual(result.granted, o.prizeId);
  assert.equal(result.substituted, true);

  const editedSeed = { ...t, seed: (t.seed[0] === 'a' ? 'b' : 'a') + t.seed.slice(1) };
  assert.equal(verify(editedSeed, pool, gold, o), 'PK_DRAW_PROOF');
  const other = pool.prizes.findIndex((z) => z.id !== o.prizeId);
  assert.equal(verify(t, pool, gold, { ...o, prizeId: pool.prizes[other].id, drawn: pool.prizes[other].id, index: other }), 'PK_DRAW_OUTCOME_MISMATCH');
  assert.equal(verify(t, { ...pool, prizes: pool.prizes.map((z, i) => (i === 0 ? { ...z, weight: 1000 } : z)) }, gold, o), 'PK_POOL_EDITED');
  assert.equal(verify(t, { ...pool, version: 4 }, gold, o), 'PK_TICKET_POOL_MISMATCH');
  assert.equal(verify(t, pool, { ...gold, id: 'u2' }, o), 'PK_TICKET_CUSTOMER_MISMATCH');
  assert.equal(verify(t, pool, gold, { ...o, proof: o.proof.slice(0, 40) + (o.proof[40] === '0' ? '1' : '0') + o.proof.slice(41) }), 'PK_DRAW_PROOF');
  assert.equal(verify(t, pool, gold, { ...o, version: 2 }), 'PK_UNSUPPORTED');
  assert.equal(verify(t, pool, gold, { ...o, proof: undefined }), 'PK_DRAW_MALFORMED');

  // A forged seed with a recomputed outcome passes the recomputation, not the signature.
  const forged = { ...t, seed: 'f'.repeat(64) };
  const f = pk.games.createSession(catalog, { now: NOW, profile: gold });
  const consistent = f.draw('wheel-1', forged);
  f.dispose();
  assert.equal(verify(forged, pool, gold, consistent), 'PK_OK');
  assert.equal(verify(forged, pool, gold, consistent, verifyKey), 'PK_TICKET_SIGNATURE');
  assert.equal(codeOf(() => pk.verifyDraw(t, pool, gold, o, verifyKey, { now: t.expiry })), 'PK_TICKET_EXPIRED');
});

test('games: tickets are used once and in order; the daily game once per local day', () => {
  const s = pk.games.createSession(catalog, { now: 1762788600000, profile: gold }); // 23:30 in Shanghai
  assert.equal(codeOf(() => s.draw('wheel-1', ticket('wheel-1', 3, 0))), 'PK_OK');
  assert.equal(codeOf(() => s.draw('wheel-1', ticket('wheel-1', 3, 0))), 'PK_TICKET_USED');
  assert.equal(codeOf(() => s.draw('wheel-1', ticket('wheel-1', 3, 2))), 'PK_TICKET_ORDER');
  assert.equal(codeOf(() => s.draw('nope', ticket('nope', 1, 0))), 'PK_POOL_NOT_FOUND');
  assert.equal(codeOf(() => s.draw('daily-1', ticket('daily-1', 2, 0))), 'PK_OK');
  assert.equal(codeOf(() => s.draw('daily-1', ticket('daily-1', 2, 1))), 'PK_DAILY_ALREADY_PLAYED');
  s.setNow(1762788600000 + 3600000); // past midnight in Shanghai
  const daily = s.draw('daily-1', ticket('daily-1', 2, 1));
  assert.equal(daily.day, '2025-11-11');

  // The state survives a restart.
  const state = s.exportState();
  s.dispose();
  const again = pk.games.createSession(catalog, { now: 1762788600000, profile: gold });
  again.importState(state);
  assert.equal(codeOf(() => again.draw('wheel-1', ticket('wheel-1', 3, 1))), 'PK_OK');
  assert.equal(codeOf(() => again.draw('wheel-1', ticket('wheel-1', 3, 1))), 'PK_TICKET_USED');
  assert.equal(codeOf(() => again.importState({ games: { v: 1, draws: { v: 1, pools: 7 } } })), 'PK_GAME_STATE');
  assert.equal(codeOf(() => again.draw('wheel-1', ticket('wheel-1', 3, 1))), 'PK_TICKET_USED'); // unchanged
  again.dispose();
  assert.equal(codeOf(() => again.draw('wheel-1', ticket('wheel-1', 3, 2))), 'PK_DISPOSED');
});

test('games: a scratch card reveals the prize three times', () => {
  const s = pk.games.createSession(catalog, { now: NOW, profile: gold });
  const o = s.draw('scratch-1', ticket('scratch-1', 1, 0));
  s.dispose();
  assert.equal(o.grid.length, 9);
  assert.equal(o.grid.filter((c) => c === o.prizeId).length, 3);
});

test('games: challenges progress from tracked events and grant once', () => {
  const withChallenges = {
    ...catalog,
    challenges: [
      { id: 'spend-300', title: { en: 'Spend ¥300 this week', zh: '本周消费满300元' }, goal: { type: 'spend', target: 30000 }, period: 'week',
        reward: { tickets: 1, poolId: 'wheel-1' } },
    ],
  };
  const s = pk.games.createSession(withChallenges, { now: 1762788600000, profile: gold });
  assert.deepEqual(s.track({ id: 'p1', type: 'purchase', time: 1762780000000, amount: 20000 }), []);
  assert.equal(s.challenges()[0].value, 20000);
  assert.equal(s.challenges()[0].title, '本周消费满300元');
  const grants = s.track([{ id: 'p1', type: 'purchase', time: 1762780000000, amount: 20000 }, { id: 'p2', type: 'purchase', time: 1762785000000, amount: 10000 }]);
  assert.equal(grants.length, 1);
  assert.equal(grants[0].grantId, 'spend-300@2025-W46');
  assert.deepEqual(grants[0].reward, { tickets: 1, poolId: 'wheel-1' });
  assert.deepEqual(s.track({ id: 'p2', type: 'purchase', time: 1762785000000, amount: 10000 }), []);
  assert.equal(s.challenges()[0].completed, true);
  assert.equal(s.challengeGrants().length, 1);
  assert.equal(codeOf(() => s.track({ id: 'x', type: 'teleport', time: 1 })), 'PK_SCHEMA_ENUM');
  s.dispose();
  assert.equal(codeOf(() => pk.games.createSession({ ...catalog, challenges: [{ id: 'c' }] })), 'PK_SCHEMA_REQUIRED');
});

test('games: a plain tracked event crosses packed to a raw export and gives the JSON path grants, state and errors', () => {
  const withChallenges = {
    ...catalog,
    challenges: [
      { id: 'spend-300', title: { en: 'Spend ¥300 this week' }, goal: { type: 'spend', target: 30000 }, period: 'week', reward: { tickets: 1, poolId: 'wheel-1' } },
      { id: 'two-visits', title: { en: 'Two purchases this week' }, goal: { type: 'count', event: 'purchase', target: 2 }, period: 'week', reward: { tickets: 2, poolId: 'wheel-1' } },
    ],
  };
  const viaJson = (doc) => ({ toJSON: () => doc });
  const events = [
    { id: 'p1', type: 'purchase', time: 1762780000000, amount: 20000 },
    { id: 'v1', type: 'view', time: 1762780001000, offerId: 'nope' },
    { id: 'p2', type: 'purchase', time: 1762785000000, amount: 10000 }, // completes both challenges
    { id: 'p2', type: 'purchase', time: 1762785000000, amount: 10000 }, // a replay
    { id: 'p3', type: 'purchase', time: 1762786000000, amount: 10000, category: '时尚' }, // non-ASCII: the JSON path
    { id: 'x', type: 'teleport', time: 1 },
    { id: 'y', type: 'purchase', time: 1.5 },
  ];
  const run = (wrap) => {
    const s = pk.games.createSession(withChallenges, { now: 1762788600000, profile: gold });
    const out = events.map((e) => {
      try {
        return s.track(wrap(e));
      } catch (err) {
        return err.code;
      }
    });
    const result = { out, challenges: s.challenges(), grants: s.challengeGrants(), state: s.exportState() };
    s.dispose();
    return result;
  };
  const packed = run((e) => e);
  assert.deepEqual(packed, run(viaJson));
  assert.deepEqual(packed.out.map((g) => (Array.isArray(g) ? g.map((x) => x.challengeId) : g)), [[], [], ['spend-300', 'two-visits'], [], [], 'PK_SCHEMA_ENUM', 'PK_SCHEMA_TYPE']);
});

// engine.track feeds its games session in the engine's own crossing when the event is plain
// (pk_engine_track takes the session's handle), and through the session's JSON path when not:
// the session must count exactly the event the engine took either way — also an event object
// tracked packed once and then changed into one that takes the JSON path.
test("games: an engine's session counts the event the engine took, packed or not", { skip: typeof pk.createEngine !== 'function' && 'no engine in this package' }, () => {
  const withChallenges = {
    ...catalog,
    challenges: [{ id: 'two-buys', title: { en: 'Two purchases this week' }, goal: { type: 'count', event: 'purchase', target: 2 }, period: 'week', reward: { tickets: 1, poolId: 'wheel-1' } }],
  };
  const run = (mutate) => {
    const e = pk.createEngine(withChallenges, { now: 1762788600000, zone: 'Asia/Shanghai' });
    e.setProfile(gold);
    const event = { id: 'v1', type: 'view', time: 1762780000000 };
    const out = [e.track(event)];
    mutate(event); // now a purchase, b1
    out.push(e.track(event));
    out.push(e.track({ id: 'b2', type: 'purchase', time: 1762781000000 }));
    const result = { out, value: e.challenges()[0].value, grants: e.challengeGrants().map((g) => g.challengeId) };
    e.dispose();
    return result;
  };
  const expected = { out: [{ accepted: 1, duplicates: 0 }, { accepted: 1, duplicates: 0 }, { accepted: 1, duplicates: 0 }], value: 2, grants: ['two-buys'] };
  const becomePurchase = (ev) => Object.assign(ev, { id: 'b1', type: 'purchase' });
  assert.deepEqual(run(becomePurchase), expected); // packed both times
  assert.deepEqual(run((ev) => Object.assign(becomePurchase(ev), { note: 'unknown field' })), expected); // JSON the second time
  assert.deepEqual(run((ev) => Object.assign(becomePurchase(ev), { category: '时尚' })), expected); // non-ASCII: JSON too
});

test('games: the admin preview shows the per-shopper distribution within budget', () => {
  const p = pk.games.preview(catalog, 'lean-1', gold);
  assert.equal(p.personalized, true);
  assert.equal(p.withinBudget, true);
  assert.ok(p.expectedCost <= 700);
  const fashion = p.prizes.find((z) => z.id === 'l-fashion');
  assert.ok(fashion.probability > fashion.baseProbability);
  assert.ok(fashion.probability <= fashion.maxProb);
  const total = p.prizes.reduce((a, z) => a + z.probability, 0);
  assert.ok(Math.abs(total - 1) < 1e-9);
  const plain = pk.games.preview(catalog, 'wheel-1', { id: 'u9' });
  assert.equal(plain.personalized, false);
  assert.equal(codeOf(() => pk.games.preview(catalog, 'nope', gold)), 'PK_POOL_NOT_FOUND');
});

test('games: engine.draw, engine.challenges and state inside engine.exportState', { skip: typeof pk.createEngine !== 'function' && 'no engine in this package' }, () => {
  const e = pk.createEngine(catalog, { now: NOW, zone: 'Asia/Shanghai' });
  e.setProfile(gold);
  const o = e.draw('wheel-1', ticket('wheel-1', 3, 0));
  assert.equal(pk.verifyDraw(ticket('wheel-1', 3, 0), poolOf('wheel-1'), gold, o, verifyKey, { catalog }).ok, true);
  assert.deepEqual(e.challenges(), []);
  const state = e.exportState();
  assert.ok(state.games && state.notify);
  e.dispose();
  const back = pk.createEngine(catalog, { now: NOW, zone: 'Asia/Shanghai' });
  back.setProfile(gold);
  back.importState(state);
  assert.equal(codeOf(() => back.draw('wheel-1', ticket('wheel-1', 3, 0))), 'PK_TICKET_USED');
  back.dispose();
});

// session.draw hands a plain ticket's fields to the core one by one (no JSON); anything else —
// here a ticket with toJSON — goes as JSON text. Both must agree on outcomes and on errors.
// Every vector drawn through `api`'s packed path gives the text (key order included) that
// pk's JSON path gives for the same ticket.
function drawsAsJson(api) {
  const viaJson = (t) => ({ ...t, toJSON: () => t });
  for (const c of vectors.cases.filter((x) => !x.unavailable)) {
    const [t] = pk.tickets.issue(c.request, signingKey);
    const a = api.games.createSession(catalog, { now: c.now, profile: c.profile });
    const b = pk.games.createSession(catalog, { now: c.now, profile: c.profile });
    assert.equal(JSON.stringify(a.draw(c.request.poolId, t)), JSON.stringify(b.draw(c.request.poolId, viaJson(t))), c.name);
    a.dispose();
    b.dispose();
  }
}

test('games: the packed draw and the JSON draw give the same outcomes and the same errors', () => {
  const viaJson = (t) => ({ ...t, toJSON: () => t });
  const failure = (fn) => {
    try {
      return JSON.stringify(fn());
    } catch (err) {
      assert.ok(err instanceof PromokitError, `not a PromokitError: ${err}`);
      return `${err.code} ${err.path} ${err.message}`;
    }
  };
  drawsAsJson(pk);
  const t0 = ticket('wheel-1', 3, 0);
  const bad = [
    { ...t0, seed: '' },
    { ...t0, seed: 'zz'.repeat(32) },
    { ...t0, ticketId: 'x'.repeat(129) },
    { ...t0, ticketId: 'x'.repeat(60000) }, // grows the module's scratch buffer (under the JSON string limit)
    { ...t0, ticketId: 'tï-1' }, // not ASCII: the JSON path
    { ...t0, ticketId: '\uD800' }, // a lone surrogate
    { ...t0, signature: 's'.repeat(129) },
    { ...t0, poolVersion: 1.5 },
    { ...t0, poolVersion: -1 },
    { ...t0, expiry: Infinity },
    { ...t0, sequence: NaN },
    { ...t0, sequence: 2 ** 60 },
    { ...t0, signature: '' },
    { ...t0, customerId: 'u2' }, // issued to another shopper
    { ...t0, poolId: 'scratch-1' },
    { ...t0, expiry: 1 }, // expired
    t0, // fine: used below
    t0, // reused
    ticket('wheel-1', 3, 5), // out of order
  ];
  const a = pk.games.createSession(catalog, { now: NOW, profile: gold });
  const b = pk.games.createSession(catalog, { now: NOW, profile: gold });
  for (const t of bad) assert.equal(failure(() => a.draw('wheel-1', t)), failure(() => b.draw('wheel-1', viaJson(t))), JSON.stringify(t));
  assert.equal(codeOf(() => a.draw('wheel-1', t0)), 'PK_TICKET_USED');
  assert.equal(codeOf(() => a.draw('wheel-1', { ...ticket('wheel-1', 3, 1), seed: 'ab' })), 'PK_TICKET_MALFORMED');
  // After the failures (and the grown buffer) the next ticket draws as the JSON path does.
  assert.equal(JSON.stringify(a.draw('wheel-1', ticket('wheel-1', 3, 1))), JSON.stringify(b.draw('wheel-1', viaJson(ticket('wheel-1', 3, 1)))));
  a.dispose();
  b.dispose();
  // The pool and distribution hashes the packed path keeps per pool follow a profile change.
  const lean = poolOf('lean-1');
  const foodie = { ...gold, interests: [], scores: { interest: { food: 0.9 } } };
  const e = pk.games.createSession(catalog, { now: NOW, profile: gold });
  const g = pk.games.createSession(catalog, { now: NOW, profile: gold });
  const before = e.draw('lean-1', ticket('lean-1', lean.version, 0));
  assert.equal(JSON.stringify(before), JSON.stringify(g.draw('lean-1', viaJson(ticket('lean-1', lean.version, 0)))));
  e.setProfile(foodie);
  g.setProfile(foodie);
  const after = e.draw('lean-1', ticket('lean-1', lean.version, 1));
  assert.equal(JSON.stringify(after), JSON.stringify(g.draw('lean-1', viaJson(ticket('lean-1', lean.version, 1)))));
  assert.notEqual(after.distHash, before.distHash, 'the personalized distribution changed with the interests');
  e.dispose();
  g.dispose();
  // A shopper id beyond ASCII draws through the JSON path, with the same outcome.
  const zoe = { ...gold, id: 'зоя' };
  const c = pk.games.createSession(catalog, { now: NOW, profile: zoe });
  const d = pk.games.createSession(catalog, { now: NOW, profile: zoe });
  const tz = ticket('wheel-1', 3, 0, 'зоя');
  assert.equal(JSON.stringify(c.draw('wheel-1', tz)), JSON.stringify(d.draw('wheel-1', viaJson(tz))));
  c.dispose();
  d.dispose();
});

test('games: without TextEncoder and TextDecoder (as in WeChat) the packed draw gives the JSON path outcomes', async () => {
  const saved = { TextEncoder: globalThis.TextEncoder, TextDecoder: globalThis.TextDecoder };
  delete globalThis.TextEncoder;
  delete globalThis.TextDecoder;
  let bare;
  try {
    bare = await loadPromokit();
  } finally {
    Object.assign(globalThis, saved);
  }
  drawsAsJson(bare);
  // A non-ASCII field leaves the byte loop for the JSON path; the error is the JSON path's.
  const s = bare.games.createSession(catalog, { now: NOW, profile: gold });
  assert.equal(codeOf(() => s.draw('wheel-1', { ...ticket('wheel-1', 3, 0), customerId: 'ü' })), 'PK_TICKET_CUSTOMER_MISMATCH');
  assert.equal(s.draw('wheel-1', ticket('wheel-1', 3, 0)).sequence, 0);
  s.dispose();
});

// pk.ranking through the built package: the two calls that cross through the module's scratch
// buffer instead of as JSON text (docs/architecture.md "Crossing the boundary") — the model
// weights of createRecommender / createEngine and recommender.track(event) — give what the JSON
// path gives: the same recommendations, learned state, return values and errors. An object
// with toJSON() always takes the JSON path, so `viaJson(x)` is the reference.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pk, PromokitError, loadPromokit } from './load-dist.mjs';

const NOW = 1767596400000; // 2026-01-05T15:00+08:00
const viaJson = (doc) => ({ toJSON: () => doc });

// PKW1 weights, dense layout (docs/personalization.md §4), as base64url.
function weightsText(bits, seed = 1) {
  const n = 2 ** bits;
  const bytes = new Uint8Array(10 + 2 * n);
  bytes.set([0x50, 0x4b, 0x57, 0x31, bits, 1]);
  new DataView(bytes.buffer).setFloat32(6, 0.001, true);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    new DataView(bytes.buffer).setInt16(10 + 2 * i, (x % 4001) - 2000, true);
  }
  return Buffer.from(bytes).toString('base64url');
}
const chunksOf = (s, size) => Array.from({ length: Math.ceil(s.length / size) }, (_, i) => s.slice(i * size, (i + 1) * size));

const offers = [
  { id: 'tee', reward: { type: 'percent', percent: 20 }, tags: ['fashion'], scope: { categories: ['fashion'] }, brand: 'uniqlo' },
  { id: 'noodles', reward: { type: 'fixed', amount: 500, target: 'order' }, tags: ['food'], scope: { categories: ['food'] } },
  { id: 'phone', reward: { type: 'percent', percent: 5 }, tags: ['electronics'], scope: { categories: ['electronics'] }, brand: 'mi' },
  { id: 'mug', reward: { type: 'fixed', amount: 300, target: 'order' }, tags: ['home'] },
];
const catalogWith = (data, bits = 12) => ({ version: 1, offers, model: { version: 1, bias: -2, weights: { bits, data }, exploration: { enabled: false } } });
const weights = weightsText(12);

function errorOf(fn) {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof PromokitError, `not a PromokitError: ${err}`);
    return { code: err.code, path: err.path, message: err.message };
  }
  return null;
}

function ranked(rec) {
  rec.setProfile({ id: 'u1', tier: 'gold' });
  const out = rec.recommend({ limit: 10, explain: true, now: NOW });
  rec.dispose();
  return out;
}

test('ranking: model weights as one string or chunks load as through JSON, without touching the catalog', () => {
  for (const data of [weights, chunksOf(weights, 4096), chunksOf(weights, 1023), [weights.slice(0, 5), '', weights.slice(5)]]) {
    const catalog = catalogWith(data);
    const before = structuredClone(catalog);
    const packed = ranked(pk.ranking.createRecommender(catalog));
    assert.deepEqual(catalog, before);
    assert.deepEqual(packed, ranked(pk.ranking.createRecommender(viaJson(catalog))));
    assert.ok(packed.some((r) => r.components && r.components.model !== -2), 'the weights count');
    const engine = (c) => {
      const e = pk.createEngine(c, { now: NOW, zone: 'Asia/Shanghai', seed: 3 });
      e.setProfile({ id: 'u1', tier: 'gold' });
      const out = e.recommend({ limit: 10, explain: true });
      e.dispose();
      return out;
    };
    assert.deepEqual(engine(catalog), engine(viaJson(catalog)));
    assert.deepEqual(catalog, before);
  }
  // A different table gives different scores: the bytes are the ones given.
  assert.notDeepEqual(ranked(pk.ranking.createRecommender(catalogWith(weightsText(12, 7)))), ranked(pk.ranking.createRecommender(catalogWith(weights))));
});

test('ranking: bad weights give the JSON path errors, on both paths and for both constructors', () => {
  const big = 'A'.repeat(65537);
  const cases = [
    weights.slice(0, -1),                      // length % 4 == 1
    `${weights.slice(0, 100)}!${weights.slice(101)}`, // not in the alphabet
    `${weights.slice(0, 100)}+${weights.slice(101)}`, // base64, not base64url
    `${weights.slice(0, 100)}=${weights.slice(101)}`,
    'AB',                                      // trailing bits set
    'QUJD',                                    // "ABC": not PKW
    weightsText(3),                            // bits 3, but "bits": 12 is declared
    weights.slice(0, 400),                     // a dense table cut short
    `${weights.slice(0, 100)}é${weights.slice(101)}`, // non-ASCII: the JSON path itself
    [weights.slice(0, 8), 7],                  // a chunk that is not a string
    [weights.slice(0, 8), null],
    [],
    big,                                       // longer than the parser's string limit
    [weights, big],
    42,
    { a: weights },
  ];
  for (const data of cases) {
    const catalog = catalogWith(data);
    const expected = errorOf(() => pk.ranking.createRecommender(viaJson(catalog)));
    assert.ok(expected, `no error for ${JSON.stringify(data).slice(0, 60)}`);
    assert.deepEqual(errorOf(() => pk.ranking.createRecommender(catalog)), expected);
    const engineExpected = errorOf(() => pk.createEngine(viaJson(catalog), { now: NOW }));
    assert.ok(engineExpected);
    assert.deepEqual(errorOf(() => pk.createEngine(catalog, { now: NOW })), engineExpected);
  }
  const e = errorOf(() => pk.ranking.createRecommender(catalogWith(`${weights.slice(0, 100)}!${weights.slice(101)}`)));
  assert.deepEqual([e.code, e.path], ['PK_MODEL_INVALID', 'model.weights.data']);
  // After a failed load the scratch buffer still serves the next calls.
  assert.equal(ranked(pk.ranking.createRecommender(catalogWith(weights))).length, offers.length);
});

// Events of every kind the packed path takes or leaves to the JSON path, with replays.
const events = [
  { id: 'e1', type: 'click', offerId: 'tee', time: NOW - 5000 },
  { id: 'e2', type: 'purchase', offerId: 'noodles', time: NOW - 4000, amount: 2500, category: 'food', store: 's1', channel: 'app' },
  { id: 'e3', type: 'view', offerId: 'phone', time: NOW - 3000, customerId: 'u1', brand: 'mi', format: 'banner', sku: 'P1' },
  { id: 'e1', type: 'click', offerId: 'tee', time: NOW - 2000 },                 // replayed id
  { id: 'é4', type: 'click', offerId: 'mug', time: NOW - 1000 },                 // non-ASCII id
  { id: 'e5', type: 'dismiss', offerId: 'nope', time: NOW - 900 },               // unknown offer
  { id: 'e6', type: 'claim', offerId: 'tee', time: NOW - 800, category: '时尚' },
  [{ id: 'e7', type: 'share', offerId: 'tee', time: NOW - 700 }, { id: 'e3', type: 'view', time: NOW - 600 }],
  { id: 'e8', type: 'game_play', time: NOW - 500, amount: -0 },
  { id: 'e9', type: 'redeem', offerId: 'noodles', time: NOW - 400, amount: undefined },
  { id: 'e10', type: 'click', offerId: 'tee', time: NOW - 300, brand: null },
  Object.assign(Object.create({ inherited: 1 }), { id: 'e11', type: 'click', offerId: 'phone', time: NOW - 200 }),
  { id: 'e12', type: 'click', time: NOW - 100, amount: Infinity },               // null in JSON: no amount
];
const badEvents = [
  { type: 'click', time: NOW },
  { id: '', type: 'click', time: NOW },
  { id: 'x'.repeat(129), type: 'click', time: NOW },
  { id: 'b1', type: 'clicked', time: NOW },
  { id: 'b2', type: 'click' },
  { id: 'b3', type: 'click', time: NOW + 0.5 },
  { id: 'b4', type: 'click', time: NaN },
  { id: 'b5', type: 'click', time: -1 },
  { id: 'b6', type: 'click', time: 1e21 },
  { id: 'b7', type: 'click', time: 253402300800000 },
  { id: 'b8', type: 'click', time: NOW, amount: 1e15 + 1 },
  { id: 'b10', type: 'click', time: NOW, offerId: 'o'.repeat(129) },
  { id: 'b11', type: 'click', time: String(NOW) },
  { id: 'b12', type: 'click', time: NOW, category: 7 },
  [{ id: 'b13', type: 'click', time: NOW }, { id: 'b14', type: 'nope', time: NOW }],
];

function trackAll(p, wrap) {
  const rec = p.ranking.createRecommender(catalogWith(weights), { zone: 'Asia/Shanghai', seed: 's' });
  rec.setProfile({ id: 'u1' });
  const learned = events.map((e) => rec.track(wrap(e)));
  const errors = badEvents.map((e) => errorOf(() => rec.track(wrap(e))));
  const out = { learned, errors, state: rec.exportState(), scores: rec.learnedScores({ now: NOW }), list: rec.recommend({ limit: 10, now: NOW, explain: true }) };
  rec.dispose();
  return out;
}

test('ranking: track() gives the JSON path answers, learned state and errors', () => {
  const packed = trackAll(pk, (e) => e);
  const json = trackAll(pk, viaJson);
  assert.deepEqual(packed, json);
  assert.deepEqual(packed.learned, [1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
  for (const e of packed.errors) assert.ok(e && e.code, JSON.stringify(e));
  assert.equal(packed.errors[3].code, 'PK_SCHEMA_ENUM');
  assert.equal(packed.errors[3].path, 'event.type');
});

test('ranking: without TextEncoder, TextDecoder, Buffer and atob (as in WeChat) both packed paths give the JSON path results', async () => {
  const names = ['TextEncoder', 'TextDecoder', 'Buffer', 'atob', 'btoa'];
  const saved = Object.fromEntries(names.map((n) => [n, globalThis[n]]));
  for (const n of names) delete globalThis[n];
  let bare;
  try {
    bare = await loadPromokit();
  } finally {
    Object.assign(globalThis, saved);
  }
  assert.deepEqual(trackAll(bare, (e) => e), trackAll(pk, viaJson));
  for (const data of [weights, chunksOf(weights, 999)]) assert.deepEqual(ranked(bare.ranking.createRecommender(catalogWith(data))), ranked(pk.ranking.createRecommender(viaJson(catalogWith(data)))));
  const bad = catalogWith(`${weights.slice(0, 100)}é${weights.slice(101)}`);
  assert.deepEqual(errorOf(() => bare.ranking.createRecommender(bad)), errorOf(() => pk.ranking.createRecommender(viaJson(bad))));
});

test('ranking: track() through the raw export keeps each recommender apart, and refuses a disposed one', () => {
  const make = () => {
    const rec = pk.ranking.createRecommender(catalogWith(weights), { zone: 'Asia/Shanghai' });
    rec.setProfile({ id: 'u1' });
    return rec;
  };
  // Two recommenders tracked in turn (each call names its own object by address) learn what
  // each would learn alone; fields over 64 characters take io.js's encoder branch.
  const a = make(), b = make(), alone = make();
  const long = 'c'.repeat(100), longer = `${'c'.repeat(99)}é`;
  const forA = [{ id: 'a1', type: 'click', offerId: 'tee', time: NOW - 3000, category: long }, { id: 'a2', type: 'purchase', offerId: 'noodles', time: NOW - 2000, amount: 900 }];
  const forB = [{ id: 'b1', type: 'dismiss', offerId: 'phone', time: NOW - 2500, brand: longer }];
  assert.equal(a.track(forA[0]), 1);
  assert.equal(b.track(forB[0]), 1);
  assert.equal(a.track(forA[1]), 1);
  assert.equal(a.track(forA[0]), 0); // a replay, for a only
  for (const e of forA) alone.track(viaJson(e));
  assert.deepEqual(a.exportState(), alone.exportState());
  const bJson = make();
  bJson.track(viaJson(forB[0]));
  assert.deepEqual(b.exportState(), bJson.exportState());
  for (const r of [b, alone, bJson]) r.dispose();
  a.dispose();
  assert.equal(errorOf(() => a.track(forA[1])).code, 'PK_DISPOSED');
  assert.equal(errorOf(() => a.track(viaJson(forA[1]))).code, 'PK_DISPOSED');
});

function engineTrackAll(p, wrap) {
  const engine = p.createEngine(catalogWith(weights), { now: NOW, zone: 'Asia/Shanghai', seed: 's' });
  engine.setProfile({ id: 'u1' });
  const answers = events.map((e) => engine.track(wrap(e)));
  const errors = badEvents.map((e) => errorOf(() => engine.track(wrap(e))));
  const out = { answers, errors, state: engine.exportState(), scores: engine.learnedScores(), list: engine.recommend({ limit: 10, explain: true }) };
  engine.dispose();
  return out;
}

test('engine.track(): a plain event crosses packed to a raw export and gives the JSON path answers, state and errors', () => {
  const packed = engineTrackAll(pk, (e) => e);
  assert.deepEqual(packed, engineTrackAll(pk, viaJson));
  assert.deepEqual(packed.answers[0], { accepted: 1, duplicates: 0 });
  assert.deepEqual(packed.answers[3], { accepted: 0, duplicates: 1 }); // a replayed id
  assert.deepEqual(packed.answers[7], { accepted: 1, duplicates: 1 }); // an array (the JSON path) replaying e3
  for (const e of packed.errors) assert.ok(e && e.code, JSON.stringify(e));
  const engine = pk.createEngine(catalogWith(weights), { now: NOW });
  engine.dispose();
  assert.equal(errorOf(() => engine.track(events[0])).code, 'PK_DISPOSED');
});

// pk.ranking.train and pk.ranking.autoTags (docs/personalization.md §5, §8) through the package:
// the admin preview's calls. Their maths are the core's (tests/unit/unit-ftrl.cpp); here the
// crossing: events in, a model the recommender serves out, option and stats errors with paths.
test('ranking: train() learns from events a model the recommender serves; autoTags() tags by the baselines', () => {
  const catalog = { version: 1, offers, model: { version: 1, exploration: { enabled: false } } };
  const events = [];
  for (let c = 0; c < 200; c++) {
    for (const o of offers) {
      const time = NOW - 20 * 86400000 + c * 60000 + events.length;
      events.push({ id: `v${events.length}`, type: 'view', offerId: o.id, customerId: `c${c}`, time });
      // every other shopper clicks the mug, nobody anything else
      if (o.id === 'mug' && c % 2 === 0) events.push({ id: `k${events.length}`, type: 'click', offerId: o.id, customerId: `c${c}`, time: time + 1000 });
    }
  }
  const { model, report } = pk.ranking.train({ catalog, events, options: { epochs: 2 } });
  assert.deepEqual({ examples: report.examples, positives: report.positives }, { examples: 800, positives: 100 });
  assert.ok(report.nonzero > 0 && report.logloss > 0 && report.logloss < Math.LN2, JSON.stringify(report));
  assert.deepEqual(model.offerStats.mug, { impressions: 200, clicks: 100, claims: 0, redemptions: 0 });
  assert.equal(model.exploration.enabled, false, 'the catalog model configuration is kept');
  const order = (c) => {
    const rec = pk.ranking.createRecommender(c);
    rec.setProfile({ id: 'new' });
    const ids = rec.recommend({ limit: 4, now: NOW }).map((r) => r.offerId);
    rec.dispose();
    return ids;
  };
  assert.notEqual(order(catalog)[0], 'mug');
  assert.equal(order({ ...catalog, model })[0], 'mug');
  assert.deepEqual(pk.ranking.train({ catalog, events, options: { epochs: 2 } }), { model, report }, 'deterministic');
  assert.deepEqual(errorOf(() => pk.ranking.train({ catalog, events, options: { alpha: -1 } })), {
    code: 'PK_RANKING_OPTION',
    path: 'options.alpha',
    message: 'options.alpha: must be between 1e-06 and 100.0',
  });
  assert.equal(errorOf(() => pk.ranking.train({ catalog, events: [{ type: 'view' }] })).path, 'events[0].id');

  const tagged = pk.ranking.autoTags({
    tee: { impressions: 1000, clicks: 200, claims: 100, redemptions: 80 },
    mug: { impressions: 1000, clicks: 5, claims: 60, redemptions: 1 },
    phone: { impressions: 1000, clicks: 50, claims: 10, redemptions: 5 },
  });
  assert.deepEqual(tagged.tags, { tee: ['high_ctr', 'high_redemption'], mug: ['low_ctr', 'low_redemption'], phone: ['low_ctr'] });
  assert.equal(tagged.ctrBaseline, 255 / 3000);
  assert.equal(errorOf(() => pk.ranking.autoTags({ tee: { impressions: -1 } })).path, 'stats.tee.impressions');
});

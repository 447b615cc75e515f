// pk.createEngine through the built package: offers with card text and reasons, the wallet,
// loyalty points, cart pricing (the worked examples of docs/pricing.md), state round trips and
// errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pk, PromokitError, root } from './load-dist.mjs';

const MONDAY = 1767542400000; // 2026-01-05T00:00+08:00
const HOUR = 3600000;

const catalog = {
  version: 1,
  currency: 'CNY',
  config: { loyalty: { earn: { points: 1, per: 100 } } },
  offers: [
    { id: 'fashion-20', title: { en: '20% off fashion', zh: '时尚类8折' }, reward: { type: 'percent', percent: 20 },
      scope: { categories: ['fashion'] }, targeting: 'tier == "gold"', tags: ['fashion', 'gold_members'] },
    { id: 'order-30', title: '¥30 off ¥200', reward: { type: 'fixed', amount: 3000, target: 'order' }, conditions: { minSpend: 20000 } },
    { id: 'lunch', tags: ['food'], reward: { type: 'buy_x_get_y', buy: 2, get: 1 }, validity: { zone: 'Asia/Shanghai', dayparts: [{ days: 'mon-fri', from: '11:00', to: '14:00' }] } },
    { id: 'coupon', reward: { type: 'fixed', amount: 1000, target: 'order' }, requiresClaim: true, pointsCost: 100, limits: { perCustomer: 1 },
      stacking: { group: 'coupon' } },
    { id: 'spring', reward: { type: 'percent', percent: 10 }, code: { mode: 'shared', value: 'SPRING20' }, stacking: { group: 'code' } },
  ],
};
const profile = { id: 'u1', tier: 'gold', points: 500, locale: 'zh-CN' };
const cart = {
  currency: 'CNY',
  store: 's1',
  lines: [
    { id: 'l1', sku: 'TEE-1', category: 'fashion', unitPrice: 9900, quantity: 2 },
    { id: 'l2', sku: 'MUG', category: 'home', unitPrice: 3000, quantity: 1 },
  ],
};

function errorOf(fn) {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof PromokitError, `not a PromokitError: ${err}`);
    return err;
  }
  assert.fail('expected an error');
}

function engineAt(now = MONDAY + 12 * HOUR) {
  return pk.createEngine(catalog, { now, zone: 'Asia/Shanghai', seed: 11 }).setProfile(profile);
}

test('offers: localized cards, dayparts, filters and reasons', () => {
  const e = engineAt();
  const cards = e.offers();
  assert.deepEqual(cards.map((c) => c.offerId), ['fashion-20', 'order-30', 'lunch', 'coupon', 'spring']);
  assert.equal(cards[0].title, '时尚类8折');
  assert.equal(cards[0].discountText, '8折');
  assert.equal(cards[1].discountText, '满200减30');
  assert.equal(cards[2].discountText, '买2送1');
  assert.equal(e.offers({ locale: 'en' })[2].discountText, 'Buy 2 get 1 free');
  assert.deepEqual(e.offers({ filter: { tier: 'gold' } }).map((c) => c.offerId), ['fashion-20']);
  // Outside lunch hours the daypart offer is out, with its reason on request.
  e.setNow(MONDAY + 15 * HOUR);
  assert.ok(!e.offers().some((c) => c.offerId === 'lunch'));
  const lunch = e.offers({ includeIneligible: true }).find((c) => c.offerId === 'lunch');
  assert.deepEqual(lunch.reasons, ['OUTSIDE_WINDOW']);
  assert.equal(lunch.eligible, false);
  e.setProfile({ ...profile, tier: 'silver' });
  assert.deepEqual(e.offers({ includeIneligible: true })[0].reasons, ['NOT_IN_SEGMENT']);
  assert.deepEqual(e.eligibleIds(), ['order-30', 'coupon', 'spring']);
  e.dispose();
});

test('regression: eligibleIds (built as JSON text without a Json array) gives ids with quotes, backslashes and CJK back exactly', () => {
  const ids = ['plain', 'say "hi"', 'back\\slash', '优惠-20', 'tab\there', 'ctl\u0001x'];
  const e = pk.createEngine({ version: 1, offers: ids.map((id) => ({ id, reward: { type: 'percent', percent: 5 } })) }, { now: MONDAY });
  e.setProfile({ id: 'u1' });
  assert.deepEqual(e.eligibleIds(), ids);
  e.dispose();
});

test('wallet and loyalty: claim, idempotence, server answers, checkout, ledger', () => {
  const e = engineAt();
  const c = e.claim('coupon');
  assert.equal(c.status, 'pending');
  assert.equal(e.claim('coupon').claimId, c.claimId);
  assert.equal(e.points(), 400);
  assert.equal(e.confirmClaim(c.claimId, { token: 'QR-1' }).status, 'active');
  assert.equal(e.wallet()[0].offer.discountText, '立减10元');
  const receipt = e.checkout(cart, { orderId: 'o-1', codes: ['spring20'] });
  assert.deepEqual(receipt.usedClaims, [c.claimId]);
  // Item stage (in id order), then the order stage; the lunch offer loses to fashion-20 on the same units.
  assert.deepEqual(receipt.applied.map((a) => a.offerId), ['fashion-20', 'spring', 'coupon', 'order-30']);
  assert.deepEqual(receipt.rejected, [{ offerId: 'lunch', reason: 'NOT_BEST' }]);
  assert.equal(receipt.total, receipt.subtotal - receipt.discountTotal);
  assert.equal(receipt.pointsEarned, Math.floor(receipt.total / 100));
  assert.equal(e.points(), 400 + receipt.pointsEarned);
  assert.deepEqual(e.ledger().map((l) => l.reason), ['profile', 'claim', 'purchase']);
  assert.equal(e.wallet()[0].status, 'used');
  assert.equal(errorOf(() => e.claim('coupon')).code, 'PK_LIMIT_REACHED');
  assert.equal(errorOf(() => e.claim('nope')).code, 'PK_OFFER_NOT_FOUND');
  assert.equal(errorOf(() => e.checkout(cart, { orderId: 'o-1' })).code, 'PK_INVALID_ARGUMENT');
  const r = engineAt();
  const d = r.claim('coupon');
  assert.equal(r.rejectClaim(d.claimId, 'OUT_OF_STOCK').status, 'rejected');
  assert.equal(r.points(), 500);
  e.dispose();
  r.dispose();
});

test('priceCart: codes, claims and reasons for what did not apply', () => {
  const e = engineAt();
  const r = e.priceCart(cart, { codes: ['SPRING20', 'NOPE'] });
  assert.deepEqual(r.codes, [{ code: 'SPRING20', offerId: 'spring', valid: true }, { code: 'NOPE', offerId: null, valid: false }]);
  assert.deepEqual(r.rejected, [{ offerId: 'coupon', reason: 'NOT_CLAIMED' }, { offerId: 'lunch', reason: 'NOT_BEST' }]);
  assert.equal(e.priceCart(cart).rejected.find((x) => x.offerId === 'spring').reason, 'CODE_REQUIRED');
  const err = errorOf(() => e.priceCart({ currency: 'CNY', lines: [{ id: 'x', sku: 'A', unitPrice: -1, quantity: 1 }] }));
  assert.equal(err.path, 'lines[0].unitPrice');
  e.dispose();
});

test('priceCart: the worked examples of docs/pricing.md', () => {
  const doc = readFileSync(join(root, 'docs', 'pricing.md'), 'utf8');
  const blocks = [...doc.matchAll(/```json pricing-example\n([\s\S]*?)\n```/g)].map((m) => JSON.parse(m[1]));
  assert.ok(blocks.length >= 19);
  for (const ex of blocks) {
    const config = {};
    if (ex.options?.rounding) config.pricing = { rounding: ex.options.rounding };
    if (ex.options?.earnPoints) config.loyalty = { earn: { points: ex.options.earnPoints, per: ex.options.earnPer } };
    const e = pk.createEngine({ version: 1, offers: ex.offers, config }, { now: 0 });
    const got = e.priceCart(ex.cart);
    for (const [key, want] of Object.entries(ex.expect)) {
      if (key === 'lines') {
        want.forEach((line, i) => {
          for (const [f, v] of Object.entries(line)) assert.deepEqual(got.lines[i][f], v, `${ex.name}: lines[${i}].${f}`);
        });
      } else {
        assert.deepEqual(got[key], want, `${ex.name}: ${key}`);
      }
    }
    e.dispose();
  }
});

test('state: exportState/importState round-trip; a bad state is refused and changes nothing', () => {
  const e = engineAt();
  e.claim('coupon');
  e.track([{ id: 'ev1', type: 'view', time: MONDAY, offerId: 'lunch' }]);
  const state = e.exportState();
  const f = pk.createEngine(catalog, { now: MONDAY + 12 * HOUR, zone: 'Asia/Shanghai', seed: 11 });
  f.importState(state);
  assert.deepEqual(f.exportState(), state);
  assert.deepEqual(f.track({ id: 'ev1', type: 'view', time: MONDAY }), { accepted: 0, duplicates: 1 });
  const before = f.exportState();
  const err = errorOf(() => f.importState({ ...state, version: 9 }));
  assert.equal(err.code, 'PK_STATE_INVALID');
  assert.equal(err.path, 'version');
  assert.equal(errorOf(() => f.importState('{not json')).code, 'PK_STATE_INVALID');
  assert.deepEqual(f.exportState(), before);
  e.dispose();
  f.dispose();
  assert.equal(errorOf(() => f.offers()).code, 'PK_DISPOSED');
});

test('createEngine: bad catalogs and options are PromokitErrors with paths', () => {
  assert.equal(errorOf(() => pk.createEngine({ version: 1, offers: [{ id: 'x' }] })).path, 'offers[0].reward');
  const bad = errorOf(() => pk.createEngine({ version: 1, offers: [{ id: 'x', reward: { type: 'percent', percent: 5 }, targeting: 'tier ==' }] }));
  assert.ok(bad.path.startsWith('offers[0].targeting'));
  assert.equal(errorOf(() => pk.createEngine({ version: 1, offers: [] }, { zone: 'Mars/Base' })).code, 'PK_RULE_UNKNOWN_ZONE');
});

test('recommend: ranks what is eligible now, learns from tracked events, keeps it across state', () => {
  const e = engineAt();
  const ids = (list) => list.map((r) => r.offerId).sort();
  const first = e.recommend({ limit: 10 });
  assert.deepEqual(ids(first), [...e.eligibleIds()].sort());
  for (const r of first) {
    assert.equal(typeof r.score, 'number');
    assert.ok(Array.isArray(r.reasons) && Array.isArray(r.reasonCodes));
  }
  assert.equal(e.recommend({ limit: 2 }).length, 2);
  // Clicks and claims on the lunch offer teach an interest in food: it moves to the top.
  const clicks = [1, 2, 3, 4, 5].map((i) => ({ id: `c${i}`, type: i % 2 ? 'click' : 'purchase', time: MONDAY + 11 * HOUR + i * 60000, offerId: 'lunch' }));
  assert.deepEqual(e.track(clicks), { accepted: 5, duplicates: 0 });
  const after = e.recommend({ limit: 10 });
  assert.equal(after[0].offerId, 'lunch');
  assert.ok(after[0].reasonCodes.includes('interest'), JSON.stringify(after[0]));
  assert.ok(e.learnedScores().interest.some((s) => s.key === 'food' && s.score > 0));
  // Outside its daypart it is not eligible, so not recommended, however strong the interest.
  e.setNow(MONDAY + 15 * HOUR);
  assert.ok(!e.recommend().some((r) => r.offerId === 'lunch'));
  e.setNow(MONDAY + 12 * HOUR);
  // The learned profile travels in exportState and comes back exactly.
  const state = e.exportState();
  assert.ok(state.personalization);
  const f = pk.createEngine(catalog, { now: MONDAY + 12 * HOUR, zone: 'Asia/Shanghai', seed: 11 });
  f.importState(state);
  assert.deepEqual(f.recommend({ limit: 10 }), after);
  const bad = errorOf(() => f.importState({ ...state, personalization: { v: 99 } }));
  assert.equal(f.exportState().personalization.learned !== undefined, true);
  assert.ok(bad.code);
  assert.deepEqual(f.exportState(), state);
  assert.equal(errorOf(() => e.recommend({ limit: -1 })).code, 'PK_RANKING_OPTION');
  assert.equal(errorOf(() => e.recommend(null)).code, 'PK_INVALID_ARGUMENT');
  e.dispose();
  f.dispose();
});

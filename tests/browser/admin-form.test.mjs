// The editor's pure parts in Node (no browser): every demo promotion survives offer → form →
// offer unchanged, money and zoned times are read without floating point or zone mistakes, the
// visual builder prints rules the wasm compiler accepts, and core error paths find their field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPromokit } from '../../dist/promokit.node.mjs';
import { fromOffer, toOffer, emptyForm, fieldForPath } from '../../demo-web/src/admin/offer-form.js';
import { parseMoney, minorToText, groupedMinor, localToMs, msToLocal } from '../../demo-web/src/admin/format.js';
import { buildRule, conditionText } from '../../demo-web/src/admin/rule-builder.js';
import { root } from '../js/load-dist.mjs';

const mall = JSON.parse(readFileSync(join(root, 'server', 'demo', 'mall.json'), 'utf8'));
const pk = await loadPromokit();

// What the editor may normalize: JsonLogic targeting is kept as an object, defaults are explicit.
const plain = (x) => (x === undefined ? x : JSON.parse(JSON.stringify(x)));
const same = (a, b, what) => assert.deepEqual(plain(a), plain(b), what);

test('every demo promotion round-trips through the form', () => {
  for (const offer of mall.offers) {
    const { offer: back, errors } = toOffer(fromOffer(offer));
    assert.deepEqual(errors, {}, offer.id);
    const expected = structuredClone(offer);
    for (const k of Object.keys(expected)) if (expected[k] === '') delete expected[k]; // "" is "not set"
    // Empty scope lists and a missing target are written the way the core reads them.
    if (expected.scope) for (const k of Object.keys(expected.scope)) if (!expected.scope[k].length) delete expected.scope[k];
    if (expected.scope && !Object.keys(expected.scope).length) delete expected.scope;
    if (expected.conditions?.minQuantity === undefined && expected.conditions && !Object.keys(expected.conditions).length) delete expected.conditions;
    for (const k of Object.keys(back)) if (!(k in expected)) assert.fail(`${offer.id}: added ${k}=${JSON.stringify(back[k])}`);
    for (const k of Object.keys(expected)) {
      if (k === 'reward') {
        for (const [rk, rv] of Object.entries(expected.reward)) assert.deepEqual(back.reward[rk], rv, `${offer.id}.reward.${rk}`);
      } else same(back[k], expected[k], `${offer.id}.${k}`);
    }
    assert.equal(pk.validate('offer', back).ok, true, offer.id);
  }
});

test('a new offer of every reward type is valid for the core', () => {
  const cases = {
    percent: { percent: '12.5', maxDiscount: '50' },
    fixed: { amount: '30.00', per: 'unit', target: 'lines' },
    free_gift: { sku: 'GIFT-TOTE', quantity: '2' },
    bogo: { maxApplications: '3' },
    buy_x_get_y: { buy: '2', get: '1', getPercent: '50' },
    bonus_points: { points: '200' },
    points_multiplier: { factor: '2' },
  };
  for (const [type, fields] of Object.entries(cases)) {
    const f = { ...emptyForm(), id: `t-${type}`, rewardType: type, ...fields, start: '2026-03-01T00:00', end: '2026-04-01T00:00',
      dayparts: [{ days: 'mon-fri', from: '11:00', to: '14:00' }], codeMode: 'shared', codeValue: 'SPRING', minSpend: '199.90' };
    const { offer, errors } = toOffer(f);
    assert.deepEqual(errors, {}, type);
    assert.equal(offer.reward.type, type);
    assert.equal(offer.conditions.minSpend, 19990);
    assert.equal(offer.validity.start, Date.UTC(2026, 1, 28, 16)); // midnight in Shanghai
    assert.deepEqual(offer.code, { mode: 'shared', value: 'SPRING' });
    const v = pk.validate('offer', offer, { all: true });
    assert.equal(v.ok, true, `${type}: ${JSON.stringify(v.errors)}`);
  }
  assert.equal(toOffer({ ...emptyForm(), id: 'x', rewardType: 'fixed', amount: '1.234' }).errors.amount, 'at most 2 decimal places');
  assert.equal(toOffer({ ...emptyForm(), id: 'x', start: '2026-03-02T00:00', end: '2026-03-01T00:00' }).errors.end, 'must be after the start');
  assert.equal(toOffer({ ...emptyForm(), id: '' }).errors.id, 'an id is required');
});

test('money and zoned times', () => {
  assert.equal(parseMoney('1,234.5'), 123450);
  assert.equal(parseMoney('0.07'), 7);
  assert.equal(parseMoney('19.99'), 1999); // 19.99 * 100 is 1998.9999999999998 in floating point
  assert.equal(parseMoney(''), null);
  assert.throws(() => parseMoney('12a'), /not an amount/);
  assert.equal(minorToText(5), '0.05');
  assert.equal(minorToText(123450), '1234.50');
  assert.equal(groupedMinor(258093800000), '2,580,938,000.00');
  assert.equal(groupedMinor(-100000, 0), '-100,000');
  assert.equal(localToMs('2026-07-01T09:00', 'Asia/Shanghai'), Date.UTC(2026, 6, 1, 1));
  assert.equal(localToMs('2026-07-01T09:00', 'Europe/London'), Date.UTC(2026, 6, 1, 8)); // summer time
  assert.equal(localToMs('2026-01-15T09:00', 'America/New_York'), Date.UTC(2026, 0, 15, 14));
  assert.equal(msToLocal(Date.UTC(2026, 6, 1, 1), 'Asia/Shanghai'), '2026-07-01T09:00');
});

test('the builder prints rules the compiler accepts, and error paths find their field', () => {
  const rule = buildRule([
    { field: 'tier', op: '==', value: 'gold' },
    { field: 'interests', op: 'has', value: 'fashion' },
    { field: 'spent', op: '>=', value: '1000.00' },
    { field: 'lastActiveDays', op: '<', value: '30' },
    { field: 'birthdayWithin', op: '=', value: '7' },
    { field: 'segment', op: 'not', value: 'complaint' },
    { field: 'consent', op: '==', value: 'wechat' },
    { field: 'tags', op: 'lacks', value: 'say "hi"' },
  ]);
  assert.equal(rule, 'tier == "gold" and "fashion" in interests and spent >= 100000 and days_since(lastActiveAt) < 30 and birthday_within(7)'
    + ' and not segment("complaint") and consents.wechat == true and "say \\"hi\\"" not in tags');
  pk.compileRule(rule).dispose();
  assert.throws(() => conditionText({ field: 'orders', op: '>=', value: 'ten' }), /number/);
  assert.throws(() => conditionText({ field: 'tier', op: '==', value: ' ' }), /value/);
  assert.equal(fieldForPath('offers[3].reward.percent', { rewardType: 'percent' }), 'percent');
  assert.equal(fieldForPath('reward.percent', { rewardType: 'buy_x_get_y' }), 'getPercent');
  assert.equal(fieldForPath('validity.dayparts[0].from', {}), 'dayparts');
  assert.equal(fieldForPath('limits.perCustomerPerDay', {}), 'limitPerDay');
  assert.equal(fieldForPath('nothing.here', {}), null);
});

// The checkout's page modules that need no browser, run in Node against the built package:
// money formatting and parsing in minor units, pricing with offline-verified coupons (in the
// server's zone), the till's token checks, and reading the server's configuration.
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { pk } from '../js/load-dist.mjs';
import { formatMoney, parseMoney, minorDigits } from '../../demo-web/src/checkout/money.js';
import { priceSale, cartOf, codeVerdicts } from '../../demo-web/src/checkout/pricing.js';
import { checkToken, normalizeToken } from '../../demo-web/src/checkout/tokens.js';
import { fetchConfig, checkConfig, currencyOf, sameConfig, DEMO_APP_KEY } from '../../demo-web/src/checkout/config.js';

test('money: minor units formatted exactly, typed prices parsed without floats', () => {
  assert.equal(minorDigits('CNY'), 2);
  assert.equal(minorDigits('JPY'), 0);
  assert.equal(formatMoney(123456, 'CNY', 'en'), 'CN¥1,234.56');
  assert.equal(formatMoney(123456, 'CNY', 'zh'), '¥1,234.56');
  assert.equal(formatMoney(-5, 'CNY', 'en'), '-CN¥0.05');
  assert.equal(formatMoney(500, 'JPY', 'en'), '¥500');
  assert.equal(formatMoney(900719925474099, 'USD', 'en'), '$9,007,199,254,740.99'); // no float rounding
  assert.equal(parseMoney('12.5', 'CNY'), 1250);
  assert.equal(parseMoney(' 12 ', 'CNY'), 1200);
  assert.equal(parseMoney('0.01', 'CNY'), 1);
  assert.equal(parseMoney('12,50', 'CNY'), 1250);
  assert.equal(parseMoney('0.29', 'CNY'), 29); // 0.29 * 100 is 28.999… in floats
  assert.equal(parseMoney('500', 'JPY'), 500);
  assert.throws(() => parseMoney('12.345', 'CNY'), (e) => e.reason === 'priceDecimals' && e.digits === 2);
  assert.throws(() => parseMoney('5.5', 'JPY'), (e) => e.reason === 'priceDecimals');
  for (const bad of ['', 'abc', '-3', '1e3', '12.3.4']) assert.throws(() => parseMoney(bad, 'CNY'), (e) => e.reason === 'priceFormat', bad);
});

const now = Date.UTC(2026, 5, 1, 4, 0); // a Monday, 12:00 in Shanghai
const catalog = {
  version: 3,
  offers: [
    { id: 'tee-20', title: { en: '20% off tees' }, reward: { type: 'percent', percent: 20 }, scope: { categories: ['fashion'] }, requiresClaim: true },
    { id: 'gold-10', reward: { type: 'fixed', amount: 1000, target: 'order' }, targeting: 'tier == "gold"' },
    { id: 'hot', reward: { type: 'fixed', amount: 500, target: 'order' }, code: { mode: 'shared', value: 'HOT5' }, stacking: { group: 'codes' } },
    { id: 'claimed-code', reward: { type: 'percent', percent: 5 }, code: { mode: 'shared', value: 'VIP5' }, requiresClaim: true },
    { id: 'unique-10', reward: { type: 'percent', percent: 10 }, code: { mode: 'unique' }, stacking: { group: 'unique' } },
  ],
};
const cart = cartOf([{ id: 'l1', sku: 'TEE', category: 'fashion', brand: 'X', unitPrice: 9900, quantity: 2, name: 'Tee' }], { currency: 'CNY', store: 's1' });

test('pricing: a verified coupon prices exactly as a claim in the shopper\'s own engine', () => {
  const signing = pk.tokens.generateKey(new Uint8Array(32).fill(7));
  const token = pk.tokens.sign({ offerId: 'tee-20', claimId: 'c-1', customerId: 'u1', expiry: now + 864e5, nonce: 'n1' }, signing);
  const voucher = { token, ...pk.tokens.verify(token, pk.tokens.verifyKeyFor(signing), { now }) };
  const profile = { id: 'u1', tier: 'gold' };
  const got = priceSale(pk, catalog, { cart, codes: ['hot5', 'NOPE'], vouchers: [voucher], profile, now });

  const engine = pk.createEngine(catalog, { now });
  engine.setProfile(profile);
  engine.claim('tee-20');
  const want = engine.priceCart(cart, { codes: ['hot5', 'NOPE'] });
  engine.dispose();
  assert.deepEqual(got, want);
  assert.deepEqual(got.applied.map((a) => a.offerId).sort(), ['gold-10', 'hot', 'tee-20']);
  assert.equal(got.subtotal, 19800);
  assert.equal(got.total, 19800 - 3960 - 1000 - 500);

  // Without the coupon and without the profile: the claimed and the targeted offers drop out, with reasons.
  const bare = priceSale(pk, catalog, { cart, codes: ['VIP5', 'NOPE'], now });
  const reasons = Object.fromEntries(bare.rejected.map((r) => [r.offerId, r.reason]));
  assert.equal(reasons['tee-20'], 'NOT_CLAIMED');
  assert.equal(reasons['gold-10'], 'NOT_IN_SEGMENT');
  assert.equal(bare.total, 19800);
  assert.deepEqual(codeVerdicts(catalog, bare), [
    { code: 'VIP5', offerId: 'claimed-code', status: 'NOT_CLAIMED' },
    { code: 'NOPE', offerId: null, status: 'UNKNOWN_CODE' },
  ]);
  assert.deepEqual(codeVerdicts(catalog, got).map((v) => v.status), ['applied', 'UNKNOWN_CODE']);

  // A unique code: the engine (with no code key) accepts its shape; the verdict says so.
  const unique = priceSale(pk, catalog, { cart, codes: ['pk-2345-6789', 'PK-2345'], now });
  assert.deepEqual(codeVerdicts(catalog, unique), [
    { code: 'PK-2345-6789', offerId: 'unique-10', status: 'applied', shapeOnly: true },
    { code: 'PK-2345', offerId: null, status: 'UNKNOWN_CODE' },
  ]);

  // A coupon past its expiry does not apply.
  const old = priceSale(pk, catalog, { cart, vouchers: [{ ...voucher, expiry: now - 1 }], now });
  assert.equal(old.rejected.find((r) => r.offerId === 'tee-20').reason, 'NOT_CLAIMED');
});

test('tokens: signature, expiry, catalog, one use per till, one shopper per sale', () => {
  const signing = pk.tokens.generateKey(new Uint8Array(32).fill(9));
  const verifyKey = pk.tokens.verifyKeyFor(signing);
  const sign = (p) => pk.tokens.sign({ offerId: 'tee-20', claimId: 'c-1', customerId: 'u1', expiry: now + 1000, nonce: 'n', ...p }, signing);
  const base = { verifyKey, now, catalog, accepted: new Set(), inSale: [] };
  const token = sign({});

  const ok = checkToken(pk, `  ${token.toLowerCase().slice(0, 50)}\n${token.toLowerCase().slice(50)} `, base);
  assert.equal(ok.ok, true);
  assert.equal(ok.voucher.token, token);
  assert.equal(ok.voucher.claimId, 'c-1');
  assert.equal(normalizeToken(' ab c\n'), 'ABC');

  const reason = (text, over = {}) => checkToken(pk, text, { ...base, ...over }).reason;
  assert.equal(reason(''), 'TOKEN_EMPTY');
  assert.equal(reason(token, { verifyKey: '' }), 'NO_VERIFY_KEY');
  assert.equal(reason(token, { verifyKey: signing }), 'PK_TOKEN_KEY');
  assert.equal(reason(token, { verifyKey: pk.tokens.verifyKeyFor(pk.tokens.generateKey(new Uint8Array(32).fill(1))) }), 'PK_TOKEN_SIGNATURE');
  assert.equal(reason(token.slice(0, -8)), 'PK_TOKEN_MALFORMED');
  assert.equal(reason(token, { now: now + 1000 }), 'PK_TOKEN_EXPIRED');
  assert.equal(reason(sign({ offerId: 'gone' })), 'UNKNOWN_OFFER');
  assert.equal(reason(token, { accepted: new Set(['c-1']) }), 'TOKEN_USED_HERE');
  assert.equal(reason(token, { inSale: [ok.voucher] }), 'TOKEN_IN_SALE');
  assert.equal(reason(sign({ claimId: 'c-2', customerId: 'u2' }), { inSale: [ok.voucher] }), 'OTHER_SHOPPER');
  assert.equal(checkToken(pk, sign({ claimId: 'c-2' }), { ...base, inSale: [ok.voucher] }).ok, true);
});

test('pricing: local times of an offer that names no zone are the server\'s zone', () => {
  const lunch = { version: 1, offers: [{ id: 'lunch', reward: { type: 'percent', percent: 10 },
    validity: { start: now - 864e5, end: now + 864e5, dayparts: [{ days: 'mon-fri', from: '11:00', to: '14:00' }] } }] };
  const reasonAt = (zone) => priceSale(pk, lunch, { cart, now, zone }).rejected.find((r) => r.offerId === 'lunch')?.reason;
  assert.equal(reasonAt('Asia/Shanghai'), undefined, '12:00 in Shanghai: applied');
  assert.equal(priceSale(pk, lunch, { cart, now, zone: 'Asia/Shanghai' }).total, 19800 - 1980);
  assert.equal(reasonAt(undefined), 'OUTSIDE_WINDOW', '04:00 UTC');
});

test('config: GET /v1/config read, refused keys and bad answers told apart; the catalog names the currency', async () => {
  const good = { verifyKey: 'ed25519-vk:BCA_EHsMf4HOUXWCgRI1jzPk15bQcQUqdIjDk7k_ExE', currency: 'USD', zone: 'Asia/Shanghai', catalogVersion: 37 };
  const calls = [];
  const answer = (status, body) => async (url, init) => {
    calls.push({ url, key: init.headers['x-app-key'] });
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  };
  assert.deepEqual(await fetchConfig('k1', { fetch: answer(200, good), baseUrl: 'http://h' }), good);
  assert.deepEqual(calls, [{ url: 'http://h/v1/config', key: 'k1' }]);

  const failure = (p) => p.then(() => assert.fail('no error'), (e) => ({ code: e.code, status: e.status, message: e.message }));
  assert.deepEqual(await failure(fetchConfig('bad', { fetch: answer(403, { code: 'PK_AUTH_INVALID', message: 'not valid' }) })),
    { code: 'PK_AUTH_INVALID', status: 403, message: 'not valid' });
  assert.deepEqual(await failure(fetchConfig('k', { fetch: answer(502, 'gateway down') })), { code: 'HTTP_502', status: 502, message: 'HTTP 502' });
  assert.equal((await failure(fetchConfig('k', { fetch: async () => { throw new TypeError('Failed to fetch'); } }))).code, 'PK_NETWORK_FAILED');
  for (const bad of [{ ...good, verifyKey: 'ed25519-sk:secret' }, { ...good, currency: 'usd' }, { ...good, zone: '' }, null]) {
    assert.equal((await failure(fetchConfig('k', { fetch: answer(200, bad) }))).code, 'BAD_CONFIG', JSON.stringify(bad));
  }
  assert.equal(checkConfig({ ...good, catalogVersion: undefined }).catalogVersion, null);

  assert.equal(currencyOf({ currency: 'JPY' }, good), 'JPY', 'the catalog says');
  assert.equal(currencyOf({}, good), 'USD', 'a catalog cached before the server sent its currency');
  assert.equal(currencyOf({}, null), null, 'no default currency');
  assert.equal(sameConfig(good, { ...good, fetchedAt: 1 }), true);
  assert.equal(sameConfig(good, { ...good, verifyKey: 'ed25519-vk:other' }), false);
  assert.equal(sameConfig(good, null), false);
  // The key prefilled at set-up is the one scripts/run.sh starts the server with.
  assert.match(readFileSync(new URL('../../scripts/run.sh', import.meta.url), 'utf8'), new RegExp(`PROMOKIT_APP_KEY:-${DEMO_APP_KEY}\\}`));
});

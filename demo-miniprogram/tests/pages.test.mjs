// The pages and components under miniprogram-simulate (j-component in a jsdom), with `wx`
// mocked by the test (storage, navigation, and wx.request answered by tests/support.mjs's
// in-memory server) and the real engine underneath (the SDK's Node build).
import { test, before, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { appDir, require, setupDom, makeStore, until, testProfile, DAY } from './support.mjs';

let simulate;
let appStore;
let ctx; // { store, server, wx, ... } of the running test

before(async () => {
  await setupDom();
  simulate = require('miniprogram-simulate');
  appStore = require(join(appDir, 'lib', 'app-store.js'));
});

async function start(options) {
  ctx = await makeStore(options);
  globalThis.wx = ctx.wx;
  appStore.reset();
  appStore.setStore(ctx.store);
  return ctx;
}

const opened = [];

afterEach(async () => {
  for (const page of opened.splice(0)) {
    page.instance.onUnload();
    page.detach();
  }
  await simulate.sleep(10); // renders already started finish before the client closes
  if (ctx) await ctx.store.close();
  ctx = null;
  appStore.reset();
});

// Loads and attaches a page (a Component, as WeChat allows), then runs its onLoad.
async function openPage(name, query = {}) {
  const id = simulate.load(join(appDir, 'pages', name, 'index'), { compiler: 'official', rootPath: appDir });
  const page = simulate.render(id);
  page.attach(document.body);
  opened.push(page);
  await page.instance.onLoad(query);
  await simulate.sleep(0);
  return page;
}

const texts = (page, selector) => page.querySelectorAll(selector).map((n) => n.dom.textContent.trim());

test('offer center: recommendations with reasons, offers with discount, expiry and conditions', async () => {
  await start();
  const page = await openPage('offers');
  const { recommended, offers, options } = page.data;
  assert.ok(recommended.length >= 1 && recommended.length <= 5, 'recommended for you');
  for (const r of recommended) assert.ok(r.reasons.length >= 1, `${r.offerId} has a reason`);
  assert.ok(offers.length >= 5);
  const uniqlo = offers.find((o) => o.offerId === 'fashion-uniqlo-20');
  assert.equal(uniqlo.discountText, '20% off');
  assert.equal(uniqlo.conditionsText, 'Up to ¥100 off');
  assert.match(uniqlo.expiresText, /^Ends 20\d\d-\d\d-\d\d$/);
  assert.equal(page.querySelectorAll('.rec').length, recommended.length, 'one card per recommendation');
  assert.equal(page.querySelectorAll('.offer').length, offers.length);
  const values = (list) => list.map((o) => o.value);
  assert.ok(values(options.interests).includes('fashion') && values(options.interests).includes('food'));
  assert.ok(values(options.tiers).includes('gold'));
  assert.deepEqual(options.malls, [{ value: 'm1', label: 'm1' }]);
  assert.equal(options.interests.find((o) => o.value === 'fashion').label, 'Fashion');
  assert.ok(texts(page, '.section-title').includes('Recommended for You'));
});

test('offer center: interest, tier and mall chips filter the list', async () => {
  await start();
  const page = await openPage('offers');
  const all = page.data.offers.length;
  const chip = (value) => page.querySelectorAll('.chip').find((c) => c.dom.textContent.trim() === value);
  chip('Food').dispatchEvent('tap');
  await simulate.sleep(0);
  assert.equal(page.data.filters.interest, 'food');
  const food = page.data.offers;
  assert.ok(food.length > 0 && food.length < all);
  const catalogOffers = new Map(ctx.catalog.offers.map((o) => [o.id, o]));
  for (const o of food) assert.equal(catalogOffers.get(o.offerId).category, 'food', `${o.offerId} is food`);
  chip('Food').dispatchEvent('tap'); // again: off
  await simulate.sleep(0);
  assert.equal(page.data.offers.length, all);
  chip('Gold').dispatchEvent('tap');
  await simulate.sleep(0);
  assert.deepEqual(page.data.offers.map((o) => o.offerId), ['fashion-gold-vip-30'], 'the gold members exclusive');
  chip('Gold').dispatchEvent('tap');
  chip('m1').dispatchEvent('tap');
  await simulate.sleep(0);
  assert.equal(page.data.offers.length, all, 'every demo offer is at mall m1');
});

test('offer center: Chinese and English, and opening an offer tracks a click', async () => {
  await start();
  const tabs = [];
  ctx.wx.setTabBarItem = ({ index, text }) => (tabs[index] = text);
  const page = await openPage('offers');
  assert.equal(page.data.lang, 'en');
  page.querySelector('.lang').dispatchEvent('tap');
  await simulate.sleep(0);
  assert.equal(page.data.lang, 'zh');
  assert.ok(texts(page, '.section-title').includes('为你推荐'));
  assert.deepEqual(tabs, ['优惠', '卡包', '游戏', '结算', '消息'], 'the tab bar follows');
  assert.equal(page.data.offers.find((o) => o.offerId === 'fashion-uniqlo-20').title, '优衣库8折');
  page.querySelectorAll('.offer')[0].querySelector('.card').dispatchEvent('tap');
  await simulate.sleep(0);
  const opened = page.data.offers[0].offerId;
  assert.deepEqual(ctx.wx.navigations, [`/pages/offer/index?id=${opened}`]);
  await until(() => ctx.store.client.pending().some((p) => p.kind === 'event') || ctx.server.state.events.some((e) => e.type === 'click'), 2000, 'click event');
});

test('offer detail: usage rules, claim pending until the server confirms, then the QR voucher', async () => {
  await start();
  const page = await openPage('offer', { id: 'fashion-nike-50' });
  assert.equal(page.data.card.title, 'Nike: 50 off 500');
  assert.ok(page.data.rules.some((r) => /500/.test(r)), 'minimum spend');
  assert.ok(page.data.rules.includes('2 per person') && page.data.rules.includes('1 per person per day') && page.data.rules.includes('500 in total'));
  assert.equal(page.data.canClaim, true);
  ctx.server.state.offline = true; // the claim waits in the queue
  page.querySelector('.claim').dispatchEvent('tap');
  await until(() => page.data.entry && page.data.entry.status === 'pending', 2000, 'pending entry');
  assert.equal(page.data.statusText, 'Confirming');
  assert.equal(page.data.voucherToken, '');
  assert.equal(page.querySelectorAll('.voucher').length, 0);
  ctx.server.state.offline = false;
  await ctx.store.client.flush();
  await until(() => page.data.voucherToken, 3000, 'confirmed claim');
  assert.equal(page.data.statusText, 'Ready to use');
  const token = page.data.voucherToken;
  const payload = ctx.pk.tokens.verify(token, ctx.server.verifyKey);
  assert.equal(payload.offerId, 'fashion-nike-50');
  const voucher = page.querySelector('#voucher');
  assert.ok(voucher, 'qr-voucher shown');
  assert.ok(voucher.data.modules >= 21, 'a QR code was made of the token');
  assert.equal(ctx.server.state.claims.length, 1);
});

test('offer detail: a claim the server refuses shows why; an ineligible offer cannot be claimed', async () => {
  await start();
  ctx.server.state.refuse['fashion-uniqlo-20'] = 'PK_LIMIT_REACHED';
  const page = await openPage('offer', { id: 'fashion-uniqlo-20' });
  page.querySelector('.claim').dispatchEvent('tap');
  await until(() => page.data.entry && page.data.entry.status === 'rejected', 3000, 'rejected');
  assert.equal(page.data.statusText, 'Not granted · limit reached');
  await ctx.store.close();

  await start({ profile: testProfile(Date.now(), { tier: 'silver' }) });
  const other = await openPage('offer', { id: 'fashion-gold-vip-30' });
  assert.equal(other.data.canClaim, false);
  assert.equal(other.data.notEligibleText, 'Not available to you: not for your member group');
  assert.equal(other.querySelectorAll('.claim').length, 0);
  const gone = await openPage('offer', { id: 'no-such-offer' });
  assert.equal(gone.data.found, false);
  assert.equal(gone.data.message, 'This offer is no longer in the catalog');
});

test('wallet: coupons by status, voucher on tap, redemption history, points', async () => {
  await start();
  await ctx.store.claim('fashion-uniqlo-20');
  await ctx.store.claim('fashion-nike-50');
  await until(() => ctx.store.engine.wallet().filter((w) => w.status === 'active').length === 2, 3000, 'two confirmed');
  // A till redeems one (the server's wallet reports it on the next sync).
  const uniqlo = ctx.server.state.claims.find((c) => c.offerId === 'fashion-uniqlo-20');
  Object.assign(uniqlo, { status: 'redeemed', redeemedAt: Date.now(), store: 's1' });
  await ctx.store.refresh();
  const page = await openPage('wallet');
  const groups = Object.fromEntries(page.data.groups.map((g) => [g.status, g.items.map((i) => i.offerId)]));
  assert.deepEqual(groups, { active: ['fashion-nike-50'], used: ['fashion-uniqlo-20'] });
  assert.equal(page.data.points, 1000);
  assert.equal(page.data.redemptions.length, 1);
  assert.match(page.data.redemptions[0].text, /^Redeemed \d{4}-\d\d-\d\d \d\d:\d\d$/);
  assert.equal(page.querySelectorAll('.wallet-qr').length, 0);
  page.querySelector('.show').dispatchEvent('tap');
  await simulate.sleep(0);
  assert.equal(page.data.shown, ctx.server.state.claims.find((c) => c.offerId === 'fashion-nike-50').token);
  assert.equal(page.querySelectorAll('.wallet-qr').length, 1);
  assert.ok(page.querySelector('.wallet-qr').data.modules >= 21);
});

test('wallet: a coupon only the server holds (won in a draw, claimed on another device) is taken in and usable', async () => {
  await start();
  const won = ctx.server.grant('fashion-uniqlo-20', 'u-test');
  await ctx.store.refresh();
  const page = await openPage('wallet');
  assert.deepEqual(page.data.groups.map((g) => [g.status, g.items.map((i) => i.offerId)]), [['active', ['fashion-uniqlo-20']]]);
  const entry = ctx.store.engine.wallet().find((w) => w.token === won.token);
  assert.equal(entry.status, 'active', 'the engine took it in with the server\'s token');
  const { checkoutView } = require(join(appDir, 'lib', 'checkout.js'));
  const v = checkoutView(ctx.store, [{ sku: 'UNIQLO-TEE', quantity: 1 }]);
  assert.deepEqual(v.applied.filter((a) => a.amountText).map((a) => a.offerId), ['fashion-uniqlo-20']);
  assert.equal(ctx.store.client.wallet().length, 0, 'nothing was claimed from this phone');
});

test('wallet: offline, a claim is pending and the banner says so; it syncs when back', async () => {
  await start();
  ctx.server.state.offline = true;
  await ctx.store.refresh();
  await ctx.store.claim('fashion-uniqlo-20');
  const page = await openPage('wallet');
  assert.match(page.data.offlineText, /^Offline/);
  assert.match(page.data.pendingText, /waiting to sync/);
  assert.deepEqual(page.data.groups.map((g) => g.status), ['pending']);
  ctx.server.state.offline = false;
  await ctx.store.refresh();
  await until(() => page.data.groups.length && page.data.groups[0].status === 'active', 3000, 'active after sync');
  assert.equal(page.data.offlineText, '');
});

test('games: the wheel turns to the engine\'s index; scratch reveals the engine\'s grid; challenges', async () => {
  await start();
  const { segmentAt } = require(join(appDir, 'lib', 'games.js'));
  const page = await openPage('games');
  assert.deepEqual(page.data.pools.map((p) => p.game), ['wheel', 'scratch', 'daily']);
  assert.equal(page.data.pool.tickets, 3);
  const wheel = page.querySelector('#wheel');
  page.setData({ spinMs: 5 });
  page.querySelector('.play').dispatchEvent('tap');
  await until(() => page.data.result, 3000, 'wheel result');
  const draw = ctx.store.client.draws().at(-1);
  assert.equal(page.data.spin.index, draw.request.outcome.index, 'the wheel stops at the engine\'s outcome');
  assert.equal(segmentAt(wheel.data.rotation, page.data.pool.segments.length), draw.request.outcome.index);
  const prize = ctx.catalog.prizePools[0].prizes[draw.request.outcome.index];
  assert.equal(page.data.result, prize.kind === 'none' ? 'No prize this time' : `You won: ${page.data.pool.segments[draw.request.outcome.index].label}`);
  await until(() => page.data.pool.tickets === 2, 2000, 'one ticket used');

  page.querySelectorAll('.tab')[1].dispatchEvent('tap');
  await simulate.sleep(0);
  assert.equal(page.data.pool.game, 'scratch');
  assert.equal(page.data.pool.tickets, 0, 'a pool that costs points is not stocked up automatically');
  assert.equal(page.data.pool.entryText, 'Each play costs 100 points');
  page.querySelector('.more').dispatchEvent('tap');
  await until(() => page.data.pool.tickets === 1, 2000, 'one scratch ticket bought');
  page.querySelector('.play').dispatchEvent('tap');
  await until(() => page.data.cells.length === 9, 3000, 'scratch grid');
  const scratch = page.querySelector('#scratch');
  for (const cell of scratch.querySelectorAll('.cell')) cell.dispatchEvent('tap');
  await until(() => page.data.result, 2000, 'scratch result');
  const played = ctx.store.client.draws().at(-1).request.outcome;
  assert.equal(played.grid.length, 9);
  const counts = {};
  for (const id of played.grid) counts[id] = (counts[id] || 0) + 1;
  assert.equal(counts[played.prizeId], 3, 'the prize shows three times');

  await until(() => page.data.history.length === 2 && page.data.history.every((h) => h.statusText !== 'Confirming'), 3000, 'both plays verified');
  assert.equal(page.data.history[0].label, page.data.pool.segments.find((x) => x.id === played.prizeId).label, 'newest first');

  const ids = page.data.challenges.map((c) => c.id);
  assert.deepEqual(ids, ['spend-500-week', 'visit-3-food', 'weekend-movie']);
  assert.equal(page.data.challenges[0].progressText, '¥0.00 / ¥500.00');
  await until(() => ctx.server.state.draws.length === 2, 3000, 'draws verified by the server');
});

test('games: no tickets offline; the button asks the server when back online', async () => {
  await start({ offline: true });
  const page = await openPage('games');
  assert.equal(page.data.pool.tickets, 0);
  // No profile yet (never online): the UI starts in Chinese.
  assert.equal(page.data.pool.ticketsText, '没有抽奖券了，联网后可获取');
  page.querySelector('.more').dispatchEvent('tap');
  await until(() => page.data.message, 2000, 'error message');
  assert.match(page.data.message, /^出错了：/);
  ctx.server.state.offline = false;
  page.querySelector('.more').dispatchEvent('tap');
  await until(() => page.data.pool.tickets === 3, 2000, 'tickets');
});

test('checkout: best offers with a breakdown, codes, and paying queues the coupon\'s redemption', async () => {
  await start();
  await ctx.store.claim('fashion-uniqlo-20');
  await until(() => ctx.store.engine.wallet().some((w) => w.status === 'active'), 3000, 'confirmed');
  const page = await openPage('checkout');
  assert.equal(page.data.view.empty, true);
  const shelf = page.data.products.map((p) => p.sku);
  const addButton = () => page.querySelectorAll('.add')[shelf.indexOf('UNIQLO-TEE')];
  addButton().dispatchEvent('tap');
  addButton().dispatchEvent('tap');
  await simulate.sleep(0);
  const v = page.data.view;
  assert.equal(v.subtotalText, '¥198.00');
  assert.deepEqual(v.applied.filter((a) => a.amountText).map((a) => [a.offerId, a.amountText]), [['fashion-uniqlo-20', '-¥39.60']]);
  assert.equal(v.totalText, '¥158.40');
  assert.equal(v.lines[0].discountText, '-¥39.60');
  assert.deepEqual(ctx.wx.getStorageSync('mp:u-test:cart'), [{ sku: 'UNIQLO-TEE', quantity: 2 }], 'the cart is kept in wx storage');
  page.instance.onCodeInput({ detail: { value: 'nosuchcode' } });
  page.querySelector('.apply').dispatchEvent('tap');
  await simulate.sleep(0);
  assert.deepEqual(page.data.view.codes.map((c) => [c.code, c.valid, c.text]), [['NOSUCHCODE', false, 'The code NOSUCHCODE is not valid']]);
  page.querySelector('.pay').dispatchEvent('tap');
  await until(() => page.data.message, 2000, 'paid');
  assert.equal(page.data.message, 'Paid ¥158.40; saved ¥39.60');
  assert.equal(page.data.view.empty, true);
  await until(() => ctx.server.state.redemptions.length === 1, 3000, 'redemption sent');
  assert.equal(ctx.server.state.redemptions[0].store, 's1');
  await until(() => ctx.server.state.events.some((e) => e.type === 'purchase' && e.amount === 15840), 3000, 'purchase event');
  const challenges = require(join(appDir, 'lib', 'games.js')).challengesView(ctx.store);
  assert.equal(challenges[0].progressText, '¥158.40 / ¥500.00', 'the spend challenge counts the purchase');
});

test('notifications: birthday, event, deal and we-miss-you, in English and Chinese, each once', async () => {
  const now = Date.now();
  await start({ profile: testProfile(now, { lastActiveAt: now - 60 * DAY }) });
  const page = await openPage('notifications');
  const kinds = page.data.items.map((i) => i.kind).sort();
  assert.deepEqual(kinds, ['birthday', 'deal', 'event', 'we_miss_you']);
  const byKind = Object.fromEntries(page.data.items.map((i) => [i.kind, i]));
  assert.equal(byKind.birthday.text, 'Happy birthday soon, Ann! Happy birthday: 100 off 300 is waiting.');
  assert.equal(byKind.event.text, 'Winter sale starts in 2 days');
  assert.equal(byKind.birthday.kindText, 'Birthday');
  assert.equal(page.data.unread, 4);
  page.querySelector('.lang').dispatchEvent('tap');
  await simulate.sleep(0);
  const zh = Object.fromEntries(page.data.items.map((i) => [i.kind, i]));
  assert.equal(zh.birthday.text, 'Ann，还有2天就是您的生日啦！生日礼：满300减100已备好。');
  assert.equal(zh.event.text, '冬季特卖还有2天开始');
  assert.match(zh.we_miss_you.text, /^Ann，好久不见：本周末/);
  assert.equal(zh.event.kindText, '活动');
  // Shown again: nothing new (delivered once), and tapping opens the offer and marks it read.
  page.instance.onShow();
  await simulate.sleep(0);
  assert.equal(page.data.items.length, 4);
  page.querySelectorAll('.msg').find((m) => m.dom.textContent.includes('生日')).dispatchEvent('tap');
  await simulate.sleep(0);
  assert.equal(page.data.unread, 3);
  assert.deepEqual(ctx.wx.navigations, ['/pages/offer/index?id=mall-birthday-100']);
});

test('a page opened before the SDK loaded waits for it; a failed load shows the error', async () => {
  appStore.reset();
  const id = simulate.load(join(appDir, 'pages', 'wallet', 'index'), { compiler: 'official', rootPath: appDir });
  const page = simulate.render(id);
  page.attach(document.body);
  const loading = page.instance.onLoad();
  appStore.setFailure(new Error('WXWebAssembly is not available (base library 2.13.0+ needed)'));
  await loading;
  assert.equal(page.data.error, '出错了：WXWebAssembly is not available (base library 2.13.0+ needed)');
});

// End to end against the real server (build/native/server/promokit-server --demo, on 127.0.0.1
// with a temporary database): the app's code package in the mini program runtime simulator,
// config.js pointed at the server, and the pages' data flow of one shopper —
// recommend → claim → redeem (a till scans the QR; checkout redeems another) → draw → notifications.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMiniProgramRuntime } from '../../tests/miniprogram/simulator.mjs';
import { startServer, APP } from '../../tests/server/support/server.mjs';
import { makeAppPackage, until, require, appDir, DAY } from './support.mjs';

const CUSTOMER = 'u001';
const plain = (v) => JSON.parse(JSON.stringify(v));

let server;
let packageDir;
let rt;
let app;
let store;
let page; // runs a page's Component definition against a minimal instance

before(async () => {
  server = await startServer({ args: ['--demo', '--access-log', 'false'] });
  packageDir = await makeAppPackage();
  // Pointing the app at a server is one file.
  writeFileSync(
    join(packageDir, 'config.js'),
    `module.exports = ${JSON.stringify({ ...require(join(appDir, 'config.js')), serverUrl: server.url, appKey: APP, customerId: CUSTOMER })};\n`,
  );
  // The shopper's birthday is in two days (Shanghai), so the birthday message is due.
  const b = new Date(Date.now() + 8 * 3600e3 + 2 * DAY);
  const birthday = `1990-${String(b.getUTCMonth() + 1).padStart(2, '0')}-${String(b.getUTCDate()).padStart(2, '0')}`;
  const patched = await server.call('PATCH', `/v1/profiles/${CUSTOMER}`, { body: { birthday } });
  assert.equal(patched.status, 200, patched.text);

  rt = createMiniProgramRuntime({ packageDir }); // wx.request over real HTTP
  const definitions = {};
  rt.context.App = (options) => (app = options);
  rt.context.Component = (options) => (definitions.current = options);
  rt.require('./app.js');
  app.onLaunch();
  store = await app.ready;
  page = async (name, query) => {
    rt.require(`./pages/${name}/index.js`);
    const def = definitions.current;
    const p = { data: plain(def.data || {}), setData(d) { Object.assign(this.data, d); }, ...def.methods };
    await p.onLoad(query);
    return p;
  };
});

after(async () => {
  if (store) await store.close();
  if (server) {
    await server.stop();
    server.cleanup();
  }
  if (packageDir) rmSync(packageDir, { recursive: true, force: true });
});

const stats = async (offerId) => (await server.call('GET', `/v1/admin/stats/offers/${offerId}`, { admin: true })).body;

test('recommend → claim → redeem → draw → notifications against promokit-server --demo', async () => {
  // Start: the server's catalog and profile, over wx.request.
  assert.equal(store.client.catalogSource, 'network');
  assert.equal(store.status.online, true);
  assert.equal(store.profile.id, CUSTOMER);
  assert.ok(store.client.catalog.offers.length >= 10);

  // 1. Recommend: the Offer Center's "Recommended for You", each with a reason.
  const center = await page('offers');
  assert.equal(center.data.error, '');
  const recs = center.data.recommended;
  assert.ok(recs.length >= 1);
  for (const r of recs) assert.ok(r.reasons.length >= 1, `${r.offerId} has a reason`);

  // 2. Claim from the detail page: pending, then confirmed by the server with a token.
  const claimable = store.engine.offers({ locale: 'en' }).filter((o) => o.requiresClaim && o.canClaim && o.code === 'none' && !o.pointsCost);
  const byRank = [...recs.map((r) => r.offerId), ...claimable.map((o) => o.offerId)];
  const first = byRank.find((id) => claimable.some((o) => o.offerId === id));
  assert.ok(first, 'something to claim');
  const detail = await page('offer', { id: first });
  await detail.claim();
  assert.equal(detail.data.entry.status, 'pending');
  await until(async () => {
    detail.render(store);
    return detail.data.voucherToken;
  }, 10000, 'claim confirmed');
  assert.equal((await stats(first)).claims, 1);

  // 3a. Redeem at a till: the QR on the phone scans to the token the till sends.
  const { qrRects } = require(join(appDir, 'lib', 'qr.js'));
  const px = 330;
  const { rects } = qrRects(detail.data.voucherToken, px);
  const rgba = new Uint8ClampedArray(px * px * 4).fill(255);
  for (const [x, y, w, h] of rects)
    for (let j = y; j < y + h; j++) for (let i = x; i < x + w; i++) rgba.fill(0, (j * px + i) * 4, (j * px + i) * 4 + 3);
  const scanned = require('jsqr')(rgba, px, px);
  assert.equal(scanned && scanned.data, detail.data.voucherToken);
  const till = await server.call('POST', '/v1/redemptions', { body: { token: scanned.data, store: 's1' } });
  assert.equal(till.status, 201, till.text);
  await store.refresh();
  const wallet = await page('wallet');
  const used = wallet.data.groups.find((g) => g.status === 'used');
  assert.ok(used && used.items.some((i) => i.offerId === first), 'the wallet shows it used');
  assert.equal(wallet.data.redemptions.length, 1);

  // 3b. Redeem at checkout: another coupon, applied to a cart; paying queues its redemption.
  const second = 'fashion-uniqlo-20' === first ? 'fashion-nike-50' : 'fashion-uniqlo-20';
  await store.claim(second);
  await until(() => store.engine.wallet().some((w) => w.offerId === second && w.status === 'active'), 10000, 'second claim confirmed');
  const checkout = await page('checkout');
  checkout.add({ currentTarget: { dataset: { sku: 'NIKE-SHOES' } } });
  checkout.add({ currentTarget: { dataset: { sku: 'UNIQLO-TEE' } } });
  assert.ok(checkout.data.view.applied.some((a) => a.offerId === second && a.amountText), 'the claimed coupon is applied');
  await checkout.pay();
  assert.match(checkout.data.message, /^(Paid|已支付)/);
  await until(() => store.client.redemptions().some((r) => r.status === 'confirmed'), 10000, 'redemption confirmed');
  assert.equal((await stats(second)).redemptions, 1);

  // 4. Draw: the wheel plays a server ticket; the engine's outcome is verified by the server.
  const games = await page('games');
  const wheel = games.data.pools.find((p) => p.game === 'wheel');
  assert.ok(wheel && wheel.tickets > 0, 'tickets were fetched');
  games.selectPool({ currentTarget: { dataset: { id: wheel.id } } });
  await games.play();
  const drawn = store.client.draws().at(-1);
  assert.equal(games.data.spin.index, drawn.request.outcome.index, 'the wheel animates to the engine\'s index');
  await until(() => store.client.draws().at(-1).status !== 'pending', 10000, 'draw verified');
  const settled = store.client.draws().at(-1);
  assert.equal(settled.httpStatus, 200, `server answer: ${JSON.stringify(settled.result)} ${settled.reason}`);
  assert.equal(settled.result.drawnPrizeId, drawn.request.outcome.drawn, 'the server recomputed the same draw');

  // 5. Notifications: the birthday message (and others due), in English and Chinese.
  const inbox = await page('notifications');
  const kinds = inbox.data.items.map((i) => i.kind);
  assert.ok(kinds.includes('birthday'), `birthday due: ${kinds}`);
  const stored = store.local.get('inbox', []);
  const bday = stored.find((x) => x.kind === 'birthday');
  assert.match(bday.text.en, /birthday/i);
  assert.match(bday.text.zh, /生日/);
  assert.equal(inbox.data.items.find((i) => i.kind === 'birthday').text, store.lang === 'zh' ? bday.text.zh : bday.text.en);

  console.log(`flow: recommended ${recs.map((r) => r.offerId).join(', ')}; claimed ${first} (till) and ${second} (checkout); ` +
    `wheel index ${drawn.request.outcome.index} → ${settled.status} ${settled.result.prize.id}; inbox ${kinds.join(', ')}`);
  // Everything reached the server: nothing waits.
  await store.client.flush();
  assert.deepEqual(plain(store.client.pending()), []);
});

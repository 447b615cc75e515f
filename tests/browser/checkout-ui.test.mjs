// The checkout's screens in headless Chromium against the real promokit-server (--demo): first
// set-up (the demo key prefilled and refused, then the right one; the server's verify key and
// currency kept for offline use), a free-form item with input errors, a targeted coupon
// read from a QR photo and priced with the shopper's profile (as the engine in Node prices it),
// the Chinese UI on a phone-sized screen, keyboard use, and a coupon read by the camera (a fake
// capture device playing a video of its QR).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pk } from '../js/load-dist.mjs';
import { startTill, claimToken, catalogOf, configOf, openCheckout, shot, client, APP, watch, waitFor } from './support-checkout/till.mjs';
import { writeQrVideo, launchWithCamera } from './support-checkout/camera.mjs';

let till;
before(async () => {
  till = await startTill();
});
after(async () => {
  await till?.stop();
});

const text = (page, sel) => page.textContent(sel).then((s) => s.trim());
const minor = (page, sel) => page.getAttribute(sel, 'data-minor').then(Number);

test('first start: the demo key prefilled, a refused key said at its field, the server\'s configuration kept for offline', async () => {
  // A server of another currency: the till takes it from the catalog, not from a default.
  const usd = await startTill({ args: ['--currency', 'USD'] });
  try {
    const coupon = await claimToken(usd.server, 'fashion-uniqlo-20', 'u003');
    const context = await usd.browser.newContext();
    const page = await context.newPage();
    const log = watch(page);
    await page.goto(`${usd.server.url}/checkout/`);
    await waitFor(page, '#set-app-key', log);
    assert.equal(await page.inputValue('#set-app-key'), 'pkk_demo_app', 'the demo key of scripts/run.sh, public');
    assert.equal(await page.$('#set-verify-key'), null, 'the verify key is not typed');
    await shot(page, 'checkout-setup');
    await page.fill('#set-app-key', '');
    await page.click('#save-settings');
    assert.equal(await text(page, '#set-app-key-err'), 'required');
    // No server: nothing is saved, and the form says why.
    await usd.serverDown();
    await page.fill('#set-app-key', 'pkk_demo_app');
    await page.click('#save-settings');
    await waitFor(page, '#settings-error', log);
    assert.match(await text(page, '#settings-error'), /configuration \(GET \/v1\/config — PK_NETWORK_FAILED/);
    await usd.serverUp();
    // This server was started with its own key: the demo key is refused, at the field.
    await page.fill('#set-app-key', 'pkk_demo_app');
    await page.fill('#set-store', 's1');
    await page.click('#save-settings');
    await waitFor(page, '#set-app-key-err', log);
    assert.match(await text(page, '#set-app-key-err'), /refused this app key \(403 PK_AUTH_INVALID\)/);
    assert.equal(await page.getAttribute('#set-app-key', 'aria-invalid'), 'true');
    assert.equal(await page.$('#products-h'), null);
    await page.fill('#set-app-key', APP);
    await page.click('#save-settings');
    await waitFor(page, '#products-h', log);
    await page.waitForSelector('#sync-badge[data-online="true"]');
    // The server went down while the worker precached on first load: the page registers again.
    await waitFor(page, '#sw-state[data-ready="true"]', log);
    assert.equal(await page.$('#sync-error'), null);
    assert.equal(await page.textContent('#verify-key'), usd.verifyKey, 'the verify key came from GET /v1/config');
    assert.equal(await page.textContent('#config-currency'), 'USD');
    assert.equal(await page.textContent('#config-zone'), (await configOf(usd.server)).zone);

    // Offline and reloaded: the key and currency come from IndexedDB; a coupon is verified.
    await context.setOffline(true);
    await usd.serverDown();
    await page.reload();
    await waitFor(page, '#products-h', log);
    await page.click('button.product[data-sku="UNIQLO-TEE"]');
    await page.fill('#token-input', coupon.token);
    await page.click('#apply-token');
    await waitFor(page, '#applied > li[data-offer="fashion-uniqlo-20"]', log);
    assert.equal(await minor(page, '#total'), 9900 - 1980);
    assert.equal(await text(page, '#total'), '$79.20');
    assert.deepEqual(log.filter((l) => l.startsWith('pageerror')), []);
    await context.close();
  } finally {
    await usd.stop();
  }
});

test('a free-form item: bad prices and quantities are explained, a good one is priced', async () => {
  const context = await till.browser.newContext();
  const { page, problems } = await openCheckout(context, till);
  await page.click('details.custom > summary');
  await page.click('#custom-add');
  assert.equal(await text(page, '#custom-sku-err'), 'required');
  assert.equal(await text(page, '#custom-price-err'), 'Enter a price such as 12.50');
  await page.fill('#custom-sku', 'MUG-1');
  await page.fill('#custom-price', '12.345');
  await page.fill('#custom-qty', '0');
  await page.click('#custom-add');
  assert.equal(await text(page, '#custom-price-err'), 'at most 2 decimal(s)');
  assert.match(await text(page, '#custom-qty-err'), /whole number/);
  assert.equal(await page.getAttribute('#custom-price', 'aria-invalid'), 'true');
  await page.fill('#custom-price', '12.5');
  await page.fill('#custom-qty', '3');
  await page.fill('#custom-category', 'home');
  await page.click('#custom-add');
  await page.waitForSelector('#cart tr[data-sku="MUG-1"]');
  assert.equal(await minor(page, '#total'), 3750);
  assert.equal(await text(page, '#total'), 'CN¥37.50');
  // Quantities change from the keyboard too.
  await page.focus('#cart tr[data-sku="MUG-1"] button[aria-label^="One more"]');
  await page.keyboard.press('Enter');
  assert.equal(await minor(page, '#total'), 5000);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a targeted coupon from a QR photo, priced with the shopper\'s profile; Chinese on a phone', async () => {
  const { server } = till;
  const shopper = 'u008'; // gold, interested in fashion (server/demo/mall.json)
  const vip = await claimToken(server, 'fashion-gold-vip-30', shopper);
  const catalog = await catalogOf(server);
  const profile = (await client(server, 'GET', `/v1/profiles/${shopper}`)).body;

  // The coupon as the shopper's phone shows it: the SDK's QR rendered to a PNG.
  const context = await till.browser.newContext();
  const qrPage = await context.newPage();
  await qrPage.setContent(`<body style="margin:0;background:#fff"><div style="width:420px">${pk.tokens.toQrSvg(vip.token, { border: 4 })}</div></body>`);
  const png = await (await qrPage.$('svg')).screenshot();
  await qrPage.close();

  const { page, problems, log } = await openCheckout(context, till);
  for (const sku of ['ZARA-SCARF', 'UNIQLO-JEANS', 'NIKE-AIR']) await page.click(`button.product[data-sku="${sku}"]`);
  await page.setInputFiles('#qr-image', { name: 'coupon.png', mimeType: 'image/png', buffer: png });
  await page.waitForSelector(`#vouchers li[data-claim="${vip.claimId}"]`);
  await waitFor(page, `#profile-note:has-text("profile of ${shopper} used")`, log);
  await page.waitForSelector('#applied > li[data-offer="fashion-gold-vip-30"]');

  const engine = pk.createEngine(catalog, { now: Date.now(), zone: (await configOf(server)).zone });
  const { ledger, revision, ...p } = profile;
  engine.setProfile(p);
  engine.claim('fashion-gold-vip-30');
  const want = engine.priceCart({ currency: catalog.currency, store: 's1', lines: [
    { id: 'x', sku: 'ZARA-SCARF', category: 'fashion', brand: 'Zara', unitPrice: 15900, quantity: 1 },
    { id: 'y', sku: 'UNIQLO-JEANS', category: 'fashion', brand: 'Uniqlo', unitPrice: 29900, quantity: 1 },
    { id: 'z', sku: 'NIKE-AIR', category: 'fashion', brand: 'Nike', unitPrice: 89900, quantity: 1 },
  ] });
  engine.dispose();
  assert.equal(await minor(page, '#total'), want.total);
  assert.equal(await minor(page, '#discount-total'), want.discountTotal);
  assert.deepEqual(await page.$$eval('#applied > li', (els) => els.map((e) => e.dataset.offer).sort()), want.applied.map((a) => a.offerId).sort());
  if (want.points) assert.equal(Number(await text(page, '#points')), want.points);

  // Chinese, phone-sized: the same sale, formatted for zh-CN.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.click('#lang');
  assert.equal(await text(page, '#cart-h'), '购物车');
  assert.equal(await text(page, '#net-state'), '在线');
  assert.match(await text(page, '#total'), /^¥[\d,]+\.\d\d$/);
  assert.equal(await text(page, '#complete'), `完成结账 · ${await text(page, '#total')}`);
  await shot(page, 'checkout-zh-phone');
  // The language choice persists; back to English for other tests' contexts.
  await page.reload();
  await page.waitForSelector('#products-h');
  assert.equal(await text(page, '#products-h'), '商品');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the camera reads a coupon\'s QR (getUserMedia + jsQR)', async () => {
  const coupon = await claimToken(till.server, 'fashion-uniqlo-20', 'u019');
  const video = join(till.server.dir, 'qr.y4m');
  writeQrVideo(video, pk.tokens.toQrMatrix(coupon.token));
  const browser = await launchWithCamera(video);
  try {
    const context = await browser.newContext();
    await context.grantPermissions(['camera'], { origin: till.server.url });
    const { page, problems } = await openCheckout(context, till);
    await page.click('button.product[data-sku="UNIQLO-TEE"]');
    await page.click('text=Scan with camera');
    await page.waitForSelector(`#vouchers li[data-claim="${coupon.claimId}"]`, { timeout: 15000 });
    await page.waitForSelector('#applied > li[data-offer="fashion-uniqlo-20"]');
    assert.equal(await page.isVisible('video.camera'), false, 'the camera stops after a read');
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});

test('online: the server has the last word — a refused coupon comes off the sale before it completes', async () => {
  const { server } = till;
  const spent = await claimToken(server, 'fashion-nike-50', 'u020');
  assert.equal((await client(server, 'POST', '/v1/redemptions', { token: spent.token, store: 's9' })).status, 201); // another till
  const good = await claimToken(server, 'fashion-uniqlo-20', 'u020');
  const context = await till.browser.newContext();
  const { page, problems, log } = await openCheckout(context, till);

  // One shopper, two coupons: one of them was redeemed at another till.
  await page.click('button.product[data-sku="NIKE-AIR"]');
  await page.click('button.product[data-sku="UNIQLO-TEE"]');
  for (const token of [spent.token, good.token]) {
    await page.fill('#token-input', token);
    await page.click('#apply-token');
  }
  await waitFor(page, '#applied > li[data-offer="fashion-nike-50"]', log);
  await waitFor(page, '#applied > li[data-offer="fashion-uniqlo-20"]', log);
  assert.equal(await minor(page, '#total'), 89900 - 5000 + 9900 - 1980);
  await page.click('#complete');
  await waitFor(page, '#sale-error', log);
  assert.match(await text(page, '#sale-error'), /Nike: 50 off 500: already redeemed/);
  assert.equal(await page.$('#receipt'), null, 'the sale is still open');
  assert.equal(await page.$(`#vouchers li[data-claim="${spent.claimId}"]`), null, 'the refused coupon is off the sale');
  assert.ok(await page.$(`#vouchers li[data-claim="${good.claimId}"]`), 'the accepted one stays');
  assert.equal(await minor(page, '#total'), 89900 + 9900 - 1980);
  // Scanned again: the server's reason, not a second try.
  await page.fill('#token-input', spent.token);
  await page.click('#apply-token');
  assert.match(await text(page, '#token-error'), /already redeemed \(at another till or earlier\)/);

  // Completing again does not send the accepted coupon a second time (that would be refused).
  await page.click('#complete');
  await waitFor(page, '#receipt', log);
  assert.equal(await minor(page, '#receipt-total'), 89900 + 9900 - 1980);
  assert.equal(await text(page, '#receipt-redemptions'), '1 coupon(s) redeemed');
  assert.equal(await page.$$eval('#redemptions li[data-status="confirmed"]', (els) => els.length), 1);
  assert.match(await text(page, '#redemptions li[data-status="rejected"]'), /^rejected\s*Nike: 50 off 500 · u020/);
  assert.equal(await page.$('#token-error'), null, 'a new sale starts clean');
  const again = await client(server, 'POST', '/v1/redemptions', { token: good.token });
  assert.equal(again.body.code, 'PK_ALREADY_REDEEMED');
  await shot(page, 'checkout-online-receipt');
  assert.deepEqual(problems, []);
  await context.close();
});

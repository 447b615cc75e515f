// The offline checkout in headless Chromium against the real promokit-server (--demo): load it,
// go offline, price a cart (checked against the engine in Node over the same catalog and cart),
// redeem a QR token, reload while offline (the page and its queue are still there), go online →
// the server records exactly one redemption; a token another till redeemed first comes back
// rejected with its reason.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pk, root } from '../js/load-dist.mjs';
import { startTill, claimToken, catalogOf, configOf, redemptionsOf, openCheckout, shot, client } from './support-checkout/till.mjs';

let till;
before(async () => {
  till = await startTill();
});
after(async () => {
  await till?.stop();
});

const text = (page, sel) => page.textContent(sel).then((s) => s.trim());
const minor = (page, sel) => page.getAttribute(sel, 'data-minor').then(Number);

async function addProducts(page, skus) {
  for (const sku of skus) await page.click(`button.product[data-sku="${sku}"]`);
}

test('offline: price, redeem, reload, sync exactly once', async () => {
  let { server } = till;
  const uniqlo = await claimToken(server, 'fashion-uniqlo-20', 'u001');
  const nike = await claimToken(server, 'fashion-nike-50', 'u002');
  // Another till redeems the Nike coupon first: the offline till cannot know.
  assert.equal((await client(server, 'POST', '/v1/redemptions', { token: nike.token, store: 's9' })).status, 201);
  const catalog = await catalogOf(server);
  const { zone } = await configOf(server);
  assert.equal(catalog.currency, 'CNY', 'the catalog names its currency');

  const context = await till.browser.newContext();
  const { page, problems, wasm } = await openCheckout(context, till);
  assert.equal(new URL(page.url()).search, '', 'the key is not left in the address bar');
  // A shopper's page: the checkout loads the shopper module, not the full one.
  const shopperWasm = readFileSync(join(root, 'dist/shopper/promokit.wasm'));
  const fetched = (await Promise.all(wasm)).filter(Boolean);
  assert.ok(fetched.length >= 1 && fetched.every((b) => b.equals(shopperWasm)), `the checkout fetched ${fetched.length} .wasm, not promokit/shopper's`);
  await shot(page, 'checkout-online');

  // Offline twice over: the browser's network is cut and the server is down.
  await context.setOffline(true);
  await page.waitForSelector('#sync-badge[data-online="false"]');
  await till.serverDown();

  // Sale 1: two Uniqlo tees, three Zara shirts, AirPods; two codes; the Uniqlo coupon.
  await addProducts(page, ['UNIQLO-TEE', 'UNIQLO-TEE', 'ZARA-SHIRT', 'ZARA-SHIRT', 'ZARA-SHIRT', 'AIRPODS-PRO']);
  await page.fill('#code-input', 'hotpot30');
  await page.press('#code-input', 'Enter'); // keyboard: the form submits
  await page.fill('#code-input', 'NOPE-123');
  await page.click('#add-code');

  // A tampered token is refused offline with the reason; the real one is verified and applied.
  const forged = uniqlo.token.slice(0, 40) + (uniqlo.token[40] === 'A' ? 'B' : 'A') + uniqlo.token.slice(41);
  await page.fill('#token-input', forged);
  await page.click('#apply-token');
  assert.match(await text(page, '#token-error'), /signature|malformed|not a promokit token/i);
  await page.fill('#token-input', uniqlo.token.toLowerCase().replace(/(.{40})/g, '$1 ')); // a scanner's case and spacing
  await page.click('#apply-token');
  await page.waitForSelector(`#vouchers li[data-claim="${uniqlo.claimId}"]`);

  // The page's totals equal the engine's in Node over the same catalog and cart.
  const engine = pk.createEngine(catalog, { now: Date.now(), zone });
  engine.claim('fashion-uniqlo-20');
  const cart = { currency: catalog.currency, store: 's1', lines: [
    { id: 'a', sku: 'UNIQLO-TEE', category: 'fashion', brand: 'Uniqlo', unitPrice: 9900, quantity: 2 },
    { id: 'b', sku: 'ZARA-SHIRT', category: 'fashion', brand: 'Zara', unitPrice: 25900, quantity: 3 },
    { id: 'c', sku: 'AIRPODS-PRO', category: 'electronics', brand: 'Apple', unitPrice: 189900, quantity: 1 },
  ] };
  const expected = engine.priceCart(cart, { codes: ['HOTPOT30', 'NOPE-123'] });
  engine.dispose();
  assert.ok(expected.discountTotal > 0);
  assert.equal(await minor(page, '#subtotal'), expected.subtotal);
  assert.equal(await minor(page, '#discount-total'), expected.discountTotal);
  assert.equal(await minor(page, '#total'), expected.total);
  const shownApplied = await page.$$eval('#applied > li', (els) => els.map((e) => e.dataset.offer).sort());
  assert.deepEqual(shownApplied, expected.applied.map((a) => a.offerId).sort());
  assert.ok(shownApplied.includes('fashion-uniqlo-20'), 'the coupon applies');
  // Money is formatted from minor units: ¥2,686.20 style, never a float artefact.
  assert.match(await text(page, '#total'), /^(CN)?¥[\d,]+\.\d\d$/);
  // Codes explain themselves: a real code whose offer needs a claim, and an unknown one.
  assert.equal(await page.getAttribute('#codes li[data-code="HOTPOT30"]', 'data-status'), 'NOT_CLAIMED');
  assert.equal(await page.getAttribute('#codes li[data-code="NOPE-123"]', 'data-status'), 'UNKNOWN_CODE');
  await shot(page, 'checkout-offline-cart');

  // Two clicks before the page can re-render (an impatient cashier): the coupon is queued once.
  await page.evaluate(() => { const b = document.getElementById('complete'); b.click(); b.click(); });
  await page.waitForSelector('#receipt');
  assert.equal(await minor(page, '#receipt-total'), expected.total);
  await page.waitForSelector('#redemptions li[data-status="pending"]');
  assert.equal(await page.$$eval('#redemptions li', (els) => els.length), 1);
  assert.equal(await page.$$eval('#sales li', (els) => els.length), 1);
  // The same coupon again at this till: refused at once, offline.
  await addProducts(page, ['UNIQLO-TEE']);
  await page.fill('#token-input', uniqlo.token);
  await page.click('#apply-token');
  assert.match(await text(page, '#token-error'), /already redeemed at this till/);
  await page.click('#clear-sale');

  // Sale 2: the Nike coupon that another till has redeemed already.
  await addProducts(page, ['NIKE-AIR']);
  await page.fill('#token-input', nike.token);
  await page.click('#apply-token');
  await page.waitForSelector('#applied > li[data-offer="fashion-nike-50"]');
  await page.click('#complete');
  await page.waitForSelector('#sync-badge[data-pending="2"]');

  // Reload with no network: the service worker serves the page, IndexedDB the catalog and queue.
  await page.reload();
  await page.waitForSelector('#products-h');
  await page.waitForSelector('#sync-badge[data-pending="2"]');
  assert.equal(await page.$$eval('#redemptions li[data-status="pending"]', (els) => els.length), 2);
  assert.equal(await text(page, '#net-state'), 'Offline');
  assert.match(await text(page, '#redemptions li[data-status="pending"] .retry'), /tried \d+×, last: PK_NETWORK_FAILED/);
  await shot(page, 'checkout-offline-reloaded');

  // Back online: the queue goes out by itself, once.
  await till.serverUp();
  server = till.server;
  assert.equal(await redemptionsOf(server, 'fashion-uniqlo-20'), 0, 'nothing reached the server while offline');
  await context.setOffline(false);
  await page.waitForSelector('#sync-badge[data-pending="0"]', { timeout: 20000 });
  await page.waitForSelector('#redemptions li[data-status="confirmed"]');
  const rejected = await page.waitForSelector('#redemptions li[data-status="rejected"]');
  assert.equal(await rejected.getAttribute('data-reason'), 'PK_ALREADY_REDEEMED');
  assert.match(await rejected.textContent(), /already redeemed/);
  assert.equal(await redemptionsOf(server, 'fashion-uniqlo-20'), 1);
  assert.equal(await redemptionsOf(server, 'fashion-nike-50'), 1);
  const again = await client(server, 'POST', '/v1/redemptions', { token: uniqlo.token, store: 's1' });
  assert.equal(again.status, 409);
  assert.equal(again.body.code, 'PK_ALREADY_REDEEMED');
  await shot(page, 'checkout-synced');

  // A reload online sends nothing again.
  await page.reload();
  await page.waitForSelector('#redemptions li[data-status="confirmed"]');
  await page.click('#sync-now');
  await page.waitForSelector('#sync-now:not([disabled])');
  assert.equal(await redemptionsOf(server, 'fashion-uniqlo-20'), 1);
  assert.deepEqual(problems, []);
  await context.close();
});

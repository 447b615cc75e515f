// The shared API cases (tests/js/cases/) in headless Chromium against the browser build, with
// the browser's defaults (IndexedDB storage through idb, fetch) — one node:test test per case,
// over the full module and over promokit/shopper's (the checkout's).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSyncServer, APP_KEY } from '../js/support/sync-server.mjs';
import { suites } from '../js/cases/index.mjs';
import { launchChromium } from './chromium.mjs';

let server;
let browser;
let page;
const results = {};

before(async () => {
  server = await startSyncServer({ serveFiles: true });
  browser = await launchChromium();
  page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  for (const module of ['full', 'shopper']) {
    await page.goto(`${server.url}/tests/browser/api-page.html?appKey=${APP_KEY}&module=${module}`);
    results[module] = await page.evaluate(() => window.__results);
  }
  assert.deepEqual(problems, []);
});
after(async () => {
  await browser?.close();
  await server?.close();
});

for (const module of ['full', 'shopper']) {
  for (const [suite, cases] of Object.entries(suites)) {
    for (const c of cases) {
      const name = `${suite}: ${c.name}`;
      const skip = c.full && module !== 'full' ? 'needs the full module' : false;
      test(`chromium ${module === 'full' ? '' : 'shopper '}${name}`, { skip }, () => {
        const r = results[module].find((x) => x.name === name);
        assert.ok(r, `the page did not run "${name}": ${JSON.stringify(results[module].filter((x) => !x.ok))}`);
        assert.ok(r.ok, r.error);
      });
    }
  }
}

test('chromium: waiting events go out with keepalive fetch when the page is hidden', async () => {
  await fetch(`${server.url}/_test/reset`, { method: 'POST' });
  const sent = await page.evaluate(async (appKey) => {
    const mod = await import('/dist/promokit.browser.mjs');
    const pk = await mod.loadPromokit();
    const keepalive = [];
    const realFetch = window.fetch;
    window.fetch = (url, init) => {
      if (String(url).endsWith('/v1/events')) keepalive.push(init.keepalive);
      return realFetch(url, init);
    };
    const client = pk.createClient({ baseUrl: location.origin, appKey, customerId: `hide-${Date.now()}`, autoSync: false, flushIntervalMs: 3600000 });
    window.fetch = realFetch;
    await client.ready;
    await client.track({ type: 'view', offerId: 'fashion-20' });
    await client.track({ type: 'dismiss', offerId: 'fashion-20' });
    const before = client.pending().length;
    dispatchEvent(new Event('pagehide'));
    await new Promise((r) => setTimeout(r, 100));
    await client.idle();
    const after = client.pending().length;
    await client.close();
    return { before, after, keepalive };
  }, APP_KEY);
  assert.deepEqual(sent, { before: 2, after: 0, keepalive: [true] });
  const state = await (await fetch(`${server.url}/_test/state`)).json();
  assert.deepEqual(state.events.map((e) => e.type).sort(), ['dismiss', 'view']);
});

test('chromium: the "online" event sends the queue before its backoff ends', async () => {
  await fetch(`${server.url}/_test/reset`, { method: 'POST' });
  await fetch(`${server.url}/_test/setup`, { method: 'POST', body: JSON.stringify({ offers: { 'o-1': {} } }) });
  await fetch(`${server.url}/_test/script`, { method: 'POST', body: JSON.stringify([{ path: '/v1/claims', action: 'drop-before' }]) });
  const out = await page.evaluate(async (appKey) => {
    const mod = await import('/dist/promokit.browser.mjs');
    const pk = await mod.loadPromokit();
    const client = pk.createClient({ baseUrl: location.origin, appKey, customerId: `online-${Date.now()}`, autoSync: false, retryBaseMs: 3600000 });
    await client.claim('o-1');
    await client.idle();
    const attempts = client.pending()[0].attempts;
    dispatchEvent(new Event('online'));
    await new Promise((r) => setTimeout(r, 50));
    await client.idle();
    const status = client.wallet()[0].status;
    await client.close();
    return { attempts, status };
  }, APP_KEY);
  assert.deepEqual(out, { attempts: 1, status: 'confirmed' });
});

test('chromium: the loader falls back when the .wasm comes with the wrong MIME type, and refuses another entry\'s module', async () => {
  const fresh = await browser.newPage();
  try {
    await fresh.goto(`${server.url}/dist/package.json`); // a page of this origin that loaded nothing
    const out = await fresh.evaluate(async () => {
      const bytes = await (await fetch('/dist/shopper/promokit.wasm')).arrayBuffer();
      const wrongType = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
      const mod = await import('/dist/shopper/promokit.browser.mjs');
      let refused;
      try {
        await mod.loadPromokit({ wasmPath: '/dist/promokit.wasm' });
      } catch (err) {
        refused = { code: err.code, message: err.message };
      }
      const pk = await mod.loadPromokit({ wasmPath: wrongType }); // compileStreaming refuses it: the fallback compiles it
      return { refused, module: pk.module, ok: pk.validate('offer', { id: 'x', reward: { type: 'percent', percent: 10 } }).ok };
    });
    assert.equal(out.refused.code, 'PK_LOAD_FAILED');
    assert.match(out.refused.message, /it is build promokit-release-\w+, this entry is build promokit-shopper-release-\w+: each entry loads its own module/);
    assert.deepEqual({ module: out.module, ok: out.ok }, { module: 'shopper', ok: true });
  } finally {
    await fresh.close();
  }
});

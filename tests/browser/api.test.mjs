// The shared API cases (tests/js/cases/) in headless Chromium against the browser build, with
// the browser's defaults (IndexedDB storage through idb, fetch) — one node:test test per case.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSyncServer, APP_KEY } from '../js/support/sync-server.mjs';
import { suites } from '../js/cases/index.mjs';
import { launchChromium } from './chromium.mjs';

let server;
let browser;
let results;

before(async () => {
  server = await startSyncServer({ serveFiles: true });
  browser = await launchChromium();
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${server.url}/tests/browser/api-page.html?appKey=${APP_KEY}`);
  results = await page.evaluate(() => window.__results);
  assert.deepEqual(problems, []);
});
after(async () => {
  await browser?.close();
  await server?.close();
});

for (const [suite, cases] of Object.entries(suites)) {
  for (const c of cases) {
    const name = `${suite}: ${c.name}`;
    test(`chromium ${name}`, () => {
      const r = results.find((x) => x.name === name);
      assert.ok(r, `the page did not run "${name}": ${JSON.stringify(results.filter((x) => !x.ok))}`);
      assert.ok(r.ok, r.error);
    });
  }
}

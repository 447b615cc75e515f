// The demo validator page in a real headless Chromium: the browser loader (fetch +
// compileStreaming) loads the wasm, and errors are shown at their JSON path.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startStatic } from '../../scripts/serve-static.mjs';
import { launchChromium } from './chromium.mjs';
import { root } from '../js/load-dist.mjs';

let server, browser, base;
before(async () => {
  server = await startStatic(0);
  base = `http://127.0.0.1:${server.address().port}`;
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  server?.close();
});

test('the validator page loads the wasm and shows errors at their path', async () => {
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${base}/admin/`);
  // The admin app renders #version once the wasm has loaded: until then there is no element, and
  // a predicate reading null.textContent failed the wait at once (a race the test lost in CI).
  await page.waitForFunction(() => /^\d+\.\d+\.\d+$/.test(document.getElementById('version')?.textContent ?? ''));
  const version = await page.textContent('#version');
  assert.match(version, /^\d+\.\d+\.\d+$/);
  assert.equal(await page.textContent('#status'), '1 error(s)');
  assert.match(await page.textContent('#errors'), /offers\[2\]\.reward\.percent must be 0 < p <= 100/);
  await page.fill('#doc', '{"version": 1, "offers": []}');
  await page.click('#check');
  assert.equal(await page.textContent('#status'), 'Valid.');
  await page.fill('#doc', '{"version": 1,\n "offers": [}');
  await page.click('#check');
  assert.match(await page.textContent('#errors'), /PK_JSON_SYNTAX/);
  const dir = join(root, 'tests/artifacts');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, 'validator.png'), fullPage: true });
  assert.deepEqual(problems, []);
});

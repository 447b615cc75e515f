// Helpers for the checkout browser tests: the real promokit-server with the demo mall, a
// Chromium context, coupon tokens claimed for demo shoppers, and screenshots.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, tempDir, client, admin, APP, root } from '../../server/support/server.mjs';
import { launchChromium } from '../chromium.mjs';

export { APP, client, admin };
export const screens = join(root, 'build', 'test-artifacts', 'screens');

// The built pages (and the demo data), copied: other work in the same tree may rebuild
// build/demo-web (Vite empties it first) while a test runs, and the server would answer 404.
async function snapshotPages(dir) {
  const from = join(root, 'build', 'demo-web');
  const to = join(dir, 'static', 'build', 'demo-web');
  for (let attempt = 0; attempt < 30; attempt++) {
    rmSync(to, { recursive: true, force: true });
    try {
      cpSync(from, to, { recursive: true });
      // Complete: the page and its worker, and every file the worker precaches, from one build.
      const sw = join(to, 'checkout', 'sw.js');
      const named = existsSync(sw) ? [...readFileSync(sw, 'utf8').matchAll(/url:"\/([^"]+)"/g)].map((m) => m[1]) : [];
      const complete = named.length > 0 && named.every((f) => existsSync(join(to, f))) && named.some((f) => f.endsWith('.wasm'));
      if (complete) {
        // --demo seeds from <static root>/server/demo/mall.json.
        cpSync(join(root, 'server', 'demo'), join(dir, 'static', 'server', 'demo'), { recursive: true });
        return join(dir, 'static');
      }
    } catch {
      /* caught mid-rebuild: try again */
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error('build/demo-web is incomplete: run node scripts/build-demo.mjs');
}

// args: more server options (e.g. ['--currency', 'USD']), kept when the server comes back.
export async function startTill({ args = [] } = {}) {
  const dir = tempDir();
  const server = await startServer({ dir, args: ['--demo', '--static-root', await snapshotPages(dir), ...args] });
  const m = /verify key:\s+(ed25519-vk:\S+)/.exec(server.stdout);
  if (!m) throw new Error(`the server did not print its verify key:\n${server.stdout}`);
  const browser = await launchChromium();
  return {
    server, browser, verifyKey: m[1],
    // The network really gone: the server stops (its database stays), then comes back on the
    // same port, so the page's origin is the same.
    async serverDown() {
      await this.server.stop();
    },
    async serverUp() {
      const dir = this.server.dir;
      this.server = await startServer({ dir, port: this.server.port, args: ['--demo', '--static-root', join(dir, 'static'), ...args] });
    },
    async stop() {
      await browser.close();
      await this.server.stop();
      this.server.cleanup();
    },
  };
}

// POST /v1/claims for a demo shopper → the QR token.
export async function claimToken(server, offerId, customerId) {
  const r = await client(server, 'POST', '/v1/claims', { offerId, customerId });
  if (r.status !== 201) throw new Error(`claim ${offerId} for ${customerId}: ${r.status} ${r.text}`);
  return r.body;
}

// The catalog as the till sees it (without the shopper's wallet).
export async function catalogOf(server) {
  const r = await client(server, 'GET', '/v1/catalog');
  const { wallet, ...catalog } = r.body;
  return catalog;
}

// GET /v1/config: { verifyKey, currency, zone, catalogVersion }.
export async function configOf(server) {
  const r = await client(server, 'GET', '/v1/config');
  if (r.status !== 200) throw new Error(`config: ${r.status} ${r.text}`);
  return r.body;
}

export async function redemptionsOf(server, offerId) {
  const r = await admin(server, 'GET', `/v1/admin/stats/offers/${offerId}`);
  if (r.status !== 200) throw new Error(`stats ${offerId}: ${r.status} ${r.text}`);
  return r.body.redemptions;
}

// Console output and page errors, kept for the message of a failed wait.
export function watch(page) {
  const log = [];
  page.on('console', (m) => log.push(`console.${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => log.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => log.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`));
  return log;
}

// page.waitForSelector that says what the page showed and logged when it times out.
export async function waitFor(page, selector, log = [], options = {}) {
  try {
    return await page.waitForSelector(selector, options);
  } catch (err) {
    const body = await page.evaluate(() => document.body?.innerText.slice(0, 2000)).catch(() => '?');
    err.message += `\n--- page text:\n${body}\n--- log:\n${log.join('\n')}`;
    throw err;
  }
}

export async function shot(page, name) {
  mkdirSync(screens, { recursive: true });
  await page.screenshot({ path: join(screens, `${name}.png`), fullPage: true });
}

// Opens the checkout with its app key and store in the URL (stored, then removed from the
// address) and waits until the service worker controls the page, the catalog is loaded and the
// server's verify key (GET /v1/config) has arrived.
// `wasm`: the bytes of every .wasm the page fetched (the checkout loads promokit/shopper's).
export async function openCheckout(context, { server, verifyKey }, store = 's1') {
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  const log = watch(page);
  const wasm = [];
  page.on('response', (r) => {
    if (new URL(r.url()).pathname.endsWith('.wasm')) wasm.push(r.body().catch(() => null));
  });
  await page.goto(`${server.url}/checkout/?appKey=${encodeURIComponent(APP)}&store=${store}`);
  await waitFor(page, '#products-h', log);
  await waitFor(page, '#sw-state[data-ready="true"]', log);
  await waitFor(page, `#verify-key:text-is("${verifyKey}")`, log, { state: 'attached' });
  return { page, problems, log, wasm };
}

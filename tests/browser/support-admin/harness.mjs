// The admin suite's fixture: a real promokit-server (temp db, --demo seed) serving the built
// pages, one headless Chromium, and a page signed in with the admin token.
import { mkdirSync, existsSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, tempDir, ADMIN, root } from '../../server/support/server.mjs';
import { launchChromium } from '../chromium.mjs';

export { ADMIN, root };
export const screens = join(root, 'build', 'test-artifacts', 'screens');

export async function startAdmin() {
  if (!existsSync(join(root, 'build', 'demo-web', 'admin', 'index.html')))
    throw new Error('build/demo-web is missing: run node scripts/build-demo.mjs first');
  mkdirSync(screens, { recursive: true });
  // The server serves a copy of the pages (a rebuild in the shared tree empties build/demo-web
  // for a moment) and seeds --demo from <static root>/server/demo/mall.json.
  const dir = tempDir();
  const staticRoot = join(dir, 'static');
  cpSync(join(root, 'build', 'demo-web'), join(staticRoot, 'build', 'demo-web'), { recursive: true });
  cpSync(join(root, 'server', 'demo'), join(staticRoot, 'server', 'demo'), { recursive: true });
  const server = await startServer({ dir, args: ['--demo', '--static-root', staticRoot] });
  const browser = await launchChromium();
  return {
    server,
    browser,
    async stop() {
      await browser.close();
      await server.stop();
      server.cleanup();
    },
  };
}

// A page at /admin/ (optionally #tab) with the token entered and the data loaded; page errors
// are collected in page.problems.
export async function openAdmin(env, tab = '', { width = 1400, height = 1000 } = {}) {
  const context = await env.browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(e.message));
  // A refused request (4xx the page shows to the user) is expected; anything else is not.
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) page.problems.push(m.text());
  });
  await page.goto(`${env.server.url}/admin/${tab ? '#' + tab : ''}`);
  await page.fill('#token', ADMIN);
  await page.click('#token-submit');
  await page.waitForSelector('#data-status', { timeout: 30000 });
  return page;
}

export const shot = (page, name) => page.screenshot({ path: join(screens, `${name}.png`), fullPage: true });

// dist/index.d.ts as an app sees it: tsc --noEmit (strict) on tests/js/types/usage.ts, in a folder
// where node_modules/promokit is dist/, so the package's "exports" and "types" are what resolve.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, flavour } from './load-dist.mjs';

const skip = flavour !== 'release' && 'checked once, in the release run';
const tsc = join(root, 'node_modules/typescript/bin/tsc');

function check(source) {
  const app = mkdtempSync(join(tmpdir(), 'promokit-types-'));
  try {
    cpSync(join(root, 'tests/js/types/tsconfig.json'), join(app, 'tsconfig.json'));
    writeFileSync(join(app, 'usage.ts'), source);
    mkdirSync(join(app, 'node_modules'));
    symlinkSync(join(root, 'dist'), join(app, 'node_modules/promokit'), 'dir');
    execFileSync(process.execPath, [tsc, '-p', app], { encoding: 'utf8' });
    return '';
  } catch (err) {
    return `${err.stdout || ''}${err.stderr || ''}` || String(err);
  } finally {
    rmSync(app, { recursive: true, force: true });
  }
}

test('tsc --noEmit accepts the usage file that exercises every entry point', { skip }, () => {
  const usage = readFileSync(join(root, 'tests/js/types/usage.ts'), 'utf8');
  assert.equal(check(usage), '');
});

test('tsc rejects misuse (the declarations are not any)', { skip }, () => {
  const out = check(`import { loadPromokit } from 'promokit';
const pk = await loadPromokit();
pk.validate('coupon', {});
pk.createClient({ baseUrl: 'x' });
export {};
`);
  assert.match(out, /'"coupon"' is not assignable/);
  assert.match(out, /appKey/);
});

// One misuse per line; every line must draw an error, so none of these members is `any`.
const misuses = [
  `const m: 'full' = pk.module;`,
  `engine.priceCart();`,
  `engine.recommend({ limit: '5' });`,
  `engine.checkout(cart, { claims: [] });`,
  `engine.track({ type: 'visit', time: 0 });`,
  `engine.offers({ filter: { expiringSoon: 'soon' } });`,
  `const p: string = engine.points();`,
  `const w: 'used' = engine.wallet()[0].status;`,
  `engine.priceCart({ currency: 'CNY' });`,
  `engine.draw('wheel', { ticketId: 't' });`,
  `engine.notifications({ deals: [{ offerId: 'x' }] });`,
  `const r: number = engine.recommend()[0].reasons;`,
  `const k: 'x' = engine.draw('wheel', ticket).prizeId;`,
  `pk.createEngine(catalog, { seed: true });`,
  `pk.verifyDraw(ticket, {}, { id: 'u1' });`,
  `pk.games.createSession(catalog, { now: 'today' });`,
  `pk.notify.formatMoney('84.50', 'CNY');`,
  `pk.ranking.train({ catalog });`,
  `engine.track({ type: 'view', time: 0 });`,
  `pk.ranking.createRecommender(catalog).setProfile('{"id":"u1"}');`,
  `pk.ranking.createRecommender(catalog).recommend({ eligible: 'fashion-20' });`,
  `pk.analytics.segment(42);`,
  `pk.analytics.export(pk.analytics.segment(''), 'pdf');`,
  `pk.analytics.createAnalyzer().feed(42);`,
  `const arm: string = pk.analytics.assignArm('exp', 'u1');`,
  // promokit/shopper's instance has not the admin side (dist/shopper.d.ts)
  `shop.createProfileSet([]);`,
  `shop.analytics.segment('');`,
  `shop.ranking.train({ catalog, events: [] });`,
  `shop.ranking.autoTags({});`,
  `const full: 'full' = shop.module;`,
];

test('tsc rejects misuse of the engine, games, notify, ranking and analytics APIs, and the admin side on promokit/shopper', { skip }, () => {
  const head = `import { loadPromokit, type DrawTicket } from 'promokit';
import { loadPromokit as loadShopper } from 'promokit/shopper';
const pk = await loadPromokit();
const shop = await loadShopper();
const catalog = { version: 1, offers: [] };
const engine = pk.createEngine(catalog);
const cart = { currency: 'CNY', lines: [{ sku: 'A', unitPrice: 100, quantity: 1 }] };
declare const ticket: DrawTicket;
`;
  const first = head.split('\n').length;
  const out = check(`${head}${misuses.join('\n')}\nexport {};\n`);
  const failing = new Set([...out.matchAll(/usage\.ts\((\d+),\d+\): error/g)].map((m) => Number(m[1])));
  const missed = misuses.filter((_, i) => !failing.has(first + i));
  assert.deepEqual(missed, [], `accepted misuse:\n${missed.join('\n')}\n${out}`);
  assert.ok(![...failing].some((line) => line < first), `the set-up lines must compile:\n${out}`);
});

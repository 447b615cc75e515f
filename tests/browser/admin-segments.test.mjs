// The segment explorer in Chromium: the demo CSV (promokit gen-demo) analysed in the page gives
// the same segment counts and data-quality warnings as the native CLI (promokit analyze); the
// file reaches the server only through the Import button.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { admin } from '../server/support/server.mjs';
import { startAdmin, openAdmin, shot, root } from './support-admin/harness.mjs';

const cli = process.env.PROMOKIT_CLI || join(root, 'build', 'native', 'promokit');
let env, dir;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'promokit-admin-'));
  env = await startAdmin();
});
after(async () => {
  await env?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const countsShown = (page) =>
  page.$$eval('#segment-table tr[data-segment]', (rows) => Object.fromEntries(rows.map((r) => [r.dataset.segment, Number(r.querySelector('.count').textContent)])));

test('a CSV without the required columns is reported, not thrown', async () => {
  const page = await openAdmin(env, 'segmentExplorer');
  await page.setInputFiles('#csv-file', { name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('who,when\na,b\n') });
  await page.waitForSelector('#analytics-error');
  assert.match(await page.textContent('#analytics-error'), /PK_CSV_COLUMN_MISSING/);
  assert.equal(await page.locator('#import-csv').count(), 0);
  assert.deepEqual(page.problems, []);
});

test('uploading the demo CSV shows the CLI segment counts, and Import sends it to the server', async () => {
  const csv = join(dir, 'demo.csv');
  execFileSync(cli, ['gen-demo', '--seed', '7', '--out', csv, '--truth', join(dir, 'truth.json')], { stdio: 'pipe' });
  const opts = join(dir, 'opts.json');
  writeFileSync(opts, JSON.stringify({ utcOffset: '+03:00' }));
  const expected = JSON.parse(execFileSync(cli, ['analyze', csv, '--options', opts], { maxBuffer: 1 << 28 }).toString());
  const plain = JSON.parse(execFileSync(cli, ['analyze', csv], { maxBuffer: 1 << 28 }).toString());

  const page = await openAdmin(env, 'segmentExplorer');
  let posted = 0;
  page.on('request', (r) => { if (r.method() === 'POST') posted++; });
  await page.fill('#utc-offset', '+03:00');
  await page.setInputFiles('#csv-file', csv);
  await page.waitForSelector('#segment-table[data-utc-offset="+03:00"]');
  const shown = await countsShown(page);
  assert.deepEqual(shown, Object.fromEntries(expected.segments.map((s) => [s.id, s.count])));
  assert.equal(Number(await page.textContent('#summary-customers')), expected.summary.customers);
  const warnings = await page.$$eval('#quality .issues li', (li) => li.map((x) => x.textContent));
  assert.deepEqual(warnings, expected.quality.warnings);
  assert.ok(warnings.length > 0);
  assert.equal(await page.locator('#campaign tbody tr').count(), expected.campaign.length);
  assert.equal(posted, 0, 'nothing is sent while analysing');
  await shot(page, 'segments');

  // Another offset: the page re-analyses and still matches the CLI with its own default.
  await page.fill('#utc-offset', '+00:00');
  await page.click('button:has-text("Analyse again")');
  await page.waitForSelector('#segment-table[data-utc-offset="+00:00"]');
  assert.deepEqual(await countsShown(page), Object.fromEntries(plain.segments.map((s) => [s.id, s.count])));

  const before = await admin(env.server, 'POST', '/v1/admin/preview', { rule: true, limit: 0 });
  // The reload after Import reads the customers from the admin listing, 1,000 a page, never
  // one profile at a time.
  const reads = { pages: 0, profiles: 0 };
  page.on('request', (r) => {
    if (r.url().includes('/v1/admin/customers')) reads.pages++;
    if (r.url().includes('/v1/profiles/')) reads.profiles++;
  });
  await page.click('#import-csv');
  await page.waitForSelector('#import-status', { timeout: 60000 });
  assert.match(await page.textContent('#import-status'), new RegExp(`Imported ${expected.summary.customers.toLocaleString('en-US')} customers`));
  const afterImport = await admin(env.server, 'POST', '/v1/admin/preview', { rule: true, limit: 0 });
  assert.equal(afterImport.body.total, before.body.total + expected.summary.customers);
  // The server keeps each customer's segments as tags: its counts equal the report's.
  for (const seg of plain.segments) {
    const r = await admin(env.server, 'POST', '/v1/admin/preview', { rule: `has_tag("${seg.id}")`, limit: 0 });
    assert.equal(r.body.count, seg.count, seg.id);
  }
  // Imported customers keep the report's scores and last events, so the built-in segments the
  // report uses (loyal: scores; complaint: has_event) count the same on the server.
  for (const id of ['loyal', 'complaint']) {
    const r = await admin(env.server, 'POST', '/v1/admin/preview', { rule: `segment("${id}")`, limit: 0 });
    assert.equal(r.body.count, plain.segments.find((s) => s.id === id).count, id);
  }
  await page.waitForFunction((n) => document.getElementById('data-status').textContent.includes(`${n.toLocaleString('en-US')} customers`), afterImport.body.total, { timeout: 60000 });
  assert.deepEqual(reads, { pages: Math.ceil(afterImport.body.total / 1000), profiles: 0 });
  // The audience in the editor now counts over every stored customer, imported ones included.
  await page.click('#tab-promotions');
  await page.click('#new-offer');
  await page.fill('#rule', 'has_tag("loyal") or tier == "gold"');
  await page.waitForSelector('#rule-ok');
  const gold = (await admin(env.server, 'POST', '/v1/admin/preview', { rule: 'tier == "gold"', limit: 0 })).body.count;
  assert.ok(gold > 0);
  assert.equal(Number(await page.textContent('#audience-count')), plain.segments.find((s) => s.id === 'loyal').count + gold);
  assert.equal(Number(await page.textContent('#audience-total')), afterImport.body.total);
  // The page's wasm count of the built-in segment, over the listed profiles, agrees too.
  await page.fill('#rule', 'segment("loyal")');
  await page.waitForFunction((n) => document.getElementById('audience-count')?.textContent === String(n), plain.segments.find((s) => s.id === 'loyal').count);
  assert.deepEqual(page.problems, []);
});

// The other admin screens in Chromium against a real server: sign-in (a wrong token is refused),
// the prize pool preview equals pk.games.preview in Node, code batches come from the server and
// export as CSV, performance shows the server's counters; a screenshot of each main screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadPromokit } from '../../dist/promokit.node.mjs';
import { admin } from '../server/support/server.mjs';
import { startAdmin, openAdmin, shot, ADMIN } from './support-admin/harness.mjs';

let env, pk;
before(async () => {
  pk = await loadPromokit();
  env = await startAdmin();
});
after(async () => {
  await env?.stop();
});

test('the token is asked once: a wrong one is refused, a right one is kept for the tab', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1200, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${env.server.url}/admin/`);
  await page.waitForSelector('#token-form');
  await shot(page, 'sign-in');
  await page.fill('#token', 'not-the-token-0000000000');
  await page.click('#token-submit');
  await page.waitForSelector('#token-error');
  assert.match(await page.textContent('#token-error'), /PK_AUTH/);
  await page.fill('#token', ADMIN);
  await page.click('#token-submit');
  await page.waitForSelector('#data-status');
  await page.reload();
  await page.waitForSelector('#data-status');
  assert.equal(await page.locator('#token-form').count(), 0);
  await page.click('#sign-out');
  await page.waitForSelector('#token-form');
  await context.close();
});

test('prize pools: the page shows the core distribution and expected cost, overall and for a shopper', async () => {
  const page = await openAdmin(env, 'prizePools');
  await page.selectOption('#pool', 'wheel-daily');
  await page.waitForSelector('#pool-overall .expected-cost');
  const catalog = (await admin(env.server, 'GET', '/v1/catalog')).body;
  const overall = pk.games.preview(catalog, 'wheel-daily', { id: 'anyone' });
  assert.equal(await page.textContent('#pool-overall .expected-cost'), pk.notify.formatMoney(Math.round(overall.expectedCost), 'CNY'));
  const shopper = await page.inputValue('#pool-shopper');
  const profile = (await admin(env.server, 'GET', `/v1/profiles/${shopper}`)).body;
  delete profile.ledger;
  delete profile.revision;
  const personal = pk.games.preview(catalog, 'wheel-daily', profile);
  assert.equal(await page.textContent('#pool-personal .expected-cost'), pk.notify.formatMoney(Math.round(personal.expectedCost), 'CNY'));
  const probs = await page.$$eval('#pool-overall tbody tr', (rows) => rows.map((r) => r.children[2].textContent));
  assert.deepEqual(probs, overall.prizes.map((p) => `${(p.probability * 100).toFixed(2)}%`));
  await shot(page, 'prize-pools');

  // A tiny budget: personalization moves the weight to cheap prizes and stays within it.
  await page.fill('#pool-budget', '0.01');
  await page.waitForFunction(() => document.querySelector('#pool-overall .expected-cost')?.textContent === '¥0.01');
  // A floor on an expensive prize that the budget cannot pay is refused by the core, with its reason.
  await page.locator('#prize-table tbody tr').first().locator('input[aria-label="minProb"]').fill('0.15');
  await page.waitForSelector('#pool-overall .bad');
  assert.match(await page.textContent('#pool-overall'), /PK_POOL_INFEASIBLE/);
  await page.locator('#prize-table tbody tr').first().locator('input[aria-label="minProb"]').fill('0.5');
  await page.waitForSelector('#pool-errors');
  assert.match(await page.textContent('#pool-errors'), /prizes\[0\]\.maxProb/);
  await page.locator('#prize-table tbody tr').first().locator('input[aria-label="minProb"]').fill('');
  await page.fill('#pool-budget', '9.00');
  await page.waitForSelector('#pool-overall .expected-cost');
  await page.click('#save-pool');
  await page.waitForSelector('#pool-status.ok');
  assert.equal((await admin(env.server, 'GET', '/v1/admin/prize-pools/wheel-daily')).body.budget, 900);
  assert.deepEqual(page.problems, []);
});

test('the daily draw pool: its distribution as written, entry cost edited and saved without other changes', async () => {
  const page = await openAdmin(env, 'prizePools');
  const stored = (await admin(env.server, 'GET', '/v1/admin/prize-pools/daily-checkin')).body;
  await page.selectOption('#pool', 'daily-checkin');
  await page.waitForSelector('#pool-overall .expected-cost');
  assert.equal(await page.inputValue('#pool-game'), 'daily');
  assert.match(await page.textContent('#pool-game-note'), /one play per shopper per local day/);
  // No personalize in the document: the core's default (false), not turned on by the form.
  assert.equal(await page.isChecked('#pool-personalize'), false);
  assert.equal(await page.inputValue('#pool-entry-cost'), String(stored.entry.pointsCost));
  const catalog = (await admin(env.server, 'GET', '/v1/catalog')).body;
  const overall = pk.games.preview(catalog, 'daily-checkin', { id: 'anyone' });
  assert.equal(overall.personalized, false);
  assert.equal(await page.textContent('#pool-overall .expected-cost'), pk.notify.formatMoney(Math.round(overall.expectedCost), 'CNY'));
  const probs = await page.$$eval('#pool-overall tbody tr', (rows) => rows.map((r) => r.children[2].textContent));
  assert.deepEqual(probs, overall.prizes.map((p) => `${(p.probability * 100).toFixed(2)}%`));
  assert.equal(await page.locator('#pool-overall .pill').count(), 0);
  // A bad entry cost is refused in the form; a good one is saved and nothing else moves.
  await page.fill('#pool-entry-cost', '-3');
  await page.waitForSelector('#pool-build-error');
  assert.match(await page.textContent('#pool-build-error'), /whole number of points/);
  assert.equal(await page.isDisabled('#save-pool'), true);
  await page.fill('#pool-entry-cost', '5');
  // The entry rule is compiled as it is typed.
  await page.fill('#pool-entry-rule', 'tierr == "gold"');
  await page.waitForSelector('#pool-entry-error');
  assert.match(await page.textContent('#pool-entry-error'), /PK_RULE_UNKNOWN_FIELD/);
  assert.equal(await page.isDisabled('#save-pool'), true);
  await page.fill('#pool-entry-rule', '');
  await page.waitForSelector('#pool-overall .expected-cost');
  await page.click('#save-pool');
  await page.waitForSelector('#pool-status.ok');
  const saved = (await admin(env.server, 'GET', '/v1/admin/prize-pools/daily-checkin')).body;
  assert.deepEqual(saved, { ...stored, entry: { ...stored.entry, pointsCost: 5 } });
  assert.deepEqual(page.problems, []);
});

test('preview as: the event calendar, and an event alert due the day before, as the engine in Node says', async () => {
  const page = await openAdmin(env, 'previewAs');
  const catalog = (await admin(env.server, 'GET', '/v1/catalog')).body;
  assert.equal(await page.locator('#calendar li').count(), catalog.calendar.length);
  const shopper = await page.inputValue('#shopper');
  const profile = (await admin(env.server, 'GET', `/v1/admin/customers?limit=1`)).body.items[0];
  assert.equal(profile.id, shopper);
  const bf = catalog.calendar.find((e) => e.id === 'black-friday');
  await page.click('#calendar li[data-event="black-friday"] button.jump');
  await page.waitForSelector('#notifications li[data-template="event-alert"]');
  const engine = pk.createEngine(catalog, { now: bf.start - 86400000, locale: 'en' });
  engine.setProfile(profile);
  const due = engine.notifications({ locale: 'en' });
  engine.dispose();
  const alert = due.find((n) => n.templateId === 'event-alert');
  assert.match(alert.text, /Black Friday week starts in 1 days/);
  assert.match(await page.textContent('#notifications li[data-template="event-alert"]'), new RegExp(alert.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  assert.deepEqual(await page.$$eval('#notifications li', (li) => li.map((x) => x.dataset.template)), due.map((n) => n.templateId));
  // In Chinese, the same intent in the other language; after the event, no alert.
  await page.selectOption('#preview-locale', 'zh-CN');
  await page.waitForFunction(() => document.querySelector('#notifications li[data-template="event-alert"]')?.textContent.includes('黑色星期五还有1天开始'));
  await shot(page, 'preview-as-event');

  // A new calendar entry typed in Shanghai time: checked in the form, refused by the server
  // when its id is taken, then stored and announced like the others; and deleted.
  await page.selectOption('#preview-locale', 'en');
  await page.click('#cal-new');
  await page.fill('#cal-id', 'black-friday');
  await page.fill('#cal-nameEn', 'Test sale');
  await page.fill('#cal-nameZh', '测试促销');
  await page.fill('#cal-start', '2027-01-11T00:00');
  await page.fill('#cal-end', '2027-01-10T00:00');
  assert.match(await page.textContent('#cal-problem'), /after the start/);
  assert.equal(await page.isDisabled('#cal-save'), true);
  await page.fill('#cal-end', '2027-01-13T00:00');
  await page.selectOption('#cal-offer', 'fashion-uniqlo-20');
  await page.click('#cal-save');
  await page.waitForSelector('#cal-status');
  assert.match(await page.textContent('#cal-status'), /PK_/);
  await page.fill('#cal-id', 'test-sale');
  await page.click('#cal-save');
  await page.waitForSelector('#calendar li[data-event="test-sale"]');
  const entry = (await admin(env.server, 'GET', '/v1/admin/calendar/test-sale')).body;
  assert.deepEqual(entry, { id: 'test-sale', name: { en: 'Test sale', zh: '测试促销' }, start: Date.UTC(2027, 0, 10, 16), end: Date.UTC(2027, 0, 12, 16), offerId: 'fashion-uniqlo-20' });
  await page.click('#calendar li[data-event="test-sale"] button.jump');
  await page.waitForFunction(() => [...document.querySelectorAll('#notifications li[data-template="event-alert"]')].some((li) => li.textContent.includes('Test sale starts in 1 days')));
  await page.click('#calendar li[data-event="test-sale"] button.edit');
  await page.click('#cal-delete');
  await page.waitForFunction(() => !document.querySelector('#calendar li[data-event="test-sale"]'));
  assert.equal((await admin(env.server, 'GET', '/v1/admin/calendar/test-sale')).status, 404);
  const after = pk.createEngine(catalog, { now: bf.end + 86400000 });
  after.setProfile(profile);
  assert.equal(after.notifications().some((n) => n.templateId === 'event-alert' && n.key.includes('black-friday')), false);
  after.dispose();
  assert.deepEqual(page.problems, []);
});

test('code batches are reserved on the server, never overlap, and export as CSV', async () => {
  const page = await openAdmin(env, 'codeBatches');
  await page.selectOption('#codes-offer', 'food-bakery-code');
  await page.fill('#codes-count', '0');
  await page.click('#codes-generate');
  assert.match(await page.textContent('#codes-error'), /count/);
  await page.fill('#codes-count', '25');
  await page.click('#codes-generate');
  await page.waitForSelector('#codes-list li');
  const first = await page.$$eval('#codes-list code', (c) => c.map((x) => x.textContent));
  assert.equal(first.length, 25);
  assert.equal(new Set(first).size, 25);
  const download = page.waitForEvent('download');
  await page.click('#codes-export');
  const file = await (await download).path();
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  assert.equal(lines[0], 'offer_id,code,sequence');
  assert.deepEqual(lines.slice(1).map((l) => l.split(',')[1]), first);
  await shot(page, 'codes');
  await page.click('#codes-generate');
  await page.waitForFunction((c) => document.querySelector('#codes-list code')?.textContent !== c, first[0]);
  const second = await page.$$eval('#codes-list code', (c) => c.map((x) => x.textContent));
  assert.equal(second.filter((c) => first.includes(c)).length, 0);
  assert.deepEqual(page.problems, []);
});

test('performance shows the server counters per promotion', async () => {
  const now = Date.now();
  const events = [];
  for (let i = 0; i < 40; i++) events.push({ id: `v${i}`, type: 'view', time: now, offerId: 'fashion-uniqlo-20', customerId: `u00${(i % 9) + 1}` });
  for (let i = 0; i < 12; i++) events.push({ id: `c${i}`, type: 'click', time: now, offerId: 'fashion-uniqlo-20', customerId: `u00${(i % 9) + 1}` });
  for (let i = 0; i < 30; i++) events.push({ id: `w${i}`, type: 'view', time: now, offerId: 'food-kfc-lunch', customerId: `u00${(i % 9) + 1}` });
  const r = await env.server.call('POST', '/v1/events', { body: { events } });
  assert.equal(r.body.accepted, events.length);
  const page = await openAdmin(env, 'performance');
  const row = page.locator('#stats-table tr[data-offer="fashion-uniqlo-20"]');
  await row.waitFor();
  const cells = await row.locator('td').allTextContents();
  assert.equal(cells[0], '40');
  assert.equal(cells[1], '12');
  assert.equal(cells[2], '30.0%');
  await row.locator('button').click();
  await page.waitForSelector('#stats-one');
  await shot(page, 'performance');
  assert.deepEqual(page.problems, []);
});

test('every main screen renders in English and Chinese, wide and narrow', async () => {
  const page = await openAdmin(env);
  const tabs = ['promotions', 'previewAs', 'segmentExplorer', 'prizePools', 'codeBatches', 'performance', 'validator'];
  for (const tab of tabs) {
    await page.click(`#tab-${tab}`);
    if (tab === 'segmentExplorer') {
      await page.click('#demo-csv');
      await page.waitForSelector('#segment-table');
    }
    await page.waitForTimeout(150);
    await shot(page, `screen-${tab}`);
  }
  await page.click('#lang');
  assert.equal(await page.textContent('#tab-promotions'), '促销活动');
  await page.click('#tab-promotions');
  await shot(page, 'screen-promotions-zh');
  await page.click('#lang');
  // Keyboard: the selected tab takes the focus; arrows move between tabs.
  await page.click('#tab-promotions');
  await page.focus('#tab-promotions');
  await page.keyboard.press('ArrowRight');
  await page.waitForSelector('#shopper');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'tab-previewAs');
  await page.keyboard.press('End');
  await page.waitForSelector('#doc');
  await page.keyboard.press('ArrowRight');
  await page.waitForSelector('#offer-form');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  await page.waitForSelector('#shopper');
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, 'screen-previewAs-phone');
  assert.deepEqual(page.problems, []);
});

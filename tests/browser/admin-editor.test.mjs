// The promotion editor in Chromium against a real server: a rule error is underlined where the
// compiler says, the audience count equals an independent count in Node, a promotion created in
// the editor is eligible in "preview as" for a matching shopper and not for another, and server
// errors are shown with their JSON path.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPromokit } from '../../dist/promokit.node.mjs';
import { admin } from '../server/support/server.mjs';
import { startAdmin, openAdmin, shot, root } from './support-admin/harness.mjs';

const mall = JSON.parse(readFileSync(join(root, 'server', 'demo', 'mall.json'), 'utf8'));
let env, page, pk;
before(async () => {
  pk = await loadPromokit();
  env = await startAdmin();
  page = await openAdmin(env);
});
after(async () => {
  await env?.stop();
});

// A time as the header's datetime-local input wants it, in the browser's zone.
const local = (ms) => page.evaluate((t) => {
  const d = new Date(t);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}, ms);
const typeRule = async (text) => {
  await page.fill('#rule', text);
  await page.waitForFunction((t) => document.getElementById('rule').value === t, text);
};

test('a rule error is underlined at its position, with a one-click suggestion', async () => {
  await page.click('#new-offer');
  const text = 'tier == "gold" and "fashion" in intrests';
  await typeRule(text);
  const mark = page.locator('#rule-underline');
  assert.equal(await mark.textContent(), 'intrests');
  assert.equal(Number(await mark.getAttribute('data-start')), text.indexOf('intrests'));
  assert.match(await page.textContent('#rule-error'), /PK_RULE_UNKNOWN_FIELD.*line 1, column 33/);
  assert.equal(await page.getAttribute('#rule', 'aria-invalid'), 'true');
  await page.click('#rule-fix');
  assert.equal(await page.inputValue('#rule'), 'tier == "gold" and "fashion" in interests');
  await page.waitForSelector('#rule-ok');
  assert.equal(await page.locator('#rule-underline').count(), 0);

  // Non-ASCII text before the error: the core's byte offset becomes the right character.
  const zh = 'city == "上海市" and tierr == "gold"';
  await typeRule(zh);
  assert.equal(await mark.textContent(), 'tierr');
  assert.equal(Number(await mark.getAttribute('data-start')), zh.indexOf('tierr'));

  // An unknown name with no close match: the profile's fields are offered instead.
  await typeRule('vip_level >= 3');
  assert.equal(await mark.textContent(), 'vip_level');
  await page.click('#rule-fields button:has-text("tier")');
  assert.equal(await page.inputValue('#rule'), 'tier >= 3');

  // A syntax error at the end of the text marks the last character; '=' suggests '=='.
  await typeRule('tier = "gold"');
  assert.equal(await mark.textContent(), '=');
  await page.click('#rule-fix');
  assert.equal(await page.inputValue('#rule'), 'tier == "gold"');
  await typeRule('segment("premum")');
  await page.click('#rule-fix');
  assert.equal(await page.inputValue('#rule'), 'segment("premium")');
  await typeRule('tier == ');
  assert.match(await page.textContent('#rule-error'), /PK_RULE_SYNTAX/);
  await shot(page, 'editor-rule-error');
});

test('the visual builder writes the same rule text, and the audience count equals the engine in Node', async () => {
  await page.click('#new-offer');
  // Builder: tier is gold, and interests has fashion.
  await page.fill('#rule-builder .row:nth-of-type(1) .b-value', 'gold');
  await page.click('#rule-builder button:has-text("condition")');
  const row2 = page.locator('#rule-builder .row').nth(1);
  await row2.locator('.b-field').selectOption('interests');
  await row2.locator('.b-value').fill('fashion');
  const expected = 'tier == "gold" and "fashion" in interests';
  assert.equal(await page.textContent('#builder-text'), expected);
  await page.click('#builder-use');
  assert.equal(await page.inputValue('#rule'), expected);
  await page.waitForSelector('#rule-ok');

  const shown = Number(await page.textContent('#audience-count'));
  const set = pk.createProfileSet(mall.customers);
  const byHand = mall.customers.filter((c) => c.tier === 'gold' && (c.interests || []).includes('fashion')).length;
  assert.equal(shown, set.count(expected));
  assert.equal(shown, byHand);
  assert.ok(shown > 0 && shown < mall.customers.length);
  assert.equal(Number(await page.textContent('#audience-total')), mall.customers.length);
  const sample = await page.locator('#audience-sample tbody tr').count();
  assert.equal(sample, Math.min(8, shown));
  // The server's own count over the stored customers agrees.
  await page.waitForFunction(() => /\d/.test(document.getElementById('audience-server').textContent));
  const server = await admin(env.server, 'POST', '/v1/admin/preview', { rule: expected, limit: 0 });
  assert.match(await page.textContent('#audience-server'), new RegExp(`\\b${server.body.count}\\D+${server.body.total}\\b`));
  assert.equal(server.body.count, shown);

  // A segment from the catalog and a time rule, evaluated at the header's "Now" by the page and,
  // given the same now, by the server.
  const text = 'segment("premium") and days_since(lastActiveAt) >= 30';
  const rule = pk.compileRule(text, { segments: Object.fromEntries(mall.segments.map((s) => [s.id, s.rule])) });
  await typeRule(text);
  await page.waitForSelector('#rule-ok');
  const counts = [];
  for (const at of [Date.UTC(2026, 6, 1, 4, 0), Date.UTC(2026, 10, 20, 4, 0)]) {
    await page.fill('#now', await local(at));
    const want = set.count(rule, { now: at });
    await page.waitForFunction((n) => document.getElementById('audience-count').textContent === String(n), want);
    const server = await admin(env.server, 'POST', '/v1/admin/preview', { rule: text, limit: 0, now: at });
    assert.equal(server.body.count, want);
    await page.waitForFunction((n) => document.getElementById('audience-server').textContent.startsWith(`server: ${n} of`), want);
    counts.push(want);
  }
  assert.ok(counts[0] < counts[1] && counts[1] > 0, `the count follows Now: ${counts}`);
  rule.dispose();
  set.dispose();
});

test('a promotion created in the editor is eligible for a matching shopper only; server errors show their path', async () => {
  await page.click('#new-offer');
  await page.fill('#o-id', 'test-gold-fashion-15');
  await page.fill('#o-titleEn', 'Gold fashion fans: 15% off');
  await page.fill('#o-titleZh', '金卡时尚粉丝85折');
  await page.selectOption('#o-rewardType', 'percent');
  await page.fill('#o-percent', '120');
  assert.match(await page.textContent('#err-percent'), /0 < p <= 100/);
  await page.fill('#o-categories', 'fashion');
  await page.fill('#o-maxDiscount', '80.00');
  await page.fill('#o-limitPerCustomer', '2');
  await typeRule('tier == "gold" and "fashion" in interests');
  // Saved anyway: the server refuses it with the path of the bad field.
  await page.click('#save-offer');
  await page.waitForSelector('#save-status .bad');
  const refusal = await page.textContent('#save-status');
  assert.match(refusal, /PK_SCHEMA_RANGE/);
  assert.match(refusal, /reward\.percent/);

  await page.fill('#o-percent', '15');
  await page.click('#o-exclusive');
  await page.click('#save-offer');
  await page.waitForSelector('#save-status .ok');
  const stored = await admin(env.server, 'GET', '/v1/admin/offers/test-gold-fashion-15');
  assert.equal(stored.status, 200);
  assert.deepEqual(stored.body.reward, { type: 'percent', percent: 15, target: 'lines', maxDiscount: 8000 });
  assert.deepEqual(stored.body.scope, { categories: ['fashion'] });
  assert.equal(stored.body.targeting, 'tier == "gold" and "fashion" in interests');
  assert.deepEqual(stored.body.stacking, { exclusive: true });
  assert.deepEqual(stored.body.limits, { perCustomer: 2 });
  assert.equal(stored.body.title.zh, '金卡时尚粉丝85折');
  await page.waitForSelector('[data-offer="test-gold-fashion-15"]');
  await shot(page, 'editor');

  const match = mall.customers.find((c) => c.tier === 'gold' && c.interests.includes('fashion'));
  const other = mall.customers.find((c) => c.tier !== 'gold' && c.interests.includes('fashion'));
  await page.click('#tab-previewAs');
  await page.selectOption('#shopper', match.id);
  await page.waitForSelector('#eligible [data-offer="test-gold-fashion-15"]');
  assert.equal(await page.locator('#ineligible [data-offer="test-gold-fashion-15"]').count(), 0);
  await shot(page, 'preview-as');
  await page.selectOption('#shopper', other.id);
  await page.waitForSelector('#ineligible [data-offer="test-gold-fashion-15"] [data-reason="NOT_IN_SEGMENT"]');
  assert.equal(await page.locator('#eligible [data-offer="test-gold-fashion-15"]').count(), 0);

  // Editing the profile by hand makes the same shopper match.
  const edited = { ...other, tier: 'gold' };
  await page.fill('#shopper-json', JSON.stringify(edited, null, 2));
  await page.waitForSelector('#eligible [data-offer="test-gold-fashion-15"]');
  // The sample cart is priced by the engine with an explanation per offer.
  const totals = await page.textContent('#cart-totals');
  assert.match(totals, /¥/);
  assert.ok((await page.locator('#cart-applied li').count()) >= 1);
  // The header's "now" drives every screen: KFC's lunch daypart (11:00-14:00 Shanghai).
  await page.fill('#now', await local(Date.UTC(2026, 5, 3, 4, 0))); // 12:00 in Shanghai
  await page.waitForSelector('#eligible [data-offer="food-kfc-lunch"]');
  await page.fill('#now', await local(Date.UTC(2026, 5, 3, 12, 0))); // 20:00 in Shanghai
  await page.waitForSelector('#ineligible [data-offer="food-kfc-lunch"] [data-reason="OUTSIDE_WINDOW"]');
  await page.fill('#shopper-json', '{ "id": ');
  await page.waitForSelector('#shopper-error');
  assert.deepEqual(page.problems, []);
});

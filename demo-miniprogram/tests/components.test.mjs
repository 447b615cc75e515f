// Components under miniprogram-simulate, and the plain modules they draw with: the QR voucher
// scans back to its token, the wheel always stops on the index it is given, the scratch card
// finishes when the prize is uncovered, money and strings in both languages.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { appDir, require, setupDom } from './support.mjs';

let simulate;
before(async () => {
  await setupDom();
  simulate = require('miniprogram-simulate');
});

const lib = (name) => require(join(appDir, 'lib', name));
const component = (name, props) => {
  const id = simulate.load(join(appDir, 'components', name, 'index'), { compiler: 'official', rootPath: appDir });
  const c = simulate.render(id, props);
  c.attach(document.body);
  return c;
};

// Paints drawQr's rectangles into an RGBA buffer, as a canvas would, and decodes it with jsQR.
function scan(token, px) {
  const { drawQr } = lib('qr.js');
  const rgba = new Uint8ClampedArray(px * px * 4);
  let fill = [0, 0, 0];
  const ctx = {
    set fillStyle(v) {
      fill = v === '#ffffff' ? [255, 255, 255] : [0, 0, 0];
    },
    fillRect(x, y, w, h) {
      for (let j = y; j < y + h; j++)
        for (let i = x; i < x + w; i++) {
          const k = (j * px + i) * 4;
          rgba.set([...fill, 255], k);
        }
    },
  };
  const info = drawQr(ctx, token, px);
  const jsQR = require('jsqr');
  const decoded = jsQR(rgba, px, px);
  return { info, text: decoded && decoded.data };
}

test('qr: a voucher token drawn on a canvas scans back to the same token', async () => {
  const { loadPk } = await import('./support.mjs');
  const { pk } = await loadPk();
  const key = pk.tokens.generateKey(new Uint8Array(32).fill(1));
  const token = pk.tokens.sign({ offerId: 'fashion-uniqlo-20', claimId: 'c_1', customerId: 'u001', expiry: 1830268800000, nonce: 'n1' }, key);
  const { info, text } = scan(token, 300);
  assert.equal(text, token);
  assert.ok(info.cell >= 2, 'whole-pixel modules');
  assert.throws(() => lib('qr.js').qrMatrix(''), /non-empty/);
});

test('qr-voucher component: makes a code for a token, nothing without one, an error for bad input', () => {
  const c = component('qr-voucher', { token: 'hello-token', size: 200 });
  assert.ok(c.data.modules >= 21);
  assert.equal(c.data.error, '');
  c.setData({ token: '' });
  assert.equal(c.data.modules, 0);
  assert.equal(c.querySelectorAll('#qr').length, 0);
  c.setData({ token: 'x'.repeat(5000) }); // beyond QR capacity
  assert.match(c.data.error, /./);
});

test('wheel: the pointer always ends on the requested segment, turning forward', () => {
  const { wheelRotation, segmentAt } = lib('games.js');
  for (const count of [2, 3, 4, 6, 8, 12]) {
    let deg = 0;
    for (let k = 0; k < 40; k++) {
      const index = (k * 7 + count) % count;
      const next = wheelRotation(index, count, deg);
      assert.ok(next - deg >= 5 * 360, 'at least five full turns');
      assert.equal(segmentAt(next, count), index, `count ${count} index ${index}`);
      deg = next;
    }
  }
  assert.throws(() => wheelRotation(4, 4), RangeError);
});

test('lucky-wheel component: spins to the index it is given and reports done', async () => {
  const { segmentAt } = lib('games.js');
  const segments = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, label: id.toUpperCase() }));
  const c = component('lucky-wheel', { segments, duration: 5 });
  assert.match(c.data.background, /^conic-gradient\(/);
  assert.equal(c.data.labels.length, 5);
  const done = [];
  c.instance.triggerEvent = (name, detail) => done.push([name, detail]);
  c.setData({ spin: { id: 't1', index: 3 } });
  assert.equal(segmentAt(c.data.rotation, 5), 3);
  assert.equal(c.data.spinning, true);
  await simulate.sleep(20);
  assert.deepEqual(done, [['done', { index: 3, id: 't1' }]]);
  c.setData({ spin: { id: 't1', index: 3 } }); // the same spin again: nothing
  await simulate.sleep(20);
  assert.equal(done.length, 1);
});

test('scratch-card component: done once the three prize cells are uncovered', async () => {
  const cells = ['X', 'Y', 'P', 'P', 'Z', 'Y', 'P', 'X', 'Z'];
  const c = component('scratch-card', { cells, card: 't1' });
  const events = [];
  c.instance.triggerEvent = (name) => events.push(name);
  const tap = async (i) => {
    c.querySelectorAll('.cell')[i].dispatchEvent('tap');
    await simulate.sleep(0);
  };
  await tap(0);
  await tap(2);
  await tap(3);
  assert.equal(c.data.finished, false);
  assert.deepEqual(c.data.revealed.map(Number), [1, 0, 1, 1, 0, 0, 0, 0, 0]);
  await tap(6);
  assert.equal(c.data.finished, true);
  assert.deepEqual(events, ['done']);
  assert.deepEqual(c.data.winners, cells.map((x) => x === 'P'));
  await tap(1); // after the end: nothing
  assert.equal(c.data.revealed[1], false);
});

test('offer-card component: shows the card and fires open with its id', async () => {
  const offer = { offerId: 'o1', title: '优衣库8折', discountText: '8折', conditionsText: '最高减100元', expiresText: '2028-01-01 截止', reasons: ['因为你喜欢时尚'], remainingText: '剩余 3 张', badge: '', format: 'banner' };
  const c = component('offer-card', { offer });
  const text = c.dom.textContent;
  for (const part of ['优衣库8折', '8折', '最高减100元', '2028-01-01 截止', '因为你喜欢时尚', '剩余 3 张']) assert.ok(text.includes(part), part);
  const events = [];
  c.instance.triggerEvent = (name, detail) => events.push([name, detail]);
  c.querySelector('.card').dispatchEvent('tap');
  await simulate.sleep(0);
  assert.deepEqual(events, [['open', { offerId: 'o1' }]]);
});

test('money is integer minor units, formatted only for display', () => {
  const { formatMoney, formatDate } = lib('format.js');
  assert.equal(formatMoney(8450), '¥84.50');
  assert.equal(formatMoney(5), '¥0.05');
  assert.equal(formatMoney(-3960), '-¥39.60');
  assert.equal(formatMoney(123456789), '¥1,234,567.89');
  assert.equal(formatMoney(500, 'JPY'), '¥500');
  assert.throws(() => formatMoney(1.5), /integer/);
  assert.equal(formatDate(Date.UTC(2026, 0, 31, 16, 30), { zone: 'Asia/Shanghai', time: true }), '2026-02-01 00:30');
});

test('every UI string exists in Chinese and English', () => {
  const { STRINGS, t, strings, reasonText } = lib('i18n.js');
  assert.deepEqual(Object.keys(STRINGS.zh).sort(), Object.keys(STRINGS.en).sort());
  for (const k of Object.keys(STRINGS.en)) assert.ok(STRINGS.zh[k] && STRINGS.en[k], k);
  assert.equal(t('zh-CN', 'offers.remaining', { n: 3 }), '剩余 3 张');
  assert.equal(t('en-US', 'offers.remaining', { n: 3 }), '3 left');
  assert.equal(strings('zh').offers_recommended, '为你推荐');
  assert.equal(reasonText('en', 'PK_LIMIT_REACHED'), 'limit reached');
  assert.equal(reasonText('zh', 'SOMETHING_NEW'), 'SOMETHING_NEW');
});

test('the bundled catalog is valid and matches the demo mall\'s offers', async () => {
  const { loadPk, root } = await import('./support.mjs');
  const { pk } = await loadPk();
  const boot = lib('bootstrap-catalog.js');
  const report = pk.validate('catalog', boot, { all: true });
  assert.deepEqual(report.errors, []);
  const mall = require(join(root, 'server', 'demo', 'mall.json'));
  assert.deepEqual(boot.offers.map((o) => o.id), mall.offers.map((o) => o.id), 'regenerate with tools/bootstrap-catalog.mjs');
});

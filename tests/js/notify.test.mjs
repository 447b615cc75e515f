// Notifications through the built package: due intents from a games session (birthday in the
// shopper's language and zone, deal alerts from given scores, spending goals), caps and
// markSent, state round trips, pk.notify.formatMoney.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pk, PromokitError } from './load-dist.mjs';

const catalog = {
  version: 1,
  currency: 'CNY',
  offers: [
    { id: 'fashion-20', title: { en: '20% off fashion', zh: '时尚类8折' }, reward: { type: 'percent', percent: 20 } },
    { id: 'bday-gift', title: { en: 'Birthday gift', zh: '生日礼' }, reward: { type: 'bonus_points', points: 500 } },
  ],
  challenges: [
    { id: 'spend', title: { en: 'Spend ¥500', zh: '消费满500元' }, goal: { type: 'spend', target: 50000 }, period: 'week', reward: { points: 100 } },
  ],
  templates: [
    { id: 'bday', kind: 'birthday', daysBefore: 3, offerId: 'bday-gift',
      text: { en: 'Happy birthday soon, {name}! {offer} is waiting.', zh: '{name}，还有{days}天就是您的生日啦！{offer}已备好。' } },
    { id: 'deals', kind: 'deal', minScore: 0.6, channels: ['inApp'], text: { en: 'New for you: {offer}', zh: '为您推荐：{offer}' } },
    { id: 'goal', kind: 'goal', threshold: 0.8, channels: ['inApp'], text: { en: 'Only {amount} more to reach "{goal}"', zh: '再消费{amount}即可完成「{goal}」' } },
  ],
  config: { notifications: { caps: { wechat: 1 } } },
};
const profile = { id: 'u1', name: 'Li Wei', tier: 'gold', birthday: '1990-02-14', zone: 'Asia/Shanghai', locale: 'zh-CN',
  consents: { wechat: true, inApp: true } };
const FEB_11_10AM = 1770775200000; // 2026-02-11 10:00 in Shanghai

function codeOf(fn) {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof PromokitError, `not a PromokitError: ${err}`);
    return err.code;
  }
  return 'PK_OK';
}

test('notify: a birthday in the shopper language, sent once', () => {
  const s = pk.games.createSession(catalog, { now: FEB_11_10AM - 60000, profile });
  assert.deepEqual(s.notifications({ deals: [] }), []);
  s.setNow(FEB_11_10AM);
  const [b] = s.notifications({ deals: [] });
  assert.deepEqual(b, {
    kind: 'birthday', channel: 'wechat', templateId: 'bday', text: 'Li Wei，还有3天就是您的生日啦！生日礼已备好。',
    offerId: 'bday-gift', dueAt: FEB_11_10AM, key: 'birthday:bday:2026',
  });
  // Another language on request, for an app that shows both; the profile is left as it was.
  const [en] = s.notifications({ deals: [], locale: 'en' });
  assert.equal(en.text, 'Happy birthday soon, Li Wei! Birthday gift is waiting.');
  assert.equal(en.key, b.key);
  assert.equal(s.notifications({ deals: [] })[0].text, b.text);
  s.markNotified([b]);
  assert.deepEqual(s.notifications({ deals: [] }), []);
  // The state carries what was sent.
  const state = s.exportState();
  assert.equal(state.notify.sent.length, 1);
  const t = pk.games.createSession(catalog, { now: FEB_11_10AM, profile });
  assert.equal(t.notifications({ deals: [] }).length, 1);
  t.importState(state);
  assert.deepEqual(t.notifications({ deals: [] }), []);
  assert.equal(codeOf(() => t.importState({ notify: { v: 1, sent: [['k', 'fax', 1]] } })), 'PK_GAME_STATE');
  assert.deepEqual(t.notifications({ deals: [] }), []); // unchanged
  s.dispose();
  t.dispose();
});

test('notify: deal alerts from scores, and markSent in the same call', () => {
  const s = pk.games.createSession(catalog, { now: 1775026800000, profile: { ...profile, locale: 'en' } });
  const deals = [{ offerId: 'fashion-20', score: 0.9 }, { offerId: 'bday-gift', score: 0.3 }];
  const [d] = s.notifications({ deals, markSent: true });
  assert.equal(d.kind, 'deal');
  assert.equal(d.channel, 'inApp');
  assert.equal(d.text, 'New for you: 20% off fashion');
  assert.deepEqual(s.notifications({ deals }), []); // fashion-20 was alerted; bday-gift scores too low
  assert.equal(codeOf(() => s.notifications({ deals: [{ offerId: 3 }] })), 'PK_INVALID_ARGUMENT');
  s.dispose();
});

test('notify: deals of catalog offers (typed arrays) and deals naming other ids (JSON) give the same intents', () => {
  const at = { now: 1775026800000, profile: { ...profile, locale: 'en' } };
  const cases = [
    [{ offerId: 'fashion-20', score: 0.7 }, { offerId: 'bday-gift', score: 0.8 }],
    [{ offerId: 'bday-gift', score: 0.8 }, { offerId: 'fashion-20', score: 0.8 }],  // a tie goes to the smaller id
    [{ offerId: 'fashion-20', score: 0.5 }],  // under minScore
  ];
  for (const deals of cases) {
    const fast = pk.games.createSession(catalog, at);
    const slow = pk.games.createSession(catalog, at);
    // An id the catalog lacks, scored below minScore, sends the call down the JSON path.
    const viaJson = slow.notifications({ deals: [...deals, { offerId: 'not-in-catalog', score: 0.1 }] });
    assert.deepEqual(fast.notifications({ deals }), viaJson, JSON.stringify(deals));
    fast.dispose();
    slow.dispose();
  }
  const s = pk.games.createSession(catalog, at);
  assert.equal(s.notifications({ deals: [{ offerId: 'not-in-catalog', score: 0.9 }] })[0].offerId, 'not-in-catalog');
  for (const bad of [[{ offerId: 'fashion-20', score: NaN }], [{ offerId: 'fashion-20' }], [null], 'fashion-20'])
    assert.equal(codeOf(() => s.notifications({ deals: bad })), 'PK_INVALID_ARGUMENT', JSON.stringify(bad));
  s.dispose();
});

test('notify: a spending goal nearly reached, with the amount left in yuan', () => {
  const s = pk.games.createSession(catalog, { now: 1775026800000, profile });
  s.track({ id: 'p1', type: 'purchase', time: 1775026000000, amount: 41550 });
  const [g] = s.notifications({ deals: [] });
  assert.equal(g.kind, 'goal');
  assert.equal(g.text, '再消费¥84.50即可完成「消费满500元」');
  s.dispose();
});

test('notify: formatMoney', () => {
  assert.equal(pk.notify.formatMoney(8450, 'CNY'), '¥84.50');
  assert.equal(pk.notify.formatMoney(50000, 'CNY'), '¥500');
  assert.equal(pk.notify.formatMoney(1250, 'SGD'), '12.50 SGD');
});

test('notify: engine.notifications', { skip: typeof pk.createEngine !== 'function' && 'no engine in this package' }, () => {
  const e = pk.createEngine(catalog, { now: FEB_11_10AM, zone: 'Asia/Shanghai' });
  e.setProfile(profile);
  const list = e.notifications({ markSent: true });
  assert.ok(list.some((i) => i.kind === 'birthday'));
  assert.ok(!e.notifications().some((i) => i.kind === 'birthday'));
  e.dispose();
});

// The notification outbox against local stand-ins: a scripted WeChat API (token + subscribe
// send, with busy, refused and stale-token answers) and an SMTP sink (smtp-server from npm).
// Planned exactly once per occurrence (also across kill -9), pushes retried with backoff and
// held back by quiet hours and per-channel send rates, in-app messages pulled by the shopper.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { SMTPServer } from 'smtp-server';
import { startServer, runOnce, admin, client } from './support/server.mjs';

const NOW = Date.UTC(2026, 5, 10, 4, 0);  // 12:00 in Asia/Shanghai, 00:00 in New York
const MIN = 60_000;

// ---- the WeChat stand-in ---------------------------------------------------------------------
const wx = { tokens: 0, sends: [], calls: {} };
const wechat = createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  let body = '';
  req.on('data', (d) => (body += d));
  req.on('end', () => {
    const reply = (j) => { res.setHeader('content-type', 'application/json'); res.end(JSON.stringify(j)); };
    if (req.method === 'GET' && url.pathname === '/wx/cgi-bin/token') {
      if (url.searchParams.get('appid') !== 'wx-app' || url.searchParams.get('secret') !== 'wx-secret')
        return reply({ errcode: 40125, errmsg: 'invalid appsecret' });
      wx.tokens += 1;
      return reply({ access_token: `tok-${wx.tokens}`, expires_in: 7200 });
    }
    if (req.method === 'POST' && url.pathname === '/wx/cgi-bin/message/subscribe/send') {
      const msg = JSON.parse(body);
      const token = url.searchParams.get('access_token');
      const n = (wx.calls[msg.touser] = (wx.calls[msg.touser] || 0) + 1);
      if (msg.touser === 'o-busy' && n === 1) return reply({ errcode: -1, errmsg: 'system error' });
      if (msg.touser === 'o-refused') return reply({ errcode: 43101, errmsg: 'user refuse to accept the msg' });
      if (msg.touser === 'o-stale' && token === 'tok-1') return reply({ errcode: 40001, errmsg: 'invalid credential' });
      wx.sends.push({ ...msg, token });
      return reply({ errcode: 0, errmsg: 'ok', msgid: wx.sends.length });
    }
    res.statusCode = 404;
    res.end();
  });
});

// ---- the SMTP sink ---------------------------------------------------------------------------
const mails = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onRcptTo(address, session, cb) {
    if (address.address === 'bounce@mail.test') {
      const err = new Error('no such mailbox');
      err.responseCode = 550;
      return cb(err);
    }
    cb();
  },
  onData(stream, session, cb) {
    let raw = '';
    stream.on('data', (d) => (raw += d));
    stream.on('end', () => {
      mails.push({ from: session.envelope.mailFrom.address, to: session.envelope.rcptTo.map((r) => r.address), raw });
      cb();
    });
  },
});

const listen = (srv) => new Promise((resolve) => srv.listen(0, '127.0.0.1', () => resolve(srv.address().port)));
const decodeWords = (header) =>
  [...header.matchAll(/=\?UTF-8\?B\?([^?]*)\?=/g)].map((m) => Buffer.from(m[1], 'base64').toString('utf8')).join('');
function parseMail(raw) {
  const [head, ...rest] = raw.split('\r\n\r\n');
  const subject = /^Subject: ((?:.*)(?:\r\n .*)*)/m.exec(head)[1];
  return { head, subject: decodeWords(subject), body: Buffer.from(rest.join('\r\n\r\n').replace(/\s+/g, ''), 'base64').toString('utf8') };
}

const wechatTemplates = {
  bday: { templateId: 'TMPL-BDAY', page: 'pages/offers/offers', data: { thing1: '{text}', thing2: '{offer}', date3: '{date}' } },
};

let s, args;
before(async () => {
  const wxPort = await listen(wechat);
  const smtpPort = await listen(smtp.server);
  args = ['--notify-interval', '0', '--notify-retry-seconds', '30', '--notify-attempts', '3', '--wechat-per-minute', '4',
    '--wechat-api', `http://127.0.0.1:${wxPort}/wx`, '--wechat-app-id', 'wx-app', '--wechat-app-secret', 'wx-secret',
    '--wechat-templates', JSON.stringify(wechatTemplates),
    '--smtp-url', `smtp://127.0.0.1:${smtpPort}`, '--smtp-from', 'Mall <promos@mall.test>', '--zone', 'Asia/Shanghai'];
  s = await startServer({ args });
  const ok = (r) => assert.ok(r.status < 300, JSON.stringify(r.body));
  ok(await admin(s, 'POST', '/v1/admin/offers', { id: 'gift', title: { en: 'A birthday gift card', zh: '生日礼品卡' },
    reward: { type: 'fixed', amount: 5000 }, validity: { start: Date.UTC(2020, 0, 1), end: Date.UTC(2100, 0, 1) } }));
  ok(await admin(s, 'POST', '/v1/admin/templates', { id: 'bday', kind: 'birthday', daysBefore: 3, sendAt: '10:00', offerId: 'gift',
    channels: ['wechat', 'email', 'inApp'],
    text: { en: 'Happy birthday soon, {name}! {offer} is waiting for you at the mall.', zh: '{name}，还有{days}天就是您的生日啦！{offer}已备好。' } }));
  const shopper = (id, extra) => client(s, 'PATCH', `/v1/profiles/${id}`, { name: id, birthday: '1990-06-12', zone: 'Asia/Shanghai', ...extra });
  const all = { wechat: true, email: true, inApp: true };
  for (const [id, extra] of [
    ['u-wx', { consents: all, attributes: { openid: 'o-ok', email: 'wx@mail.test' } }],
    ['u-busy', { consents: all, attributes: { openid: 'o-busy' } }],
    ['u-refused', { consents: all, attributes: { openid: 'o-refused' } }],
    ['u-stale', { consents: all, attributes: { openid: 'o-stale' } }],
    ['u-zh', { locale: 'zh-CN', consents: all, attributes: { openid: 'o-zh' } }],
    ['u-late', { zone: 'America/New_York', consents: all, attributes: { openid: 'o-late' } }],
    ['u-mail', { consents: { wechat: false, email: true }, attributes: { openid: 'o-mail', email: 'shopper@mail.test' } }],
    ['u-bounce', { consents: { email: true }, attributes: { email: 'bounce@mail.test' } }],
    ['u-noaddr', { consents: all }],
    ['u-optout', { consents: { wechat: false, email: false, inApp: false } }],
    ['u-other', { birthday: '1990-09-01', consents: all, attributes: { openid: 'o-other' } }],
  ]) ok(await shopper(id, extra));
});
after(async () => {
  await s.stop();
  s.cleanup();
  wechat.close();
  smtp.close();
});

const run = async (now, extra = {}) => {
  const r = await admin(s, 'POST', '/v1/admin/notifications/run', { now, ...extra });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
};
const outbox = async (query = '') => (await admin(s, 'GET', `/v1/admin/notifications${query}`)).body.items;
const byCustomer = async () => Object.fromEntries((await outbox()).map((n) => [n.customerId, n]));

test('planning: one message per due birthday, on the first channel with consent, an address and an adapter', async () => {
  const first = await run(NOW, { dispatch: false });
  assert.deepEqual(first.channels, { inApp: true, wechat: true, email: true, sms: false });
  assert.equal(first.planned, 9, 'every shopper with a birthday in 3 days and some channel');
  const n = await byCustomer();
  assert.equal(n['u-other'], undefined, 'no birthday due');
  assert.equal(n['u-optout'], undefined, 'no consent on any channel');
  assert.equal(n['u-wx'].channel, 'wechat');
  assert.equal(n['u-mail'].channel, 'email', 'wechat not consented: the next channel');
  assert.equal(n['u-noaddr'].channel, 'inApp', 'no openid and no email: in-app');
  assert.equal(n['u-wx'].text, 'Happy birthday soon, u-wx! A birthday gift card is waiting for you at the mall.');
  assert.equal(n['u-zh'].text, 'u-zh，还有2天就是您的生日啦！生日礼品卡已备好。');
  assert.equal(n['u-wx'].dueAt, NOW);
  assert.equal(n['u-late'].dueAt, Date.UTC(2026, 5, 10, 12, 0), 'quiet hours in New York hold the push until 08:00 local');
  assert.ok(Object.values(n).every((m) => m.status === 'pending' && m.attempts === 0 && m.key === n['u-wx'].key), 'one occurrence key: this year\'s birthday');
  const again = await run(NOW + 5 * MIN, { dispatch: false });
  assert.equal(again.planned, 0, 'an occurrence is planned once');
  assert.equal((await outbox()).length, 9);
});

test('dispatch: WeChat and SMTP deliveries, retries with backoff, permanent failures, per-minute rate, quiet hours', async () => {
  const r1 = await run(NOW);
  assert.equal(r1.planned, 0);
  // Due WeChat pushes: u-wx, u-busy, u-refused, u-stale, u-zh (u-late waits for 08:00 in New York);
  // the rate of 4 a minute leaves one for later.
  assert.equal(r1.deferred, 1, JSON.stringify(r1));
  assert.equal(r1.sent + r1.failed + r1.retrying, 4 + 2, JSON.stringify(r1));  // + u-mail, u-bounce by email

  await run(NOW + 31_000);
  await run(NOW + 2 * MIN);
  await run(NOW + 5 * MIN);
  let n = await byCustomer();
  for (const id of ['u-wx', 'u-stale', 'u-zh', 'u-busy', 'u-mail']) assert.equal(n[id].status, 'sent', `${id}: ${JSON.stringify(n[id])}`);
  assert.equal(n['u-busy'].attempts, 2, 'a busy answer is retried');
  assert.equal(n['u-refused'].status, 'failed');
  assert.equal(n['u-refused'].attempts, 1, '43101 is not retried');
  assert.match(n['u-refused'].error, /43101/);
  assert.equal(n['u-bounce'].status, 'failed');
  assert.match(n['u-bounce'].error, /550/);
  assert.equal(n['u-late'].status, 'pending', 'still in quiet hours');
  assert.equal(n['u-noaddr'].status, 'pending', 'in-app waits to be pulled');

  await run(Date.UTC(2026, 5, 10, 12, 1));
  n = await byCustomer();
  assert.equal(n['u-late'].status, 'sent');

  // What WeChat received: the subscribe-message shape, thing values cut to 20 characters.
  assert.equal(wx.calls['o-stale'], 2, 'a stale token is refreshed and the message sent again');
  assert.equal(wx.tokens, 2);
  const sent = Object.fromEntries(wx.sends.map((m) => [m.touser, m]));
  assert.deepEqual(Object.keys(sent).sort(), ['o-busy', 'o-late', 'o-ok', 'o-stale', 'o-zh']);
  assert.equal(sent['o-ok'].template_id, 'TMPL-BDAY');
  assert.equal(sent['o-ok'].page, 'pages/offers/offers');
  assert.equal(sent['o-ok'].lang, 'en_US');
  assert.equal(sent['o-ok'].miniprogram_state, 'formal');
  assert.equal(sent['o-ok'].data.thing1.value, 'Happy birthday soon…');
  assert.equal([...sent['o-ok'].data.thing1.value].length, 20);
  assert.equal(sent['o-ok'].data.thing2.value, 'A birthday gift card');
  assert.equal(sent['o-ok'].data.date3.value, '2026-06-10');
  assert.equal(sent['o-zh'].lang, 'zh_CN');
  assert.equal(sent['o-zh'].data.thing2.value, '生日礼品卡');
  assert.equal(sent['o-late'].data.date3.value, '2026-06-10', 'the local day in New York');

  // What the SMTP sink received.
  assert.equal(mails.length, 1);
  const mail = parseMail(mails[0].raw);
  assert.equal(mails[0].from, 'promos@mall.test');
  assert.deepEqual(mails[0].to, ['shopper@mail.test']);
  assert.equal(mail.subject, 'Happy birthday soon, u-mail! A birthday gift card is waiting for you at the mall.');
  assert.match(mail.body, /A birthday gift card$/);
  assert.match(mail.head, /^Message-ID: <n_[0-9a-f]{24}@promokit>$/m);

  const metrics = (await s.call('GET', '/metrics', { auth: false, raw: true })).body;
  assert.match(metrics, /^promokit_notifications_sent_total 6$/m);
  assert.match(metrics, /^promokit_notifications_failed_total 2$/m);

  // Nothing is sent twice, however often the outbox runs.
  const before = wx.sends.length;
  const quiet = await run(Date.UTC(2026, 5, 11, 4, 0));
  assert.deepEqual([quiet.planned, quiet.sent, quiet.failed], [0, 0, 0]);
  assert.equal(wx.sends.length, before);
  assert.equal(mails.length, 1);
});

test('a killed server keeps its outbox: nothing is planned or sent again after kill -9 and restart', async () => {
  const items = await outbox();
  await s.kill9();
  s = await startServer({ dir: s.dir, args });
  const sends = wx.sends.length;
  const r = await run(Date.UTC(2026, 5, 11, 5, 0));
  assert.deepEqual([r.planned, r.sent], [0, 0]);
  assert.equal(wx.sends.length, sends);
  assert.deepEqual((await outbox()).map((n) => [n.id, n.status]), items.map((n) => [n.id, n.status]));
});

test('in-app inbox: the shopper pulls due messages and marks them read', async () => {
  // A deal alert for everyone with in-app consent, at the real clock (the inbox shows what is due by now).
  assert.equal((await admin(s, 'POST', '/v1/admin/templates', { id: 'deal', kind: 'deal', minScore: 0, channels: ['inApp'],
    text: { en: '{offer}: picked for you' } })).status, 201);
  assert.equal((await admin(s, 'POST', '/v1/admin/offers', { id: 'coffee', title: { en: 'Coffee for two' },
    reward: { type: 'percent', percent: 20 }, validity: { start: Date.UTC(2020, 0, 1), end: Date.UTC(2100, 0, 1) } })).status, 201);
  const now = Date.now();
  const r = await run(now);
  assert.equal(r.planned, 10, 'every shopper but the one who opted out of in-app');
  assert.equal((await run(now + 60_000)).planned, 0, 'one deal alert a day, though the outbox runs every minute');
  const inbox = await client(s, 'GET', '/v1/profiles/u-noaddr/notifications');
  assert.equal(inbox.status, 200);
  assert.equal(inbox.body.unread, 2);
  assert.deepEqual(inbox.body.items.map((m) => m.kind), ['deal', 'birthday'], 'newest first');
  const title = { gift: 'A birthday gift card', coffee: 'Coffee for two' }[inbox.body.items[0].offerId];
  assert.equal(inbox.body.items[0].text, `${title}: picked for you`);
  assert.equal(inbox.body.items[0].status, undefined, 'the shopper sees no delivery internals');
  const id = inbox.body.items[0].id;
  const read = await client(s, 'POST', `/v1/profiles/u-noaddr/notifications/${id}/read`);
  assert.equal(read.status, 200);
  assert.ok(read.body.readAt > 0);
  const again = await client(s, 'POST', `/v1/profiles/u-noaddr/notifications/${id}/read`);
  assert.equal(again.body.readAt, read.body.readAt, 'marking read twice changes nothing');
  assert.equal((await client(s, 'GET', '/v1/profiles/u-noaddr/notifications')).body.unread, 1);
  const foreign = await client(s, 'POST', `/v1/profiles/u-wx/notifications/${id}/read`);
  assert.deepEqual([foreign.status, foreign.body.code, foreign.body.path], [404, 'PK_NOT_FOUND', 'notificationId']);
  assert.equal((await client(s, 'GET', '/v1/profiles/u-optout/notifications')).body.items.length, 0);
});

test('bad input: run and listing parameters, and start-up options, get clear errors', async () => {
  for (const [body, path] of [[{ now: 'soon' }, 'now'], [{ plan: 1 }, 'plan'], [[], '']]) {
    const r = await admin(s, 'POST', '/v1/admin/notifications/run', body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.equal(r.body.path ?? '', path);
  }
  for (const [q, path] of [['?status=lost', 'status'], ['?channel=pigeon', 'channel'], ['?limit=0', 'limit']]) {
    const r = await admin(s, 'GET', `/v1/admin/notifications${q}`);
    assert.deepEqual([r.status, r.body.path], [400, path], q);
  }
  assert.equal((await client(s, 'POST', '/v1/admin/notifications/run', {})).status, 401, 'admin only');
  const page = await admin(s, 'GET', '/v1/admin/notifications?limit=3');
  assert.equal(page.body.items.length, 3);
  const next = await admin(s, 'GET', `/v1/admin/notifications?limit=3&after=${page.body.next}`);
  assert.ok(next.body.items[0].id > page.body.items[2].id, 'paging by id');
  const failed = await admin(s, 'GET', '/v1/admin/notifications?status=failed');
  assert.deepEqual(failed.body.items.map((n) => n.customerId).sort(), ['u-bounce', 'u-refused']);
  for (const [opts, message] of [
    [['--wechat-templates', '{"bday": {"templateId": "T"}}'], /--wechat-templates: bday\.data/],
    [['--wechat-templates', '{"bday": '], /--wechat-templates: .*JSON|--wechat-templates: .*1:/],
    [['--smtp-url', 'http://127.0.0.1:25'], /--smtp-url: expected smtp:/],
    [['--wechat-state', 'beta'], /--wechat-state/],
    [['--notify-interval', '-1'], /--notify-interval/],
  ]) {
    const r = await runOnce(opts);
    assert.equal(r.code, 2, opts.join(' '));
    assert.match(r.stderr, message);
  }
});

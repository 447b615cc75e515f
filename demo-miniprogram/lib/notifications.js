// Notifications: birthday, "we miss you", event, deal and goal messages the engine says are due
// (docs/notifications.md), kept in an inbox in wx storage. Each message is asked for in both
// languages (asking records nothing), so switching the UI language switches the inbox; then it
// is marked as delivered, which is what makes it come once.
const { t, lang } = require('./i18n.js');
const { formatDate } = require('./format.js');

const LANGS = { zh: 'zh-CN', en: 'en' };
const MAX_INBOX = 50;
// Deal alerts come one per ask (docs/notifications.md): asking on every page view would
// flood the inbox, so the app asks at most this often.
const ASK_EVERY_MS = 60 * 60 * 1000;

function inbox(store) {
  return store.local.get('inbox', []);
}

// Asks the engine what is due now (unless asked within the hour, or `force`), adds it to the
// inbox and marks it delivered. → new items
function collect(store, { force = false } = {}) {
  const now = store.now();
  const last = store.local.get('notifiedAt', 0);
  if (!force && now >= last && now - last < ASK_EVERY_MS) return [];
  store.local.set('notifiedAt', now);
  // One ranking for both languages: recommend() may explore, and both asks must see the same deals.
  const deals = store.engine
    .recommend({ limit: 50 })
    .map((r) => ({ offerId: r.offerId, score: r.score }));
  const due = {};
  for (const [l, locale] of Object.entries(LANGS)) due[l] = store.withLocale(locale, (engine) => engine.notifications({ deals }));
  const fresh = due.en;
  if (!fresh.length) return [];
  const textIn = (l, intent) => (due[l].find((x) => x.key === intent.key) || intent).text;
  const items = fresh.map((intent) => ({
    key: intent.key,
    kind: intent.kind,
    channel: intent.channel,
    offerId: intent.offerId || '',
    dueAt: intent.dueAt,
    text: { en: textIn('en', intent), zh: textIn('zh', intent) },
    read: false,
  }));
  store.engine.markNotified(fresh);
  const known = new Set(inbox(store).map((x) => x.key));
  const added = items.filter((x) => !known.has(x.key));
  store.local.set('inbox', [...added, ...inbox(store)].slice(0, MAX_INBOX));
  return added;
}

function markRead(store, key) {
  store.local.set('inbox', inbox(store).map((x) => (x.key === key ? { ...x, read: true } : x)));
}

// → { items: [{ key, kindText, text, date, offerId, read }], unread, empty }
function notificationsView(store) {
  const l = lang(store.locale);
  const items = inbox(store).map((x) => ({
    key: x.key,
    kind: x.kind,
    kindText: t(store.locale, `notify.kind.${x.kind}`),
    text: x.text[l] || x.text.en,
    date: formatDate(x.dueAt, { zone: store.config.zone, time: true }),
    offerId: x.offerId,
    channel: x.channel,
    read: !!x.read,
  }));
  return { items, unread: items.filter((x) => !x.read).length, empty: items.length === 0 };
}

module.exports = { collect, markRead, notificationsView, inbox };

// Wallet: claimed coupons by status with their usage rules, redemption history and points.
// The engine's wallet is the local view; claims only the server knows (won in a draw the
// engine could not take in, made on another device) are added from the server's wallet.
const { t, reasonText } = require('./i18n.js');
const { formatDate } = require('./format.js');

const STATUSES = ['active', 'pending', 'used', 'expired', 'rejected'];

// Every wallet entry: { claimId, offerId, status, token, claimedAt, expiresAt, history, offer, reason, source }
function walletEntries(store) {
  const engine = store.engine;
  const now = store.now();
  const entries = engine.wallet().map((w) => ({ ...w, source: 'engine' }));
  const tokens = new Set(entries.filter((w) => w.token).map((w) => w.token));
  const cards = new Map(engine.offers({ includeIneligible: true, locale: store.locale }).map((o) => [o.offerId, o]));
  for (const s of store.client.serverWallet || []) {
    if (!s.token || tokens.has(s.token)) continue;
    const card = cards.get(s.offerId) || { title: s.offerId };
    const status = s.status === 'redeemed' ? 'used' : s.expiry && s.expiry <= now ? 'expired' : 'active';
    const history = [{ time: s.claimedAt, status: 'active', note: '' }];
    if (s.redeemedAt) history.push({ time: s.redeemedAt, status: 'used', note: s.store || '' });
    entries.push({
      claimId: s.claimId, offerId: s.offerId, status, token: s.token, claimedAt: s.claimedAt, expiresAt: s.expiry || null, history,
      offer: { title: card.title, discountText: card.discountText, conditionsText: card.conditionsText, expiresAt: card.expiresAt },
      source: 'server',
    });
  }
  return entries;
}

const usedAt = (w) => {
  const h = (w.history || []).filter((x) => x.status === 'used');
  return h.length ? h[h.length - 1] : null;
};

// → { groups: [{ status, label, items }], redemptions, points, ledger, empty }
function walletView(store) {
  const locale = store.locale;
  const zone = store.config.zone;
  const date = (ms) => formatDate(ms, { zone, time: true });
  const entries = walletEntries(store);
  const item = (w) => ({
    claimId: w.claimId,
    offerId: w.offerId,
    title: (w.offer && w.offer.title) || w.offerId,
    discountText: (w.offer && w.offer.discountText) || '',
    conditionsText: (w.offer && w.offer.conditionsText) || '',
    expiresText: w.expiresAt ? t(locale, 'offers.expires', { date: formatDate(w.expiresAt, { zone }) }) : '',
    claimedText: t(locale, 'wallet.claimedAt', { date: date(w.claimedAt) }),
    statusText: t(locale, `status.${w.status}`),
    reasonText: w.reason ? t(locale, 'wallet.reason', { reason: reasonText(locale, w.reason) }) : '',
    token: w.status === 'active' ? w.token || '' : '',
  });
  const groups = STATUSES.map((status) => ({
    status,
    label: t(locale, `status.${status}`),
    items: entries.filter((w) => w.status === status).sort((a, b) => b.claimedAt - a.claimedAt).map(item),
  })).filter((g) => g.items.length);

  // Redemptions: used entries, with the sync state of the app's own redemption requests.
  const sent = new Map(store.client.redemptions().map((r) => [r.request.token, r]));
  const redemptions = entries
    .filter((w) => w.status === 'used')
    .map((w) => {
      const u = usedAt(w);
      const rec = w.token && sent.get(w.token);
      return {
        claimId: w.claimId,
        title: (w.offer && w.offer.title) || w.offerId,
        at: u ? u.time : 0,
        text: t(locale, 'wallet.redeemedAt', { date: date(u ? u.time : w.claimedAt) }),
        syncText: rec ? t(locale, rec.status === 'confirmed' ? 'status.used' : `status.${rec.status}`) : '',
        reasonText: rec && rec.reason ? t(locale, 'wallet.reason', { reason: reasonText(locale, rec.reason) }) : '',
      };
    })
    .sort((a, b) => b.at - a.at);

  return { groups, redemptions, empty: entries.length === 0, points: store.engine.points(), ledger: ledgerView(store) };
}

// The points history: the server's ledger (authoritative) and what this phone earned or spent
// since (purchases, claims paid in points), newest first.
function ledgerView(store) {
  const zone = store.config.zone;
  const server = ((store.client.profile && store.client.profile.ledger) || []).map((e) => ({
    id: e.id, at: e.at, delta: e.points, balance: e.balance, reason: e.reason, ref: e.ref || '',
  }));
  const known = new Set(server.map((e) => e.id));
  const localOnly = store.engine
    .ledger()
    .filter((e) => e.reason !== 'profile' && !known.has(e.id))
    .map((e) => ({ id: e.id, at: e.time, delta: e.delta, balance: e.balance, reason: e.reason, ref: e.offerId || e.orderId || '' }));
  return [...server, ...localOnly]
    .sort((a, b) => b.at - a.at)
    .map((e) => ({ ...e, deltaText: (e.delta > 0 ? '+' : '') + e.delta, date: formatDate(e.at, { zone, time: true }) }));
}

module.exports = { walletView, walletEntries, ledgerView, STATUSES };

// Offer detail: the card, its usage rules in words, whether it can be claimed, and the wallet
// entry with the voucher token once the server has confirmed the claim.
const { t, reasonText } = require('./i18n.js');
const { formatDate } = require('./format.js');
const { cardOf } = require('./offer-center.js');
const { walletEntries } = require('./wallet.js');

// The usage rules of an engine card as lines of text.
function rulesOf(offer, locale, zone) {
  const rules = [];
  if (offer.conditionsText) rules.push(offer.conditionsText);
  const l = offer.limits || {};
  if (l.total) rules.push(t(locale, 'offer.limit.total', { n: l.total }));
  if (l.perCustomer) rules.push(t(locale, 'offer.limit.perCustomer', { n: l.perCustomer }));
  if (l.perCustomerPerDay) rules.push(t(locale, 'offer.limit.perDay', { n: l.perCustomerPerDay }));
  const stores = (offer.conditions && offer.conditions.stores) || [];
  if (stores.length) rules.push(t(locale, 'offer.stores', { stores: stores.join(', ') }));
  if (offer.pointsCost) rules.push(t(locale, 'offer.pointsCost', { n: offer.pointsCost }));
  if (offer.code === 'shared') rules.push(t(locale, 'offer.code', { code: offer.codeValue || '' }));
  else if (offer.code === 'unique') rules.push(t(locale, 'offer.codeUnique'));
  else if (!offer.requiresClaim) rules.push(t(locale, 'offer.auto'));
  rules.push(offer.expiresAt ? t(locale, 'offers.expires', { date: formatDate(offer.expiresAt, { zone }) }) : t(locale, 'offers.noExpiry'));
  return rules;
}

// → { found, card, rules, canClaim, claimable, notEligibleText, entry, voucherToken }
function offerDetail(store, offerId) {
  const locale = store.locale;
  const zone = store.config.zone;
  const offer = store.engine.offers({ includeIneligible: true, locale }).find((o) => o.offerId === offerId);
  if (!offer) return { found: false, message: t(locale, 'offer.notFound') };
  const raw = ((store.catalog && store.catalog.offers) || []).find((o) => o.id === offerId) || {};
  const withCode = { ...offer, codeValue: raw.code && raw.code.value };
  // The newest wallet entry of this offer (active before used before the rest).
  const rank = { active: 0, pending: 1, used: 2, expired: 3, rejected: 4 };
  const entry = walletEntries(store)
    .filter((w) => w.offerId === offerId)
    .sort((a, b) => rank[a.status] - rank[b.status] || b.claimedAt - a.claimedAt)[0] || null;
  const reasons = offer.eligible ? [] : offer.reasons || [];
  return {
    found: true,
    card: cardOf(offer, locale, zone),
    rules: rulesOf(withCode, locale, zone),
    claimable: !!offer.requiresClaim,
    canClaim: !!offer.canClaim && !!offer.requiresClaim,
    notEligibleText: reasons.length ? t(locale, 'offer.notEligible', { reasons: reasons.map((r) => reasonText(locale, typeof r === 'string' ? r : r.code)).join(', ') }) : '',
    entry,
    voucherToken: entry && entry.status === 'active' && entry.token ? entry.token : '',
  };
}

module.exports = { offerDetail, rulesOf };

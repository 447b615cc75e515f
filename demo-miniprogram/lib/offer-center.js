// Offer Center: "Recommended for You" (engine.recommend, with its reasons) and the shopper's
// offers filtered by interest, membership tier and mall (engine.offers). Plain data for WXML.
const { t, label } = require('./i18n.js');
const { formatDate } = require('./format.js');

const TIER_TAG = /^([a-z0-9]+)_(members|only|exclusive)$/;
const KNOWN_TIERS = ['basic', 'silver', 'gold', 'platinum'];

// One card as the offer-card component shows it.
function cardOf(offer, locale, zone) {
  const w = offer.wallet;
  return {
    offerId: offer.offerId,
    title: offer.title,
    discountText: offer.discountText,
    conditionsText: offer.conditionsText,
    expiresText: offer.expiresAt ? t(locale, 'offers.expires', { date: formatDate(offer.expiresAt, { zone }) }) : t(locale, 'offers.noExpiry'),
    remainingText: typeof offer.remaining === 'number' ? t(locale, 'offers.remaining', { n: offer.remaining }) : '',
    badge: w ? t(locale, `status.${w.status}`) : '',
    brand: offer.brand || '',
    format: offer.format || 'banner',
    reasons: [],
  };
}

// The choices of the three filters, from the catalog and the profile: [{ value, label }].
function filterOptions(offers, profile, locale) {
  const interests = new Set(profile.interests || []);
  const tiers = new Set(profile.tier ? [profile.tier] : []);
  const malls = new Set(profile.mall ? [profile.mall] : []);
  for (const o of offers) {
    if (o.category) interests.add(o.category);
    for (const tag of o.tags || []) {
      const m = TIER_TAG.exec(tag);
      if (m) tiers.add(m[1]);
    }
    for (const m of o.malls || []) malls.add(m);
  }
  const byTier = (a, b) => (KNOWN_TIERS.indexOf(a) + 1 || 99) - (KNOWN_TIERS.indexOf(b) + 1 || 99) || a.localeCompare(b);
  const chips = (kind, values) => values.map((value) => ({ value, label: label(locale, kind, value) }));
  return {
    interests: chips('interest', [...interests].sort()),
    tiers: chips('tier', [...tiers].sort(byTier)),
    malls: chips('mall', [...malls].sort()),
  };
}

// filters: { interest, tier, mall } ('' = all). → { recommended, offers, options, filters }
function offerCenter(store, filters = {}, { limit = 5 } = {}) {
  const engine = store.engine;
  const locale = store.locale;
  const zone = store.config.zone;
  const profile = store.profile;
  const f = { interest: filters.interest || '', tier: filters.tier || '', mall: filters.mall || '' };
  const filter = {};
  for (const k of ['interest', 'tier', 'mall']) if (f[k]) filter[k] = f[k];

  const all = engine.offers({ locale });
  const byId = new Map(all.map((o) => [o.offerId, o]));
  const everything = engine.offers({ includeIneligible: true, locale });
  const recs = engine.recommend({ limit, locale, context: { mall: f.mall || profile.mall || store.config.mall, locale } });
  const recommended = recs
    .filter((r) => byId.has(r.offerId))
    .map((r) => ({ ...cardOf(byId.get(r.offerId), locale, zone), reasons: r.reasons.map((x) => (typeof x === 'string' ? x : x.text)) }));
  const offers = engine.offers({ filter, locale }).map((o) => cardOf(o, locale, zone));
  return { recommended, offers, options: filterOptions(everything, profile, locale), filters: f };
}

module.exports = { offerCenter, cardOf, filterOptions };

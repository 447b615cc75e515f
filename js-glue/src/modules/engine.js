// pk.createEngine(catalog, { now, zone, seed, locale, codeKeys, personalization: { halfLifeDays, topK } }) over sdk/bindings/bind_engine.cpp:
// offers with card text and reasons, the wallet, loyalty points, cart pricing and the engine's
// state. docs/offers.md and docs/pricing.md describe the behaviour.

export function install(pk, native, { invoke, callWithCatalog, trackPacked, NativeObject, PromokitError, toText }) {
  const invalid = (message) => new PromokitError('PK_INVALID_ARGUMENT', message, { number: 2 });
  const text = (value, what) => {
    if (value === undefined || value === null) throw invalid(`${what} is missing`);
    return toText(value);
  };
  const str = (value, what) => {
    if (typeof value !== 'string') throw invalid(`${what} must be a string`);
    return value;
  };
  const time = (ms, what) => {
    const n = Number(ms);
    if (!Number.isFinite(n)) throw invalid(`${what} must be a time in Unix milliseconds`);
    return n;
  };

  class Engine extends NativeObject {
    constructor(native) {
      super(native);
      this._games = null; // the games session games.js attaches
    }
    setProfile(profile) {
      invoke(this._native, 'setProfile', text(profile, 'profile'));
      return this;
    }
    // One event or an array; idempotent by event id → { accepted, duplicates }. A plain event
    // crosses packed to a raw export (io.js packEvent), which also feeds the games session
    // games.js attaches (this._games); anything else goes as JSON text to each.
    track(eventOrEvents) {
      const games = this._games;
      const accepted = trackPacked('_pk_engine_track', this, eventOrEvents, games ? games._handle : 0);
      if (accepted !== null) return { accepted, duplicates: 1 - accepted };
      const r = JSON.parse(invoke(this._native, 'track', text(eventOrEvents, 'event')));
      if (games) games.track(eventOrEvents);
      return r;
    }
    setNow(ms) {
      invoke(this._native, 'setNow', time(ms, 'now'));
      return this;
    }
    get now() {
      return invoke(this._native, 'now');
    }
    // { filter: { interest, tier, mall, store, category, tag, expiringSoon }, includeIneligible, locale }
    offers(query = {}) {
      return JSON.parse(invoke(this._native, 'offers', JSON.stringify(query)));
    }
    // Ids of the offers available now (no card text): the cheap question.
    eligibleIds() {
      if (!this._offerIds) this._offerIds = JSON.parse(invoke(this._native, 'offerIds'));
      const ids = this._offerIds;
      const view = invoke(this._native, 'eligibleIndices');  // valid until the next wasm call
      const out = new Array(view.length);
      for (let i = 0; i < view.length; i++) out[i] = ids[view[i]];
      return out;
    }
    claim(offerId) {
      return JSON.parse(invoke(this._native, 'claim', str(offerId, 'offerId')));
    }
    // The server's answers to a pending claim.
    confirmClaim(claimId, { token = '' } = {}) {
      return JSON.parse(invoke(this._native, 'confirmClaim', str(claimId, 'claimId'), str(token, 'token')));
    }
    rejectClaim(claimId, reason = 'REJECTED') {
      return JSON.parse(invoke(this._native, 'rejectClaim', str(claimId, 'claimId'), str(reason, 'reason')));
    }
    redeem(claimId, { note = '' } = {}) {
      return JSON.parse(invoke(this._native, 'redeem', str(claimId, 'claimId'), str(note, 'note')));
    }
    wallet() {
      return JSON.parse(invoke(this._native, 'wallet'));
    }
    // The loyalty balance and the ledger that explains it.
    points() {
      return invoke(this._native, 'points');
    }
    ledger() {
      return JSON.parse(invoke(this._native, 'ledger'));
    }
    // Server-side stock still available for an offer (a hint).
    setInventory(offerId, remaining) {
      invoke(this._native, 'setInventory', str(offerId, 'offerId'), Number(remaining));
      return this;
    }
    // { codes: [...], claims: [...] } → { subtotal, discountTotal, total, lines, applied, rejected, gifts, points, codes }
    priceCart(cart, { codes, claims } = {}) {
      return JSON.parse(invoke(this._native, 'priceCart', text(cart, 'cart'), JSON.stringify({ codes, claims })));
    }
    // Prices and records the purchase (claims used, limits counted, points earned).
    checkout(cart, { codes, claims, orderId } = {}) {
      return JSON.parse(
        invoke(this._native, 'checkout', text(cart, 'cart'), JSON.stringify({ codes, claims }), str(orderId, 'orderId')),
      );
    }
    // "Recommended for You" over the offers eligible now: { limit, context: { mall, daypart,
    // pins, locale, zone }, explore, diversity, hideDismissed, explain, seed }
    //   → [{ offerId, score, reasons: [text], reasonCodes: [code] }] (docs/personalization.md).
    recommend(options = {}) {
      if (options === null || typeof options !== 'object') throw invalid('recommend(options): options must be an object');
      return JSON.parse(invoke(this._native, 'recommend', JSON.stringify(options)));
    }
    // What the engine learned from this shopper's events, strongest first.
    learnedScores() {
      return JSON.parse(invoke(this._native, 'learnedScores'));
    }
    exportState() {
      return JSON.parse(invoke(this._native, 'exportState'));
    }
    importState(state) {
      invoke(this._native, 'importState', text(state, 'state'));
      return this;
    }
  }

  // The caller's clock unless `now` is given (the core never reads one).
  pk.createEngine = (catalog, options = {}) => {
    if (options === null || typeof options !== 'object') throw invalid('createEngine options must be an object');
    const opts = { ...options, now: options.now === undefined ? Date.now() : time(options.now, 'now') };
    if (catalog === undefined || catalog === null) throw invalid('catalog is missing');
    return new Engine(callWithCatalog(native._createEngine, native._createEnginePacked, catalog, JSON.stringify(opts)));
  };
}

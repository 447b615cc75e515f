// pk.ranking: "Recommended for You" over sdk/bindings/bind_ranking.cpp — a Recommender (a
// shopper's learned profile plus a ranker over a catalog), FTRL training on a sample (admin
// preview) and the automatic performance tags. Engines (pk.createEngine) carry the same
// learning themselves (engine.recommend, engine.learnedScores in engine.js).
// docs/personalization.md explains every score component and every reason.

export function install(pk, native, { call, invoke, callWithCatalog, trackPacked, toText, NativeObject, PromokitError }) {
  const invalid = (message) => new PromokitError('PK_INVALID_ARGUMENT', message, { number: 2 });
  const clock = (now) => (now === undefined ? Date.now() : Number(now));
  const optional = (doc) => (doc === undefined || doc === null ? '' : toText(doc));

  // recommend() options in the core's shape; `now` and `eligible` travel separately.
  const recommendArgs = ({ now, eligible, ...options } = {}) => {
    if (eligible !== undefined && !Array.isArray(eligible)) throw invalid('recommend({ eligible }): eligible must be an array of offer ids');
    return [JSON.stringify(options), clock(now), eligible === undefined ? '' : JSON.stringify(eligible)];
  };

  class Recommender extends NativeObject {
    setProfile(profile) {
      if (!profile || typeof profile !== 'object') throw invalid('setProfile(profile): profile must be an object');
      invoke(this._native, 'setProfile', toText(profile));
      return this;
    }
    // An event or an array of events → how many were learned (a replayed event id is skipped).
    track(eventOrEvents) {
      const e = eventOrEvents;
      if (!e || typeof e !== 'object') throw invalid('track(event): event must be an object or an array');
      const learned = trackPacked('_pk_recommender_track', this, e); // a raw export: no Embind
      return learned !== null ? learned : invoke(this._native, 'track', toText(e));
    }
    // { limit, context: { mall, daypart, pins, locale, zone }, explore, diversity, hideDismissed,
    //   explain, seed, locale, zone, now, eligible: [offerId] } → [{ offerId, score, reasons, reasonCodes }]
    recommend(options) {
      return JSON.parse(invoke(this._native, 'recommend', ...recommendArgs(options)));
    }
    // The learned scores for display, strongest first: { interest: [{ key, score, raw }], brand, ... }.
    learnedScores({ now } = {}) {
      return JSON.parse(invoke(this._native, 'learnedScores', clock(now)));
    }
    // Every offer's tags: its own plus the automatic ones from the catalog's statistics.
    offerTags() {
      return JSON.parse(invoke(this._native, 'offerTags'));
    }
    exportState() {
      return JSON.parse(invoke(this._native, 'exportState'));
    }
    importState(state) {
      if (!state || typeof state !== 'object') throw invalid('importState(state): state must be an object');
      invoke(this._native, 'importState', toText(state));
      return this;
    }
  }

  pk.ranking = {
    // options: { halfLifeDays, topK, zone, seed }
    createRecommender(catalog, options) {
      if (!catalog || typeof catalog !== 'object') throw invalid('createRecommender(catalog): catalog must be an object');
      return new Recommender(callWithCatalog(native._createRecommender, native._createRecommenderPacked, catalog, optional(options)));
    },
    // FTRL-Proximal over logged events → { model (for catalog.model), report }.
    // options: { alpha, beta, l1, l2, bits, epochs, labelWindowMs, halfLifeDays, zone }
    train({ catalog, profiles, events, options } = {}) {
      if (!catalog || typeof catalog !== 'object') throw invalid('train({ catalog }): catalog must be an object');
      if (!Array.isArray(events)) throw invalid('train({ events }): events must be an array');
      return JSON.parse(call(native._rankingTrain, toText(catalog), optional(profiles), toText(events), optional(options)));
    },
    // { offerId: { impressions, clicks, claims, redemptions } } → { ctrBaseline, redemptionBaseline, tags }
    autoTags(stats, options) {
      if (!stats || typeof stats !== 'object') throw invalid('autoTags(stats): stats must be an object');
      return JSON.parse(call(native._rankingAutoTags, toText(stats), optional(options)));
    },
  };
}

// Notifications over sdk/bindings/bind_notify.cpp (docs/notifications.md):
// engine.notifications({ deals, markSent, locale }) → due intents { kind, channel, templateId, text,
// offerId?, dueAt, key }; engine.markNotified(intents); pk.notify.formatMoney. The state (what
// was sent) travels inside engine.exportState() under "notify".
import { extendGames } from './games.js';

export function install(pk, native, { call, invoke, NativeObject }) {
  class Notifier extends NativeObject {}

  // The engine's eligible offers with their ranking scores when it ranks; without a ranker
  // every eligible offer scores 1; a session without an engine has none.
  const dealsOf = (target) => {
    if (typeof target.recommend === 'function')
      return target
        .recommend({ limit: 50 })
        .filter((r) => r && typeof r.offerId === 'string' && Number.isFinite(r.score))
        .map((r) => ({ offerId: r.offerId, score: r.score }));
    if (typeof target.eligibleIds === 'function') return target.eligibleIds().map((offerId) => ({ offerId, score: 1 }));
    return [];
  };

  extendGames(pk, (target, games) => {
    const notifier = new Notifier(call(native._createNotifier, games._native));
    games.onDispose(() => notifier.dispose());
    games.addState(
      'notify',
      () => JSON.parse(invoke(notifier._native, 'exportState')),
      (state) => invoke(notifier._native, 'importState', JSON.stringify(state)),
    );
    const markSent = (intents) => invoke(notifier._native, 'markSent', JSON.stringify(intents));
    // deals: [{ offerId, score }] (default: engine.recommend()); markSent: record them as delivered;
    // locale: the texts' language (default: the profile's locale).
    // Deals of the catalog's own offers cross as typed arrays (index, score); anything else
    // (an id the catalog lacks, a malformed entry) takes the JSON path, which reports errors.
    let offerIndex = null;
    const indexed = (list) => {
      if (!Array.isArray(list)) return null;
      if (!offerIndex) offerIndex = new Map(JSON.parse(invoke(notifier._native, 'offerIds', games._native)).map((id, i) => [id, i]));
      const indices = new Int32Array(list.length);
      const scores = new Float64Array(list.length);
      for (let i = 0; i < list.length; i++) {
        const d = list[i];
        const k = d && typeof d === 'object' ? offerIndex.get(d.offerId) : undefined;
        if (k === undefined || typeof d.score !== 'number' || !Number.isFinite(d.score)) return null;
        indices[i] = k;
        scores[i] = d.score;
      }
      return { indices, scores };
    };
    target.notifications = ({ deals, markSent: mark = false, locale = '' } = {}) => {
      const list = deals === undefined ? dealsOf(target) : deals;
      const fast = indexed(list);
      const text = fast
        ? invoke(notifier._native, 'dueIndexed', games._native, fast.indices, fast.scores, String(locale))
        : invoke(notifier._native, 'due', games._native, JSON.stringify(list), String(locale));
      const intents = JSON.parse(text);
      if (mark && intents.length) markSent(intents);
      return intents;
    };
    target.markNotified = markSent;
  });

  pk.notify = {
    // "¥84.50" for (8450, "CNY"): minor units in the currency, trailing ".00" dropped.
    formatMoney: (amount, currency) => call(native._formatMoney, Number(amount), String(currency)),
  };
}

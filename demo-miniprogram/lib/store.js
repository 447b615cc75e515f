// The app's state: one promokit sync client (catalog, engine, offline queue in wx storage) plus
// what the pages need around it — the UI language and the shopper's draw tickets. The client
// keeps the engine's wallet in step with the server (answers to claims, the server's wallet
// sent with each catalog). Pages read through the view modules
// (offer-center.js, wallet.js, …); nothing here touches the UI.
const { lang } = require('./i18n.js');

// createStore({ pk, wx, config, storage, network, bootstrapCatalog, now, clientOptions })
//   pk: a loaded promokit; wx: the platform object (sync storage for the app's own keys);
//   storage/network: promokit adapters (default: the client's platform defaults);
//   now: the clock (ms) every engine question is asked at.
function createStore({ pk, wx, config, storage, network, bootstrapCatalog, now = () => Date.now(), clientOptions = {} }) {
  const customerId = config.customerId;
  const key = (name) => `mp:${customerId}:${name}`;
  const local = {
    get(name, fallback) {
      const v = wx.getStorageSync(key(name));
      return v === '' || v === undefined || v === null ? fallback : v;
    },
    set(name, value) {
      wx.setStorageSync(key(name), value);
    },
  };
  // Claim ids in the engine derive from a seed (the core has no random source of its own).
  let seed = local.get('seed', 0);
  if (!seed) local.set('seed', (seed = 1 + Math.floor(Math.random() * 0x7fffffff)));

  const client = pk.createClient({
    baseUrl: config.serverUrl,
    appKey: config.appKey,
    customerId,
    storage,
    network,
    bootstrapCatalog,
    autoSync: false, // the store syncs itself, so it can follow up (tickets)
    engineOptions: { zone: config.zone, seed, now: now() },
    ...clientOptions,
  });

  const listeners = new Set();
  const status = { online: null, pending: 0, lastSync: null, error: null };
  let profileLocale = null; // the locale last handed to the engine with the profile

  function emit() {
    status.pending = client.pending().length;
    for (const fn of listeners) {
      try {
        fn(store);
      } catch (err) {
        console.error(err);
      }
    }
  }

  const baseProfile = () => client.profile || { id: customerId, mall: config.mall, zone: config.zone };

  // The UI language: the shopper's choice, else the profile's locale, else Chinese.
  function currentLocale() {
    return local.get('locale', '') || (client.profile && client.profile.locale) || 'zh-CN';
  }

  // The engine answers in the profile's locale (notification texts): keep it on the UI's.
  function applyProfile(locale = currentLocale()) {
    const engine = client.engine;
    if (!engine) return;
    engine.setProfile({ ...baseProfile(), locale });
    profileLocale = locale;
  }

  // The engine, at the caller's clock and in the UI's language.
  function engine() {
    const e = client.engine;
    if (!e) throw new Error('no catalog yet: connect once or bundle a bootstrap catalog');
    e.setNow(now());
    if (profileLocale !== currentLocale()) applyProfile();
    return e;
  }

  // Keeps a few draw tickets per free pool for offline play (online only; failures are
  // reported). Tickets of a pool that costs points are bought one at a time by the shopper.
  async function topUpTickets() {
    const pools = (client.catalog && client.catalog.prizePools) || [];
    for (const pool of pools) {
      if (pool.entry && pool.entry.pointsCost > 0) continue;
      const have = (await client.tickets(pool.id)).length;
      if (have > 0) continue;
      try {
        await client.requestTickets(pool.id, config.ticketsPerPool);
      } catch (err) {
        status.error = err; // not eligible, not enough points, offline
      }
    }
  }

  // The client has brought the engine's wallet up to date before it tells of either.
  client.on('settled', () => emit());
  client.on('catalog', () => {
    applyProfile();
    emit();
  });

  const store = {
    client,
    config,
    local,
    status,
    now,
    get customerId() {
      return customerId;
    },
    get engine() {
      return engine();
    },
    get locale() {
      return currentLocale();
    },
    get lang() {
      return lang(currentLocale());
    },
    get profile() {
      return baseProfile();
    },
    get catalog() {
      return client.catalog;
    },
    setLocale(locale) {
      local.set('locale', locale);
      applyProfile(locale);
      emit();
    },
    // Runs fn with the engine answering in another language, then puts the UI's back.
    withLocale(locale, fn) {
      const e = engine();
      applyProfile(locale);
      try {
        return fn(e);
      } finally {
        applyProfile();
      }
    },
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    async start() {
      await client.ready;
      applyProfile();
      emit();
      return store;
    },
    // Catalog, profile and queue; then tickets. Never throws for network trouble.
    async refresh() {
      const r = await client.sync();
      status.online = r.catalog !== 'offline' && r.profile !== 'offline';
      status.lastSync = now();
      if (status.online) await topUpTickets();
      applyProfile();
      emit();
      return r;
    },
    // Into the wallet, pending until the server confirms. Throws PromokitError when the engine
    // says no (not eligible, limit reached, not enough points).
    async claim(offerId) {
      const rec = await client.claim(offerId);
      const o = (client.catalog.offers || []).find((x) => x.id === offerId) || {};
      await client.track({ type: 'claim', offerId, category: o.category, brand: o.brand, time: now() });
      emit();
      return rec;
    },
    async track(event) {
      return client.track({ time: now(), ...event });
    },
    // One play: the engine computes the outcome from the next stored ticket; the queue sends
    // { ticket, outcome } for the server to verify and grant.
    async draw(poolId) {
      const played = await client.draw(poolId);
      await client.track({ type: 'game_play', time: now() });
      emit();
      return played;
    },
    async tickets(poolId) {
      return client.tickets(poolId);
    },
    // Free pools: a few for offline play; a pool that costs points: one (it is paid when issued).
    async requestTickets(poolId, count) {
      const pool = ((client.catalog && client.catalog.prizePools) || []).find((p) => p.id === poolId);
      const paid = pool && pool.entry && pool.entry.pointsCost > 0;
      const t = await client.requestTickets(poolId, count || (paid ? 1 : config.ticketsPerPool));
      emit();
      return t;
    },
    async redeem(token, options) {
      const rec = await client.redeem(token, options);
      emit();
      return rec;
    },
    emit,
    close: () => client.close(),
  };
  return store;
}

module.exports = { createStore };

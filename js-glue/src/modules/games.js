// Games over sdk/bindings/bind_games.cpp (docs/games.md): engine.draw, engine.challenges,
// engine.challengeGrants, engine.prizePreview; pk.verifyDraw; pk.games.preview and
// pk.games.createSession (the same per-shopper session without an engine).
//
// Every engine pk.createEngine makes gets a games session that follows the engine's profile,
// clock and events; its state travels inside engine.exportState() under "games". Modules that
// build on games (notify.js) extend each session and engine through extendGames().

const EXTENDERS = Symbol('promokit.games.extenders');

// fn(target, games) runs for every games session made from now on: target is the engine (or
// the standalone session) to add methods to; games is the session (see Games below).
export function extendGames(pk, fn) {
  (pk[EXTENDERS] ||= []).push(fn);
}

export function install(pk, native, { call, invoke, invokeNonEmpty, packAscii, trackPacked, unpackAscii, plainFields, toText, NativeObject, PromokitError }) {
  const invalid = (message) => new PromokitError('PK_INVALID_ARGUMENT', message, { number: 2 });
  const clock = (now) => (now === undefined ? Date.now() : Number(now));
  const parse = (text) => JSON.parse(text);
  // A ticket whose fields cross as they are, with the same meaning as in its JSON text: own
  // strings and numbers. Anything else takes the JSON path, which reports its faults.
  const TYPES = new Map(Object.entries({
    ticketId: 'string',
    seed: 'string',
    poolId: 'string',
    customerId: 'string',
    signature: 'string',
    poolVersion: 'number',
    expiry: 'number',
    sequence: 'number',
  }));
  const KEYS = [...TYPES.keys()];
  const plainTicket = (t) => plainFields(t, TYPES, KEYS);

  // A packed outcome's prize list: indices in the pool, -1 for a blank scratch cell.
  function prizesAt(list, ids) {
    if (list === '') return [];
    const out = list.split(',');
    for (let i = 0; i < out.length; i++) out[i] = out[i] === '-1' ? '' : ids[+out[i]];
    return out;
  }

  // One shopper's draws, challenges and everything extensions keep (notifications).
  class Games extends NativeObject {
    #parts = new Map(); // name -> { exportState, importState } of extensions
    #onDispose = [];
    #prizeIds = new Map(); // poolId -> prize ids in pool order; the session's catalog never changes
    #hashes = new Map(); // poolId -> [poolHash, distHash] of the draws until the profile changes
    constructor(handle) {
      super(handle);
    }
    // Extensions keep their own state next to the session's: { games, <name>: ... }.
    addState(name, exportState, importState) {
      this.#parts.set(name, { exportState, importState });
    }
    onDispose(fn) {
      this.#onDispose.push(fn);
    }
    setProfile(profile) {
      this.#hashes.clear(); // the distribution follows the shopper's interests
      invoke(this._native, 'setProfile', toText(profile));
    }
    setNow(now) {
      invoke(this._native, 'setNow', clock(now));
    }
    // The challenge grants the event(s) complete: [{ grantId, challengeId, at, reward }].
    track(eventOrEvents) {
      // A plain event crosses packed to a raw export, which counts the grants it completes.
      const n = trackPacked('_pk_games_track', this, eventOrEvents);
      if (n === 0) return [];
      if (n !== null) return parse(invoke(this._native, 'lastGrants', n));
      return parse(invoke(this._native, 'track', toText(eventOrEvents)));
    }
    // { version, ticketId, sequence, poolId, poolVersion, prizeId, index, drawn, substituted,
    //   unavailable, grid?, day?, poolHash, distHash, proof }
    draw(poolId, ticket) {
      if (!ticket || typeof ticket !== 'object') throw invalid('draw(poolId, ticket): ticket must be a ticket object');
      const pool = String(poolId);
      const t = ticket;
      if (!plainTicket(t) || !packAscii([pool, t.ticketId, t.seed, t.poolId, t.customerId, t.signature]))
        return parse(invoke(this._native, 'draw', pool, toText(ticket)));
      // The packed path: no JSON and no Embind strings either way (bind_games.cpp, draw_packed).
      const f = unpackAscii(invokeNonEmpty(this._native, 'drawPacked', t.poolVersion, t.expiry, t.sequence)).split('|');
      let ids = this.#prizeIds.get(pool);
      if (!ids) this.#prizeIds.set(pool, (ids = parse(invoke(this._native, 'prizeIds', pool))));
      let hashes = this.#hashes.get(pool);
      if (!hashes) this.#hashes.set(pool, (hashes = invokeNonEmpty(this._native, 'drawHashes', pool).split('|')));
      // Keys in the order the JSON path gives them (sorted), so a stringified outcome is the same.
      const o = {};
      if (f[8] !== '') o.day = f[8];
      o.distHash = hashes[1];
      o.drawn = ids[+f[4]];
      if (f[7] !== '') o.grid = prizesAt(f[7], ids);
      o.index = +f[3];
      o.poolHash = hashes[0];
      o.poolId = t.poolId;
      o.poolVersion = +f[2];
      o.prizeId = ids[+f[3]];
      o.proof = f[9];
      o.sequence = +f[1];
      o.substituted = f[5] === '1';
      o.ticketId = t.ticketId;
      o.unavailable = prizesAt(f[6], ids);
      o.version = +f[0];
      return o;
    }
    challenges() {
      return parse(invoke(this._native, 'challenges'));
    }
    challengeGrants() {
      return parse(invoke(this._native, 'grants'));
    }
    prizePreview(poolId) {
      return parse(invoke(this._native, 'preview', String(poolId)));
    }
    exportState() {
      const out = { games: parse(invoke(this._native, 'exportState')) };
      for (const [name, part] of this.#parts) out[name] = part.exportState();
      return out;
    }
    // All or nothing: a part that refuses its state puts every part back as it was.
    importState(state) {
      if (!state || typeof state !== 'object') throw invalid('importState(state): state must be an object');
      const before = this.exportState();
      try {
        if (state.games !== undefined) invoke(this._native, 'importState', JSON.stringify(state.games));
        for (const [name, part] of this.#parts) if (state[name] !== undefined) part.importState(state[name]);
      } catch (err) {
        invoke(this._native, 'importState', JSON.stringify(before.games));
        for (const [name, part] of this.#parts) part.importState(before[name]);
        throw err;
      }
    }
    dispose() {
      if (this.disposed) return;
      for (const fn of this.#onDispose) fn();
      super.dispose();
    }
  }

  // Over a catalog, or over an engine's catalog (read once for both: engine.gamesSession).
  const createGames = (catalog, { zone = '', locale = '', now } = {}, engine = null) => {
    const options = JSON.stringify({ zone, locale });
    const games = new Games(engine ? invoke(engine._native, 'gamesSession', options) : call(native._createGamesSession, toText(catalog), options));
    games.setNow(now);
    return games;
  };
  const extend = (target, games) => {
    for (const fn of pk[EXTENDERS] || []) fn(target, games);
  };

  // An engine's methods that the session must follow, and the ones it adds.
  const attach = (engine, catalog, options = {}) => {
    const games = createGames(catalog, { ...options, now: typeof engine.now === 'number' ? engine.now : options.now }, engine._native ? engine : null);
    const own = (name) => (typeof engine[name] === 'function' ? engine[name].bind(engine) : null);
    const base = {
      setProfile: own('setProfile'),
      setNow: own('setNow'),
      exportState: own('exportState'),
      importState: own('importState'),
      dispose: own('dispose'),
    };
    engine._games = games; // engine.track feeds it in the engine's own crossing (engine.js)
    Object.assign(engine, {
      setProfile(profile) {
        const r = base.setProfile ? base.setProfile(profile) : undefined;
        games.setProfile(profile);
        return r;
      },
      setNow(now) {
        const r = base.setNow ? base.setNow(now) : undefined;
        games.setNow(now);
        return r;
      },
      exportState() {
        const s = base.exportState ? base.exportState() : {};
        return { ...(typeof s === 'string' ? JSON.parse(s) : s), ...games.exportState() };
      },
      importState(state) {
        let s = state;
        if (typeof state === 'string') {
          try {
            s = JSON.parse(state);
          } catch (err) {
            throw new PromokitError('PK_STATE_INVALID', `the state is not JSON: ${err.message}`, { number: 406 });
          }
        }
        if (!s || typeof s !== 'object') throw invalid('importState(state): state must be an object');
        const mine = Object.fromEntries(Object.keys(games.exportState()).map((k) => [k, s[k]]));
        const rest = Object.fromEntries(Object.entries(s).filter(([k]) => !(k in mine)));
        const before = games.exportState();
        games.importState(mine);
        try {
          return base.importState ? base.importState(rest) : undefined;
        } catch (err) {
          games.importState(before);
          throw err;
        }
      },
      dispose() {
        games.dispose();
        return base.dispose ? base.dispose() : undefined;
      },
      draw: (poolId, ticket) => games.draw(poolId, ticket),
      challenges: () => games.challenges(),
      challengeGrants: () => games.challengeGrants(),
      prizePreview: (poolId) => games.prizePreview(poolId),
    });
    extend(engine, games);
    return engine;
  };

  // Wraps pk.createEngine whether the engine module was installed before this one or after.
  const wrap = (create) => (typeof create === 'function' ? (catalog, options) => attach(create(catalog, options), catalog, options) : create);
  let createEngine = wrap(pk.createEngine);
  Object.defineProperty(pk, 'createEngine', {
    configurable: true,
    enumerable: true,
    get: () => createEngine,
    set: (fn) => {
      createEngine = wrap(fn);
    },
  });

  // verifyDraw(ticket, pool, profile, outcome, verifyKey?, { now, unavailable, catalog }?) →
  // { ok: true, drawn, granted, prize: { id, kind }, substituted }; throws the tampering's code.
  pk.verifyDraw = (ticket, pool, profile, outcome, verifyKey, options = {}) => {
    const o = { ...options, verifyKey: verifyKey ?? null };
    return parse(call(native._verifyDraw, toText(ticket), toText(pool), toText(profile), toText(outcome), JSON.stringify(o)));
  };

  pk.games = {
    // The admin preview of a pool for one shopper: { poolId, personalized, budget, expectedCost,
    // withinBudget, prizes: [{ id, probability, baseProbability, minProb, maxProb, cost, match }] }.
    preview: (catalog, poolId, profile) => parse(call(native._gamesPreview, toText(catalog), String(poolId), toText(profile))),
    // A session without an engine: setProfile, setNow, track, draw, challenges, exportState ...
    createSession(catalog, options = {}) {
      const games = createGames(catalog, options);
      if (options.profile) games.setProfile(options.profile);
      extend(games, games);
      return games;
    },
  };
}

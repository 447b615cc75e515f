// The sync client (DESIGN.md §5, §7, §9): keeps a catalog and an engine in sync with the thin
// server and never loses a shopper's action. Every claim, redemption, draw and event is written
// to storage before the caller hears back, sent with an Idempotency-Key, retried with
// exponential backoff and jitter, resumed after a restart, and settled exactly once.
import { PromokitError, coreMessage, jsError } from '../errors.js';
import { createQueue } from './queue.js';
import { applyDelta, isDelta } from './catalog.js';
import { createAbortController } from '../network/common.js';

const DEFAULTS = {
  timeoutMs: 10000,
  batchSize: 20, // events per POST /v1/events
  flushIntervalMs: 5000, // longest time an event waits for its batch
  retryBaseMs: 1000,
  retryMaxMs: 5 * 60 * 1000,
  autoSync: true,
  syncProfile: true,
};

const PATHS = { claim: '/v1/claims', redemption: '/v1/redemptions', draw: '/v1/draws', events: '/v1/events' };

// Answers worth another try: the request may succeed later unchanged. A refused app key too
// (401, or 403 with an auth code): that is a deployment mistake, and the shopper's actions must
// survive until it is fixed. Any other 403 (e.g. PK_OFFER_NOT_ELIGIBLE) is a refusal.
function retryable(res) {
  const s = res.status;
  const code = res.body && typeof res.body === 'object' ? String(res.body.code || '') : '';
  return s === 408 || s === 425 || s === 429 || s === 401 || (s === 403 && (!code || code.startsWith('PK_AUTH'))) || s >= 500;
}

const STAMP_BYTES = 36; // a snapshot's stamp: a v4 UUID (defaultNewId), as ASCII

function defaultNewId() {
  const bytes = new Uint8Array(16);
  const c = globalThis.crypto;
  if (c && typeof c.getRandomValues === 'function') c.getRandomValues(bytes);
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
  bytes[6] = (bytes[6] & 0x0f) | 0x40; // RFC 4122 version 4
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const systemClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (t) => clearTimeout(t),
};

function required(options, name) {
  const v = options[name];
  if (typeof v !== 'string' || !v) throw jsError('PK_INVALID_ARGUMENT', `createClient: ${name} must be a non-empty string`);
  return v;
}

export function createClient(pk, options = {}, platform = {}) {
  const baseUrl = required(options, 'baseUrl').replace(/\/+$/, '');
  const appKey = required(options, 'appKey');
  const customerId = required(options, 'customerId');
  const cfg = { ...DEFAULTS, ...options };
  const storage = options.storage || platform.defaultStorage();
  const network = options.network || platform.defaultNetwork();
  const clock = { ...systemClock, ...options.clock };
  const random = options.random || Math.random;
  const newId = options.newId || defaultNewId;
  const makeEngine = options.createEngine || (typeof pk.createEngine === 'function' ? (catalog, o) => pk.createEngine(catalog, o) : null);
  const ns = `${options.namespace || 'pk'}/${customerId}/`;
  const queue = createQueue(storage, ns);
  // Catalog snapshots (pk.catalogSnapshot): where the storage keeps bytes, the stored catalog's
  // engine starts from its snapshot, which skips the catalog's JSON. The bytes are the entry's
  // stamp, then the snapshot; the stored catalog entry names its stamp, so bytes left from another
  // catalog (a crash between the two writes) are never taken for this one.
  const snapshots =
    options.snapshot !== false &&
    !options.engine &&
    !options.createEngine &&
    typeof pk.createEngine === 'function' &&
    typeof pk.catalogSnapshot === 'function' &&
    typeof storage.getBytes === 'function' &&
    typeof storage.setBytes === 'function';
  const snapshotKey = `${ns}catalog.snapshot`;

  const listeners = new Map();
  let ops = []; // pending operations, oldest first
  let events = []; // persisted events not yet in a batch
  const records = new Map(); // settled claims, redemptions and draws by id
  let cache = null; // { version, etag, catalog, fetchedAt, source }
  let profile = null;
  let serverWallet = null; // the wallet the server last sent with the catalog
  let engine = options.engine || null;
  let engineFrom = null; // what the client's engine was made from: 'snapshot' | 'catalog'
  const ownsEngine = !options.engine;
  let retryTimer = null;
  let retryAt = Infinity;
  let batchTimer = null;
  let draining = null;
  let closed = false;
  const stopper = createAbortController(); // close() cancels what is in flight

  function emit(type, payload) {
    for (const fn of listeners.get(type) || []) {
      try {
        fn(payload);
      } catch (err) {
        if (type !== 'error') emit('error', err);
      }
    }
  }

  const headers = (extra = {}) => ({ 'x-app-key': appKey, accept: 'application/json', ...extra });

  async function request(method, path, { body, headers: extra, keepalive } = {}) {
    return network.request({
      method,
      url: baseUrl + path,
      headers: headers(body === undefined ? extra : { 'content-type': 'application/json', ...extra }),
      body: body === undefined ? undefined : JSON.stringify(body),
      timeoutMs: cfg.timeoutMs,
      signal: stopper.signal,
      keepalive,
    });
  }

  function httpError(res, what) {
    const b = res.body && typeof res.body === 'object' ? res.body : {};
    return jsError('PK_HTTP_STATUS', `${what}: HTTP ${res.status}${b.code ? ` ${b.code}` : ''}${b.message ? `: ${b.message}` : ''}`, {
      status: res.status,
      serverCode: b.code || null,
    });
  }

  // ---- engine -------------------------------------------------------------------------

  async function saveEngineState() {
    if (engine && typeof engine.exportState === 'function') await storage.set(`${ns}engine`, engine.exportState());
  }

  // A new catalog means a new engine; the shopper's state (wallet, scores) moves across. Built
  // before the catalog is taken, so a catalog the engine refuses is not used. An engine the app
  // passed in is the app's to update.
  function engineFor(catalog, savedState) {
    if (!makeEngine || !ownsEngine) return null;
    const next = makeEngine(catalog, options.engineOptions || {});
    const state = engine && typeof engine.exportState === 'function' ? engine.exportState() : savedState;
    if (state !== undefined && typeof next.importState === 'function') {
      try {
        next.importState(state);
      } catch (err) {
        emit('error', err); // e.g. state of another engine version: start afresh rather than not at all
      }
    }
    if (profile && typeof next.setProfile === 'function') next.setProfile(profile);
    return next;
  }

  function swapEngine(next) {
    if (!next) return;
    if (engine && typeof engine.dispose === 'function') engine.dispose();
    engine = next;
  }

  // ---- the engine's wallet follows the server -----------------------------------------

  // Expected when the engine's view moved on: a claim used or expired meanwhile, one lost with a
  // crash before the engine state was saved, an offer the shopper may no longer claim here.
  const ENGINE_EXPECTED = new Set(['PK_CLAIM_STATE', 'PK_CLAIM_NOT_FOUND', 'PK_OFFER_NOT_FOUND', 'PK_OFFER_NOT_ELIGIBLE',
    'PK_OUTSIDE_WINDOW', 'PK_LIMIT_REACHED', 'PK_INSUFFICIENT_POINTS']);

  function onEngine(fn) {
    try {
      fn();
      return 1;
    } catch (err) {
      if (!err || !ENGINE_EXPECTED.has(err.code)) emit('error', err);
      return 0;
    }
  }

  const canFollow = () => engine && ['wallet', 'confirmClaim', 'rejectClaim', 'redeem'].every((m) => typeof engine[m] === 'function');

  // A wallet entry whose claim still waits for the server's word. 'expired' without a token may
  // be a pending claim past its end: the engine still takes the answer (and refunds on a refusal).
  const undecided = (w) => w && (w.status === 'pending' || (w.status === 'expired' && !w.token));

  // A settled claim record → its engine claim: confirmed with the server's token, or rejected
  // with the server's code. Only an undecided entry changes, so a replay changes nothing.
  function applyRecord(record, entry) {
    if (record.kind !== 'claim' || !record.engineClaimId || record.status === 'pending' || !undecided(entry)) return 0;
    if (record.status === 'confirmed') {
      const token = record.result && typeof record.result.token === 'string' ? record.result.token : '';
      return onEngine(() => engine.confirmClaim(record.engineClaimId, { token }));
    }
    return onEngine(() => engine.rejectClaim(record.engineClaimId, record.reason || 'REJECTED'));
  }

  // Brings the engine's wallet to the server's: every settled claim applied, claims the server
  // reports redeemed marked used, claims only the server holds taken in where the engine API
  // can (see adopt). Idempotent. Returns how many entries changed.
  function followServer() {
    if (!canFollow()) return 0;
    let changed = 0;
    const byId = () => new Map(engine.wallet().map((w) => [w.claimId, w]));
    let entries = byId();
    for (const r of records.values()) changed += applyRecord(r, entries.get(r.engineClaimId));
    if (!Array.isArray(serverWallet) || !serverWallet.length) return changed;
    if (changed) entries = byId();
    const byToken = new Map([...entries.values()].filter((w) => w.token).map((w) => [w.token, w]));
    const byServerClaim = new Map();
    for (const r of records.values()) {
      if (r.kind === 'claim' && r.engineClaimId && r.result && r.result.claimId) byServerClaim.set(r.result.claimId, entries.get(r.engineClaimId));
    }
    for (const s of serverWallet) {
      if (!s || typeof s !== 'object') continue;
      const mine = (s.token && byToken.get(s.token)) || byServerClaim.get(s.claimId);
      if (s.status === 'redeemed') {
        if (mine && (mine.status === 'active' || mine.status === 'pending')) {
          changed += onEngine(() => engine.redeem(mine.claimId, { note: typeof s.store === 'string' ? s.store : '' }));
        }
      } else if (!mine && s.status === 'claimed') {
        changed += adopt(s);
      }
    }
    return changed;
  }

  // A claim the server holds that the engine never made (a draw prize, another device). The
  // engine has no call that takes in a server-made claim, so this claims the offer locally and
  // confirms it with the server's token — only when that is faithful: the offer costs no points
  // (the server has debited them already), the claim has not expired, and the engine holds no
  // open claim of the offer (that one may be this very claim, its answer still on the way). The
  // engine checks eligibility and limits again; when it says no, the claim stays server-only.
  function adopt(s) {
    if (typeof s.token !== 'string' || !s.token || typeof s.offerId !== 'string') return 0;
    const now = typeof engine.now === 'number' ? engine.now : clock.now();
    if (typeof s.expiry === 'number' && s.expiry <= now) return 0;
    const offer = ((cache && cache.catalog.offers) || []).find((o) => o.id === s.offerId);
    if (!offer || offer.pointsCost > 0) return 0;
    const wallet = engine.wallet();
    if (wallet.some((w) => w.token === s.token || (w.offerId === s.offerId && (w.status === 'pending' || w.status === 'active')))) return 0;
    return onEngine(() => {
      const entry = engine.claim(s.offerId);
      engine.confirmClaim(entry.claimId, { token: s.token });
    });
  }

  // followServer and save what changed; trouble is reported, never thrown (the catalog, the
  // start, the settle go on).
  async function catchUpEngine() {
    try {
      if (followServer()) await saveEngineState();
    } catch (err) {
      emit('error', err);
    }
  }

  // ---- catalog ------------------------------------------------------------------------

  // The catalog's snapshot after a fresh stamp (STAMP_BYTES of ASCII).
  function stampedSnapshot(catalog) {
    const stamp = defaultNewId();
    const snap = pk.catalogSnapshot(catalog);
    const bytes = new Uint8Array(STAMP_BYTES + snap.length);
    for (let i = 0; i < STAMP_BYTES; i++) bytes[i] = stamp.charCodeAt(i);
    bytes.set(snap, STAMP_BYTES);
    return { stamp, bytes, snapshot: bytes.subarray(STAMP_BYTES) };
  }
  const stampOf = (bytes) => (bytes && bytes.length > STAMP_BYTES ? String.fromCharCode(...bytes.subarray(0, STAMP_BYTES)) : null);

  // The cached catalog's engine from a new snapshot of it, which is kept for the next start (before
  // the entry that names it; a catalog taken meanwhile keeps its own): the JSON is read once, as
  // when a catalog is taken. null when the core refuses the catalog (one an older release
  // stored): the caller then makes the engine from the JSON, which reports why.
  async function engineFromNewSnapshot(savedState) {
    const entry = cache;
    let snap;
    try {
      snap = stampedSnapshot(entry.catalog);
    } catch (err) {
      if (!(err instanceof PromokitError)) throw err;
      return null;
    }
    const next = engineFor(snap.snapshot, savedState);
    try {
      await storage.setBytes(snapshotKey, snap.bytes);
      if (cache === entry && !closed) {
        cache = { ...entry, snapshot: snap.stamp };
        await storage.set(`${ns}catalog`, cache);
      }
    } catch (err) {
      emit('error', err); // the next start reads the JSON again
    }
    return next;
  }

  // The stored catalog's engine at a start: from its snapshot when the stored bytes carry this
  // entry's stamp and the core reads them (not, say, a snapshot of an older format), else from a
  // new snapshot of its JSON.
  async function startEngine(savedState) {
    if (!snapshots || cache.source === 'bootstrap') return [engineFor(cache.catalog, savedState), 'catalog'];
    if (cache.snapshot) {
      let bytes;
      try {
        bytes = await storage.getBytes(snapshotKey);
      } catch (err) {
        emit('error', err);
      }
      if (stampOf(bytes) === cache.snapshot) {
        try {
          return [engineFor(bytes.subarray(STAMP_BYTES), savedState), 'snapshot'];
        } catch (err) {
          if (!(err instanceof PromokitError)) throw err;
        }
      }
    }
    const next = await engineFromNewSnapshot(savedState);
    return next ? [next, 'snapshot'] : [engineFor(cache.catalog, savedState), 'catalog'];
  }

  const refused = (how, code, path, message, number) =>
    new PromokitError(code, `catalog from ${how}: ${path ? `${path}: ` : ''}${message}`, { path, number });

  async function useCatalog(entry, how) {
    // A catalog the core refuses is not taken; the error names where it came from. With snapshots
    // the catalog is read once, into its snapshot, which refuses a bad catalog with the error
    // pk.validate gives first (a shared test holds the two to each other over the bad-document
    // table), so it is not validated as well; the engine is made from the snapshot, which is
    // then stored (before the entry that names it) for the next start.
    let snap = null;
    if (snapshots) {
      try {
        snap = stampedSnapshot(entry.catalog);
      } catch (err) {
        if (!(err instanceof PromokitError)) throw err;
        throw refused(how, err.code, err.path, coreMessage(err), err.number);
      }
    } else {
      const report = pk.validate('catalog', entry.catalog);
      if (!report.ok) {
        const e = report.errors[0];
        throw refused(how, e.code, e.path, e.message, (pk.errors.find((x) => x.name === e.code) || {}).code);
      }
    }
    const next = engineFor(snap ? snap.snapshot : entry.catalog);
    let stored = entry;
    try {
      if (snap) {
        try {
          await storage.setBytes(snapshotKey, snap.bytes);
          stored = { ...entry, snapshot: snap.stamp };
        } catch (err) {
          emit('error', err); // the next start reads the JSON instead
        }
      }
      await storage.set(`${ns}catalog`, stored);
    } catch (err) {
      if (next && typeof next.dispose === 'function') next.dispose();
      throw err;
    }
    cache = stored;
    engineFrom = next ? (snap ? 'snapshot' : 'catalog') : engineFrom;
    swapEngine(next);
    await catchUpEngine(); // the new wallet the catalog came with, before anyone hears of it
    emit('catalog', { version: cache.version, source: cache.source, how });
  }

  async function refreshCatalog(allowDelta = true) {
    const fromNetwork = cache && cache.source === 'network';
    const since = allowDelta && fromNetwork ? `&since=${encodeURIComponent(cache.version)}` : '';
    const extra = fromNetwork && cache.etag ? { 'if-none-match': cache.etag } : {};
    const res = await request('GET', `/v1/catalog?customer=${encodeURIComponent(customerId)}${since}`, { headers: extra });
    if (res.status === 304) {
      cache = { ...cache, fetchedAt: clock.now() };
      await storage.set(`${ns}catalog`, cache);
      return 'not-modified';
    }
    if (res.status !== 200 || !res.body || typeof res.body !== 'object') throw httpError(res, 'GET /v1/catalog');
    // The server adds the shopper's wallet as it sees it (claims and their status): the truth
    // the local view converges to. It is not part of the catalog.
    const { wallet, ...body } = res.body;
    if (Array.isArray(wallet)) {
      serverWallet = wallet;
      await storage.set(`${ns}serverWallet`, wallet);
    }
    const entry = { etag: res.headers.etag || null, fetchedAt: clock.now(), source: 'network' };
    if (isDelta(body)) {
      // A delta for another base than ours (or one that breaks the catalog) → fetch it whole.
      if (!fromNetwork || body.since !== cache.version) return refreshCatalog(false);
      const merged = applyDelta(cache.catalog, body);
      try {
        await useCatalog({ ...entry, version: merged.version, catalog: merged }, 'a delta');
      } catch (err) {
        if (!(err instanceof PromokitError) || !allowDelta) throw err;
        return refreshCatalog(false);
      }
      return 'delta';
    }
    await useCatalog({ ...entry, version: body.version, catalog: body }, 'the server');
    return 'updated';
  }

  async function refreshProfile() {
    const res = await request('GET', `/v1/profiles/${encodeURIComponent(customerId)}`);
    if (res.status !== 200 || !res.body || typeof res.body !== 'object') throw httpError(res, 'GET /v1/profiles');
    profile = res.body;
    await storage.set(`${ns}profile`, profile);
    if (engine && typeof engine.setProfile === 'function') engine.setProfile(profile);
    return 'updated';
  }

  // ---- the queue ----------------------------------------------------------------------

  function scheduleRetry(at) {
    if (closed || at >= retryAt) return;
    if (retryTimer !== null) clock.clearTimeout(retryTimer);
    retryAt = at;
    retryTimer = clock.setTimeout(() => {
      retryTimer = null;
      retryAt = Infinity;
      drain(false);
    }, Math.max(0, at - clock.now()));
  }

  // Exponential backoff with "equal jitter": half the delay fixed, half random, so retries
  // from many clients spread out but never come sooner than half the step.
  function backoffDelay(attempts) {
    const step = Math.min(cfg.retryMaxMs, cfg.retryBaseMs * 2 ** (attempts - 1));
    return Math.round(step / 2 + random() * (step / 2));
  }

  async function postpone(op, why, res) {
    op.attempts += 1;
    let delay = backoffDelay(op.attempts);
    const retryAfter = res && Number(res.headers['retry-after']);
    if (retryAfter > 0) delay = Math.max(delay, retryAfter * 1000);
    op.nextAttemptAt = clock.now() + delay;
    op.lastError = why;
    await queue.updateOp(op);
    emit('retry', { id: op.id, kind: op.kind, attempts: op.attempts, nextAttemptAt: op.nextAttemptAt, error: why });
    scheduleRetry(op.nextAttemptAt);
  }

  function outcome(op, res) {
    const body = res.body && typeof res.body === 'object' ? res.body : {};
    if (res.status >= 200 && res.status < 300) {
      if (op.kind === 'draw' && body.granted === false) return { status: 'rejected', reason: body.code || body.reason || 'NOT_GRANTED', result: body };
      return { status: 'confirmed', reason: null, result: body };
    }
    return { status: 'rejected', reason: body.code || `HTTP_${res.status}`, result: body };
  }

  // The record is written before the operation is removed: a crash in between leaves both, and
  // load() drops the operation because its record says it is settled.
  // The engine's claim follows next and its state is saved before the operation goes; after a
  // crash load() applies the record again (applyRecord changes only an undecided claim).
  async function settle(op, res) {
    const done = outcome(op, res);
    if (op.kind !== 'events') {
      const record = { ...recordOf(op), ...done, settledAt: clock.now(), httpStatus: res.status };
      await queue.saveRecord(record);
      records.set(record.id, record);
      await followSettle(record);
    }
    await queue.removeOp(op);
    ops = ops.filter((o) => o !== op);
    emit('settled', { id: op.id, kind: op.kind, status: done.status, reason: done.reason, result: done.result });
  }

  // The engine takes a settled claim at once, and an offer prize a draw won (the answer holds
  // its claim) without waiting for the next catalog's wallet.
  async function followSettle(record) {
    try {
      if (!canFollow()) return;
      let changed = 0;
      if (record.engineClaimId) changed = applyRecord(record, engine.wallet().find((w) => w.claimId === record.engineClaimId));
      const won = record.kind === 'draw' && record.status === 'confirmed' && record.result && record.result.claim;
      if (won && typeof won === 'object') changed += adopt({ ...won, status: 'claimed' });
      if (changed) await saveEngineState();
    } catch (err) {
      emit('error', err);
    }
  }

  function recordOf(op) {
    const r = { id: op.id, kind: op.kind, request: op.body, createdAt: op.createdAt, seq: op.seq, status: 'pending', reason: null, result: null };
    if (op.engineClaimId) r.engineClaimId = op.engineClaimId; // the engine's claim it settles; never sent
    return r;
  }

  async function sendHead(force, keepalive) {
    const op = ops[0];
    if (!force && op.nextAttemptAt > clock.now()) {
      scheduleRetry(op.nextAttemptAt);
      return false;
    }
    let res;
    try {
      res = await request('POST', PATHS[op.kind], { body: op.body, headers: { 'idempotency-key': op.id }, keepalive });
    } catch (err) {
      if (closed) return false;
      await postpone(op, `${err.code || 'ERROR'}: ${err.message}`);
      return false;
    }
    if (retryable(res)) {
      await postpone(op, `HTTP ${res.status}${res.body && res.body.code ? ` ${res.body.code}` : ''}`, res);
      if (res.status === 401 || res.status === 403) emit('error', httpError(res, `POST ${PATHS[op.kind]}`));
      return false;
    }
    await settle(op, res);
    return true;
  }

  // Sends pending operations in order, one at a time; stops at the first that must wait, so an
  // operation never overtakes an earlier one (a redemption never reaches the server before the
  // claim it follows). `force` sends the head now even if its backoff has not run out.
  function drain(force, keepalive = false) {
    if (draining) return draining;
    const run = async () => {
      let first = true;
      while (!closed && ops.length && (await sendHead(force && first, keepalive))) first = false;
    };
    // Cleared in a later microtask, even when run() finishes at once (no operations).
    draining = run().finally(() => {
      draining = null;
    });
    return draining;
  }

  async function enqueue(kind, body, extra = {}) {
    const op = await queue.addOp({ id: newId(), kind, body, createdAt: clock.now(), attempts: 0, nextAttemptAt: 0, lastError: null, ...extra });
    ops.push(op);
    return op;
  }

  // ---- events -------------------------------------------------------------------------

  // Moves buffered events into batches (persisted as queue operations) and forgets them as
  // single events only afterwards; load() drops any that a batch already holds.
  async function batchEvents() {
    if (batchTimer !== null) {
      clock.clearTimeout(batchTimer);
      batchTimer = null;
    }
    while (events.length) {
      const chunk = events.splice(0, cfg.batchSize);
      await enqueue('events', { customerId, events: chunk.map((e) => e.event) });
      await Promise.all(chunk.map((e) => queue.removeEvent(e)));
    }
  }

  function scheduleBatch() {
    if (batchTimer !== null || closed) return;
    batchTimer = clock.setTimeout(() => {
      batchTimer = null;
      flush().catch((err) => emit('error', err));
    }, cfg.flushIntervalMs);
  }

  // ---- tickets ------------------------------------------------------------------------

  // A pool's stored tickets are read, changed and written back by one caller at a time, so two
  // draws never take the same ticket. fn(list) returns the new list, or null to keep it.
  let ticketChain = Promise.resolve();
  function withTickets(poolId, fn) {
    const run = ticketChain.then(async () => {
      const key = `${ns}tickets/${poolId}`;
      const next = await fn((await storage.get(key)) || []);
      if (next) await storage.set(key, next);
    });
    ticketChain = run.catch(() => {});
    return run;
  }

  // ---- start --------------------------------------------------------------------------

  async function load() {
    const saved = await queue.load();
    for (const r of saved.records) records.set(r.id, r);
    // An operation whose record exists was settled just before a crash: drop it now.
    for (const op of saved.ops) {
      if (records.has(op.id)) await queue.removeOp(op);
      else ops.push(op);
    }
    const batched = new Set(ops.filter((o) => o.kind === 'events').flatMap((o) => o.body.events.map((e) => e.id)));
    for (const e of saved.events) {
      if (batched.has(e.event.id)) await queue.removeEvent(e);
      else events.push(e);
    }
    profile = (await storage.get(`${ns}profile`)) || null;
    serverWallet = (await storage.get(`${ns}serverWallet`)) || null;
    cache = (await storage.get(`${ns}catalog`)) || null;
    if (!cache && options.bootstrapCatalog) {
      const b = options.bootstrapCatalog;
      cache = { version: b.version, etag: null, catalog: b, fetchedAt: 0, source: 'bootstrap' };
    }
    if (!engine && cache) {
      const [next, from] = await startEngine(await storage.get(`${ns}engine`));
      if (next) engineFrom = from;
      swapEngine(next);
    } else if (engine && profile && typeof engine.setProfile === 'function') engine.setProfile(profile);
    await catchUpEngine(); // the saved engine state may predate the last settles or wallet
    if (events.length) scheduleBatch();
  }

  const unsubscribeHide = platform.onHide ? platform.onHide(() => client.flush({ keepalive: true }).catch((err) => emit('error', err))) : () => {};
  // Back online: send what waits now rather than at the end of its backoff.
  const unsubscribeOnline = platform.onOnline ? platform.onOnline(() => !closed && drain(true).catch((err) => emit('error', err))) : () => {};
  const ready = load();
  ready.catch(() => {}); // surfaced through client.ready and every method

  async function started() {
    if (closed) throw jsError('PK_DISPOSED', 'the sync client was closed');
    await ready;
  }

  async function flush({ keepalive = false } = {}) {
    await started();
    await batchEvents();
    await drain(true, keepalive);
    return ops.length + events.length;
  }

  const isLinked = (claimId) => ops.some((o) => o.engineClaimId === claimId) || [...records.values()].some((r) => r.engineClaimId === claimId);

  const listOf = (kind) =>
    [...ops.filter((o) => o.kind === kind).map(recordOf), ...[...records.values()].filter((r) => r.kind === kind)].sort(
      (a, b) => a.createdAt - b.createdAt || a.seq - b.seq,
    );

  const client = {
    ready: ready.then(() => client),
    get engine() {
      return engine;
    },
    get catalog() {
      return cache ? cache.catalog : null;
    },
    get catalogVersion() {
      return cache ? cache.version : null;
    },
    get catalogSource() {
      return cache ? cache.source : null;
    },
    // What the client's own engine was made from: 'snapshot' (a catalog snapshot: the stored one,
    // or one just made from the catalog's JSON), 'catalog' (the JSON itself: snapshots off, a
    // bootstrap catalog), or null (no engine, or the app's).
    get engineFrom() {
      return engine && ownsEngine ? engineFrom : null;
    },
    get profile() {
      return profile;
    },
    // The shopper's claims as the server last reported them (with the catalog), or null.
    get serverWallet() {
      return serverWallet;
    },

    // Refreshes the catalog (ETag, delta) and the profile, then sends what is queued. Network
    // trouble is reported in the result, never thrown: the app keeps working on what it has.
    async sync({ catalog = true } = {}) {
      await started();
      const result = { catalog: 'skipped', profile: 'skipped', pending: 0, errors: [] };
      const attempt = async (part, fn) => {
        try {
          result[part] = await fn();
        } catch (err) {
          result[part] = err.code && err.code.startsWith('PK_NETWORK') ? 'offline' : 'error';
          result.errors.push(err);
          emit('error', err);
        }
      };
      if (catalog) await attempt('catalog', () => refreshCatalog());
      if (cfg.syncProfile) await attempt('profile', refreshProfile);
      result.pending = await flush();
      return result;
    },

    flush,

    // Resolves when no send is in flight (tests and shutdown paths).
    async idle() {
      while (draining) await draining;
    },

    async track(event) {
      await started();
      if (!event || typeof event !== 'object' || typeof event.type !== 'string') {
        throw jsError('PK_INVALID_ARGUMENT', 'track(event): event must be an object with a type');
      }
      const full = { ...event, id: event.id || newId(), time: event.time ?? clock.now() };
      if (engine && typeof engine.track === 'function') engine.track(full);
      events.push(await queue.addEvent(full));
      await saveEngineState();
      if (events.length >= cfg.batchSize) flush().catch((err) => emit('error', err));
      else scheduleBatch();
      return full;
    },

    async claim(offerId) {
      await started();
      if (typeof offerId !== 'string' || !offerId) throw jsError('PK_INVALID_ARGUMENT', 'claim(offerId): offerId must be a non-empty string');
      let link = {};
      if (engine && typeof engine.claim === 'function') {
        const entry = engine.claim(offerId); // local checks first; throws when not eligible
        // The server's answer settles this engine claim. A repeat gets the claim the engine holds
        // already: that one is another operation's (or the server's) to settle.
        if (entry && entry.status === 'pending' && typeof entry.claimId === 'string' && !isLinked(entry.claimId)) link = { engineClaimId: entry.claimId };
      }
      const op = await enqueue('claim', { offerId, customerId }, link);
      await saveEngineState();
      drain(true).catch((err) => emit('error', err));
      return recordOf(op);
    },

    async redeem(token, { store } = {}) {
      await started();
      if (typeof token !== 'string' || !token) throw jsError('PK_INVALID_ARGUMENT', 'redeem(token): token must be a non-empty string');
      const op = await enqueue('redemption', store === undefined ? { token } : { token, store });
      drain(true).catch((err) => emit('error', err));
      return recordOf(op);
    },

    // Plays a draw with a server-issued ticket (the next stored one for the pool when none is
    // given). The engine computes the outcome locally; without an engine pass { outcome }.
    async draw(poolId, { ticket, outcome: given } = {}) {
      await started();
      let played;
      await withTickets(poolId, async (stored) => {
        const use = ticket || stored[0];
        if (!use) throw jsError('PK_INVALID_ARGUMENT', `draw: no ticket for pool "${poolId}"; call requestTickets first`);
        let result = given;
        if (result === undefined) {
          if (!engine || typeof engine.draw !== 'function') throw jsError('PK_UNSUPPORTED', 'draw: no engine to compute the outcome; pass { outcome }');
          result = engine.draw(poolId, use);
        }
        const op = await enqueue('draw', { ticket: use, outcome: result });
        played = { ...recordOf(op), outcome: result };
        return ticket ? null : stored.slice(1);
      });
      await saveEngineState();
      drain(true).catch((err) => emit('error', err));
      return played;
    },

    // Asks the server for draw tickets (online only) and keeps them for offline draws.
    async requestTickets(poolId, count = 1) {
      await started();
      const res = await request('POST', '/v1/tickets', { body: { poolId, customerId, count }, headers: { 'idempotency-key': newId() } });
      if (res.status < 200 || res.status >= 300) throw httpError(res, 'POST /v1/tickets');
      const issued = Array.isArray(res.body) ? res.body : res.body.tickets || [];
      await withTickets(poolId, (stored) => stored.concat(issued));
      return issued;
    },

    async tickets(poolId) {
      await started();
      return (await storage.get(`${ns}tickets/${poolId}`)) || [];
    },

    // Claims with their sync status: pending, confirmed (with the server's claimId and token) or
    // rejected with the server's reason (LIMIT_REACHED, OUT_OF_STOCK, ...).
    wallet: () => listOf('claim'),
    redemptions: () => listOf('redemption'),
    draws: () => listOf('draw'),

    // What has not reached the server yet, oldest first.
    pending() {
      return [
        ...ops.map((o) => ({ id: o.id, kind: o.kind, createdAt: o.createdAt, attempts: o.attempts, nextAttemptAt: o.nextAttemptAt, lastError: o.lastError })),
        ...events.map((e) => ({ id: e.event.id, kind: 'event', createdAt: e.event.time, attempts: 0, nextAttemptAt: 0, lastError: null })),
      ];
    },

    on(type, fn) {
      if (!listeners.has(type)) listeners.set(type, new Set());
      listeners.get(type).add(fn);
      return () => listeners.get(type).delete(fn);
    },

    // Stops timers and listeners; what is queued stays in storage for the next start.
    async close() {
      if (closed) return;
      closed = true;
      if (retryTimer !== null) clock.clearTimeout(retryTimer);
      if (batchTimer !== null) clock.clearTimeout(batchTimer);
      unsubscribeHide();
      unsubscribeOnline();
      stopper.abort();
      await ready.catch(() => {});
      await client.idle();
      if (engine && ownsEngine && typeof engine.dispose === 'function') engine.dispose();
    },
  };

  if (cfg.autoSync) ready.then(() => !closed && client.sync()).catch((err) => emit('error', err));
  return client;
}

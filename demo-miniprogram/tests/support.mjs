// Test support for the mini program: the SDK's Node build (the same core and JS layer as the
// mini program build), a mocked `wx` (storage, navigation, and wx.request answered by an
// in-memory stand-in of the server's §9 endpoints), a jsdom for miniprogram-simulate, and
// catalogs/profiles that make every page have something to show.
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const appDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const root = resolve(appDir, '..');
export const require = createRequire(join(appDir, 'package.json'));

export const DAY = 864e5;

let pkPromise = null;
export function loadPk() {
  const mod = require(join(root, 'dist', 'promokit.cjs'));
  pkPromise ||= mod.loadPromokit();
  return pkPromise.then((pk) => ({ pk, mod }));
}

// The demo catalog (as bundled) plus what the demo server's lacks: a calendar entry (event
// notifications) and a daily-draw pool.
export function testCatalog(now) {
  const base = JSON.parse(JSON.stringify(require(join(appDir, 'lib', 'bootstrap-catalog.js'))));
  base.version = 7;
  base.calendar = [{ id: 'sale', name: { en: 'Winter sale', zh: '冬季特卖' }, start: now + 2 * DAY, end: now + 5 * DAY, offerId: 'fashion-uniqlo-20' }];
  base.templates.push({ id: 'event-sale', kind: 'event', daysBefore: 3, channels: ['inApp'], text: { en: '{event} starts in {days} days', zh: '{event}还有{days}天开始' } });
  base.prizePools.push({
    id: 'daily-gift', game: 'daily', version: 1, budget: 500, personalize: false,
    prizes: [
      { id: 'd-points', kind: 'points', points: 20, weight: 50, cost: 20 },
      { id: 'd-none', kind: 'none', weight: 50, cost: 0 },
    ],
  });
  return base;
}

// A shopper with something due: birthday in two days, inactive for 40 days, fashion fan.
export function testProfile(now, extra = {}) {
  // Two local days ahead in the profile's zone (Asia/Shanghai, UTC+8, no DST): the engine counts
  // birthdays in the shopper's zone, so a UTC date is a day off from 16:00 UTC on.
  const b = new Date(now + 8 * 3600000 + 2 * DAY);
  const birthday = `1990-${String(b.getUTCMonth() + 1).padStart(2, '0')}-${String(b.getUTCDate()).padStart(2, '0')}`;
  return {
    id: 'u-test', name: 'Ann', tier: 'gold', gender: 'female', birthday, interests: ['fashion', 'food'], mall: 'm1', city: 'Shanghai',
    zone: 'Asia/Shanghai', locale: 'en', registeredAt: now - 400 * DAY, lastActiveAt: now - 40 * DAY, spent: 100000, orders: 3,
    points: 1000, consents: { wechat: false, email: false, inApp: true }, ...extra,
  };
}

// An in-memory server for wx.request: GET /v1/catalog, /v1/profiles/{id}; POST /v1/events,
// /v1/claims, /v1/redemptions, /v1/tickets, /v1/draws. `offline = true` fails every request
// as WeChat does without a network; `refuse[offerId] = code` answers that claim with a 409.
export function fakeServer(pk, { catalog, profile, signingKey }) {
  const key = signingKey || pk.tokens.generateKey(new Uint8Array(32).fill(7));
  const state = { offline: false, refuse: {}, claims: [], redemptions: [], events: [], draws: [], tickets: 0, requests: [] };
  let n = 0;
  const json = (statusCode, body, header = {}) => ({ statusCode, header: { 'Content-Type': 'application/json', ...header }, data: JSON.stringify(body) });
  const walletOf = () => state.claims.map((c) => ({ ...c }));
  // A claim with a signed redemption token (claimed, or won in a draw, or made elsewhere).
  function grant(offerId, customerId) {
    const now = Date.now();
    const claimId = `c_${++n}`;
    const expiry = now + 30 * DAY;
    const token = pk.tokens.sign({ offerId, claimId, customerId, expiry, nonce: `n${n}` }, key);
    state.claims.push({ claimId, offerId, status: 'claimed', token, claimedAt: now, expiry });
    return { claimId, offerId, token, expiry };
  }
  function answer({ url, method = 'GET', data }) {
    const u = new URL(url);
    const body = data ? JSON.parse(data) : null;
    const now = Date.now();
    if (method === 'GET' && u.pathname === '/v1/catalog') return json(200, { ...catalog, wallet: walletOf() }, { ETag: `"c${catalog.version}-${state.claims.length}"` });
    if (method === 'GET' && u.pathname.startsWith('/v1/profiles/')) return json(200, { ...profile, ledger: [] });
    if (method === 'POST' && u.pathname === '/v1/events') {
      state.events.push(...body.events);
      return json(200, { accepted: body.events.length, duplicates: 0 });
    }
    if (method === 'POST' && u.pathname === '/v1/claims') {
      if (state.refuse[body.offerId]) return json(409, { code: state.refuse[body.offerId], message: 'refused by the test' });
      const c = grant(body.offerId, body.customerId);
      return json(201, { ...c, status: 'claimed', customerId: body.customerId });
    }
    if (method === 'POST' && u.pathname === '/v1/redemptions') {
      const claim = state.claims.find((c) => c.token === body.token);
      if (!claim) return json(404, { code: 'PK_CLAIM_NOT_FOUND', message: 'no such claim' });
      if (claim.status === 'redeemed') return json(409, { code: 'PK_ALREADY_REDEEMED', message: 'redeemed already' });
      Object.assign(claim, { status: 'redeemed', redeemedAt: now, redemptionId: `r_${++n}`, store: body.store });
      state.redemptions.push(body);
      return json(201, { redemptionId: claim.redemptionId, claimId: claim.claimId });
    }
    if (method === 'POST' && u.pathname === '/v1/tickets') {
      const pool = catalog.prizePools.find((p) => p.id === body.poolId);
      const tickets = pk.tickets.issue({ poolId: pool.id, poolVersion: pool.version, customerId: body.customerId, count: body.count, start: state.tickets + 1, expiry: now + 7 * DAY }, key);
      state.tickets += body.count;
      return json(201, { tickets });
    }
    if (method === 'POST' && u.pathname === '/v1/draws') {
      const pool = catalog.prizePools.find((p) => p.id === body.ticket.poolId);
      const v = pk.verifyDraw(body.ticket, pool, profile, body.outcome, pk.tokens.verifyKeyFor(key), { catalog });
      state.draws.push({ ...body, verified: v });
      const prize = pool.prizes.find((p) => p.id === v.prize.id);
      const out = { granted: prize.kind !== 'none', prize, ticketId: body.ticket.ticketId };
      if (prize.kind === 'offer') out.claim = grant(prize.offerId, body.ticket.customerId);
      return json(200, out);
    }
    return json(404, { code: 'PK_NOT_FOUND', message: `${method} ${u.pathname}` });
  }
  // One answer ({ statusCode, header, data }), or a thrown { errMsg } when offline: the shape
  // the runtime simulator's request handler takes.
  function handle(options) {
    state.requests.push({ method: options.method || 'GET', url: options.url });
    if (state.offline) throw { errMsg: 'request:fail net::ERR_INTERNET_DISCONNECTED' };
    try {
      return answer(options);
    } catch (err) {
      return json(500, { code: 'PK_INTERNAL', message: err.message });
    }
  }
  // wx.request itself.
  function request(options) {
    const timer = setTimeout(() => {
      let res;
      try {
        res = handle(options);
      } catch (failure) {
        options.fail?.(failure);
        return;
      }
      options.success?.({ errMsg: 'request:ok', ...res });
    }, 1);
    return { abort: () => clearTimeout(timer) };
  }
  return { request, handle, grant, state, key, verifyKey: pk.tokens.verifyKeyFor(key) };
}

// The parts of wx the app uses, with storage in a Map and navigation recorded.
export function mockWx(server) {
  const storage = new Map();
  const copy = (v) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));
  const later = (fn) => setTimeout(fn, 0);
  const wx = {
    storage,
    navigations: [],
    request: (o) => server.request(o),
    getStorageSync: (k) => (storage.has(k) ? copy(storage.get(k)) : ''),
    setStorageSync: (k, v) => void storage.set(k, copy(v)),
    setStorage: ({ key, data, success, fail, complete }) => later(() => (storage.set(key, copy(data)), success?.({ errMsg: 'setStorage:ok' }), complete?.())),
    getStorage: ({ key, success, fail, complete }) =>
      later(() => (storage.has(key) ? success?.({ errMsg: 'getStorage:ok', data: copy(storage.get(key)) }) : fail?.({ errMsg: 'getStorage:fail data not found' }), complete?.())),
    removeStorage: ({ key, success, complete }) => later(() => (storage.delete(key), success?.({ errMsg: 'removeStorage:ok' }), complete?.())),
    getStorageInfo: ({ success, complete }) => later(() => (success?.({ keys: [...storage.keys()], currentSize: 0, limitSize: 10240 }), complete?.())),
    navigateTo: ({ url }) => void wx.navigations.push(url),
    stopPullDownRefresh: () => {},
    getWindowInfo: () => ({ pixelRatio: 2 }),
    getSystemInfoSync: () => ({ pixelRatio: 2, platform: 'devtools' }),
    onAppHide: () => {},
    onNetworkStatusChange: () => {},
  };
  return wx;
}

// A store over the fake server, started and synced once. Returns { store, server, wx, pk }.
export async function makeStore({ now = Date.now(), catalog, profile, offline = false, config: extra = {} } = {}) {
  const { pk, mod } = await loadPk();
  const cat = catalog || testCatalog(now);
  const prof = profile || testProfile(now);
  const server = fakeServer(pk, { catalog: cat, profile: prof });
  server.state.offline = offline;
  const wx = mockWx(server);
  const config = { ...require(join(appDir, 'config.js')), customerId: prof.id, serverUrl: 'http://promokit.test', ...extra };
  const { createStore } = require(join(appDir, 'lib', 'store.js'));
  const store = createStore({
    pk, wx, config,
    storage: mod.createWxStorage({ wx }),
    network: mod.createWxNetwork({ wx }),
    bootstrapCatalog: require(join(appDir, 'lib', 'bootstrap-catalog.js')),
    clientOptions: { retryBaseMs: 50, retryMaxMs: 200, flushIntervalMs: 50 },
  });
  await store.start();
  await store.refresh();
  return { store, server, wx, pk, mod, catalog: cat, profile: prof };
}

// Waits until fn() is truthy (polling), or fails after `ms`.
export async function until(fn, ms = 3000, what = 'condition') {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

// jsdom globals for miniprogram-simulate (it renders into a DOM).
let dom = null;
export async function setupDom() {
  if (dom) return dom;
  const { JSDOM } = await import('jsdom');
  dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true });
  for (const k of ['window', 'document', 'Node', 'Element', 'HTMLElement', 'Event', 'CustomEvent', 'MutationObserver', 'navigator', 'getComputedStyle']) {
    Object.defineProperty(globalThis, k, { value: k === 'window' ? dom.window : dom.window[k], configurable: true, writable: true });
  }
  return dom;
}

// The code package as WeChat DevTools uploads it: the app's files minus project.config.json's
// packOptions.ignore, plus miniprogram_npm/ laid out as "build npm" does. Returns its folder.
export async function makeAppPackage() {
  const { cpSync, mkdtempSync, readFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { buildNpm } = await import('../tools/build-npm.mjs');
  const project = JSON.parse(readFileSync(join(appDir, 'project.config.json'), 'utf8'));
  const ignored = new Set(project.packOptions.ignore.map((x) => x.value).concat(['miniprogram_npm']));
  const dir = mkdtempSync(join(tmpdir(), 'promokit-demo-mp-'));
  cpSync(appDir, dir, { recursive: true, filter: (src) => src === appDir || !ignored.has(src.slice(appDir.length + 1).split('/')[0]) });
  buildNpm(dir);
  return dir;
}

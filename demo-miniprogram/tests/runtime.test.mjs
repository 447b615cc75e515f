// The app inside the JS layer's mini program runtime simulator (tests/miniprogram/simulator.mjs):
// no eval, no WebAssembly global, a path-only WXWebAssembly, CommonJS over miniprogram_npm/.
// app.js loads the SDK from the .wasm.br by path, syncs over wx.request and keeps its state and
// offline queue in wx storage; a restart resumes from that storage.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { createMiniProgramRuntime } from '../../tests/miniprogram/simulator.mjs';
import { loadPk, fakeServer, testCatalog, testProfile, makeAppPackage, until } from './support.mjs';

// Values made inside the runtime's realm, as plain host values for deepEqual.
const plain = (v) => JSON.parse(JSON.stringify(v));

let packageDir;
let server;
let catalog;
const runtimes = [];

before(async () => {
  packageDir = await makeAppPackage();
  const { pk } = await loadPk();
  const now = Date.now();
  catalog = testCatalog(now);
  server = fakeServer(pk, { catalog, profile: testProfile(now, { id: 'u001' }) });
});

after(async () => {
  for (const { store } of runtimes) await store.close();
  rmSync(packageDir, { recursive: true, force: true });
});

// Boots app.js in a fresh runtime (optionally with the storage of an earlier one): App() and
// Component() are the platform's constructors, captured here.
async function boot(storage) {
  const rt = createMiniProgramRuntime({ packageDir, request: (o) => server.handle(o) });
  if (storage) for (const [k, v] of storage) rt.storage.set(k, v);
  const definitions = {};
  let app = null;
  rt.context.App = (options) => (app = options);
  rt.context.Component = (options) => (definitions.current = options);
  rt.require('./app.js');
  app.onLaunch();
  const store = await app.ready;
  assert.ok(store, 'the app started');
  const entry = { rt, store, app, definitions };
  runtimes.push(entry);
  return entry;
}

// Runs a page's Component definition against a minimal page instance.
async function runPage({ rt, definitions }, name, query) {
  rt.require(`./pages/${name}/index.js`);
  const def = definitions.current;
  const page = { data: JSON.parse(JSON.stringify(def.data || {})), setData(d) { Object.assign(this.data, d); }, ...def.methods };
  await page.onLoad(query);
  return page;
}

test('app.js starts in the runtime: wasm by path from miniprogram_npm, catalog over wx.request, state in wx storage', async () => {
  const { rt, store } = await boot();
  assert.equal(rt.run('typeof WebAssembly'), 'undefined');
  assert.deepEqual(plain(rt.wasmLoads), ['/miniprogram_npm/promokit/promokit.wasm.br']);
  assert.equal(store.client.catalogSource, 'network');
  assert.equal(store.client.catalogVersion, catalog.version);
  assert.ok(server.state.requests.some((r) => r.url.startsWith('http://127.0.0.1:8080/v1/catalog?customer=u001')), 'the URL of config.js');
  const keys = [...rt.storage.keys()];
  assert.ok(keys.includes('promokit:pk/u001/catalog'), 'catalog cached in wx storage');
  assert.ok(keys.some((k) => k.startsWith('mp:u001:')), 'the app keeps its own keys there too');
  const offers = await runPage(runtimes[0], 'offers');
  assert.ok(offers.data.recommended.length > 0 && offers.data.offers.length > 0);
  assert.equal(offers.data.error, '');
  const games = await runPage(runtimes[0], 'games');
  assert.equal(games.data.pools[0].tickets, 3, 'tickets fetched for offline play');
  await store.close();
});

test('a first start without network shows the bundled catalog', async () => {
  server.state.offline = true;
  const { store } = await boot();
  server.state.offline = false;
  assert.equal(store.client.catalogSource, 'bootstrap');
  assert.equal(store.status.online, false);
  const offers = await runPage(runtimes.at(-1), 'offers');
  assert.ok(offers.data.offers.some((o) => o.offerId === 'fashion-uniqlo-20'));
  assert.equal(offers.data.s.offers_recommended, '为你推荐', 'no profile yet: the UI starts in Chinese');
  assert.match(offers.data.offlineText, /^离线中/);
  await store.close();
});

test('offline: a claim waits in the wx storage queue, survives a restart, and drains when the network returns', async () => {
  const first = await boot();
  server.state.offline = true;
  await first.store.refresh();
  assert.equal(first.store.status.online, false);
  const detail = await runPage(first, 'offer', { id: 'fashion-nike-50' });
  await detail.claim();
  assert.equal(detail.data.entry.status, 'pending');
  assert.match(detail.data.statusText, /^(Confirming|确认中)$/);
  const wheel = await runPage(first, 'games');
  await wheel.play(); // offline too: the engine decides from a stored ticket
  assert.equal(typeof wheel.data.spin.index, 'number');
  await first.store.close();
  const queued = first.store.client.pending().map((p) => p.kind);
  assert.ok(queued.includes('claim') && queued.includes('draw'));

  // The phone restarts, still offline: the cached catalog serves every page.
  const second = await boot(first.rt.storage);
  assert.equal(second.store.client.catalogSource, 'network');
  const offers = await runPage(second, 'offers');
  assert.ok(offers.data.offers.length > 0, 'offers from the cached catalog');
  assert.match(offers.data.offlineText, /./);
  const wallet = await runPage(second, 'wallet');
  assert.deepEqual(plain(wallet.data.groups.map((g) => g.status)), ['pending']);
  const nikeClaims = () => server.state.claims.filter((c) => c.offerId === 'fashion-nike-50').length; // a draw may win another coupon
  const claimsBefore = nikeClaims();

  // The network returns: the queue drains once, in order.
  server.state.offline = false;
  second.rt.setNetwork(true);
  await until(() => second.store.engine.wallet().some((w) => w.offerId === 'fashion-nike-50' && w.status === 'active'), 5000, 'confirmed claim');
  assert.equal(nikeClaims(), claimsBefore + 1, 'sent once');
  await until(() => server.state.draws.length === 1, 5000, 'draw sent');
  const v = await runPage(second, 'wallet');
  assert.deepEqual(plain(v.data.groups.map((g) => g.status)), ['active']);
  assert.ok(v.data.groups[0].items[0].token);
});

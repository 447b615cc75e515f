// The mini program platform itself: what the logic layer lacks, how the wasm is found, and the
// wx-backed defaults of the sync client (storage, wx.request, flush on wx.onAppHide).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { brotliDecompressSync } from 'node:zlib';
import { createMiniProgramRuntime, makeCodePackage, root } from './simulator.mjs';
import { startSyncServer, APP_KEY } from '../js/support/sync-server.mjs';
import { serverControl } from '../js/cases/server-control.mjs';
import { makeCatalog } from '../../bench/js/catalog.mjs';

// Runs fn(rt) in a fresh runtime and removes its code package afterwards.
async function inRuntime(options, fn) {
  if (typeof options === 'function') return inRuntime({}, options);
  const rt = createMiniProgramRuntime(options);
  try {
    return await fn(rt);
  } finally {
    rt.dispose();
  }
}

let server;
before(async () => {
  server = await startSyncServer();
});
after(() => server.close());

test('the logic layer has no WebAssembly, TextDecoder, fetch, XMLHttpRequest, window, document, eval', async () => {
  await inRuntime(async (rt) => {
    for (const name of ['WebAssembly', 'TextDecoder', 'fetch', 'XMLHttpRequest', 'window', 'document']) {
      assert.equal(rt.run(`typeof ${name}`), 'undefined', name);
    }
    assert.throws(() => rt.run('eval("1 + 1")'), /Code generation from strings disallowed/);
    assert.throws(() => rt.run('new Function("return 1")'), /Code generation from strings disallowed/);
  });
});

for (const wasmResult of ['instance', 'wrapped']) {
  test(`loads from miniprogram_npm by default when WXWebAssembly resolves to ${wasmResult === 'instance' ? 'the instance' : '{ instance }'}`, async () => {
    await inRuntime({ wasmResult }, async (rt) => {
      const { loadPromokit, DEFAULT_WASM_PATH } = rt.require('promokit');
      const pk = await loadPromokit();
      assert.deepEqual(rt.wasmLoads, [DEFAULT_WASM_PATH]);
      assert.equal(DEFAULT_WASM_PATH, '/miniprogram_npm/promokit/promokit.wasm.br');
      assert.match(pk.version, /^\d+\.\d+\.\d+$/);
      assert.equal(pk.validate('catalog', { version: 1, offers: [] }).ok, true);
    });
  });
}

test('an app may ship the plain .wasm elsewhere in its package and name the path', async () => {
  const packageDir = makeCodePackage({ extraFiles: { 'promokit.wasm': join(root, 'dist/shopper/promokit.wasm') } });
  await inRuntime({ packageDir }, async (rt) => {
    const pk = await rt.require('promokit').loadPromokit({ wasmPath: '/promokit.wasm' });
    assert.deepEqual(rt.wasmLoads, ['/promokit.wasm']);
    assert.equal(pk.validate('offer', { id: 'x', reward: { type: 'percent', percent: 10 } }).ok, true);
  });
});

test('the package carries the shopper module: promokit/shopper\'s .wasm, brotli-compressed', () => {
  const br = readFileSync(join(root, 'dist/miniprogram/promokit.wasm.br'));
  assert.ok(brotliDecompressSync(br).equals(readFileSync(join(root, 'dist/shopper/promokit.wasm'))));
});

test('a wrong wasm path fails with PK_LOAD_FAILED, and a later load may succeed', async () => {
  await inRuntime(async (rt) => {
    const { loadPromokit } = rt.require('promokit');
    await assert.rejects(loadPromokit({ wasmPath: '/nowhere/promokit.wasm' }), (e) => e.code === 'PK_LOAD_FAILED' && /no file/.test(e.message));
    assert.ok(await loadPromokit());
  });
});

test('the simulated WXWebAssembly takes paths only, like the real one', async () => {
  await inRuntime(async (rt) => {
    await assert.rejects(rt.run('WXWebAssembly.instantiate(new ArrayBuffer(8), {})'), /must be a file path/);
  });
});

test('sync client defaults: wx storage, wx.request, events flushed on wx.onAppHide', async () => {
  const ctl = serverControl(server.url, APP_KEY);
  await ctl.reset();
  await inRuntime(async (rt) => {
    const pk = await rt.require('promokit').loadPromokit();
    const client = pk.createClient({ baseUrl: server.url, appKey: APP_KEY, customerId: 'mp-1', autoSync: false, flushIntervalMs: 3600000 });
    await client.ready;
    assert.equal(rt.hideListenerCount(), 1);
    await client.track({ type: 'view', offerId: 'fashion-20' });
    await client.track({ type: 'click', offerId: 'fashion-20' });
    assert.ok([...rt.storage.keys()].some((k) => k.startsWith('promokit:pk/mp-1/ev/')), 'events are not in wx storage');
    assert.equal((await ctl.state()).events.length, 0);
    rt.hide();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await client.idle();
    assert.equal((await ctl.state()).events.length, 2);
    assert.ok(rt.requests.some((r) => r.url.endsWith('/v1/events') && r.header['x-app-key'] === APP_KEY), 'not sent through wx.request');
    assert.ok(![...rt.storage.keys()].some((k) => k.includes('/ev/') || k.includes('/op/')), 'sent events stay in storage');
    await client.close();
    assert.equal(rt.hideListenerCount(), 0);
  });
});

// WeChat holds at most 1 MB under one storage key (the simulator enforces it): a catalog larger
// than that is kept in a user data file, and the next start takes it from there, offline.
test('a catalog past the 1 MB a wx storage key holds is kept in a file; the next start uses it offline', async () => {
  const ctl = serverControl(server.url, APP_KEY);
  await ctl.reset();
  const catalog = makeCatalog(2500);
  assert.ok(JSON.stringify(catalog).length > 1024 * 1024);
  await ctl.setup({ catalog });
  await inRuntime(async (rt) => {
    const pk = await rt.require('promokit').loadPromokit();
    const options = { baseUrl: server.url, appKey: APP_KEY, customerId: 'mp-big', autoSync: false, syncProfile: false };
    const first = pk.createClient(options);
    await first.ready;
    assert.equal((await first.sync()).catalog, 'updated');
    await first.close();
    const key = 'promokit:pk/mp-big/catalog';
    assert.deepEqual(rt.storage.get(key), { promokitFile: 1 }, 'the catalog entry is a marker');
    assert.ok([...rt.files.keys()].some((f) => f.endsWith(`${encodeURIComponent(key)}.json`)), 'no file holds the catalog');
    assert.throws(() => rt.wx.setStorageSync('too-big', JSON.stringify(catalog)), /entry size limit reached/);
    const offline = pk.createClient({ ...options, baseUrl: 'http://127.0.0.1:9' });
    await offline.ready;
    assert.equal(offline.catalogVersion, catalog.version);
    assert.equal(offline.catalog.offers.length, 2500);
    assert.equal(offline.engineFrom, 'snapshot');
    offline.engine.setProfile({ id: 'mp-big', tier: 'gold', interests: ['fashion'] });
    assert.ok(offline.engine.offers().length > 0, 'the engine from the stored catalog offers nothing');
    await offline.close();
    // Files cleared but not storage (the marker stays): the catalog is gone, not the client.
    for (const f of [...rt.files.keys()]) if (f.endsWith('.json')) rt.files.delete(f);
    const cleared = pk.createClient({ ...options, baseUrl: 'http://127.0.0.1:9' });
    await cleared.ready;
    assert.equal(cleared.catalog, null);
    await cleared.close();
  });
});

test('wx.request answers scripted by the test reach the network adapter as uniform answers and errors', async () => {
  const request = (options) => {
    if (options.url.endsWith('/fail')) throw { errMsg: 'request:fail ssl hand shake error' };
    return { statusCode: 409, header: { 'Content-Type': 'application/json' }, data: JSON.stringify({ code: 'PK_LIMIT_REACHED', echo: options.data }) };
  };
  await inRuntime({ request }, async (rt) => {
    const net = rt.require('promokit').createWxNetwork();
    const res = await net.request({ method: 'POST', url: 'https://promo.example.test/v1/claims', body: '{"offerId":"x"}' });
    assert.equal(res.status, 409);
    assert.equal(res.headers['content-type'], 'application/json');
    assert.deepEqual({ ...res.body }, { code: 'PK_LIMIT_REACHED', echo: '{"offerId":"x"}' });
    await assert.rejects(net.request({ url: 'https://promo.example.test/fail' }), (e) => e.code === 'PK_NETWORK_FAILED' && /ssl hand shake/.test(e.message));
    assert.deepEqual(rt.requests.map((r) => r.method), ['POST', 'GET']);
  });
});

test('back online (wx.onNetworkStatusChange): the queue goes out before its backoff ends', async () => {
  const ctl = serverControl(server.url, APP_KEY);
  await ctl.reset();
  await ctl.setup({ offers: { 'o-1': {} } });
  await ctl.script([{ path: '/v1/claims', action: 'drop-before' }]);
  await inRuntime(async (rt) => {
    const pk = await rt.require('promokit').loadPromokit();
    const client = pk.createClient({ baseUrl: server.url, appKey: APP_KEY, customerId: 'mp-2', autoSync: false, retryBaseMs: 3600000 });
    await client.claim('o-1');
    await client.idle();
    assert.equal(client.pending()[0].attempts, 1, 'the first send did not fail');
    rt.setNetwork(false);
    await client.idle();
    assert.equal(client.pending().length, 1, 'sent on a report of no network');
    rt.setNetwork(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await client.idle();
    assert.equal(client.pending().length, 0);
    assert.equal(client.wallet()[0].status, 'confirmed');
    await client.close();
    assert.equal(rt.networkListenerCount(), 0);
  });
});

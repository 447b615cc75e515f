// The JS sync client of the built package (dist/) against the real promokit-server: catalog
// sync with 304 and deltas, and a shopper's offline actions — a claim, events, a redemption —
// reaching the server exactly once across a restart. (tests/js/sync.test.mjs drives the same
// client against a scripted server for the failure cases.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, tempDir, admin, client, APP } from './support/server.mjs';
import { loadPromokit, createFileStorage, createMemoryStorage } from '../../dist/promokit.node.mjs';

const OFFER = 'fashion-uniqlo-20';  // demo offer: claim required, one per customer, no targeting
const OFFLINE = 'http://127.0.0.1:9';  // nothing listens there: every request fails at once

let s, pk;
before(async () => {
  s = await startServer({ args: ['--demo', '--notify-interval', '0'] });
  pk = await loadPromokit();
});
after(async () => {
  await s.stop();
  s.cleanup();
});

const stats = async () => (await admin(s, 'GET', `/v1/admin/stats/offers/${OFFER}`)).body;

test('catalog: a first sync, then 304, then the delta of an admin change', async () => {
  const c = pk.createClient({ baseUrl: s.url, appKey: APP, customerId: 'sync-cat', storage: createMemoryStorage(), autoSync: false });
  await c.ready;
  const served = (await client(s, 'GET', '/v1/catalog')).body.version;
  assert.equal((await c.sync()).catalog, 'updated');
  assert.equal(c.catalogVersion, served);
  assert.ok(c.engine && c.engine.eligibleIds().includes(OFFER), 'the engine runs on the synced catalog');
  assert.equal((await c.sync()).catalog, 'not-modified');
  assert.equal((await admin(s, 'PUT', '/v1/admin/segments/sync-gold', { rule: 'tier == "gold"' })).status, 201);
  assert.equal((await c.sync()).catalog, 'delta');
  assert.equal(c.catalogVersion, served + 1);
  assert.ok(c.catalog.segments.some((g) => g.id === 'sync-gold'));
  await c.close();
});

test('offline actions reach the server once: queued, the app restarts, then sent; a second restart sends nothing', async () => {
  const dir = tempDir();
  const customerId = 'sync-offline-1';
  const bootstrapCatalog = (await client(s, 'GET', '/v1/catalog')).body;
  const before = await stats();
  const options = { appKey: APP, customerId, autoSync: false, bootstrapCatalog, syncProfile: false };

  // Offline: the claim and the events are persisted, nothing reaches the server.
  const a = pk.createClient({ ...options, baseUrl: OFFLINE, storage: createFileStorage(dir), retryBaseMs: 60_000 });
  await a.ready;
  const record = await a.claim(OFFER);
  assert.equal(record.status, 'pending');
  for (const type of ['view', 'click', 'view']) await a.track({ type, offerId: OFFER });
  await a.flush();
  assert.ok(a.pending().length >= 2, JSON.stringify(a.pending()));
  await a.close();
  assert.deepEqual([(await stats()).claims, (await stats()).impressions], [before.claims, before.impressions]);

  // Back online after a restart: everything is sent, and answered.
  const b = pk.createClient({ ...options, baseUrl: s.url, storage: createFileStorage(dir) });
  await b.ready;
  assert.ok(b.pending().some((p) => p.kind === 'claim'), 'the queue survived the restart');
  await b.flush();
  assert.deepEqual(b.pending(), []);
  const [claim] = b.wallet();
  assert.equal(claim.status, 'confirmed');
  assert.ok(claim.result.token, 'the server signed a redemption token');
  const after1 = await stats();
  assert.equal(after1.claims, before.claims + 1);
  assert.equal(after1.impressions, before.impressions + 2);
  assert.equal(after1.clicks, before.clicks + 1);
  const wallet = (await client(s, 'GET', `/v1/catalog?customer=${customerId}`)).body.wallet;
  assert.deepEqual(wallet.map((w) => [w.offerId, w.status]), [[OFFER, 'claimed']]);

  // The till redeems the token; a second redemption of it is refused and settles as rejected.
  await b.redeem(claim.result.token, { store: 'store-1' });
  await b.redeem(claim.result.token, { store: 'store-1' });
  await b.flush();
  const redemptions = b.redemptions();
  assert.deepEqual(redemptions.map((r) => r.status), ['confirmed', 'rejected']);
  assert.equal(redemptions[1].reason, 'PK_ALREADY_REDEEMED');
  await b.close();
  assert.equal((await stats()).redemptions, before.redemptions + 1);

  // A third start with the same storage: nothing is pending, nothing is sent again.
  const c = pk.createClient({ ...options, baseUrl: s.url, storage: createFileStorage(dir) });
  await c.ready;
  assert.deepEqual(c.pending(), []);
  await c.flush();
  await c.close();
  const after2 = await stats();
  assert.deepEqual([after2.claims, after2.redemptions, after2.impressions, after2.clicks],
    [after1.claims, before.redemptions + 1, after1.impressions, after1.clicks]);

  // The server's own limit: a second claim of the offer is refused with its code.
  const d = pk.createClient({ ...options, baseUrl: s.url, storage: createMemoryStorage(), bootstrapCatalog: undefined });
  await d.ready;
  await d.sync();
  let refused;
  try {
    await d.claim(OFFER);  // the engine knows the server's wallet: it may refuse locally
    await d.flush();
    refused = d.wallet().at(-1);
    assert.equal(refused.status, 'rejected');
    assert.equal(refused.reason, 'PK_LIMIT_REACHED');
  } catch (err) {
    assert.equal(err.code, 'PK_LIMIT_REACHED', String(err));
  }
  await d.close();
  assert.equal((await stats()).claims, after1.claims);
});

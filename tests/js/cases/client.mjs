// Sync client cases that run in every realm against the scripted server, with the platform's
// default storage and network (Node: memory + fetch; WeChat: wx storage + wx.request; browser:
// IndexedDB + fetch). The Node-only cases (restart in a child process, fake clock) are in
// tests/js/sync.test.mjs.
const offer = (id, percent = 10) => ({ id, reward: { type: 'percent', percent } });

async function fresh({ server, data }) {
  await server.reset();
  await server.setup({ catalog: data.catalogSample, offers: { 'fashion-20': { stock: 1 }, 'order-30': { perCustomer: 1 } } });
}

function makeClient({ pk, server, uid }, extra = {}) {
  return pk.createClient({ baseUrl: server.url, appKey: server.appKey, customerId: uid(), autoSync: false, ...extra });
}

export default [
  {
    name: 'client: a claim is queued before it resolves, then confirmed once with the server’s claim id and token',
    async run(ctx) {
      const { assert, server } = ctx;
      await fresh(ctx);
      const client = makeClient(ctx);
      await client.ready;
      const entry = await client.claim('order-30');
      assert.equal(entry.status, 'pending');
      assert.equal(entry.request.offerId, 'order-30');
      await client.flush();
      const [w] = client.wallet();
      assert.equal(w.status, 'confirmed');
      assert.match(w.result.claimId, /^c-/);
      assert.match(w.result.token, /^tok-/);
      assert.deepEqual(client.pending(), []);
      const state = await server.state();
      assert.equal(state.claims.length, 1);
      assert.equal(state.log.filter((l) => l.path === '/v1/claims')[0].key, entry.id, 'sent without its idempotency key');
      await client.close();
    },
  },
  {
    name: 'client: server conflicts (out of stock, limit reached) become the wallet entry’s reason',
    async run(ctx) {
      const { assert } = ctx;
      await fresh(ctx);
      const a = makeClient(ctx);
      const b = makeClient(ctx);
      await a.claim('fashion-20'); // stock 1: a gets it
      await a.flush();
      await b.claim('fashion-20');
      await b.claim('order-30');
      await b.claim('order-30'); // per customer 1
      await b.flush();
      const reasons = b.wallet().map((w) => [w.request.offerId, w.status, w.reason]);
      assert.deepEqual(reasons, [
        ['fashion-20', 'rejected', 'OUT_OF_STOCK'],
        ['order-30', 'confirmed', null],
        ['order-30', 'rejected', 'LIMIT_REACHED'],
      ]);
      assert.equal(a.wallet()[0].status, 'confirmed');
      await a.close();
      await b.close();
    },
  },
  {
    name: 'client: catalog by ETag (304 when unchanged), then a delta by version',
    async run(ctx) {
      const { assert, server, data } = ctx;
      await fresh(ctx);
      const client = makeClient(ctx, { syncProfile: false });
      const seen = [];
      client.on('catalog', (e) => seen.push(e.how));
      assert.equal((await client.sync()).catalog, 'updated');
      assert.equal(client.catalogVersion, data.catalogSample.version);
      assert.equal((await client.sync()).catalog, 'not-modified');
      const v2 = { ...data.catalogSample, version: data.catalogSample.version + 1 };
      v2.offers = [...v2.offers.filter((o) => o.id !== 'pts').map((o) => (o.id === 'gift' ? { ...o, boost: 5 } : o)), offer('new-1')];
      await server.setup({ catalog: v2 });
      await client.claim('order-30');
      await client.flush();
      assert.equal((await client.sync()).catalog, 'delta');
      assert.deepEqual(client.catalog, v2, 'the catalog differs (or kept the wallet the server sent with it)');
      assert.deepEqual(client.serverWallet.map((w) => [w.offerId, w.status]), [['order-30', 'active']]);
      assert.deepEqual(seen, ['the server', 'a delta']);
      const state = await server.state();
      const gets = state.log.filter((l) => l.path === '/v1/catalog');
      assert.equal(gets.length, 3);
      await client.close();
    },
  },
  {
    name: 'client: first start offline uses the bundled catalog; actions wait in the queue and go out once',
    async run(ctx) {
      const { assert, server, data } = ctx;
      await fresh(ctx);
      await server.script([{ path: '/v1/catalog', action: 'drop-before' }, { path: '/v1/claims', action: 'status', status: 503 }]);
      const client = makeClient(ctx, { bootstrapCatalog: data.catalogSample, syncProfile: false });
      await client.ready;
      assert.equal(client.catalogSource, 'bootstrap');
      const r = await client.sync();
      assert.equal(r.catalog, 'offline');
      assert.equal(client.catalogSource, 'bootstrap');
      await client.claim('order-30'); // answered 503: stays queued
      await client.idle();
      assert.equal(client.pending().length, 1);
      assert.match(client.pending()[0].lastError, /503/);
      assert.equal(client.wallet()[0].status, 'pending');
      await client.flush();
      assert.equal(client.wallet()[0].status, 'confirmed');
      assert.equal((await server.state()).claims.length, 1);
      await client.close();
    },
  },
  {
    name: 'client: events are batched by size and delivered exactly once, even when an answer is lost',
    async run(ctx) {
      const { assert, server } = ctx;
      await fresh(ctx);
      await server.script([{ path: '/v1/events', action: 'drop-after' }]);
      const client = makeClient(ctx, { batchSize: 3, flushIntervalMs: 60000 });
      for (let i = 0; i < 7; i++) await client.track({ type: 'view', offerId: 'fashion-20' });
      await client.idle();
      await client.flush();
      await client.flush();
      const state = await server.state();
      assert.equal(state.events.length, 7);
      const posts = state.log.filter((l) => l.path === '/v1/events');
      assert.ok(posts.length >= 3, `${posts.length} batches`);
      assert.deepEqual(client.pending(), []);
      await client.close();
    },
  },
  {
    name: 'client: a restart makes the engine from the stored catalog\'s snapshot where the storage keeps bytes',
    async run(ctx) {
      const { assert, uid, data } = ctx;
      await fresh(ctx);
      const customerId = uid();
      const storage = ctx.makeStorage();
      const bytes = typeof storage.getBytes === 'function';
      const first = makeClient(ctx, { customerId, storage });
      await first.sync();
      assert.equal(first.engineFrom, bytes ? 'snapshot' : 'catalog');
      await first.claim('order-30');
      await first.close();
      const second = makeClient(ctx, { customerId, storage });
      await second.ready;
      assert.equal(second.engineFrom, bytes ? 'snapshot' : 'catalog');
      assert.deepEqual(second.catalog, data.catalogSample);
      assert.deepEqual(second.engine.wallet().map((w) => w.offerId), ['order-30'], 'the engine state came back');
      await second.flush();
      assert.equal(second.wallet()[0].status, 'confirmed');
      await second.close();
    },
  },
  {
    name: 'client: a restart on the same storage resumes the queue',
    async run(ctx) {
      const { assert, server, uid } = ctx;
      await fresh(ctx);
      const customerId = uid();
      const storage = ctx.makeStorage();
      await server.script([{ path: '/v1/claims', action: 'drop-before' }]);
      const first = makeClient(ctx, { customerId, storage });
      await first.claim('order-30');
      await first.idle();
      await first.track({ type: 'click', offerId: 'order-30' });
      await first.close();
      const second = makeClient(ctx, { customerId, storage });
      await second.ready;
      assert.deepEqual(second.pending().map((p) => p.kind), ['claim', 'event']);
      await second.flush();
      assert.equal(second.wallet()[0].status, 'confirmed');
      const state = await server.state();
      assert.equal(state.claims.length, 1);
      assert.equal(state.events.length, 1);
      await second.close();
    },
  },
];

// Type-checks every entry point of the package as an app would use it (tests/js/types.test.mjs
// runs tsc --noEmit on this file in a folder where node_modules/promokit is dist/).
import loadPromokit, {
  PromokitError,
  createMemoryStorage,
  createLocalStorage,
  createWxStorage,
  createFileStorage,
  createIndexedDbStorage,
  createFetchNetwork,
  createWxNetwork,
  createAbortController,
  type Promokit,
  type StorageAdapter,
  type NetworkAdapter,
  type SyncClient,
  type SyncRecord,
  type SyncResult,
  type NativeObject,
  type ValidationReport,
} from 'promokit';
import * as cjs from 'promokit/cjs';
import * as miniprogram from 'promokit/miniprogram';
import * as debug from 'promokit/debug';

async function main(): Promise<void> {
  const pk: Promokit = await loadPromokit({ wasmPath: '/static/promokit.wasm' });
  const viaCjs: Promokit = await cjs.loadPromokit();
  const viaMp: Promokit = await miniprogram.loadPromokit({ wasmPath: miniprogram.DEFAULT_WASM_PATH });
  const viaDebug: Promokit = await debug.loadPromokit();
  const version: string = pk.version + viaCjs.version + viaMp.version + viaDebug.version;

  const report: ValidationReport = pk.validate('catalog', { version: 1, offers: [] }, { all: true });
  const firstPath: string | undefined = report.errors[0]?.path;
  const mem: number = pk.memory().used + pk.memory().heapSize + pk.memory().liveObjects;
  const codes: string[] = pk.errors.map((e) => `${e.code} ${e.name} ${e.meaning}`);

  try {
    pk.validate('coupon' as never, {});
  } catch (e) {
    if (e instanceof PromokitError) {
      const where: string = `${e.code} ${e.number} ${e.path} ${e.position?.line ?? 0} ${e.status ?? 0} ${e.serverCode ?? ''}`;
      console.log(where);
    }
  }

  const stores: StorageAdapter[] = [
    createMemoryStorage({ a: 1 }),
    createLocalStorage({ prefix: 'app:' }),
    createWxStorage({ prefix: 'app:' }),
    createFileStorage('/tmp/promokit', { fsync: false }),
    createIndexedDbStorage({ dbName: 'app' }),
  ];
  await stores[0].set('k', { x: [1, 2] });
  const keys: string[] = await stores[0].keys('k');
  await stores[0].delete(keys[0]);

  const nets: NetworkAdapter[] = [createFetchNetwork({ timeoutMs: 5000 }), createWxNetwork()];
  const ctl = createAbortController();
  const res = await nets[0].request({ method: 'GET', url: 'https://example.test/healthz', signal: ctl.signal, timeoutMs: 100 });
  const status: number = res.status;
  ctl.abort();

  const client: SyncClient = pk.createClient({
    baseUrl: 'https://promo.example.test',
    appKey: 'key',
    customerId: 'u1',
    storage: stores[0],
    network: nets[0],
    bootstrapCatalog: { version: 1, offers: [] },
    batchSize: 10,
    flushIntervalMs: 1000,
    retryBaseMs: 500,
    clock: { now: () => 0 },
    random: () => 0.5,
    createEngine: (catalog) => ({ claim: (id: string) => id, exportState: () => ({ catalog }) }),
  });
  await client.ready;
  const result: SyncResult = await client.sync();
  const entry: SyncRecord = await client.claim('fashion-20');
  await client.redeem('token', { store: 's1' });
  await client.requestTickets('wheel-1', 2);
  const d = await client.draw('wheel-1', { outcome: { prizeId: 'p' } });
  const tracked = await client.track({ type: 'view', offerId: 'fashion-20' });
  const id: string = tracked.id;
  const off = client.on('settled', (s) => console.log(s.status, s.reason));
  client.on('catalog', (c) => console.log(c.version));
  off();
  const reasons: (string | null)[] = client.wallet().map((w) => w.reason);
  const waiting: number = (await client.flush({ keepalive: true })) + client.pending().length + client.draws().length + client.redemptions().length;
  await client.idle();
  await client.close();

  const disposable: NativeObject = { disposed: false, dispose() {} };
  disposable.dispose();

  console.log(version, firstPath, mem, codes, status, result.catalog, entry.status, d.outcome, id, reasons, waiting, client.catalogVersion);
}

main();

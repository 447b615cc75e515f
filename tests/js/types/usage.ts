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
  type CompiledRule,
  type ProfileSet,
  type CodeScheme,
  type TokenPayload,
  type DrawTicket,
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

  // Module APIs (each declared by its module's developer in the same file).
  const rule: CompiledRule = pk.compileRule('tier == "gold"', { fields: null });
  const matched: boolean = rule.matches({ tier: 'gold' }, { now: 0, zone: 'Asia/Shanghai' });
  const text: string = rule.toText() + JSON.stringify(rule.toJsonLogic()) + String(rule.evaluate({}));
  const set: ProfileSet = pk.createProfileSet([{ id: 'u1', tier: 'gold' }]);
  const ids: string[] = set.match(rule, { limit: 10 });
  const counted: number = set.count({ '==': [{ var: 'tier' }, 'gold'] }) + set.size + set.memoryBytes();
  const applied: unknown = pk.jsonLogic.apply({ '+': [1, 2] }) ?? pk.jsonLogic.truthy([]);
  set.dispose();
  const disposable: NativeObject = rule;
  disposable.dispose();
  const codesOut: string[] = pk.codes.generate({ key: 'a-campaign-secret-key', count: 2 });
  const ok: boolean = pk.codes.verify(codesOut[0], { key: 'a-campaign-secret-key' });
  const scheme: CodeScheme = pk.codes.compile({ key: 'a-campaign-secret-key' });
  const index: number | null = scheme.indexOf(codesOut[1]);
  scheme.dispose();
  const sk: string = pk.tokens.generateKey();
  const token: string = pk.tokens.sign({ offerId: 'o', claimId: 'c', customerId: 'u1', expiry: 1, nonce: 'n' }, sk);
  const payload: TokenPayload = pk.tokens.verify(token, pk.tokens.verifyKeyFor(sk), { now: 0 });
  const svg: string = pk.tokens.toQrSvg(token, { ecc: 'M' });
  const issued: DrawTicket[] = pk.tickets.issue({ poolId: 'wheel-1', poolVersion: 1, customerId: 'u1', expiry: 1 }, sk);
  const signed: true = pk.tickets.verifySignature(issued[0], pk.tokens.verifyKeyFor(sk));
  console.log(matched, text, ids, counted, applied, ok, index, payload.offerId, svg.length, signed);

  console.log(version, firstPath, mem, codes, status, result.catalog, entry.status, d.outcome, id, reasons, waiting, client.catalogVersion);
}

main();

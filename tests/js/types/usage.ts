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
  type Engine,
  type OfferCard,
  type WalletEntry,
  type WalletItem,
  type LedgerEntry,
  type PriceResult,
  type CheckoutResult,
  type Recommendation,
  type LearnedScores,
  type EngineState,
  type DrawOutcome,
  type VerifiedDraw,
  type ChallengeProgress,
  type ChallengeGrant,
  type PrizePreview,
  type NotificationIntent,
  type GamesSession,
  type Recommender,
  type AnalyticsReport,
  type Analyzer,
  type Cart,
  type Profile,
  type PromoEvent,
  type ClientEngine,
} from 'promokit';
import * as cjs from 'promokit/cjs';
import * as miniprogram from 'promokit/miniprogram';
import * as debug from 'promokit/debug';
import * as shopper from 'promokit/shopper';
import type { ShopperPromokit } from 'promokit/shopper';

async function main(): Promise<void> {
  const pk: Promokit = await loadPromokit({ wasmPath: '/static/promokit.wasm' });
  const viaCjs: Promokit = await cjs.loadPromokit();
  const viaMp: ShopperPromokit = await miniprogram.loadPromokit({ wasmPath: miniprogram.DEFAULT_WASM_PATH });
  const viaDebug: Promokit = await debug.loadPromokit();
  const viaShopper: ShopperPromokit = await shopper.loadPromokit();
  const module: 'full' | 'shopper' = viaShopper.module;
  const shopperArm: number = viaShopper.analytics.assignArm('exp', 'u1', [1, 1]);
  const shopperEngine = viaShopper.createEngine(viaShopper.catalogSnapshot({ version: 1, offers: [] }));
  shopperEngine.dispose();
  viaShopper.ranking.createRecommender({ version: 1, offers: [] }).dispose();
  const version: string = pk.version + viaCjs.version + viaMp.version + viaDebug.version + module + shopperArm;

  const report: ValidationReport = pk.validate('catalog', { version: 1, offers: [] }, { all: true });
  const firstPath: string | undefined = report.errors[0]?.path;
  const mem: number = pk.memory().used + pk.memory().heapSize + pk.memory().liveObjects;
  const codes: string[] = pk.errors.map((e) => `${e.code} ${e.name} ${e.meaning}`);

  try {
    pk.validate('coupon' as never, {});
  } catch (e) {
    if (e instanceof PromokitError && e instanceof pk.PromokitError) {
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
  // Memory, file and IndexedDB adapters keep bytes too (catalog snapshots).
  const byteStore = createMemoryStorage();
  await byteStore.setBytes('snap', new Uint8Array([1, 2]));
  const back: Uint8Array | undefined = await byteStore.getBytes('snap');
  await byteStore.deleteBytes('snap');
  if (stores[1].getBytes) console.log(await stores[1].getBytes('x'), back);

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
  // The package's own engine drives the client too.
  const engineClient: SyncClient = pk.createClient({
    baseUrl: 'https://promo.example.test',
    appKey: 'key',
    customerId: 'u1',
    createEngine: (catalog, options) => pk.createEngine(catalog, { ...options, zone: 'Asia/Shanghai' }),
    engineOptions: { locale: 'zh-CN', personalization: { topK: 16 } },
  });
  await engineClient.close();
  // The package's engine, started from the stored catalog's snapshot where the storage keeps bytes.
  const fastClient: SyncClient = pk.createClient({ baseUrl: 'https://promo.example.test', appKey: 'key', customerId: 'u2', storage: byteStore, snapshot: true });
  const from: 'snapshot' | 'catalog' | null = (await fastClient.ready).engineFrom;
  console.log(from);
  await fastClient.close();
  await client.ready;
  const result: SyncResult = await client.sync();
  const entry: SyncRecord = await client.claim('fashion-20');
  await client.redeem('token', { store: 's1' });
  const stored: DrawTicket[] = (await client.requestTickets('wheel-1', 2)).concat(await client.tickets('wheel-1'));
  await client.draw('wheel-1', { ticket: stored[0] });
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

  // Engine (pk.createEngine) with what games.js and notify.js add to it.
  const catalog = { version: 1, offers: [], prizePools: [], challenges: [], templates: [] };
  const profile: Profile = { id: 'u1', tier: 'gold', interests: ['fashion'], zone: 'Asia/Shanghai', consents: { inApp: true }, favouriteColour: 'red' };
  const engine: Engine = pk.createEngine(catalog, {
    now: 1795406400000,
    zone: 'Asia/Shanghai',
    locale: 'zh-CN',
    seed: 7,
    codeKeys: { 'food-bakery-code': 'a-campaign-secret-key' },
    personalization: { halfLifeDays: 14, topK: 32 },
  });
  const fedByClient: ClientEngine = engine;
  const snapshot: Uint8Array = pk.catalogSnapshot(catalog);
  pk.createEngine(snapshot, { now: 1795406400000 }).dispose();
  pk.ranking.createRecommender(snapshot).dispose();
  const events: PromoEvent[] = [
    { id: 'e1', type: 'view', time: 1795406400000, offerId: 'fashion-20' },
    { id: 'e2', type: 'purchase', time: 1795406400000, amount: 60000, store: 's1' },
  ];
  const tracked2: number = engine.setProfile(profile).setNow(1795406400000).track(events).accepted + engine.track(events[0]).duplicates;
  const clock: number = engine.now;
  const cards: OfferCard[] = engine.offers({ filter: { category: 'fashion', expiringSoon: true }, includeIneligible: true, locale: 'en' });
  const cardLine: string = cards.map((c) => `${c.offerId} ${c.title} ${c.discountText} ${c.remaining ?? '∞'} ${c.reasons.join()} ${c.wallet?.status ?? ''}`).join();
  const eligible: string[] = engine.eligibleIds();
  const claimed: WalletEntry = engine.claim(eligible[0]);
  const confirmed: WalletEntry = engine.confirmClaim(claimed.claimId, { token: 'tok' });
  const rejected: WalletEntry = engine.rejectClaim(engine.claim(eligible[1]).claimId, 'OUT_OF_STOCK');
  const redeemed: WalletEntry = engine.redeem(confirmed.claimId, { note: 'till 3' });
  const items: WalletItem[] = engine.wallet();
  const walletText: string = items.map((w) => `${w.status} ${w.offer?.title ?? ''} ${w.history.length} ${w.reason ?? ''}`).join();
  const ledger: LedgerEntry[] = engine.ledger();
  const balance: number = engine.points() + ledger.reduce((sum, l) => sum + l.delta, 0);
  engine.setInventory(eligible[0], 5);
  const cart: Cart = { currency: 'CNY', store: 's1', lines: [{ id: 'l1', sku: 'TEE', category: 'fashion', unitPrice: 9900, quantity: 2 }] };
  const priced: PriceResult = engine.priceCart(cart, { codes: ['SPRING20'], claims: [confirmed.claimId] });
  const pricedText: PriceResult = engine.priceCart(JSON.stringify(cart));
  const lineTotals: number = priced.lines.reduce((sum, l) => sum + l.total, 0) + priced.discountTotal + pricedText.points;
  const why: string[] = priced.rejected.map((r) => `${r.offerId}: ${r.reason}`).concat(priced.codes.map((c) => `${c.code} ${c.valid}`));
  const sold: CheckoutResult = engine.checkout(cart, { claims: [confirmed.claimId], orderId: 'o1' });
  const earned: number = sold.pointsEarned + sold.usedClaims.length + sold.gifts.length;
  const recs: Recommendation[] = engine.recommend({ limit: 5, context: { mall: 'm1', daypart: 'lunch', pins: [] }, explore: false, explain: true, seed: 's' });
  const recText: string = recs.map((r) => `${r.offerId} ${r.score.toFixed(2)} ${r.reasons[0]} ${r.reasonCodes[0]} ${r.components?.personal ?? 0}`).join();
  const learned: LearnedScores = engine.learnedScores();
  const topInterest: string | undefined = learned.interest[0]?.key;
  const state: EngineState = engine.exportState();
  engine.importState(state).importState(JSON.stringify(state));
  const stateKind: string = state.kind;

  const sk2: string = pk.tokens.generateKey();
  const [ticket] = pk.tickets.issue({ poolId: 'wheel-daily', poolVersion: 1, customerId: 'u1', expiry: 1795492800000, count: 1 }, sk2);
  const outcome: DrawOutcome = engine.draw('wheel-daily', ticket);
  const shown: string = `${outcome.prizeId} ${outcome.index} ${outcome.substituted} ${outcome.grid?.length ?? 0} ${outcome.day ?? ''}`;
  const verified: VerifiedDraw = pk.verifyDraw(ticket, { id: 'wheel-daily', version: 1, prizes: [] }, profile, outcome, pk.tokens.verifyKeyFor(sk2), {
    now: 1795406400000,
    unavailable: ['p-coffee'],
    catalog,
  });
  const unsigned: VerifiedDraw = pk.verifyDraw(JSON.stringify(ticket), '{}', JSON.stringify(profile), JSON.stringify(outcome));
  const granted: string = verified.granted + verified.prize.kind + String(unsigned.ok);
  const progress: ChallengeProgress[] = engine.challenges();
  const progressText: string = progress.map((c) => `${c.title} ${Math.round(c.ratio * 100)}% ${c.periodKey} ${c.reward.tickets ?? 0}`).join();
  const grants: ChallengeGrant[] = engine.challengeGrants();
  const preview: PrizePreview = engine.prizePreview('wheel-daily');
  const odds: number = preview.prizes.reduce((sum, p) => sum + p.probability, 0) + preview.expectedCost;
  const due: NotificationIntent[] = engine.notifications({ locale: 'en' });
  const dueWithDeals: NotificationIntent[] = engine.notifications({ deals: [{ offerId: 'fashion-20', score: 0.9 }], markSent: true });
  engine.markNotified(due);
  engine.markNotified(dueWithDeals[0]);
  const dueText: string = due.map((n) => `${n.kind} ${n.channel} ${n.text} ${n.dueAt} ${n.offerId ?? ''}`).join();
  engine.dispose();

  // Games without an engine.
  const adminPreview: PrizePreview = pk.games.preview(catalog, 'wheel-daily', profile);
  const session: GamesSession = pk.games.createSession(catalog, { zone: 'Asia/Shanghai', locale: 'en', now: 0, profile });
  session.setProfile(JSON.stringify(profile));
  session.setNow();
  const sessionGrants: ChallengeGrant[] = session.track(events);
  const sessionDraw: DrawOutcome = session.draw('wheel-daily', ticket);
  const sessionState = session.exportState();
  session.importState(sessionState);
  const sessionNotes: NotificationIntent[] = session.notifications({ markSent: false });
  session.markNotified(sessionNotes);
  const sessionText: string = `${session.challenges().length} ${session.challengeGrants().length} ${session.prizePreview('wheel-daily').budget}`;
  session.dispose();
  const money: string = pk.notify.formatMoney(8450, 'CNY');

  // Ranking.
  const rec: Recommender = pk.ranking.createRecommender(catalog, { halfLifeDays: 14, topK: 32, zone: 'Asia/Shanghai', seed: 'engine-seed' });
  const learnedCount: number = rec.setProfile(profile).track(events) + rec.track(events[0]);
  const ranked: Recommendation[] = rec.recommend({ limit: 10, now: 0, eligible: ['fashion-20'], explain: true, context: { daypart: 'evening' } });
  const recScores: LearnedScores = rec.learnedScores({ now: 0 });
  const tags: Record<string, string[]> = rec.offerTags();
  rec.importState(rec.exportState()).dispose();
  const trained = pk.ranking.train({ catalog, profiles: [profile], events, options: { epochs: 2, bits: 12, alpha: 0.1 } });
  const modelInfo: string = `${trained.model.version} ${trained.model.bias} ${trained.report.logloss} ${trained.report.examples}`;
  const autoTags = pk.ranking.autoTags({ 'fashion-20': { impressions: 1000, clicks: 100, claims: 10, redemptions: 5 } }, { z: 1.96, minImpressions: 200 });
  const autoTagText: string = `${autoTags.ctrBaseline} ${autoTags.tags['fashion-20']?.join() ?? ''}`;

  // Analytics.
  const demo = pk.analytics.generateDemo({ seed: 7, customers: 100 });
  const analysis: AnalyticsReport = pk.analytics.segment(demo.csv, {
    utcOffset: '+03:00',
    now: '2024-06-30',
    columns: { customer: 'customer_id', amount: 4 },
    thresholds: { inactiveDays: 60 },
    campaign: { inactive: { percent: 25, templates: { en: 'Hi {name}' } } },
    experiment: { id: 'spring', arms: ['control', { name: 'B', weight: 2 }], start: '2024-06-01' },
  });
  const segmentText: string = analysis.segments.map((g) => `${g.id} ${g.count} ${g.share}`).join() + analysis.quality.warnings.join();
  const verdict: string = analysis.experiment?.verdict ?? '';
  const firstOffer: string | undefined = analysis.customers?.[0]?.offer?.offerId;
  const analyzer: Analyzer = pk.analytics.createAnalyzer({ currency: 'TZS' });
  const chunked: AnalyticsReport = analyzer.feed(demo.csv.slice(0, 100)).feed(new TextEncoder().encode(demo.csv.slice(100))).finish();
  analyzer.dispose();
  const exported: string = pk.analytics.export(chunked, 'html') + pk.analytics.export(analysis, 'csv') + pk.analytics.export(analysis, 'json');
  const arm: number = pk.analytics.assignArm('spring', 'u1', [1, 2]) + pk.analytics.assignArm('spring', 'u2');
  console.log(fedByClient.claim !== undefined, tracked2, clock, cardLine, rejected.reason, redeemed.status, walletText, balance, lineTotals, why, earned, recText, topInterest, stateKind);
  console.log(shown, granted, progressText, grants.length, odds, dueText, adminPreview.withinBudget, sessionGrants.length, sessionDraw.proof, sessionText, money);
  console.log(learnedCount, ranked.length, recScores.events, tags, modelInfo, autoTagText, segmentText, verdict, firstOffer, exported.length, arm, demo.truth);

  console.log(version, firstPath, mem, codes, status, result.catalog, entry.status, d.outcome, id, reasons, waiting, client.catalogVersion);
}

main();

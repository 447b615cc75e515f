// Type declarations for promokit (hand-written; the public API of DESIGN.md §5 and docs/*.md).
// The build never rewrites this file. tests/js/types.test.mjs checks it with tsc: the usage file
// must compile and misuse must not; result shapes were compared with the built package's answers.

/** Every failure: a stable machine code (see docs/errors.md), a JSON path and a text position where known. */
export declare class PromokitError extends Error {
  readonly name: 'PromokitError';
  /** e.g. 'PK_SCHEMA_TYPE' */
  readonly code: string;
  /** the numeric code of the same entry, e.g. 200 */
  readonly number: number;
  /** JSON path such as 'offers[3].reward.percent', or '' */
  readonly path: string;
  /** position in text input, or null */
  readonly position: { line: number; column: number; offset: number; token: string } | null;
  /** PK_HTTP_STATUS only: the HTTP status and the server's own code (e.g. 'LIMIT_REACHED') */
  readonly status?: number;
  readonly serverCode?: string | null;
}

export type DocumentKind = 'catalog' | 'offer' | 'prizePool' | 'profile' | 'event' | 'cart';

export interface ValidationIssue {
  code: string;
  path: string;
  message: string;
}

export interface ValidationReport {
  ok: boolean;
  errors: ValidationIssue[];
}

export interface LoadOptions {
  /** Where the .wasm is: a file path or URL (Node, browser) or a code-package path (WeChat). */
  wasmPath?: string | URL;
  /** Full control over instantiation, as in Emscripten's Module.instantiateWasm. */
  instantiateWasm?: (imports: WebAssembly.Imports, done: (instance: WebAssembly.Instance, module?: WebAssembly.Module) => void) => object;
}

export interface Promokit {
  /** semver of the core and the package */
  readonly version: string;
  /**
   * Which module is loaded: 'full' (promokit, promokit/cjs, promokit/debug) or 'shopper'
   * (promokit/shopper and promokit/miniprogram: without analytics reports, profile sets,
   * ranking.train and ranking.autoTags, which throw PromokitError PK_UNSUPPORTED there).
   */
  readonly module: 'full' | 'shopper';
  /** the same class as the package's PromokitError export */
  readonly PromokitError: typeof PromokitError;
  /** the error code table */
  readonly errors: ReadonlyArray<{ code: number; name: string; meaning: string }>;
  /** Validates a document (an object or JSON text). Throws PromokitError only for an unknown kind or missing doc. */
  validate(kind: DocumentKind, doc: unknown, options?: { all?: boolean }): ValidationReport;
  /**
   * A catalog snapshot: the catalog (an object or JSON text) as bytes that createEngine and
   * ranking.createRecommender read without parsing JSON — keep it (a file, IndexedDB) to start
   * again fast. Throws the catalog's own PromokitError for a bad catalog (docs/js-api.md).
   */
  catalogSnapshot(catalog: Doc): Uint8Array;
  /** Memory diagnostics: bytes in use on the wasm heap, its size, and live JS wrappers of native objects. */
  memory(): { used: number; heapSize: number; liveObjects: number };
  /** A client that keeps a catalog (and an engine, where there is one) in sync with the server; see docs/js-api.md. */
  createClient(options: ClientOptions): SyncClient;
  /** Voucher codes: unique without storage, with a check symbol (docs/security.md). */
  readonly codes: CodesApi;
  /** Ed25519-signed QR redemption tokens. */
  readonly tokens: TokensApi;
  /** Ed25519-signed draw tickets (issued on the server). */
  readonly tickets: TicketsApi;
  /** A drop-in for json-logic-js: the same results on JSON data (docs/rules.md). */
  readonly jsonLogic: JsonLogicApi;
  /** Compiles JsonLogic (an object) or the text syntax; throws PromokitError (PK_RULE_*) with a path or position. */
  compileRule(rule: string | object, options?: RuleOptions): CompiledRule;
  /** Profiles held column-wise inside wasm, for counting and matching rules over many shoppers. */
  createProfileSet(profiles: object[]): ProfileSet;
  /**
   * One shopper's offers, wallet, points, cart pricing, recommendations, games and notifications
   * over a catalog (an object, JSON text, or a pk.catalogSnapshot). Throws PromokitError (PK_SCHEMA_*, PK_RULE_UNKNOWN_ZONE,
   * PK_JSON_SNAPSHOT …) for a bad catalog or options. `now` defaults to Date.now(); the engine never reads a clock itself.
   */
  createEngine(catalog: Doc | Uint8Array, options?: EngineOptions): Engine;
  /** "Recommended for You" without an engine, FTRL training and automatic tags (docs/personalization.md). */
  readonly ranking: RankingApi;
  /** Customer segmentation, data quality, campaign plan and A/B measurement from a CSV history (docs/analytics.md). */
  readonly analytics: AnalyticsApi;
  /** The admin prize preview and a games session without an engine (docs/games.md). */
  readonly games: GamesApi;
  /**
   * The server's check of a client's draw: ticket, pool, shopper and outcome must agree.
   * verifyKey ("ed25519-vk:…") checks the ticket's signature; null or omitted skips that one check.
   * Throws the tampering's code (PK_TICKET_SIGNATURE, PK_DRAW_PROOF, PK_POOL_EDITED, PK_DRAW_OUTCOME_MISMATCH …).
   */
  verifyDraw(
    ticket: DrawTicket | string,
    pool: Doc,
    profile: Profile | string,
    outcome: DrawOutcome | string,
    verifyKey?: string | null,
    options?: VerifyDrawOptions,
  ): VerifiedDraw;
  /** Notification helpers (docs/notifications.md). */
  readonly notify: NotifyApi;
}

// ---- documents ----------------------------------------------------------------------------

/** An input document: an object, or its JSON text. Catalogs and prize pools are open documents (see DESIGN.md §4 and pk.validate). */
export type Doc = object | string;

/** What a shopper does; the engine, the games and the ranking learn from these. */
export type EventType = 'view' | 'click' | 'claim' | 'redeem' | 'purchase' | 'dismiss' | 'share' | 'game_play' | 'complaint' | 'message';

/** An event document (pk.validate('event', …)). Money in integer minor units, time in Unix ms. */
export interface PromoEvent {
  /** required; makes tracking idempotent: an id seen before is a duplicate */
  id: string;
  type: EventType;
  /** Unix ms */
  time: number;
  customerId?: string;
  offerId?: string;
  sku?: string;
  category?: string;
  brand?: string;
  store?: string;
  format?: string;
  /** purchase amount, minor units */
  amount?: number;
}

/** A shopper's profile document (pk.validate('profile', …)); other fields are kept for rules. */
export interface Profile {
  id: string;
  name?: string;
  tier?: string;
  gender?: 'male' | 'female' | 'other' | 'unknown';
  /** YYYY-MM-DD */
  birthday?: string;
  interests?: string[];
  tags?: string[];
  mall?: string;
  city?: string;
  /** IANA zone, e.g. 'Asia/Shanghai' */
  zone?: string;
  /** e.g. 'zh-CN', 'en' */
  locale?: string;
  registeredAt?: number | null;
  lastActiveAt?: number | null;
  /** lifetime spend, minor units */
  spent?: number;
  orders?: number;
  /** loyalty points balance */
  points?: number;
  consents?: { wechat?: boolean; email?: boolean; sms?: boolean; inApp?: boolean };
  attributes?: Record<string, Json>;
  [field: string]: unknown;
}

/** A cart document (pk.validate('cart', …)): integer minor units of one currency. */
export interface Cart {
  /** ISO 4217, e.g. 'CNY' */
  currency: string;
  store?: string;
  lines: CartLine[];
}

export interface CartLine {
  /** unique in the cart; default '#<index>' */
  id?: string;
  sku: string;
  category?: string;
  brand?: string;
  /** minor units */
  unitPrice: number;
  /** 1 … 1,000,000 */
  quantity: number;
}

// ---- engine (docs/pricing.md, docs/personalization.md, docs/games.md, docs/notifications.md) --

export interface EngineOptions {
  /** the engine's clock, Unix ms (default Date.now()) */
  now?: number;
  /** IANA zone for local-time rules and periods */
  zone?: string;
  /** the language of card texts, e.g. 'zh-CN' (default: the profile's) */
  locale?: string;
  /** makes claim ids and exploration reproducible */
  seed?: number | string;
  /** offer id → code key, for verifying unique voucher codes at the till */
  codeKeys?: Record<string, string>;
  personalization?: { halfLifeDays?: number; topK?: number };
}

export interface OfferQuery {
  filter?: {
    interest?: string;
    tier?: string;
    mall?: string;
    store?: string;
    category?: string;
    tag?: string;
    /** true: within 3 days; a number: within that many ms */
    expiringSoon?: boolean | number;
  };
  /** also list offers the shopper may not use now, with their reasons */
  includeIneligible?: boolean;
  locale?: string;
}

export type RewardType = 'percent' | 'fixed' | 'buy_x_get_y' | 'bogo' | 'free_gift' | 'bonus_points' | 'points_multiplier';
export type OfferFormat = 'banner' | 'carousel' | 'qr' | 'card' | 'popup';
export type ClaimStatus = 'pending' | 'active' | 'used' | 'expired' | 'rejected';

/** Why an offer may not be used now (docs/pricing.md, "Explanations"). */
export type IneligibleReason =
  | 'NOT_IN_SEGMENT'
  | 'OUTSIDE_WINDOW'
  | 'NOT_STARTED'
  | 'EXPIRED'
  | 'LIMIT_REACHED'
  | 'FIRST_PURCHASE_ONLY'
  | 'NOT_CLAIMED'
  | 'CODE_REQUIRED'
  | (string & {});

/** An offer as a card shows it, in the engine's (or the query's) language. */
export interface OfferCard {
  offerId: string;
  title: string;
  description: string;
  /** e.g. '20% off', '¥50 off ¥500' */
  discountText: string;
  /** e.g. 'Min. spend ¥500 · Costs 500 points' */
  conditionsText: string;
  type: RewardType;
  expiresAt: number | null;
  startsAt: number | null;
  conditions: { minSpend: number; minQuantity: number; firstPurchase: boolean; stores: string[] };
  tags: string[];
  format: OfferFormat;
  brand: string;
  category: string;
  malls: string[];
  requiresClaim: boolean;
  code: 'none' | 'shared' | 'unique';
  pointsCost: number;
  /** times this shopper used it */
  used: number;
  eligible: boolean;
  limits: { total?: number; perCustomer?: number; perCustomerPerDay?: number };
  /** stock left, or null when unlimited */
  remaining: number | null;
  /** empty when eligible */
  reasons: IneligibleReason[];
  canClaim: boolean;
  /** the shopper's usable claim of it, if any */
  wallet: { claimId: string; status: ClaimStatus } | null;
}

/** A claim in the wallet. */
export interface WalletEntry {
  claimId: string;
  offerId: string;
  status: ClaimStatus;
  claimedAt: number;
  expiresAt: number | null;
  pointsCost: number;
  history: Array<{ time: number; status: string; note: string }>;
  /** rejected claims: the server's reason, e.g. 'OUT_OF_STOCK' */
  reason?: string;
  /** the redemption token the server sent with its confirmation */
  token?: string;
}

/** engine.wallet(): the entry with its offer's card texts. */
export interface WalletItem extends WalletEntry {
  offer?: { title: string; discountText: string; conditionsText: string; expiresAt: number | null };
}

export interface LedgerEntry {
  id: string;
  time: number;
  /** points added (negative: spent) */
  delta: number;
  balance: number;
  reason: 'profile' | 'claim' | 'claim_refund' | 'purchase' | (string & {});
  offerId?: string;
  claimId?: string;
  orderId?: string;
  note?: string;
}

export interface PriceOptions {
  /** voucher codes typed or scanned at checkout */
  codes?: string[];
  /** claim ids from the wallet to use */
  claims?: string[];
}

/** Why an offer did not apply to the cart. */
export type PriceRejection =
  | 'NOT_IN_SCOPE'
  | 'MIN_SPEND'
  | 'MIN_QUANTITY'
  | 'STORE_MISMATCH'
  | 'EXCLUSIVE_CONFLICT'
  | 'NOT_BEST'
  | IneligibleReason;

/** engine.priceCart(): all money in integer minor units of `currency` (docs/pricing.md). */
export interface PriceResult {
  currency: string;
  subtotal: number;
  discountTotal: number;
  total: number;
  lines: Array<{ id: string; quantity: number; unitPrice: number; discount: number; total: number }>;
  /** in application order */
  applied: Array<{ offerId: string; amount: number; lines: Array<{ id: string; amount: number }>; points?: number; giftQuantity?: number }>;
  rejected: Array<{ offerId: string; reason: PriceRejection }>;
  /** gift units added to the cart at zero */
  gifts: Array<{ offerId: string; sku: string; quantity: number }>;
  /** loyalty points the purchase earns */
  points: number;
  /** each code given: the offer it unlocks (null if none) and whether it is valid */
  codes: Array<{ code: string; offerId: string | null; valid: boolean }>;
  /** 'heuristic' past 16 money offers in one part */
  search: 'exact' | 'heuristic';
}

/** engine.checkout(): the price, recorded. */
export interface CheckoutResult extends PriceResult {
  orderId: string;
  pointsEarned: number;
  /** the wallet claims the order used up */
  usedClaims: string[];
}

export type Daypart = 'morning' | 'lunch' | 'afternoon' | 'evening' | 'night';

/** recommend() options; a bad one is PK_RANKING_OPTION with its path. */
export interface RecommendOptions {
  /** how many (0 … 10,000) */
  limit?: number;
  context?: { mall?: string; daypart?: Daypart; pins?: string[]; locale?: string; zone?: string };
  /** Thompson-sampling exploration (default: the model's, on) */
  explore?: boolean;
  /** maximal-marginal-relevance re-rank */
  diversity?: boolean;
  /** hide offers dismissed recently (default true) */
  hideDismissed?: boolean;
  /** add each item's score components */
  explain?: boolean;
  seed?: string;
  locale?: string;
  zone?: string;
}

/** Reason codes, in display order (docs/personalization.md §9). */
export type ReasonCode =
  | 'featured'
  | 'interest'
  | 'tier'
  | 'ends_today'
  | 'ends_soon'
  | 'daypart'
  | 'brand'
  | 'mall_popular'
  | 'mall'
  | 'popular'
  | 'new'
  | 'promo_type'
  | 'reward';

export interface Recommendation {
  offerId: string;
  /** 0 … 1 */
  score: number;
  /** texts a shopper can see (1 to 3), in the call's or profile's language */
  reasons: string[];
  /** the codes of `reasons`, same order */
  reasonCodes: ReasonCode[];
  /** explain: true only — the parts of the logit */
  components?: { model: number; personal: number; evidence: number; exploration: number; context: number; pinned: boolean };
}

export interface LearnedScore {
  key: string;
  /** 0 … 1 */
  score: number;
  /** decayed weight of the evidence */
  raw: number;
}

/** What the ranking learned from the shopper's events, strongest first. */
export interface LearnedScores {
  interest: LearnedScore[];
  brand: LearnedScore[];
  format: LearnedScore[];
  promoType: LearnedScore[];
  daypart: LearnedScore[];
  /** events learned */
  events: number;
  offers: Array<{ offerId: string; views: number; clicks: number; dismissedAt: number | null }>;
}

/** engine.exportState(): JSON that importState() takes back (engine, "personalization", "games", "notify"). */
export interface EngineState {
  kind: 'promokit.engine-state';
  version: number;
  [part: string]: Json;
}

export type PrizeKind = 'offer' | 'points' | 'gift' | 'none';

/** A draw's outcome: deterministic from the ticket, pool and shopper, with a proof (docs/games.md). */
export interface DrawOutcome {
  version: number;
  ticketId: string;
  sequence: number;
  poolId: string;
  poolVersion: number;
  /** the prize shown (after a stock-out substitution) */
  prizeId: string;
  /** wheel: the segment to animate to */
  index: number;
  /** the prize the random stream picked */
  drawn: string;
  substituted: boolean;
  /** prize ids out of stock in the client's view */
  unavailable: string[];
  /** scratch cards: the 3 × 3 grid's prize ids */
  grid?: string[];
  /** daily games: the local day */
  day?: string;
  poolHash: string;
  distHash: string;
  proof: string;
}

export interface VerifyDrawOptions {
  /** expired tickets are refused when given */
  now?: number;
  /** the server's stock view: prize ids out of stock */
  unavailable?: string[];
  /** for the pool's offer prizes and the shopper's interests */
  catalog?: object | null;
}

export interface VerifiedDraw {
  ok: true;
  drawn: string;
  /** what the server grants (its own stock decides) */
  granted: string;
  prize: { id: string; kind: PrizeKind };
  substituted: boolean;
}

export interface ChallengeReward {
  tickets?: number;
  poolId?: string;
  offerId?: string;
  points?: number;
}

/** A challenge's progress in the current period. */
export interface ChallengeProgress {
  id: string;
  /** in the shopper's language */
  title: string;
  type: 'spend' | 'count' | 'distinct';
  period: 'day' | 'week' | 'month' | 'all';
  /** e.g. '2026-W48', '2026-11' */
  periodKey: string;
  periodEnd: number | null;
  value: number;
  target: number;
  /** value / target, at most 1 */
  ratio: number;
  completed: boolean;
  reward: ChallengeReward;
}

/** A completed challenge period; grantId ('challengeId@periodKey') is the server's idempotency key. */
export interface ChallengeGrant {
  grantId: string;
  challengeId: string;
  at: number;
  reward: ChallengeReward;
}

/** The admin view of a pool for one shopper. */
export interface PrizePreview {
  poolId: string;
  game: 'wheel' | 'scratch' | 'daily';
  personalized: boolean;
  /** the maximum expected cost per draw, minor units */
  budget: number;
  expectedCost: number;
  withinBudget: boolean;
  prizes: Array<{
    id: string;
    kind: PrizeKind;
    probability: number;
    baseProbability: number;
    minProb: number;
    maxProb: number;
    cost: number;
    match: number;
  }>;
}

export type NotificationKind = 'birthday' | 'we_miss_you' | 'event' | 'deal' | 'goal';
export type NotificationChannel = 'wechat' | 'email' | 'sms' | 'inApp';

/** A message due now: show it in-app or push it, then markNotified() it. */
export interface NotificationIntent {
  kind: NotificationKind;
  channel: NotificationChannel;
  templateId: string;
  text: string;
  offerId?: string;
  /** Unix ms; after quiet hours for pushes */
  dueAt: number;
  /** what makes each occurrence go out once */
  key: string;
}

export interface NotificationOptions {
  /** candidate deals (default: engine.recommend() scores; 1 each without a ranker) */
  deals?: Array<{ offerId: string; score: number }>;
  /** record the intents as delivered */
  markSent?: boolean;
  /** the texts' language (default: the profile's) */
  locale?: string;
}

/** Draws, challenges and notifications: on every engine, and on pk.games.createSession(). */
export interface GamesMethods {
  /** Computes the outcome locally from a server-issued ticket (PK_TICKET_ORDER, PK_TICKET_USED, PK_GAME_NOT_ELIGIBLE …). */
  draw(poolId: string, ticket: DrawTicket): DrawOutcome;
  challenges(): ChallengeProgress[];
  /** every grant so far */
  challengeGrants(): ChallengeGrant[];
  prizePreview(poolId: string): PrizePreview;
  /** Nothing is recorded by asking unless markSent is true. */
  notifications(options?: NotificationOptions): NotificationIntent[];
  /** Records delivered intents (as notifications() returned them). */
  markNotified(intents: NotificationIntent | NotificationIntent[]): void;
}

/** pk.createEngine's object: one shopper over one catalog. Methods throw PromokitError; an error changes nothing. */
export interface Engine extends NativeObject, GamesMethods {
  setProfile(profile: Profile | string): this;
  /** One event or an array; idempotent by event id. */
  track(event: PromoEvent | PromoEvent[] | string): { accepted: number; duplicates: number };
  setNow(ms: number): this;
  /** the engine's clock, Unix ms */
  readonly now: number;
  /** The offer cards (eligible ones unless includeIneligible). */
  offers(query?: OfferQuery): OfferCard[];
  /** Ids of the offers available now, without building cards. */
  eligibleIds(): string[];
  /** A pending claim (PK_OFFER_NOT_FOUND, PK_NOT_ELIGIBLE, PK_LIMIT_REACHED …); the server confirms or rejects it. */
  claim(offerId: string): WalletEntry;
  confirmClaim(claimId: string, options?: { token?: string }): WalletEntry;
  /** reason defaults to 'REJECTED' */
  rejectClaim(claimId: string, reason?: string): WalletEntry;
  /** Marks an active claim used (e.g. scanned at a till). */
  redeem(claimId: string, options?: { note?: string }): WalletEntry;
  wallet(): WalletItem[];
  /** the loyalty balance */
  points(): number;
  /** the entries that explain the balance */
  ledger(): LedgerEntry[];
  /** the server's stock still available for an offer (a hint) */
  setInventory(offerId: string, remaining: number): this;
  /** The lowest total under the stacking rules; records nothing. */
  priceCart(cart: Cart | string, options?: PriceOptions): PriceResult;
  /** Prices and records the purchase: claims used, limits counted, points earned. */
  checkout(cart: Cart | string, options: PriceOptions & { orderId: string }): CheckoutResult;
  /** The offers eligible now, ranked for this shopper. */
  recommend(options?: RecommendOptions): Recommendation[];
  /** as Recommender.learnedScores() at the engine's clock */
  learnedScores(): LearnedScores;
  exportState(): EngineState;
  /** All or nothing (PK_STATE_INVALID). */
  importState(state: EngineState | string): this;
}

// ---- games (docs/games.md) ----------------------------------------------------------------

/** A shopper's draws, challenges and notifications without an engine (it has no eligible offers, so no deal alerts unless given). */
export interface GamesSession extends NativeObject, GamesMethods {
  setProfile(profile: Profile | string): void;
  /** default Date.now() */
  setNow(now?: number): void;
  /** the challenge grants the event(s) complete */
  track(event: PromoEvent | PromoEvent[] | string): ChallengeGrant[];
  exportState(): { games: Json; [part: string]: Json };
  /** All or nothing. */
  importState(state: { games?: Json; [part: string]: Json | undefined }): void;
}

export interface GamesApi {
  preview(catalog: Doc, poolId: string, profile: Profile | string): PrizePreview;
  createSession(catalog: Doc, options?: { zone?: string; locale?: string; now?: number; profile?: Profile | string }): GamesSession;
}

export interface NotifyApi {
  /** '¥84.50' for (8450, 'CNY'): minor units in the currency, a trailing '.00' dropped. */
  formatMoney(amount: number, currency: string): string;
}

// ---- ranking (docs/personalization.md) ----------------------------------------------------

export interface RecommenderOptions {
  halfLifeDays?: number;
  topK?: number;
  zone?: string;
  seed?: string;
}

/** A shopper's learned profile plus a ranker over a catalog. */
export interface Recommender extends NativeObject {
  /** an object (not JSON text) */
  setProfile(profile: Profile): this;
  /** how many events were learned (a replayed event id is skipped) */
  track(event: PromoEvent | PromoEvent[]): number;
  /** every catalog offer, or only `eligible` ones; `now` defaults to Date.now() */
  recommend(options?: RecommendOptions & { now?: number; eligible?: string[] }): Recommendation[];
  learnedScores(options?: { now?: number }): LearnedScores;
  /** offer id → its own tags plus the automatic ones */
  offerTags(): Record<string, string[]>;
  exportState(): { [key: string]: Json };
  importState(state: object): this;
}

export interface OfferStats {
  impressions: number;
  clicks: number;
  claims?: number;
  redemptions?: number;
}

export interface TrainingOptions {
  alpha?: number;
  beta?: number;
  l1?: number;
  l2?: number;
  /** hashed feature space, 2^bits weights */
  bits?: number;
  epochs?: number;
  labelWindowMs?: number;
  halfLifeDays?: number;
  zone?: string;
}

export interface AutoTagOptions {
  /** the z of the confidence interval (default 1.96) */
  z?: number;
  minImpressions?: number;
  minClaims?: number;
}

/** catalog.model: the ranking model (docs/personalization.md §4). */
export interface RankingModel {
  version: number;
  bias: number;
  weights?: { bits: number; data: string | string[] };
  offerStats: Record<string, OfferStats>;
  /** priors, exploration, diversity, context, labels, autoTags, meta … */
  [field: string]: unknown;
}

export interface RankingApi {
  createRecommender(catalog: object | Uint8Array, options?: RecommenderOptions): Recommender;
  /** FTRL-Proximal over logged events; the model goes into catalog.model. */
  train(input: { catalog: object; profiles?: Profile[] | null; events: PromoEvent[]; options?: TrainingOptions }): {
    model: RankingModel;
    report: { examples: number; positives: number; logloss: number; nonzero: number };
  };
  /** offer id → stats ⇒ the 'high_ctr' / 'low_ctr' / 'high_redemption' … tags */
  autoTags(stats: Record<string, OfferStats>, options?: AutoTagOptions): { ctrBaseline: number; redemptionBaseline: number; tags: Record<string, string[]> };
}

// ---- analytics (docs/analytics.md) --------------------------------------------------------

/** CSV text, or its bytes (passed through undecoded). */
export type CsvInput = string | Uint8Array | ArrayBuffer;

export type SegmentId = 'high_value' | 'inactive' | 'new' | 'complaint' | 'loyal';

export interface AnalyticsThresholds {
  /** minor units */
  highValueSpent: number;
  inactiveDays: number;
  newDays: number;
  loyalLoyalty: number;
  loyalEngagement: number;
}

export interface AnalyticsOptions {
  /** column names (case-insensitive) or 0-based positions */
  columns?: Partial<Record<'customer' | 'timestamp' | 'direction' | 'text' | 'amount' | 'name', string | number>>;
  delimiter?: string;
  /** 1-4 digits, e.g. '255' */
  phoneCountryCode?: string;
  maxRowBytes?: number;
  /** ISO 4217 */
  currency?: string;
  /** minutes or '+03:00' */
  utcOffset?: number | string;
  dateOrder?: 'dmy' | 'mdy';
  /** the reference time: Unix ms or a timestamp string (default: the latest trustworthy one) */
  now?: number | string | null;
  thresholds?: Partial<AnalyticsThresholds>;
  replyWindowHours?: number;
  defaultLanguage?: string;
  complaintTerms?: string[];
  extraComplaintTerms?: string[];
  locations?: Record<string, string[]>;
  services?: Record<string, string[]>;
  /** currency → rate into the report currency */
  exchangeRates?: Record<string, number>;
  campaign?: Partial<Record<SegmentId, { action?: string; percent?: number; offer?: string; sendWindow?: string; templates?: { sw?: string; en?: string } }>>;
  experiment?: {
    id: string;
    arms: Array<string | { name: string; weight?: number }>;
    /** Unix ms or a timestamp string */
    start: number | string;
    end?: number | string;
    segment?: SegmentId;
  } | null;
  maxExamples?: number;
  topCustomers?: number;
  includeCustomers?: boolean;
}

/** A rate with its Wilson 95 % interval (or a difference with its interval). */
export interface Interval {
  value: number;
  low: number;
  high: number;
}

/** The whole analysis; the same JSON as `promokit analyze`. */
export interface AnalyticsReport {
  version: number;
  generator: string;
  currency: string;
  now: number;
  nowDate: string;
  summary: {
    customers: number;
    messages: number;
    purchases: number;
    /** minor units */
    revenue: number;
    revenueExcludingOutliers: number;
    firstActivity: number | null;
    lastActivity: number | null;
  };
  thresholds: AnalyticsThresholds;
  segments: Array<{
    id: SegmentId;
    rule: string;
    count: number;
    share: number;
    spent: number;
    averageSpent: number;
    averageEngagement: number;
    averageLoyalty: number;
    topCustomers: Array<{ id: string; name: string; spent: number; lastActiveAt: number | null }>;
  }>;
  /** absent with includeCustomers: false */
  customers?: AnalyticsCustomer[];
  /** what makes an analysis lie; each finding has a count and examples with line numbers */
  quality: { warnings: string[]; now: { value: number; date: string; source: string; inactiveShare: number; suspicious: boolean }; [finding: string]: Json };
  /** spend, recency, engagement, loyalty, languages, cities, services, RFM, monthly, by hour */
  distributions: { [name: string]: Json };
  campaign: Array<{
    segment: SegmentId;
    action: string;
    audience: number;
    offer: { id: string; type: string; percent: number; description: string };
    sendWindow: { days: string; from: string; to: string; description: string };
    templates: Record<string, string>;
    fields: string[];
    languages: Record<string, number>;
    defaultLocation: string;
    expectedResponse: { low: number; high: number; basis: string };
  }>;
  /** only with options.experiment */
  experiment?: {
    id: string;
    start: number;
    end: number | null;
    segment: string | null;
    population: number;
    arms: Array<{
      name: string;
      weight: number;
      customers: number;
      responded: number;
      converted: number;
      previouslyInactive: number;
      retained: number;
      revenue: number;
      responseRate: Interval;
      conversionRate: Interval;
      retentionRate: Interval;
      revenuePerCustomer: Interval;
    }>;
    comparisons: Array<{
      arm: string;
      control: string;
      outcome: string;
      responseDiff: Interval;
      conversionDiff: Interval;
      retentionDiff: Interval;
      revenuePerCustomerDiff: Interval;
    }>;
    verdict: string;
  };
}

/** A row of report.customers, in profile field names (so it imports as a profile). */
export interface AnalyticsCustomer {
  id: string;
  /** absent when the history has none */
  name?: string;
  segments: SegmentId[];
  /** minor units */
  spent: number;
  orders: number;
  recencyDays: number;
  /** R, F and M scores 1-5, e.g. '345' */
  rfm: string;
  scores: { engagement: number; loyalty: number };
  complaints: number;
  messagesIn: number;
  messagesOut: number;
  /** language of the customer's own messages: 'sw', 'en', 'zh' … */
  locale: string;
  /** the most mentioned place, or null */
  city: string | null;
  locations: string[];
  /** services asked about */
  interests: string[];
  /** first activity, Unix ms */
  registeredAt: number;
  lastActiveAt: number;
  refunds?: number;
  /** customers with complaints: when the last one was */
  lastEvents?: { complaint: number };
  /** spend far above the rest (see quality.outliers) */
  outlier?: true;
  /** the campaign message for the customer's first segment in priority order; absent when in none */
  offer?: { segment: SegmentId; offerId: string; percent: number; language: string; message: string };
}

/** Fed in chunks; finish() once. */
export interface Analyzer extends NativeObject {
  feed(chunk: CsvInput): this;
  finish(): AnalyticsReport;
}

export interface AnalyticsApi {
  segment(csv: CsvInput, options?: AnalyticsOptions): AnalyticsReport;
  createAnalyzer(options?: AnalyticsOptions): Analyzer;
  /** 'csv': customer → segments, scores, offer; 'html': a standalone page with inline SVG charts; 'json': the report as text */
  export(report: AnalyticsReport, format: 'json' | 'csv' | 'html'): string;
  /** the seeded demo shop history (default 5,143 customers) and what an analysis of it must find */
  generateDemo(options?: { seed?: number; customers?: number }): { csv: string; truth: { [key: string]: Json } };
  /** the arm index for (experiment, customer) under the weights (default [1, 1]); stable without storage */
  assignArm(experiment: string, customerId: string, weights?: number[]): number;
}

// ---- rules (docs/rules.md) ----------------------------------------------------------------

export interface RuleOptions {
  /** named rules the rule may refer to (segment membership) */
  segments?: Record<string, string | object>;
  /** the fields a rule may name; null accepts any */
  fields?: string[] | null;
  limits?: Record<string, number>;
  thresholds?: Record<string, number>;
}

export interface EvaluateOptions {
  /** Unix ms for time operators (default Date.now()) */
  now?: number;
  /** IANA zone name for local-time operators */
  zone?: string;
}

export interface CompiledRule extends NativeObject {
  /** exactly what json-logic-js apply(rule, data) returns */
  evaluate(data: unknown, options?: EvaluateOptions): any;
  /** JsonLogic truthiness of evaluate() */
  matches(data: unknown, options?: EvaluateOptions): boolean;
  toJsonLogic(): any;
  toText(): string;
}

export interface ProfileSet extends NativeObject {
  readonly size: number;
  memoryBytes(): number;
  count(rule: CompiledRule | string | object, options?: EvaluateOptions): number;
  /** ids of the first `limit` matching profiles (all when no limit) */
  match(rule: CompiledRule | string | object, options?: EvaluateOptions & { limit?: number }): string[];
}

export interface JsonLogicApi {
  apply(rule: unknown, data?: unknown): any;
  truthy(value: unknown): boolean;
}

/**
 * An object that owns wasm memory (compiled rules, profile sets, engines, code schemes).
 * dispose() frees it at once; a FinalizationRegistry frees what a caller forgets.
 * Modules declare their classes as `interface X extends NativeObject`.
 */
export interface NativeObject {
  readonly disposed: boolean;
  /** Frees the wasm memory now; later calls on the object throw PK_DISPOSED. A second dispose() does nothing. (Also under Symbol.dispose where the runtime has it.) */
  dispose(): void;
}

// ---- codes, tokens, tickets (docs/security.md) --------------------------------------------

/** pattern: '#' = one charset symbol, the last '#' is the check symbol; key: campaign secret, >= 16 characters. */
export interface CodeFormat {
  pattern?: string;
  charset?: string;
  key: string;
}

/** A compiled code format: derives its keys once. */
export interface CodeScheme extends NativeObject {
  /** how many distinct codes the pattern holds (exact up to 2^53) */
  readonly space: number;
  generate(options?: { start?: number; count?: number }): string[];
  /** one code → boolean, an array → boolean[]; issued: only code numbers below it pass */
  verify(code: string, options?: { issued?: number }): boolean;
  verify(codes: string[], options?: { issued?: number }): boolean[];
  /** the code's number in issue order, or null if it is not a valid code */
  indexOf(code: string): number | null;
}

export interface CodesApi {
  readonly defaultPattern: string;
  readonly defaultCharset: string;
  /** Codes start .. start + count - 1; PK_CODE_SPACE_EXHAUSTED beyond the pattern's space. */
  generate(options: CodeFormat & { count?: number; start?: number }): string[];
  verify(code: string, options: CodeFormat & { issued?: number }): boolean;
  verify(codes: string[], options: CodeFormat & { issued?: number }): boolean[];
  compile(format: CodeFormat): CodeScheme;
}

export interface TokenPayload {
  offerId: string;
  claimId: string;
  customerId: string;
  /** Unix ms; the token is refused from this instant on */
  expiry: number;
  nonce: string;
}

export interface QrOptions {
  ecc?: 'L' | 'M' | 'Q' | 'H';
  border?: number;
  pixelSize?: number;
  whiteColor?: string;
  blackColor?: string;
}

export interface TokensApi {
  /** "ed25519-sk:…" from 32 random bytes (default: crypto.getRandomValues) */
  generateKey(seed?: Uint8Array): string;
  /** "ed25519-vk:…": safe to give to tills and clients */
  verifyKeyFor(signingKey: string): string;
  sign(payload: TokenPayload, signingKey: string): string;
  /** Throws PK_TOKEN_KEY, PK_TOKEN_MALFORMED, PK_TOKEN_SIGNATURE or PK_TOKEN_EXPIRED; now defaults to Date.now(). */
  verify(token: string, verifyKey: string, options?: { now?: number }): TokenPayload;
  toQrSvg(token: string, options?: QrOptions): string;
  toQrMatrix(token: string, options?: QrOptions): { version: number; size: number; data: boolean[][] };
}

export interface DrawTicket {
  ticketId: string;
  /** 64 hex digits */
  seed: string;
  poolId: string;
  poolVersion: number;
  customerId: string;
  expiry: number;
  /** tickets are used in sequence order */
  sequence: number;
  signature: string;
}

export interface TicketsApi {
  issue(
    request: { poolId: string; poolVersion: number; customerId: string; count?: number; start?: number; expiry: number },
    signingKey: string,
  ): DrawTicket[];
  /** true, or throws PK_TICKET_SIGNATURE / PK_TICKET_MALFORMED / PK_TOKEN_KEY */
  verifySignature(ticket: DrawTicket, verifyKey: string): true;
}

// ---- storage ------------------------------------------------------------------------------

/** JSON data: what storage adapters keep. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The one interface of every storage adapter; failures are PromokitError PK_STORAGE_FAILED. */
export interface StorageAdapter {
  readonly name: string;
  /** undefined when the key is not there */
  get(key: string): Promise<any>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
  /** keys that start with prefix, sorted (JSON values only) */
  keys(prefix?: string): Promise<string[]>;
  /** Bytes as they are, under keys of their own (memory, file, IndexedDB and WeChat adapters — WeChat's as files under wx.env.USER_DATA_PATH; localStorage has none). undefined when absent. */
  getBytes?(key: string): Promise<Uint8Array | undefined>;
  /** stores a copy of the bytes */
  setBytes?(key: string, bytes: Uint8Array): Promise<void>;
  deleteBytes?(key: string): Promise<void>;
}

/** An adapter that keeps bytes (catalog snapshots: the sync client's fast start). */
export type BytesStorageAdapter = StorageAdapter & Required<Pick<StorageAdapter, 'getBytes' | 'setBytes' | 'deleteBytes'>>;

/** In memory (tests, scripts, fallback). All entries. */
export declare function createMemoryStorage(initial?: Record<string, unknown>): BytesStorageAdapter;
/** Web Storage: localStorage by default, or any object with its methods. Values are JSON under the prefix (default 'promokit:'). */
export declare function createLocalStorage(options?: { storage?: WebStorageLike; prefix?: string }): StorageAdapter;
/** WeChat storage (wx.setStorage / getStorage / removeStorage / getStorageInfo); bytes as files in the user data folder where wx.getFileSystemManager exists. The default in a mini program. */
export declare function createWxStorage(options?: { wx?: WxLike; prefix?: string }): StorageAdapter;
/** One JSON file per key in a folder, written atomically (temp file + rename). Node entries only ('promokit', 'promokit/cjs'). */
export declare function createFileStorage(dir: string, options?: { fsync?: boolean }): BytesStorageAdapter & { readonly dir: string };
/** IndexedDB through idb. Browser entry only; the default storage in browsers. */
export declare function createIndexedDbStorage(options?: { dbName?: string; storeName?: string }): BytesStorageAdapter & { close(): Promise<void> };

export interface WebStorageLike {
  readonly length: number;
  key(index: number): string | null;
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** The parts of WeChat's `wx` the adapters use. */
export interface WxLike {
  request?(options: any): { abort(): void } | void;
  getStorage?(options: any): void;
  setStorage?(options: any): void;
  removeStorage?(options: any): void;
  getStorageInfo?(options: any): void;
  /** readFile / writeFile / rename / unlink: where createWxStorage keeps bytes */
  getFileSystemManager?(): any;
  env?: { USER_DATA_PATH?: string };
  onAppHide?(fn: (...args: any[]) => void): void;
  offAppHide?(fn: (...args: any[]) => void): void;
}

// ---- network ------------------------------------------------------------------------------

/** What AbortController.signal offers; createAbortController() gives one where the platform has none (WeChat). */
export interface AbortSignalLike {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

export interface NetworkRequest {
  method?: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** default 10,000 ms; PK_NETWORK_TIMEOUT when exceeded */
  timeoutMs?: number;
  /** PK_NETWORK_ABORTED when it fires */
  signal?: AbortSignalLike;
  /** let the request outlive the page (fetch only) */
  keepalive?: boolean;
}

export interface NetworkResponse {
  status: number;
  /** lower-case names */
  headers: Record<string, string>;
  /** parsed JSON when the answer is JSON, else the text; null when empty */
  body: any;
}

/** The one interface of every network adapter. Any HTTP status is an answer; failures are PK_NETWORK_FAILED / _TIMEOUT / _ABORTED. */
export interface NetworkAdapter {
  readonly name: string;
  request(request: NetworkRequest): Promise<NetworkResponse>;
}

/** Over fetch (browsers, Node 18+). */
export declare function createFetchNetwork(options?: { fetch?: typeof fetch; timeoutMs?: number }): NetworkAdapter;
/** Over wx.request (WeChat Mini Programs); the default there. */
export declare function createWxNetwork(options?: { wx?: WxLike; timeoutMs?: number }): NetworkAdapter;
/** AbortController where the platform has one, else a minimal equivalent. */
export declare function createAbortController(): { readonly signal: AbortSignalLike; abort(reason?: unknown): void };

/** The mini program entry's default wasm path: '/miniprogram_npm/promokit/promokit.wasm.br'. 'promokit/miniprogram' only. */
export declare const DEFAULT_WASM_PATH: string;

// ---- sync client --------------------------------------------------------------------------

export interface ClientClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(timer: unknown): void;
}

/** What the client needs of an engine (pk.createEngine's engines have it). Every method is optional. */
export interface ClientEngine {
  claim?(offerId: string): unknown;
  track?(event: unknown): unknown;
  draw?(poolId: string, ticket: unknown): unknown;
  setProfile?(profile: unknown): unknown;
  exportState?(): unknown;
  importState?(state: unknown): unknown;
  dispose?(): void;
}

export interface ClientOptions {
  baseUrl: string;
  appKey: string;
  customerId: string;
  /** default: IndexedDB (browser), wx storage (WeChat), memory (Node) */
  storage?: StorageAdapter;
  /** default: fetch, or wx.request in WeChat */
  network?: NetworkAdapter;
  /** a catalog bundled with the app, used on a first start without network */
  bootstrapCatalog?: unknown;
  /** keep each catalog's snapshot (pk.catalogSnapshot) where the storage keeps bytes, and start the stored catalog's engine from it (default true; off with createEngine or engine given) */
  snapshot?: boolean;
  /** builds an engine for each new catalog (default: pk.createEngine where it exists) */
  createEngine?: (catalog: any, options: EngineOptions) => ClientEngine;
  /** passed to createEngine (default {}) */
  engineOptions?: EngineOptions;
  /** an engine the app owns: the client feeds it but never replaces or disposes it */
  engine?: ClientEngine;
  /** sync once started (default true) */
  autoSync?: boolean;
  /** fetch the profile on sync (default true) */
  syncProfile?: boolean;
  /** per request (default 10,000) */
  timeoutMs?: number;
  /** events per batch (default 20) */
  batchSize?: number;
  /** longest wait of an event for its batch (default 5,000 ms) */
  flushIntervalMs?: number;
  /** first retry step (default 1,000 ms); doubles per attempt, with equal jitter */
  retryBaseMs?: number;
  /** longest retry step (default 300,000 ms) */
  retryMaxMs?: number;
  /** storage key prefix (default 'pk'); keys are '<namespace>/<customerId>/...' */
  namespace?: string;
  /** injectable for tests */
  clock?: Partial<ClientClock>;
  /** [0, 1) for jitter (default Math.random) */
  random?: () => number;
  /** idempotency keys and event ids (default: random UUID v4) */
  newId?: () => string;
}

export type SyncStatus = 'pending' | 'confirmed' | 'rejected';

/** A claim, redemption or draw as the client tracks it. */
export interface SyncRecord {
  /** the local id, also the Idempotency-Key */
  id: string;
  kind: 'claim' | 'redemption' | 'draw';
  /** the body sent to the server */
  request: any;
  createdAt: number;
  status: SyncStatus;
  /** the server's code when rejected: LIMIT_REACHED, OUT_OF_STOCK, ALREADY_REDEEMED, TICKET_SPENT, ... */
  reason: string | null;
  /** the server's answer (claim: { claimId, token, status }) */
  result: any;
  settledAt?: number;
  httpStatus?: number;
}

export interface PendingItem {
  id: string;
  kind: 'claim' | 'redemption' | 'draw' | 'events' | 'event';
  createdAt: number;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
}

export type PartResult = 'updated' | 'delta' | 'not-modified' | 'offline' | 'error' | 'skipped';

export interface SyncResult {
  catalog: PartResult;
  profile: PartResult;
  /** operations and events still waiting */
  pending: number;
  errors: PromokitError[];
}

export interface ClientEvents {
  catalog: { version: number; source: 'network' | 'bootstrap'; how: string };
  settled: { id: string; kind: string; status: SyncStatus; reason: string | null; result: any };
  retry: { id: string; kind: string; attempts: number; nextAttemptAt: number; error: string };
  error: PromokitError | Error;
}

export interface SyncClient {
  /** resolves once the persisted state (queue, catalog, profile) is loaded */
  readonly ready: Promise<SyncClient>;
  readonly engine: ClientEngine | null;
  readonly catalog: any;
  readonly catalogVersion: number | null;
  readonly catalogSource: 'network' | 'bootstrap' | null;
  /** what the client's own engine was made from: the catalog's snapshot, its JSON, or null (no engine, or the app's) */
  readonly engineFrom: 'snapshot' | 'catalog' | null;
  readonly profile: any;
  /** the shopper's claims as the server last sent them with the catalog (the state the local view converges to), or null */
  readonly serverWallet: any[] | null;
  /** catalog (ETag, delta), profile, then the queue; network trouble is reported, not thrown */
  sync(options?: { catalog?: boolean }): Promise<SyncResult>;
  /** batches waiting events and sends the queue now; resolves to what is still waiting */
  flush(options?: { keepalive?: boolean }): Promise<number>;
  /** resolves when no send is in flight */
  idle(): Promise<void>;
  /** persisted before it resolves; id and time are filled in when missing */
  track<E extends { type: string; id?: string; time?: number }>(event: E): Promise<E & { id: string; time: number }>;
  /** persisted before it resolves; the engine (if any) checks it first and throws when it may not be claimed */
  claim(offerId: string): Promise<SyncRecord>;
  redeem(token: string, options?: { store?: string }): Promise<SyncRecord>;
  /** uses the next stored ticket of the pool unless one is given; the engine computes the outcome unless given */
  draw(poolId: string, options?: { ticket?: DrawTicket; outcome?: any }): Promise<SyncRecord & { outcome: any }>;
  /** online: asks the server for tickets and stores them for offline draws */
  requestTickets(poolId: string, count?: number): Promise<DrawTicket[]>;
  /** the pool's stored tickets, next first */
  tickets(poolId: string): Promise<DrawTicket[]>;
  wallet(): SyncRecord[];
  redemptions(): SyncRecord[];
  draws(): SyncRecord[];
  pending(): PendingItem[];
  on<K extends keyof ClientEvents>(type: K, listener: (payload: ClientEvents[K]) => void): () => void;
  /** stops timers and cancels what is in flight; the queue stays in storage for the next start */
  close(): Promise<void>;
}

/** Instantiates the module once; later calls return the same instance. */
export declare function loadPromokit(options?: LoadOptions): Promise<Promokit>;
export default loadPromokit;

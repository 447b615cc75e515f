// Type declarations for promokit (hand-written; the public API of DESIGN.md §5).
// Modules add their declarations here as they land.

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
  /** the error code table */
  readonly errors: ReadonlyArray<{ code: number; name: string; meaning: string }>;
  /** Validates a document (an object or JSON text). Throws PromokitError only for an unknown kind or missing doc. */
  validate(kind: DocumentKind, doc: unknown, options?: { all?: boolean }): ValidationReport;
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
  /** keys that start with prefix, sorted */
  keys(prefix?: string): Promise<string[]>;
}

/** In memory (tests, scripts, fallback). All entries. */
export declare function createMemoryStorage(initial?: Record<string, unknown>): StorageAdapter;
/** Web Storage: localStorage by default, or any object with its methods. Values are JSON under the prefix (default 'promokit:'). */
export declare function createLocalStorage(options?: { storage?: WebStorageLike; prefix?: string }): StorageAdapter;
/** WeChat storage (wx.setStorage / getStorage / removeStorage / getStorageInfo). The default in a mini program. */
export declare function createWxStorage(options?: { wx?: WxLike; prefix?: string }): StorageAdapter;
/** One JSON file per key in a folder, written atomically (temp file + rename). Node entries only ('promokit', 'promokit/cjs'). */
export declare function createFileStorage(dir: string, options?: { fsync?: boolean }): StorageAdapter & { readonly dir: string };
/** IndexedDB through idb. Browser entry only; the default storage in browsers. */
export declare function createIndexedDbStorage(options?: { dbName?: string; storeName?: string }): StorageAdapter & { close(): Promise<void> };

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
  /** builds an engine for each new catalog (default: pk.createEngine where it exists) */
  createEngine?: (catalog: any, options: any) => ClientEngine;
  /** passed to createEngine */
  engineOptions?: Record<string, unknown>;
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
  draw(poolId: string, options?: { ticket?: any; outcome?: any }): Promise<SyncRecord & { outcome: any }>;
  /** online: asks the server for tickets and stores them for offline draws */
  requestTickets(poolId: string, count?: number): Promise<any[]>;
  tickets(poolId: string): Promise<any[]>;
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

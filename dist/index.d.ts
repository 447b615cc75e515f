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
}

/** Instantiates the module once; later calls return the same instance. */
export declare function loadPromokit(options?: LoadOptions): Promise<Promokit>;
export default loadPromokit;

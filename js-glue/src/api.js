// Builds the public API object (DESIGN.md §5) over an instantiated wasm module. Each module
// of the core adds its part through js-glue/src/modules/<module>.js.
import { PromokitError, fromNative, wrapForeign } from './errors.js';
import { NativeObject, liveObjects } from './memory.js';
import { createIo, plainFields } from './io.js';
import { modules } from './modules/index.js';
import { createClient } from './sync/client.js';

// The entry points the shopper module leaves out, by the binding each calls.
const ADMIN_ONLY = [
  ['_createAnalyzer', 'pk.analytics.segment / createAnalyzer'],
  ['_analyticsExport', 'pk.analytics.export'],
  ['_analyticsDemo', 'pk.analytics.generateDemo'],
  ['_createProfileSet', 'pk.createProfileSet'],
  ['_rankingTrain', 'pk.ranking.train'],
  ['_rankingAutoTags', 'pk.ranking.autoTags'],
];

const KINDS = new Set(['catalog', 'offer', 'prizePool', 'profile', 'event', 'cart']);

// `platform` gives the defaults of the host: { defaultStorage(), defaultNetwork(), onHide(fn) and
// onOnline(fn), each → unsubscribe }.
export function createApi(native, platform) {
  // Runs fn(...args) with `self` (a bound object's method, or undefined for a bound `_name`
  // function) and turns a recorded failure into a PromokitError. The error is
  // asked for only when failed(result) says the call may have failed (guard()'s fallback result).
  function applyWhen(failed, self, fn, args) {
    let result;
    try {
      result = fn.apply(self, args);
    } catch (err) {
      throw wrapForeign(err);
    }
    if (failed(result) && native._errorCode() !== 0) throw fromNative(native._takeError());
    return result;
  }
  const always = () => true;
  const empty = (r) => !r;
  const call = (fn, ...args) => applyWhen(always, undefined, fn, args);
  const invoke = (obj, method, ...args) => applyWhen(always, obj, obj[method], args);
  // For a method whose success never returns '' or 0: a call is one crossing into wasm, not two.
  const invokeNonEmpty = (obj, method, ...args) => applyWhen(empty, obj, obj[method], args);
  const toText = (doc) => (typeof doc === 'string' ? doc : JSON.stringify(doc));
  const { packAscii, unpackAscii, packSlices, unpackText, release, textCrossing, packCatalog, packDocument, packBytes, unpackBytes, packEvent, forget } =
    createIo(native, invokeNonEmpty);
  // A Uint8Array of any realm (a mini program's, a page's): a catalog snapshot.
  const isBytes = (x) => ArrayBuffer.isView(x) && Object.prototype.toString.call(x) === '[object Uint8Array]';
  // fn(catalogText, ...args) for a catalog, or packedFn(catalogText, ...args, chunks) with its
  // model weights (io.js packCatalog), its whole text (packDocument) or its snapshot's bytes
  // (packBytes) in the scratch buffer: the same result and errors.
  function callWithCatalog(fn, packedFn, catalog, ...args) {
    let packed = isBytes(catalog) ? packBytes(catalog) : packCatalog(catalog);
    let text;
    if (!packed) packed = packDocument((text = toText(catalog)));
    if (!packed) return call(fn, text, ...args);
    try {
      return call(packedFn, packed.text, ...args, packed.chunks);
    } finally {
      forget();
    }
  }
  // One tracked event through a raw export native[name](handle, time, amount, extra) when it is
  // plain (io.js packEvent): the export's count, or null for the JSON path (not plain, or the core
  // answered -2: a value it might refuse, which the JSON path reports). `extra` is a second
  // handle (pk_engine_track's games session); the other exports ignore it. The name is looked up
  // per call until the first call, when Emscripten replaces its first wrapper with the wasm function.
  const rawExports = new Map();
  function trackPacked(name, obj, e, extra = 0) {
    if (!e || typeof e !== 'object' || !packEvent(e)) return null;
    const handle = obj._handle;
    const fn = rawExports.get(name);
    const time = e.time;
    const amount = e.amount === undefined ? 0 : e.amount;
    let n;
    try {
      if (fn === undefined) {
        n = native[name](handle, time, amount, extra);
        rawExports.set(name, native[name]);
      } else {
        n = fn(handle, time, amount, extra); // per tap: no rest arguments, no apply
      }
    } catch (err) {
      throw wrapForeign(err);
    }
    if (n < 0 && native._errorCode() !== 0) throw fromNative(native._takeError());
    return n === -2 ? null : n;
  }
  const util = { call, invoke, invokeNonEmpty, callWithCatalog, packAscii, unpackAscii, packSlices, unpackText, release, textCrossing, trackPacked, plainFields, toText, NativeObject, PromokitError };

  // The shopper module (promokit/shopper, the mini program's) is built without the admin side
  // (CMakeLists.txt, PROMOKIT_SHOPPER): its entry points throw PK_UNSUPPORTED there, naming the
  // module to load instead of failing as a missing function.
  const module = typeof native._createAnalyzer === 'function' ? 'full' : 'shopper';
  for (const [name, what] of ADMIN_ONLY) {
    if (typeof native[name] === 'function') continue;
    native[name] = () => {
      throw new PromokitError('PK_UNSUPPORTED', `${what} is not in the shopper module (promokit/shopper, the mini program's): it is in the full module, 'promokit'`, { number: 5 });
    };
  }

  let errorTable = null;
  const pk = {
    version: native._version(),
    module, // 'full' or 'shopper'
    PromokitError,
    // Read on first use: building and decoding the 10 KB table was a quarter of loadPromokit().
    get errors() {
      errorTable ??= JSON.parse(native._errorTable());
      return errorTable;
    },
    validate(kind, doc, { all = false } = {}) {
      if (!KINDS.has(kind)) {
        throw new PromokitError('PK_SCHEMA_KIND', `unknown document kind "${kind}"; expected ${[...KINDS].join(', ')}`, {
          number: 208,
        });
      }
      if (doc === undefined) throw new PromokitError('PK_INVALID_ARGUMENT', 'validate(kind, doc): doc is missing', { number: 2 });
      return JSON.parse(call(native._validate, kind, toText(doc), all));
    },
    // A catalog snapshot: bytes createEngine and createRecommender read without parsing JSON
    // (several times faster at startup; docs/js-api.md). Throws the catalog's own error.
    catalogSnapshot(catalog) {
      if (catalog == null || isBytes(catalog)) {
        throw new PromokitError('PK_INVALID_ARGUMENT', 'catalogSnapshot(catalog): catalog must be a catalog object or its JSON text', { number: 2 });
      }
      let address;
      try {
        address = callWithCatalog((text) => native._catalogSnapshot(text, 0), native._catalogSnapshot, catalog);
      } catch (err) {
        release();  // the buffer may still hold the catalog's text
        throw err;
      }
      return unpackBytes(address);
    },
    // Memory diagnostics: bytes in use on the wasm heap, the heap's size, and live JS wrappers.
    memory() {
      return { used: native._heapUsed(), heapSize: native.HEAP8.buffer.byteLength, liveObjects: liveObjects() };
    },
    // A client that keeps a catalog and an engine in sync with the server (js-glue/src/sync/).
    createClient(options) {
      return createClient(pk, options, platform);
    },
  };
  for (const m of modules) m.install(pk, native, util);
  return pk;
}

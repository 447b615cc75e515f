// The module's scratch buffer (sdk/bindings/io_buffer.hpp) for calls made per tap: strings
// cross as bytes written straight into the wasm memory, after a header of their byte lengths
// (uint32, little-endian), instead of as Embind string arguments (about 1 µs each without
// dynamic code generation). docs/architecture.md "Crossing the boundary".
const hasOwn = Object.prototype.hasOwnProperty;

// Whether a ticket may cross packed, meaning what its JSON text means: not an array, no toJSON,
// each `required` field its own and of the type `types` (a Map: field → typeof name; a Map's get
// is cheaper than a keyed load from an object) names. Otherwise the caller takes the JSON path,
// which reports any fault. (Events have their own check, packEvent.)
export function plainFields(o, types, required) {
  if (Array.isArray(o) || typeof o.toJSON === 'function') return false;
  for (let i = 0; i < required.length; i++) {
    const k = required[i];
    if (typeof o[k] !== types.get(k) || !hasOwn.call(o, k)) return false;
  }
  return true;
}

export function createIo(native, invokeNonEmpty) {
  const io = { at: 0, size: 0 };
  const encoder = typeof TextEncoder === 'function' ? new TextEncoder() : null;
  const decoder = typeof TextDecoder === 'function' ? new TextDecoder() : null;
  // The wasm memory's bytes. Reading native.HEAPU8 is a lookup in a dictionary-mode object (the
  // module has hundreds of properties); the view is kept until the memory grows, which detaches
  // its buffer (length 0) and makes the module set a new one.
  let view = null;
  const heapBytes = () => (view !== null && view.length !== 0 ? view : (view = native.HEAPU8));
  // A buffer of at least `size` bytes at io.at, asked of the module only when it must grow.
  function reserve(size) {
    if (size > io.size) {
      io.at = invokeNonEmpty(native, '_ioBuffer', size);
      io.size = size;
    }
  }
  // The uint32 (little-endian) byte length before a string or result at `address`.
  function putLength(heap, address, n) {
    heap[address] = n & 255;
    heap[address + 1] = (n >>> 8) & 255;
    heap[address + 2] = (n >>> 16) & 255;
    heap[address + 3] = n >>> 24;
  }
  const lengthAt = (heap, address) =>
    (heap[address] | (heap[address + 1] << 8) | (heap[address + 2] << 16) | (heap[address + 3] << 24)) >>> 0;
  // false when a string is not plain ASCII (the caller then takes the JSON path).
  function packAscii(strings) {
    const count = strings.length;
    let chars = 0;
    for (let i = 0; i < count; i++) chars += strings[i].length;
    reserve(4 * count + chars);
    const heap = heapBytes();
    let head = io.at;
    for (let i = 0; i < count; i++) {
      putLength(heap, head, strings[i].length);
      head += 4;
    }
    for (let i = 0; i < count; i++) {
      const s = strings[i];
      const n = s.length;
      if (encoder && n > 64) {
        // Long strings (model weights) through the engine's encoder: as many bytes as
        // characters only when every character is ASCII (a lone surrogate becomes three bytes).
        const { read, written } = encoder.encodeInto(s, heap.subarray(head, head + n));
        if (read !== n || written !== n) return false;
      } else {
        // Short ones (an event's, a ticket's fields) in a loop: no view or joined string made.
        for (let k = 0; k < n; k++) {
          const c = s.charCodeAt(k);
          if (c > 0x7f) return false;
          heap[head + k] = c;
        }
      }
      head += n;
    }
    return true;
  }
  // The text a packed call left at `address` (the buffer may have moved there): ASCII.
  function unpackAscii(address) {
    io.at = address;
    const heap = native.HEAPU8;
    const n = lengthAt(heap, address);
    io.size = Math.max(io.size, n + 4);
    const bytes = heap.subarray(address + 4, address + 4 + n);
    return decoder ? decoder.decode(bytes) : String.fromCharCode.apply(null, bytes);
  }
  // A catalog whose model weights (catalog.model.weights.data: megabytes of base64url, one
  // string or an array of chunks; docs/personalization.md §4) cross as bytes in the buffer
  // instead of inside its JSON text, which the core would parse character by character:
  // { text: the catalog's JSON with data "", chunks: the array's length, -1 for one string }.
  // null takes the JSON path: no such data, non-ASCII, a chunk the parser would refuse as too
  // long (JsonLimits in sdk/include/promokit/json.hpp: 64 KiB a string, 32 MiB a document),
  // toJSON methods. The caller's object is not changed.
  const MAX_STRING = 64 << 10;
  const MAX_DOCUMENT = 32 << 20;
  const own = (o, k) => Object.prototype.propertyIsEnumerable.call(o, k);
  const plainObject = (o) => o !== null && typeof o === 'object' && !Array.isArray(o) && typeof o.toJSON !== 'function';
  function packCatalog(catalog) {
    if (!plainObject(catalog) || !own(catalog, 'model')) return null;
    const model = catalog.model;
    if (!plainObject(model) || !own(model, 'weights')) return null;
    const weights = model.weights;
    if (!plainObject(weights) || !own(weights, 'data')) return null;
    const data = weights.data;
    const list = typeof data === 'string' ? [data] : data;
    if (!Array.isArray(list) || typeof list.toJSON === 'function' || list.length > 100000) return null;
    let size = 0;
    for (let i = 0; i < list.length; i++) {
      if (typeof list[i] !== 'string' || list[i].length > MAX_STRING) return null;
      size += list[i].length + 3;
    }
    const text = JSON.stringify({ ...catalog, model: { ...model, weights: { ...weights, data: '' } } });
    if (3 * text.length + size > MAX_DOCUMENT || !packAscii(list)) return null;
    return { text, chunks: typeof data === 'string' ? -1 : list.length };
  }
  // A catalog's whole JSON text in the buffer after its byte length, UTF-8 by
  // TextEncoder.encodeInto: an Embind string argument measured and encoded it in two JS loops
  // (a 580 KB catalog: ~13 ms at startup, when they run interpreted, ~8 ms warm; encodeInto
  // 0.6 ms). { text: '', chunks: -2 } as packCatalog answers (read_catalog_from_io reads it),
  // or null without textCrossing or past the core's document limit (the JSON path reports that).
  function packDocument(text) {
    if (!textCrossing || typeof text !== 'string' || text.length > MAX_DOCUMENT) return null;
    const room = 4 + 3 * text.length;  // UTF-8 takes at most 3 bytes per UTF-16 unit
    reserve(room);
    const heap = heapBytes();
    putLength(heap, io.at, encoder.encodeInto(text, heap.subarray(io.at + 4, io.at + room)).written);
    return { text: '', chunks: -2 };
  }
  // A catalog snapshot's bytes (pk.catalogSnapshot) in the buffer after their length, copied
  // once: { text: '', chunks: -3 } as packCatalog answers (read_catalog_from_io reads it).
  // Needs no TextEncoder, so WeChat takes it too.
  function packBytes(bytes) {
    reserve(4 + bytes.length);
    const heap = heapBytes();
    putLength(heap, io.at, bytes.length);
    heap.set(bytes, io.at + 4);
    return { text: '', chunks: -3 };
  }
  // A CSV (a string or bytes) through the buffer a slice at a time, feed(byteCount) after each
  // slice for a call that reads io_prefix(byteCount) (sdk/bindings/io_buffer.hpp): strings are
  // encoded by TextEncoder.encodeInto straight into the wasm memory (a third of encode()'s time,
  // and no copy of the whole text made), bytes copied once; an Embind string argument encodes or
  // copies in a JS loop. A slice never ends between the halves of a surrogate pair. Only where
  // there are TextEncoder and TextDecoder (textCrossing).
  const SLICE = 1 << 18;  // characters or bytes
  function packSlices(input, feed) {
    const text = typeof input === 'string';
    const room = text ? 3 * SLICE : SLICE;  // UTF-8 takes at most 3 bytes per UTF-16 unit
    reserve(room);
    for (let i = 0; i < input.length; ) {
      let j = Math.min(i + SLICE, input.length);
      let n = j - i;
      if (text) {
        const last = input.charCodeAt(j - 1);
        if (j < input.length && last >= 0xd800 && last <= 0xdbff) j -= 1;
        n = encoder.encodeInto(input.slice(i, j), native.HEAPU8.subarray(io.at, io.at + room)).written;
      } else {
        native.HEAPU8.set(input.subarray(i, j), io.at);
      }
      feed(n);
      i = j;
    }
  }
  // Frees the buffer (it held megabytes).
  function release() {
    native._ioRelease();
    forget();
  }
  // The UTF-8 text a call left in the buffer at `address` after its byte length (io_result in
  // sdk/bindings/io_buffer.hpp), decoded in one call; the buffer is freed (megabytes). Only
  // where there is a TextDecoder (textCrossing).
  function unpackText(address) {
    const heap = native.HEAPU8;
    const text = decoder.decode(heap.subarray(address + 4, address + 4 + lengthAt(heap, address)));
    release();
    return text;
  }
  // The bytes a call left in the buffer at `address` after their length (io_result), copied
  // out; the buffer is freed.
  function unpackBytes(address) {
    const heap = native.HEAPU8;
    const bytes = heap.slice(address + 4, address + 4 + lengthAt(heap, address));
    release();
    return bytes;
  }
  // After a call that took the buffer's bytes over (bind_core.cpp, read_catalog_from_io):
  // the next packing asks for a buffer again.
  function forget() {
    io.at = 0;
    io.size = 0;
  }
  // The nine strings packEvent hands to packAscii: reused, so tracking allocates nothing.
  const eventStrings = ['', '', '', '', '', '', '', '', ''];
  // An event whose fields cross as they are (io_event in sdk/bindings/io_buffer.hpp, for the raw
  // exports pk_recommender_track, pk_engine_track and pk_games_track): own strings and numbers of the core's
  // event, id, type and time present, written to the buffer as nine strings; `time` and `amount`
  // go as numbers. false for anything else — arrays, unknown fields, null, toJSON, non-ASCII —
  // and the caller takes the JSON path (so it does when the core answers -2: a value it might
  // refuse), which reports every fault.
  function packEvent(e) {
    if (Array.isArray(e) || typeof e.toJSON === 'function') return false;
    // The fields of the core's event (sdk/include/promokit/event_fields.hpp), each read once:
    // own enumerable keys only, each known and of its type.
    let id, type, customerId = '', offerId = '', sku = '', category = '', brand = '', store = '', format = '';
    let hasTime = false;
    for (const k in e) {
      if (!hasOwn.call(e, k)) return false;
      const v = e[k];
      if (k === 'time' || k === 'amount') {
        if (typeof v !== 'number') return false;
        if (k === 'time') hasTime = true;
        continue;
      }
      if (typeof v !== 'string') return false;
      switch (k) {
        case 'id': id = v; break;
        case 'type': type = v; break;
        case 'customerId': customerId = v; break;
        case 'offerId': offerId = v; break;
        case 'sku': sku = v; break;
        case 'category': category = v; break;
        case 'brand': brand = v; break;
        case 'store': store = v; break;
        case 'format': format = v; break;
        default: return false;
      }
    }
    if (id === undefined || type === undefined || !hasTime) return false;
    // No user code (a getter) runs from here on, so the shared array is safe to fill.
    const s = eventStrings;
    s[0] = id; s[1] = type; s[2] = customerId; s[3] = offerId; s[4] = sku; s[5] = category; s[6] = brand; s[7] = store; s[8] = format;
    return packAscii(s);
  }
  // Large texts cross through the buffer both ways only where both codecs exist (not WeChat).
  const textCrossing = encoder !== null && decoder !== null;
  return { packAscii, unpackAscii, packSlices, unpackText, release, textCrossing, packCatalog, packDocument, packBytes, unpackBytes, packEvent, forget };
}

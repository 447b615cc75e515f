// The storage interface every adapter implements (all methods async, values JSON data):
//   get(key) → value | undefined;  set(key, value);  delete(key);  keys(prefix = '') → string[]
// Adapters that can hold bytes as they are (memory, file, IndexedDB, WeChat) also have
//   getBytes(key) → Uint8Array | undefined;  setBytes(key, bytes);  deleteBytes(key)
// under keys of their own: keys() lists the JSON values only. Adapters over a host API wrap its
// failures into PK_STORAGE_FAILED.
import { jsError } from '../errors.js';

export async function guarded(what, key, fn) {
  try {
    return await fn();
  } catch (err) {
    if (err && err.name === 'PromokitError') throw err;
    throw jsError('PK_STORAGE_FAILED', `storage ${what} "${key}" failed: ${(err && (err.errMsg || err.message)) || err}`, { cause: err });
  }
}

// A value stored and read back must be an independent copy, as with every persistent store.
export const copy = (value) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

// A Uint8Array of any realm (a page's, a mini program's).
export function checkBytes(bytes) {
  if (!ArrayBuffer.isView(bytes) || Object.prototype.toString.call(bytes) !== '[object Uint8Array]') throw new TypeError('setBytes(key, bytes): bytes must be a Uint8Array');
  return bytes;
}
// Bytes stored and read back are an independent copy too.
export const bytesCopy = (bytes) => new Uint8Array(checkBytes(bytes));

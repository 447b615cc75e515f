// The storage interface every adapter implements (all methods async, values JSON data):
//   get(key) → value | undefined;  set(key, value);  delete(key);  keys(prefix = '') → string[]
// Adapters over a host API wrap its failures into PK_STORAGE_FAILED.
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

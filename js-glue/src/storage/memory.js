// In-memory storage: tests, Node scripts, and the fallback when nothing persistent exists.
import { bytesCopy, copy } from './common.js';

export function createMemoryStorage(initial = {}) {
  const map = new Map(Object.entries(copy(initial)));
  const bytes = new Map();
  return {
    name: 'memory',
    async get(key) {
      return copy(map.get(key));
    },
    async set(key, value) {
      map.set(key, copy(value));
    },
    async delete(key) {
      map.delete(key);
    },
    async keys(prefix = '') {
      return [...map.keys()].filter((k) => k.startsWith(prefix)).sort();
    },
    async getBytes(key) {
      const b = bytes.get(key);
      return b === undefined ? undefined : new Uint8Array(b);
    },
    async setBytes(key, value) {
      bytes.set(key, bytesCopy(value));
    },
    async deleteBytes(key) {
      bytes.delete(key);
    },
  };
}

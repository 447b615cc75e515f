// In-memory storage: tests, Node scripts, and the fallback when nothing persistent exists.
import { copy } from './common.js';

export function createMemoryStorage(initial = {}) {
  const map = new Map(Object.entries(copy(initial)));
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
  };
}

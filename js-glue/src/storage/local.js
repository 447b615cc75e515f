// Web Storage (localStorage or any object with the same methods), values as JSON text under a
// prefix so the SDK's keys never collide with the app's.
import { guarded } from './common.js';

export function createLocalStorage({ storage = globalThis.localStorage, prefix = 'promokit:' } = {}) {
  if (!storage) throw new TypeError('createLocalStorage: no localStorage here; pass { storage }');
  return {
    name: 'localStorage',
    get: (key) =>
      guarded('get', key, () => {
        const text = storage.getItem(prefix + key);
        return text === null ? undefined : JSON.parse(text);
      }),
    set: (key, value) => guarded('set', key, () => storage.setItem(prefix + key, JSON.stringify(value))),
    delete: (key) => guarded('delete', key, () => storage.removeItem(prefix + key)),
    keys: (sub = '') =>
      guarded('keys', sub, () => {
        const out = [];
        for (let i = 0; i < storage.length; i++) {
          const k = storage.key(i);
          if (k !== null && k.startsWith(prefix + sub)) out.push(k.slice(prefix.length));
        }
        return out.sort();
      }),
  };
}

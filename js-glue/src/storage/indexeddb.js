// IndexedDB through `idb`: one object store, string keys, structured-clone values. Bytes are
// kept under array keys ['bytes', key], which no string range (keys(prefix)) reaches.
import { openDB } from 'idb';
import { bytesCopy, guarded, copy } from './common.js';

export function createIndexedDbStorage({ dbName = 'promokit', storeName = 'kv' } = {}) {
  if (typeof indexedDB === 'undefined') throw new TypeError('createIndexedDbStorage: no indexedDB here');
  let db;
  const open = () =>
    (db ||= openDB(dbName, 1, {
      upgrade(d) {
        d.createObjectStore(storeName);
      },
    }));
  return {
    name: 'indexedDB',
    get: (key) => guarded('get', key, async () => (await open()).get(storeName, key)),
    set: (key, value) => guarded('set', key, async () => (await open()).put(storeName, copy(value), key)),
    delete: (key) => guarded('delete', key, async () => (await open()).delete(storeName, key)),
    keys: (prefix = '') =>
      guarded('keys', prefix, async () => {
        const range = prefix ? IDBKeyRange.bound(prefix, prefix + '\uffff') : undefined;
        return (await (await open()).getAllKeys(storeName, range)).filter((k) => typeof k === 'string').sort();
      }),
    getBytes: (key) => guarded('getBytes', key, async () => (await open()).get(storeName, ['bytes', key])),
    setBytes: (key, bytes) => guarded('setBytes', key, async () => (await open()).put(storeName, bytesCopy(bytes), ['bytes', key])),
    deleteBytes: (key) => guarded('deleteBytes', key, async () => (await open()).delete(storeName, ['bytes', key])),
    async close() {
      if (db) (await db).close();
      db = undefined;
    },
  };
}

// The shared API cases (tests/js/cases/) in plain Node, against the built dist/.
import { test, before, after } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pk, distEntry } from './load-dist.mjs';
import { startSyncServer } from './support/sync-server.mjs';
import { caseContext, registerSuites } from './support/context.mjs';

const mod = await import(distEntry);
const dir = mkdtempSync(join(tmpdir(), 'promokit-store-'));
let server;
let ctx;

// localStorage's interface over a Map: Node has no Web Storage, the adapter only needs the API.
function webStorage() {
  const m = new Map();
  return {
    get length() {
      return m.size;
    },
    key: (i) => [...m.keys()][i] ?? null,
    getItem: (k) => (m.has(k) ? m.get(k) : null),
    setItem: (k, v) => m.set(k, String(v)),
    removeItem: (k) => m.delete(k),
  };
}

before(async () => {
  server = await startSyncServer();
  ctx = caseContext({
    pk,
    mod,
    realmError: Error,
    storages: [
      { name: 'memory', make: () => mod.createMemoryStorage() },
      { name: 'file', make: () => mod.createFileStorage(dir) },
      { name: 'localStorage', make: () => mod.createLocalStorage({ storage: webStorage() }) },
    ],
    makeStorage: () => mod.createFileStorage(dir),
    makeNetwork: () => mod.createFetchNetwork(),
    serverUrl: server.url,
    platform: 'node',
  });
});
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

registerSuites(test, () => ctx);

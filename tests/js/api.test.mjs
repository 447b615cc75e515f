// The shared API cases (tests/js/cases/) in plain Node, against the built dist/: the full module
// of the flavour, and (release) the shopper module of promokit/shopper.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pk, distEntry, flavour, root } from './load-dist.mjs';
import { startSyncServer } from './support/sync-server.mjs';
import { caseContext, registerSuites } from './support/context.mjs';

const mod = await import(distEntry);
const shopperMod = flavour === 'release' ? await import(join(root, 'dist', 'shopper', 'promokit.node.mjs')) : null;
const dir = mkdtempSync(join(tmpdir(), 'promokit-store-'));
let server;
let ctx;
let shopperCtx;

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
  const contextOf = async (m, module) =>
    caseContext({
      pk: await m.loadPromokit(),
      mod: m,
      realmError: Error,
      storages: [
        { name: 'memory', make: () => m.createMemoryStorage() },
        { name: 'file', make: () => m.createFileStorage(dir) },
        { name: 'localStorage', make: () => m.createLocalStorage({ storage: webStorage() }) },
      ],
      makeStorage: () => m.createFileStorage(dir),
      makeNetwork: () => m.createFetchNetwork(),
      serverUrl: server.url,
      platform: 'node',
      module,
    });
  ctx = await contextOf(mod, 'full');
  assert.equal(ctx.pk, pk);
  if (shopperMod) shopperCtx = await contextOf(shopperMod, 'shopper');
});
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

registerSuites(test, () => ctx);
if (shopperMod) registerSuites(test, () => shopperCtx, 'shopper ', 'shopper');

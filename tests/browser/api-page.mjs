// Runs the shared API cases (tests/js/cases/) against the browser build in this page and leaves
// the results in window.__results for tests/browser/api.test.mjs. ?module=shopper: against
// promokit/shopper's build (what a checkout loads) instead of the full one.
import { suites } from '/tests/js/cases/index.mjs';
import { assert } from '/tests/js/cases/assert.mjs';
import { serverControl } from '/tests/js/cases/server-control.mjs';

const params = new URLSearchParams(location.search);
const module = params.get('module') === 'shopper' ? 'shopper' : 'full';
const json = async (path) => (await fetch(path)).json();
let counter = 0;

async function main() {
  const mod = await import(module === 'shopper' ? '/dist/shopper/promokit.browser.mjs' : '/dist/promokit.browser.mjs');
  const pk = await mod.loadPromokit();
  const ctx = {
    pk,
    module,
    mod,
    PromokitError: mod.PromokitError,
    realmError: Error,
    assert,
    data: { badDocuments: (await json('/tests/data/bad-documents.json')).cases, catalogSample: await json('/tests/data/catalog-sample.json') },
    storages: [
      { name: 'indexedDB', make: () => mod.createIndexedDbStorage({ dbName: 'promokit-test' }) },
      { name: 'localStorage', make: () => mod.createLocalStorage() },
      { name: 'memory', make: () => mod.createMemoryStorage() },
    ],
    makeStorage: () => mod.createIndexedDbStorage({ dbName: 'promokit-test' }),
    makeNetwork: () => mod.createFetchNetwork(),
    server: serverControl(location.origin, params.get('appKey')),
    uid: () => `browser-${Date.now()}-${++counter}`,
    platform: 'browser',
  };
  const results = [];
  for (const [suite, cases] of Object.entries(suites)) {
    for (const c of cases) {
      if (c.full && module !== 'full') {
        results.push({ name: `${suite}: ${c.name}`, ok: true, skipped: 'needs the full module' });
        continue;
      }
      const t0 = performance.now();
      try {
        await c.run(ctx);
        results.push({ name: `${suite}: ${c.name}`, ok: true, ms: performance.now() - t0 });
      } catch (err) {
        results.push({ name: `${suite}: ${c.name}`, ok: false, error: `${err.name}: ${err.message}` });
      }
    }
  }
  return results;
}

window.__results = main().catch((err) => [{ name: 'page', ok: false, error: String(err && err.stack) }]);

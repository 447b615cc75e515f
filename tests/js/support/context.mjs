// Builds the context the shared API cases (tests/js/cases/) get when they run in a Node host:
// plain Node (tests/js/api.test.mjs) or the mini program simulator (tests/miniprogram/).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assert } from '../cases/assert.mjs';
import { serverControl } from '../cases/server-control.mjs';
import { suites } from '../cases/index.mjs';
import { APP_KEY } from './sync-server.mjs';

const root = join(new URL('.', import.meta.url).pathname, '..', '..', '..');
const json = (rel) => JSON.parse(readFileSync(join(root, rel), 'utf8'));

let counter = 0;
// `module`: the build the host loads, 'full' or 'shopper' (the mini program's, promokit/shopper).
export function caseContext({ pk, mod, realmError, storages, makeNetwork, makeStorage, serverUrl, platform, module = 'full' }) {
  return {
    pk,
    module,
    mod,
    PromokitError: mod.PromokitError,
    realmError,
    assert,
    data: { badDocuments: json('tests/data/bad-documents.json').cases, catalogSample: json('tests/data/catalog-sample.json') },
    storages,
    makeStorage,
    makeNetwork,
    server: serverControl(serverUrl, APP_KEY),
    uid: () => `${platform}-${process.pid}-${++counter}`,
    platform,
  };
}

// Registers every case as a node:test test; `ctx()` is called when the tests run. A case marked
// `full` needs the full module: skipped (and reported so) over the shopper module, where the
// case "module: ..." checks that those entry points refuse.
export function registerSuites(test, ctx, prefix = '', module = 'full') {
  for (const [suite, cases] of Object.entries(suites)) {
    for (const c of cases) {
      const skip = c.full && module !== 'full' ? 'needs the full module' : false;
      test(`${prefix}${suite}: ${c.name}`, { skip }, () => c.run(ctx()));
    }
  }
}

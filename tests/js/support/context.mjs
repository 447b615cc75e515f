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
export function caseContext({ pk, mod, realmError, storages, makeNetwork, makeStorage, serverUrl, platform }) {
  return {
    pk,
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

// Registers every case as a node:test test; `ctx()` is called when the tests run.
export function registerSuites(test, ctx, prefix = '') {
  for (const [suite, cases] of Object.entries(suites)) {
    for (const c of cases) test(`${prefix}${suite}: ${c.name}`, () => c.run(ctx()));
  }
}

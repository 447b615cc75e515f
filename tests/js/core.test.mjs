// Core checks that need Node's process tools (the CLI); the rest of the core API cases are in
// tests/js/cases/core.mjs and run in every realm (tests/js/api.test.mjs and its siblings).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pk, root, flavour } from './load-dist.mjs';

const badDocs = JSON.parse(readFileSync(join(root, 'tests/data/bad-documents.json'), 'utf8')).cases;
const cli = join(root, 'build/native/promokit');

test(`version matches the package and the core (${flavour})`, () => {
  const pkg = JSON.parse(readFileSync(join(root, 'dist/package.json'), 'utf8'));
  assert.equal(pk.version, pkg.version);
  assert.match(pk.version, /^\d+\.\d+\.\d+$/);
  assert.equal(execFileSync(cli, ['version'], { encoding: 'utf8' }).trim(), pk.version);
});

test('validate: a malformed catalog yields the same code and path from the CLI and the JS API', () => {
  const doc = badDocs.find((c) => c.name === 'percent above 100');
  let out;
  try {
    execFileSync(cli, ['validate', 'catalog', '-'], { input: JSON.stringify(doc.doc), encoding: 'utf8' });
    assert.fail('the CLI accepted a bad catalog');
  } catch (err) {
    assert.equal(err.status, 1);
    out = JSON.parse(err.stdout);
  }
  const js = pk.validate('catalog', doc.doc);
  assert.deepEqual(out, js);
  assert.equal(js.errors[0].path, 'offers[3].reward.percent');
  assert.equal(js.errors[0].message, 'must be 0 < p <= 100');
});

test('catalogSnapshot: the CLI and the JS API make the same bytes of the same catalog, and an engine reads them', async () => {
  const { makeCatalog } = await import('../../bench/js/catalog.mjs');
  const text = JSON.stringify(makeCatalog(200));
  const dir = mkdtempSync(join(tmpdir(), 'pk-snapshot-'));
  try {
    const file = join(dir, 'catalog.pkt');
    execFileSync(cli, ['catalog-snapshot', '-', '--out', file], { input: text, encoding: 'utf8' });
    const native = new Uint8Array(readFileSync(file));
    const js = pk.catalogSnapshot(text);
    assert.deepEqual(js, native);
    const now = 1767225600000;
    const ids = (engine) => {
      engine.setProfile({ id: 'u1', tier: 'gold', interests: ['fashion'] });
      const out = engine.eligibleIds();
      engine.dispose();
      return out;
    };
    assert.deepEqual(ids(pk.createEngine(native, { now })), ids(pk.createEngine(text, { now })));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

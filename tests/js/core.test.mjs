// Core checks that need Node's process tools (the CLI); the rest of the core API cases are in
// tests/js/cases/core.mjs and run in every realm (tests/js/api.test.mjs and its siblings).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
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

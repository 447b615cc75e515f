import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pk, loadPromokit, PromokitError, root, flavour } from './load-dist.mjs';

const badDocs = JSON.parse(readFileSync(join(root, 'tests/data/bad-documents.json'), 'utf8')).cases;
const sample = JSON.parse(readFileSync(join(root, 'tests/data/catalog-sample.json'), 'utf8'));
const cli = join(root, 'build/native/promokit');

test(`version matches the package and the core (${flavour})`, () => {
  const pkg = JSON.parse(readFileSync(join(root, 'dist/package.json'), 'utf8'));
  assert.equal(pk.version, pkg.version);
  assert.match(pk.version, /^\d+\.\d+\.\d+$/);
  assert.equal(execFileSync(cli, ['version'], { encoding: 'utf8' }).trim(), pk.version);
});

test('loading twice returns the same instance', async () => {
  assert.equal(await loadPromokit(), pk);
});

test('validate: the bad-document table gives the same code and path as C++', () => {
  assert.ok(badDocs.length >= 40);
  for (const c of badDocs) {
    const r = pk.validate(c.kind, c.doc);
    assert.equal(r.ok, false, c.name);
    assert.equal(r.errors[0].code, c.code, c.name);
    assert.equal(r.errors[0].path, c.path, c.name);
    assert.ok(r.errors[0].message.length > 0);
  }
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

test('validate: good documents, text input, all errors', () => {
  assert.deepEqual(pk.validate('catalog', sample), { ok: true, errors: [] });
  assert.deepEqual(pk.validate('catalog', JSON.stringify(sample)), { ok: true, errors: [] });
  assert.equal(pk.validate('catalog', { version: 1, offers: [] }).ok, true);
  const all = pk.validate('catalog', { version: -1, offers: [{ id: '' }, { reward: { type: 'x' } }] }, { all: true });
  assert.ok(all.errors.length >= 4);
  const syntax = pk.validate('cart', '{"currency": "CNY",\n "lines": [}');
  assert.equal(syntax.errors[0].code, 'PK_JSON_SYNTAX');
  assert.match(syntax.errors[0].message, /line 2, column 12/);
});

test('errors: PromokitError with code, number, path and position — never a bare value', () => {
  assert.throws(
    () => pk.validate('coupon', {}),
    (e) => e instanceof PromokitError && e instanceof Error && e.code === 'PK_SCHEMA_KIND' && e.number === 208,
  );
  assert.throws(() => pk.validate('catalog'), (e) => e instanceof PromokitError && e.code === 'PK_INVALID_ARGUMENT');
  assert.ok(pk.errors.some((e) => e.name === 'PK_JSON_SYNTAX' && e.code === 100));
  // A deep document is refused with a path, not a crash.
  const deep = '['.repeat(100000) + ']'.repeat(100000);
  const r = pk.validate('catalog', deep);
  assert.equal(r.errors[0].code, 'PK_JSON_TOO_DEEP');
});

test('errors: 10,000 failing calls leave the instance usable and the heap bounded', () => {
  const before = pk.memory();
  for (let i = 0; i < 10000; i++) {
    try {
      pk.validate('nope', {});
    } catch (e) {
      assert.ok(e instanceof PromokitError);
    }
    const r = pk.validate('offer', { id: 'x', reward: { type: 'percent', percent: 101 + i } });
    assert.equal(r.errors[0].code, 'PK_SCHEMA_RANGE');
  }
  assert.equal(pk.validate('catalog', sample).ok, true);
  const after = pk.memory();
  assert.ok(after.used - before.used < 64 * 1024, `heap in use grew by ${after.used - before.used} bytes`);
  assert.equal(after.heapSize, before.heapSize, 'the wasm heap grew');
});

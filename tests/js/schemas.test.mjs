// The JSON Schemas in sdk/schema and the core's validator must agree (see sdk/schema/README.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { pk, root } from './load-dist.mjs';

const dir = join(root, 'sdk/schema');
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
for (const f of readdirSync(dir).filter((f) => f.endsWith('.schema.json'))) {
  const s = JSON.parse(readFileSync(join(dir, f), 'utf8'));
  ajv.addSchema(s, f);
}
const schemaFor = (kind) => ajv.getSchema(`${kind}.schema.json`);
// Checks a schema cannot express; the core alone enforces them.
const SEMANTIC = new Set(['PK_SCHEMA_DUPLICATE', 'PK_SCHEMA_REFERENCE', 'PK_SCHEMA_CONSTRAINT']);

test('every schema-expressible bad document is rejected by the schema too', () => {
  const cases = JSON.parse(readFileSync(join(root, 'tests/data/bad-documents.json'), 'utf8')).cases;
  let checked = 0;
  for (const c of cases) {
    if (SEMANTIC.has(c.code)) continue;
    const validateFn = schemaFor(c.kind);
    assert.ok(validateFn, `no schema for ${c.kind}`);
    assert.equal(validateFn(c.doc), false, `schema accepted: ${c.name}`);
    checked++;
  }
  assert.ok(checked >= 40, `only ${checked} cases checked`);
});

test('valid samples pass both the schema and the core', () => {
  const sample = JSON.parse(readFileSync(join(root, 'tests/data/catalog-sample.json'), 'utf8'));
  const v = schemaFor('catalog');
  assert.equal(v(sample), true, JSON.stringify(v.errors));
  assert.equal(pk.validate('catalog', sample).ok, true);
  const docs = {
    cart: { currency: 'CNY', store: 's1', lines: [{ id: 'l1', sku: 'TEE-1', category: 'fashion', brand: 'Uniqlo', unitPrice: 9900, quantity: 2 }] },
    profile: { id: 'u1', tier: 'gold', gender: 'male', birthday: '1990-02-14', interests: ['fashion'], spent: 123400, consents: { wechat: true } },
    event: { id: 'e-8f2c', type: 'click', time: 1761990000000, offerId: 'fashion-20', amount: 0 },
  };
  for (const [kind, doc] of Object.entries(docs)) {
    assert.equal(schemaFor(kind)(doc), true, kind);
    assert.equal(pk.validate(kind, doc).ok, true, kind);
  }
});

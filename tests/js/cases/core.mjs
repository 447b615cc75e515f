// Core API cases: validate, errors, memory diagnostics.
export default [
  {
    name: 'validate: the bad-document table gives the same code and path as C++',
    run({ pk, assert, data }) {
      assert.ok(data.badDocuments.length >= 40);
      for (const c of data.badDocuments) {
        const r = pk.validate(c.kind, c.doc);
        assert.equal(r.ok, false, c.name);
        assert.equal(r.errors[0].code, c.code, c.name);
        assert.equal(r.errors[0].path, c.path, c.name);
        assert.ok(r.errors[0].message.length > 0);
        if (c.message !== undefined) assert.equal(r.errors[0].message, c.message, c.name);
      }
    },
  },
  {
    name: 'validate: good documents, text input, all errors',
    run({ pk, assert, data }) {
      assert.deepEqual(pk.validate('catalog', data.catalogSample), { ok: true, errors: [] });
      assert.deepEqual(pk.validate('catalog', JSON.stringify(data.catalogSample)), { ok: true, errors: [] });
      assert.equal(pk.validate('catalog', { version: 1, offers: [] }).ok, true);
      const all = pk.validate('catalog', { version: -1, offers: [{ id: '' }, { reward: { type: 'x' } }] }, { all: true });
      assert.ok(all.errors.length >= 4);
      const syntax = pk.validate('cart', '{"currency": "CNY",\n "lines": [}');
      assert.equal(syntax.errors[0].code, 'PK_JSON_SYNTAX');
      assert.match(syntax.errors[0].message, /line 2, column 12/);
    },
  },
  {
    name: 'errors: PromokitError with code, number, path and position — never a bare value',
    run({ pk, assert, PromokitError, realmError }) {
      assert.throws(
        () => pk.validate('coupon', {}),
        (e) => e instanceof PromokitError && e instanceof realmError && e.code === 'PK_SCHEMA_KIND' && e.number === 208,
      );
      assert.throws(() => pk.validate('catalog'), (e) => e instanceof PromokitError && e.code === 'PK_INVALID_ARGUMENT');
      assert.ok(pk.errors.some((e) => e.name === 'PK_JSON_SYNTAX' && e.code === 100));
      assert.equal(pk.errors, pk.errors, 'the table is read once, then the same array');
      assert.ok(pk.errors.length > 50 && pk.errors.every((e) => Number.isInteger(e.code) && /^PK_[A-Z_]+$/.test(e.name) && e.meaning.length > 0));
      const deep = '['.repeat(100000) + ']'.repeat(100000);
      assert.equal(pk.validate('catalog', deep).errors[0].code, 'PK_JSON_TOO_DEEP');
    },
  },
  {
    // The sync client takes a catalog by making its snapshot without validating it first
    // (js-glue/src/sync/client.js, useCatalog): that holds while the snapshot refuses every bad
    // catalog with the error validate gives first — code, path, number and message.
    name: 'catalogSnapshot refuses a bad catalog with the error validate gives first',
    run({ pk, assert, PromokitError, data }) {
      let deep = {};
      for (let i = 0; i < 200; i++) deep = { a: deep };
      const catalogs = [
        ...data.badDocuments.filter((c) => c.kind === 'catalog').map((c) => [c.name, c.doc]),
        ...data.badDocuments.filter((c) => c.kind === 'offer').map((c) => [c.name, { version: 1, offers: [c.doc] }]),
        ['a lone surrogate (a text position)', { version: 1, offers: [{ id: 'o\ud800', reward: { type: 'percent', percent: 10 } }] }],
        ['nested too deep', { version: 1, offers: [], config: deep }],
        ['two bad offers', { version: 1, offers: [{ id: 'a', reward: { type: 'percent', percent: 150 } }, { id: '' }] }],
      ];
      assert.ok(catalogs.length > 60);
      for (const [name, doc] of catalogs) {
        const first = pk.validate('catalog', doc).errors[0];
        assert.ok(first, name);
        let err = null;
        try {
          pk.catalogSnapshot(doc);
        } catch (e) {
          err = e;
        }
        assert.ok(err instanceof PromokitError, name);
        assert.equal(err.code, first.code, name);
        assert.equal(err.path, first.path, name);
        assert.equal(err.number, pk.errors.find((e) => e.name === first.code).code, name);
        const where = err.path ? `${err.path}: ` : err.position ? `${err.position.line}:${err.position.column}: ` : '';
        assert.equal(err.message, where + first.message, name);
      }
    },
  },
  {
    name: 'loading twice returns the same instance',
    async run({ pk, mod, assert }) {
      assert.equal(await mod.loadPromokit(), pk);
    },
  },
  {
    name: 'errors: 10,000 failing calls leave the instance usable and the heap bounded',
    run({ pk, assert, PromokitError, data }) {
      const before = pk.memory();
      for (let i = 0; i < 10000; i++) {
        assert.throws(() => pk.validate('nope', {}), (e) => e instanceof PromokitError);
        const r = pk.validate('offer', { id: 'x', reward: { type: 'percent', percent: 101 + i } });
        assert.equal(r.errors[0].code, 'PK_SCHEMA_RANGE');
      }
      assert.equal(pk.validate('catalog', data.catalogSample).ok, true);
      const after = pk.memory();
      assert.ok(after.used - before.used < 64 * 1024, `heap in use grew by ${after.used - before.used} bytes`);
      assert.equal(after.heapSize, before.heapSize, 'the wasm heap grew');
    },
  },
];

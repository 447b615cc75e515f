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
    // promokit/shopper and the mini program load the shopper module, built without the admin
    // side (CMakeLists.txt, PROMOKIT_SHOPPER); everything else loads the full one.
    name: 'module: pk.module names the build; the shopper module refuses the admin side with PK_UNSUPPORTED and stays usable',
    run({ pk, assert, PromokitError, data, module }) {
      assert.equal(pk.module, module);
      const ids = data.catalogSample.offers.map((o) => o.id);
      const csv = 'customer_id,timestamp,direction,text,amount\nc1,2025-06-01 10:00,in,order paid,150000\n';
      const options = { now: '2025-06-30T00:00:00Z' };
      const report = module === 'full' ? pk.analytics.segment(csv, options) : { summary: {}, currency: 'CNY' };
      const events = [
        { id: 'e1', type: 'view', offerId: ids[0], time: 1767542400000, customerId: 'u1' },
        { id: 'e2', type: 'click', offerId: ids[0], time: 1767542400001, customerId: 'u1' },
      ];
      const admin = [
        ['pk.analytics.segment / createAnalyzer', () => pk.analytics.segment(csv, options).customers.length],
        ['pk.analytics.segment / createAnalyzer', () => pk.analytics.createAnalyzer(options).dispose()],
        ['pk.analytics.export', () => pk.analytics.export(report, 'csv').length],
        ['pk.analytics.generateDemo', () => pk.analytics.generateDemo({ customers: 10 }).csv.length],
        ['pk.createProfileSet', () => pk.createProfileSet([{ id: 'u1', tier: 'gold' }]).dispose()],
        ['pk.ranking.train', () => pk.ranking.train({ catalog: data.catalogSample, events }).model.bias],
        ['pk.ranking.autoTags', () => pk.ranking.autoTags({ [ids[0]]: { impressions: 1000, clicks: 100, claims: 10, redemptions: 5 } }).ctrBaseline],
      ];
      for (const [what, fn] of admin) {
        if (module === 'full') {
          fn(); // works: no PK_UNSUPPORTED
          continue;
        }
        assert.throws(fn, (e) => {
          assert.ok(e instanceof PromokitError, `${what}: ${e}`);
          assert.equal(e.code, 'PK_UNSUPPORTED');
          assert.equal(e.number, 5);
          assert.equal(e.message.startsWith(`${what} is not in the shopper module`), true, e.message);
          return true;
        });
      }
      // What a shopper's client calls is there in both, and works after the refusals.
      assert.equal(pk.analytics.assignArm('exp', 'u1', [1, 1]), pk.analytics.assignArm('exp', 'u1', [1, 1]));
      const engine = pk.createEngine(data.catalogSample, { now: 1767542400000 });
      assert.ok(engine.offers().length > 0);
      assert.equal(engine.recommend({ limit: 3 }).length > 0, true);
      engine.dispose();
      const key = pk.tokens.generateKey(new Uint8Array(32).fill(7));
      const payload = { offerId: ids[0], claimId: 'c1', customerId: 'u1', expiry: 1767542400000 + 60000, nonce: 'n1' };
      assert.deepEqual(pk.tokens.verify(pk.tokens.sign(payload, key), pk.tokens.verifyKeyFor(key), { now: 1767542400000 }), payload);
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

// The module APIs in every realm (their full suites are tests/js/<module>.test.mjs, in Node):
// a smoke of rules, voucher codes and analytics, enough to show each loads and works through
// this build.
export default [
  {
    // Node and browsers pass the CSV and the report through the scratch buffer (TextEncoder /
    // TextDecoder); WeChat has neither and passes Embind strings: the same answers either way.
    name: 'analytics: a CSV as text, as bytes and in chunks gives the same report, UTF-8 intact',
    full: true,
    run({ pk, assert, PromokitError }) {
      const csv =
        'customer_id,timestamp,direction,text,amount,name\n' +
        '+255700000001,2025-06-01 10:00,in,"Habari, nimelipa TZS 150,000",,Amani Mushi\n' +
        '+255700000002,2025-06-02 11:00,in,\u6211\u8981\u6295\u8bc9 \u9000\u6b3e,,\u738b\u82b3\n' +
        '+255700000003,2025-03-01 09:00,in,Hello do you do nails?,,"Zoë ""Z"" Kim"\n';
      const options = { now: '2025-06-30T00:00:00Z' };
      const report = pk.analytics.segment(csv, options);
      const names = Object.fromEntries(report.customers.map((c) => [c.id, c.name]));
      assert.deepEqual(names, { '+255700000001': 'Amani Mushi', '+255700000002': '\u738b\u82b3', '+255700000003': 'Zo\u00eb "Z" Kim' });
      const count = (id) => report.segments.find((s) => s.id === id).count;
      assert.equal(count('high_value'), 1);
      assert.equal(count('complaint'), 1);
      assert.equal(count('inactive'), 1);
      const bytes = new TextEncoder().encode(csv);  // this (the test's) realm's bytes
      assert.deepEqual(pk.analytics.segment(bytes, options), report);
      const a = pk.analytics.createAnalyzer(options);
      for (let i = 0; i < bytes.length; i += 7) a.feed(bytes.subarray(i, i + 7));
      assert.deepEqual(a.finish(), report);
      a.dispose();
      assert.throws(() => pk.analytics.segment(csv, { thresholds: { loyalLoyalty: 3 } }), (e) => e instanceof PromokitError && e.code === 'PK_ANALYTICS_OPTION');
      assert.deepEqual(pk.analytics.segment(csv, options), report);
    },
  },
  {
    // Node and browsers pass a catalog's JSON text through the scratch buffer (TextEncoder);
    // WeChat passes an Embind string: the same engine and the same faults either way.
    name: 'engine: a catalog crosses intact as an object or as text (UTF-8, surrogate pairs), a fault at its line and column',
    run({ pk, assert, PromokitError }) {
      const title = { en: 'Spring \u{1F338} sale', zh: '\u6ee1100\u51cf20 \u{1F389}' };
      const catalog = { version: 1, currency: 'CNY', offers: [{ id: 'o\u00e9', title, reward: { type: 'percent', percent: 10 } }] };
      const now = 1767542400000;
      for (const input of [catalog, JSON.stringify(catalog, null, 2)]) {
        const engine = pk.createEngine(input, { now, locale: 'zh' });
        assert.deepEqual(engine.offers().map((c) => [c.offerId, c.title]), [['o\u00e9', title.zh]]);
        engine.dispose();
      }
      const fault = (text) => {
        try {
          pk.createEngine(text, { now });
        } catch (err) {
          assert.ok(err instanceof PromokitError, `not a PromokitError: ${err}`);
          return err;
        }
        assert.ok(false, 'expected an error');
      };
      const a = fault('{"version": 1,\n  "offers": [}');
      assert.equal(a.code, 'PK_JSON_SYNTAX');
      assert.deepEqual(a.position, { line: 2, column: 14, offset: 28, token: '}' });
      const b = fault('{"version": 1, "offers": [{"id": "\u00e9\u00e9", "reward": {"type": "percent", "percent": 10}, "x": tru}]}');
      assert.match(b.message, /^1:94: invalid JSON at line 1, column 94: .*invalid literal/);
      // The engine made after the faults works: nothing was left in the buffer.
      const engine = pk.createEngine(catalog, { now, locale: 'en' });
      assert.equal(engine.offers()[0].title, title.en);
      engine.dispose();
    },
  },
  {
    // Bytes cross the scratch buffer everywhere (no TextEncoder needed): WeChat too.
    name: 'engine: a catalog snapshot gives the engine the catalog gives; damaged bytes are PK_JSON_SNAPSHOT',
    run({ pk, assert, PromokitError }) {
      const title = { en: 'Spring \u{1F338} sale', zh: '\u6ee1100\u51cf20' };
      const catalog = {
        version: 4,
        currency: 'CNY',
        offers: [
          { id: 'a', title, reward: { type: 'percent', percent: 12.5 }, targeting: 'tier == "gold"', tags: ['x'] },
          { id: 'b', title: 'Free gift', reward: { type: 'free_gift', sku: 'G1' }, conditions: { minSpend: 5000 } },
        ],
      };
      const now = 1767542400000;
      const snapshot = pk.catalogSnapshot(catalog);
      assert.equal(Object.prototype.toString.call(snapshot), '[object Uint8Array]');
      assert.equal(String.fromCharCode(...snapshot.subarray(0, 4)), 'PKT1');
      assert.deepEqual(pk.catalogSnapshot(JSON.stringify(catalog)), snapshot);
      const view = (engine) => {
        engine.setProfile({ id: 'u1', tier: 'gold' });
        const out = engine.offers().map((o) => [o.offerId, o.title]);
        engine.dispose();
        return out;
      };
      const expected = view(pk.createEngine(catalog, { now, locale: 'zh' }));
      assert.equal(expected.length, 2);
      assert.deepEqual(view(pk.createEngine(snapshot, { now, locale: 'zh' })), expected);
      const r = pk.ranking.createRecommender(snapshot);
      assert.equal(r.recommend({ now, limit: 5 }).length, 2);
      r.dispose();
      const fault = (f) => {
        try {
          f();
        } catch (err) {
          assert.ok(err instanceof PromokitError, `not a PromokitError: ${err}`);
          return err;
        }
        assert.ok(false, 'expected an error');
      };
      // A bad catalog has no snapshot: its own error, as createEngine gives it.
      const bad = fault(() => pk.catalogSnapshot({ version: 1, offers: [{ id: 'x', reward: { type: 'percent', percent: 500 } }] }));
      assert.equal(bad.code, 'PK_SCHEMA_RANGE');
      assert.equal(bad.path, 'offers[0].reward.percent');
      const damaged = snapshot.slice();
      damaged[20] ^= 0xff;
      assert.equal(fault(() => pk.createEngine(damaged, { now })).code, 'PK_JSON_SNAPSHOT');
      assert.equal(fault(() => pk.createEngine(snapshot.subarray(0, 40), { now })).code, 'PK_JSON_SNAPSHOT');
      assert.equal(fault(() => pk.catalogSnapshot(snapshot)).code, 'PK_INVALID_ARGUMENT');
      // Nothing was left behind: the snapshot still makes the same engine.
      assert.deepEqual(view(pk.createEngine(snapshot, { now, locale: 'zh' })), expected);
    },
  },
  {
    name: 'rules: text and JsonLogic compile, evaluate and round-trip',
    run({ pk, assert, PromokitError }) {
      const rule = pk.compileRule('tier == "gold" and "fashion" in interests');
      assert.equal(rule.matches({ tier: 'gold', interests: ['fashion'] }), true);
      assert.equal(rule.matches({ tier: 'silver', interests: ['fashion'] }), false);
      assert.equal(pk.compileRule(rule.toJsonLogic()).toText(), rule.toText());
      assert.equal(pk.jsonLogic.apply({ '+': [1, { var: 'a' }] }, { a: 2 }), 3);
      rule.dispose();
      assert.throws(() => pk.compileRule('tier =='), (e) => e instanceof PromokitError && e.code === 'PK_RULE_SYNTAX');
    },
  },
  {
    name: 'rules: a rule counts and matches over a profile set',
    full: true,
    run({ pk, assert }) {
      const rule = pk.compileRule('tier == "gold" and "fashion" in interests');
      const set = pk.createProfileSet([
        { id: 'u1', tier: 'gold', interests: ['fashion'] },
        { id: 'u2', tier: 'gold', interests: ['food'] },
        { id: 'u3', tier: 'silver', interests: ['fashion'] },
      ]);
      assert.equal(set.count(rule), 1);
      assert.deepEqual(set.match('tier == "gold"'), ['u1', 'u2']);
      set.dispose();
      rule.dispose();
    },
  },
  {
    name: 'codes: generated codes verify, a typo does not',
    run({ pk, assert }) {
      const key = 'a-campaign-secret-of-the-test';
      const codes = pk.codes.generate({ key, count: 5 });
      assert.equal(new Set(codes).size, 5);
      for (const c of codes) assert.equal(pk.codes.verify(c, { key }), true, c);
      const last = codes[0].slice(-1);
      const typo = codes[0].slice(0, -1) + (last === 'A' ? 'B' : 'A');
      assert.equal(pk.codes.verify(typo, { key }), false);
    },
  },
];

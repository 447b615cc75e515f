// The module APIs in every realm (their full suites are tests/js/<module>.test.mjs, in Node):
// a smoke of rules, voucher codes and analytics, enough to show each loads and works through
// this build.
export default [
  {
    // Node and browsers pass the CSV and the report through the scratch buffer (TextEncoder /
    // TextDecoder); WeChat has neither and passes Embind strings: the same answers either way.
    name: 'analytics: a CSV as text, as bytes and in chunks gives the same report, UTF-8 intact',
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
    name: 'rules: text and JsonLogic compile, evaluate, round-trip and count over a profile set',
    run({ pk, assert, PromokitError }) {
      const rule = pk.compileRule('tier == "gold" and "fashion" in interests');
      assert.equal(rule.matches({ tier: 'gold', interests: ['fashion'] }), true);
      assert.equal(rule.matches({ tier: 'silver', interests: ['fashion'] }), false);
      assert.equal(pk.compileRule(rule.toJsonLogic()).toText(), rule.toText());
      assert.equal(pk.jsonLogic.apply({ '+': [1, { var: 'a' }] }, { a: 2 }), 3);
      const set = pk.createProfileSet([
        { id: 'u1', tier: 'gold', interests: ['fashion'] },
        { id: 'u2', tier: 'gold', interests: ['food'] },
        { id: 'u3', tier: 'silver', interests: ['fashion'] },
      ]);
      assert.equal(set.count(rule), 1);
      assert.deepEqual(set.match('tier == "gold"'), ['u1', 'u2']);
      set.dispose();
      rule.dispose();
      assert.throws(() => pk.compileRule('tier =='), (e) => e instanceof PromokitError && e.code === 'PK_RULE_SYNTAX');
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

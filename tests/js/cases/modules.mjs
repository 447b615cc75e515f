// The module APIs in every realm (their full suites are tests/js/<module>.test.mjs, in Node):
// a smoke of rules and voucher codes, enough to show each loads and works through this build.
export default [
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

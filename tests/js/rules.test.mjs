// pk.jsonLogic, pk.compileRule and pk.createProfileSet through the built package: the official
// suite, a seeded differential test against json-logic-js (10,000 cases here; 100,000 in
// bench/rules/differential.mjs), the text syntax, errors, and ProfileSet against per-profile
// evaluation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import jsonLogic from 'json-logic-js';
import { pk, PromokitError, root } from './load-dist.mjs';
import { differential, rng, sameResult } from '../../bench/rules/generate.mjs';
import { makeProfiles, TARGETING_RULES } from '../../bench/rules/workload.mjs';

const suite = JSON.parse(readFileSync(join(root, 'tests', 'data', 'jsonlogic-tests.json'), 'utf8')).filter((t) => typeof t !== 'string');

function errorOf(fn) {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof PromokitError, `not a PromokitError: ${err}`);
    return err;
  }
  assert.fail('expected an error');
}

test('jsonLogic.apply passes the official suite 277/277', () => {
  assert.equal(suite.length, 277);
  let passed = 0;
  for (const [rule, data, expected] of suite) {
    const got = pk.jsonLogic.apply(rule, data);
    if (sameResult(got, expected)) passed++;
    else assert.fail(`${JSON.stringify(rule)} on ${JSON.stringify(data)}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}`);
  }
  assert.equal(passed, 277);
});

test('jsonLogic.apply equals json-logic-js on 10,000 seeded random rules and documents', () => {
  const res = differential((r, d) => jsonLogic.apply(r, d), (r, d) => pk.jsonLogic.apply(r, d), { seed: 20260301, count: 10000 });
  assert.equal(res.total, 10000);
  const shown = res.mismatches.filter(Boolean).map((m) => `${JSON.stringify(m.rule)} on ${JSON.stringify(m.data)}: js ${String(m.a)}, pk ${String(m.b)}`);
  assert.deepEqual(shown, []);
  assert.equal(res.mismatches.length, 0);
});

test('jsonLogic.apply gives JavaScript values: NaN, -0, Infinity, undefined', () => {
  assert.ok(Number.isNaN(pk.jsonLogic.apply({ '+': ['x'] }, {})));
  assert.ok(Object.is(pk.jsonLogic.apply({ '-': [0] }, {}), -0));
  assert.equal(pk.jsonLogic.apply({ '/': [1, 0] }, {}), Infinity);
  assert.equal(pk.jsonLogic.apply({ and: [] }, {}), undefined);
  assert.deepEqual(pk.jsonLogic.apply({ merge: [1, { and: [] }] }, {}), [1, undefined]);
  assert.equal(pk.jsonLogic.apply('apple', {}), 'apple');  // strings are literals here, as in json-logic-js
  assert.equal(pk.jsonLogic.truthy([]), false);
  assert.equal(pk.jsonLogic.truthy('0'), true);
});

test('compileRule: text and JsonLogic give the same program; toText/toJsonLogic round-trip', () => {
  const text = 'tier == "gold" and gender == "male" and "fashion" in interests';
  const a = pk.compileRule(text);
  const b = pk.compileRule({ and: [{ '==': [{ var: 'tier' }, 'gold'] }, { '==': [{ var: 'gender' }, 'male'] }, { in: ['fashion', { var: 'interests' }] }] });
  assert.deepEqual(a.toJsonLogic(), b.toJsonLogic());
  assert.equal(b.toText(), text);
  assert.equal(a.evaluate({ tier: 'gold', gender: 'male', interests: ['fashion'] }), true);
  assert.equal(a.matches({ tier: 'gold', gender: 'male', interests: [] }), false);
  for (const [rule] of suite) {
    const r = pk.compileRule(rule, { fields: null });
    if (typeof rule === 'string') continue;  // compileRule reads a string as text
    const back = pk.compileRule(r.toText(), { fields: null });
    assert.deepEqual(back.toJsonLogic(), r.toJsonLogic(), r.toText());
    back.dispose();
    r.dispose();
  }
  a.dispose();
  b.dispose();
  assert.equal(errorOf(() => a.toText()).code, 'PK_DISPOSED');
});

test('compileRule: errors carry code, position, token, caret snippet and a suggestion', () => {
  const e = errorOf(() => pk.compileRule('tier == "gold" and\n  interest == 1'));
  assert.equal(e.code, 'PK_RULE_UNKNOWN_FIELD');
  assert.deepEqual({ line: e.position.line, column: e.position.column, token: e.position.token }, { line: 2, column: 3, token: 'interest' });
  assert.match(e.message, /did you mean 'interests'\?/);
  assert.match(e.message, /\n {4}interest == 1\n {4}\^{8}/);
  assert.equal(errorOf(() => pk.compileRule('days_snce(lastActiveAt) > 3')).code, 'PK_RULE_UNKNOWN_OPERATOR');
  assert.equal(errorOf(() => pk.compileRule({ bogus: [1] })).code, 'PK_RULE_UNKNOWN_OPERATOR');
  assert.equal(errorOf(() => pk.compileRule('segment("nope")')).code, 'PK_RULE_UNKNOWN_SEGMENT');
  assert.equal(errorOf(() => pk.compileRule('segment("a")', { segments: { a: 'segment("b")', b: { segment: 'a' } } })).code, 'PK_RULE_SEGMENT_CYCLE');
  // After an error the instance keeps working.
  assert.equal(pk.compileRule('1 < 2').evaluate({}), true);
});

test('100,000-deep rules and data fail with a clear error, never a crash', () => {
  let deep = {};
  let cur = deep;
  for (let i = 0; i < 100000; i++) {
    cur['!'] = [{}];
    cur = cur['!'][0];
  }
  assert.equal(errorOf(() => pk.compileRule(deep)).code, 'PK_RULE_TOO_DEEP');
  assert.equal(errorOf(() => pk.jsonLogic.apply(deep, {})).code, 'PK_RULE_TOO_DEEP');
  assert.equal(errorOf(() => pk.compileRule('('.repeat(100000) + '1' + ')'.repeat(100000))).code, 'PK_RULE_TOO_DEEP');
  const text = '{"!":['.repeat(100000) + 'true' + ']}'.repeat(100000);
  assert.equal(errorOf(() => pk.compileRule(JSON.parse(text.slice(0, 6 * 2000) + 'true' + ']}'.repeat(2000)))).code, 'PK_RULE_TOO_DEEP');
  let data = [];
  for (let i = 0; i < 100000; i++) data = [data];
  const e = errorOf(() => pk.compileRule('it').evaluate(data));
  assert.ok(['PK_RULE_TOO_DEEP', 'PK_JSON_TOO_DEEP'].includes(e.code), e.code);
});

test('domain operators through JS: now and zone options', () => {
  const now = Date.UTC(2026, 2, 2, 12, 0);  // Monday 12:00 UTC
  const lunch = pk.compileRule('daypart("11:00-14:00", "mon-fri")');
  assert.equal(lunch.evaluate({}, { now, zone: 'UTC' }), true);
  assert.equal(lunch.evaluate({}, { now, zone: 'Asia/Shanghai' }), false);  // 20:00 there
  assert.equal(lunch.evaluate({ zone: 'Europe/London' }, { now }), true);
  const inactive = pk.compileRule('segment("inactive")', { thresholds: { inactiveDays: 10 } });
  assert.equal(inactive.evaluate({ lastActiveAt: now - 10 * 86400000 }, { now }), true);
  assert.equal(pk.compileRule({ sem_ver: [{ var: 'app' }, '>=', '2.1.0'] }).evaluate({ app: 'v2.10.0' }), true);
});

test('ProfileSet: count and match equal per-profile evaluate', () => {
  const profiles = makeProfiles(2000, 7);
  const set = pk.createProfileSet(profiles);
  assert.equal(set.size, 2000);
  const now = Date.UTC(2026, 2, 2);
  // The workload's rules, and the scan's other column-wise forms: a mirrored comparison, !=,
  // all/none over a list, a string no list holds, a constant bound on one side.
  const more = ['100000 <= spent', 'gender != "male"', 'all(interests, it == "food")', 'none(interests, it == "kids")',
    '"gold" in interests', '18 < 30 < age', 'not (tier == "gold" or orders > 30)'];
  for (const text of [...TARGETING_RULES.map((r) => r.text), ...more]) {
    const rule = pk.compileRule(text, { fields: null });  // the workload has an age field
    const expected = profiles.filter((p) => rule.matches(p, { now })).map((p) => p.id);
    assert.equal(set.count(rule, { now }), expected.length, text);
    assert.deepEqual(set.match(rule, { now }), expected, text);
    assert.deepEqual(set.match(rule, { limit: 3, now }), expected.slice(0, 3), text);
    rule.dispose();
  }
  assert.equal(set.count('tier == "gold"'), profiles.filter((p) => p.tier === 'gold').length);
  const r = rng(3);
  assert.ok(r.next() < 1);
  set.dispose();
  assert.equal(errorOf(() => set.count('true')).code, 'PK_DISPOSED');
  assert.equal(errorOf(() => pk.createProfileSet([1])).code, 'PK_INVALID_ARGUMENT');
});

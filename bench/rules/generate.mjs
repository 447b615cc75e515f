// Seeded generators shared by the differential test (tests/js/rules.test.mjs,
// bench/rules/differential.mjs) and the benchmark (bench/rules/run.mjs).

// mulberry32: a small, fast, seedable PRNG.
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  const pick = (list) => list[int(list.length)];
  const chance = (p) => next() < p;
  return { next, int, pick, chance };
}

// ---- random JsonLogic rules and data (mixed types, nested) for the differential test ----

const STRINGS = ['', '0', '1', '2', '10', 'abc', 'a', 'b', 'a.b', ' 5 ', '1e3', '0x1F', 'true', 'null', '中文', 'a,b', '-1', 'apple'];
const NUMBERS = [0, 1, 2, 3, -1, -2, 10, 0.5, -1.5, 2.25, 1e21, 100, 7];
const KEYS = ['a', 'b', 'c', 'x', 'list', 'n', 's', '0', '1'];
const PATHS = ['a', 'b', 'c', 'x', 'list', 'n', 's', 'a.b', 'a.0', 'list.1', 'list.length', 's.length', 'x.a', '', 'nope', '1', 0, 1];
const OPS = ['==', '===', '!=', '!==', '<', '<=', '>', '>=', '!', '!!', 'and', 'or', 'if', '?:', '+', '-', '*', '/', '%', 'min', 'max',
  'cat', 'substr', 'in', 'merge', 'var', 'missing', 'missing_some', 'map', 'filter', 'reduce', 'all', 'none', 'some'];

export function randomData(r, depth = 0) {
  const k = r.int(depth > 2 ? 6 : 9);
  switch (k) {
    case 0: return null;
    case 1: return r.chance(0.5);
    case 2: case 3: return r.pick(NUMBERS);
    case 4: case 5: return r.pick(STRINGS);
    case 6: case 7: {
      const a = [];
      for (let i = r.int(4); i > 0; i--) a.push(randomData(r, depth + 1));
      return a;
    }
    default: {
      const o = {};
      for (let i = r.int(4); i > 0; i--) o[r.pick(KEYS)] = randomData(r, depth + 1);
      return o;
    }
  }
}

export function randomDocument(r) {
  const o = {};
  for (const key of KEYS) if (r.chance(0.7)) o[key] = randomData(r, 1);
  if (r.chance(0.5)) o.list = [r.pick(NUMBERS), r.pick(STRINGS), r.pick(NUMBERS)];
  return o;
}

function literal(r) {
  const v = randomData(r, 2);
  // A one-key object literal would be read as an operator.
  if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1) return {};
  return v;
}

function varRule(r) {
  if (r.chance(0.15)) return { var: [r.pick(PATHS), literal(r)] };
  return { var: r.pick(PATHS) };
}

export function randomRule(r, depth = 0) {
  if (depth > 3 || r.chance(0.25)) return r.chance(0.55) ? varRule(r) : literal(r);
  const op = r.pick(OPS);
  const arg = () => randomRule(r, depth + 1);
  switch (op) {
    case 'var': return varRule(r);
    case 'missing': return { missing: r.chance(0.5) ? [r.pick(PATHS), r.pick(PATHS)] : [[r.pick(PATHS), r.pick(PATHS)]] };
    case 'missing_some': return { missing_some: [r.int(3), [r.pick(PATHS), r.pick(PATHS), r.pick(PATHS)]] };
    case 'map': case 'filter': case 'all': case 'none': case 'some': {
      const src = r.chance(0.7) ? { var: r.pick(['list', 'a', 'b', 'x', 's']) } : [arg(), arg()];
      return { [op]: [src, arg()] };
    }
    case 'reduce': return { reduce: [{ var: r.pick(['list', 'a', 'b']) }, { [r.pick(['+', '*', 'cat', 'max'])]: [{ var: 'current' }, { var: 'accumulator' }] }, literal(r)] };
    case 'substr': return { substr: [arg(), r.pick([0, 1, -1, -2, 2, 5, '1', null]), ...(r.chance(0.6) ? [r.pick([0, 1, 2, -1, -3, 10, '-1'])] : [])] };
    default: {
      const n = r.chance(0.1) ? 0 : 1 + r.int(op === 'if' || op === '?:' ? 5 : 3);
      const args = [];
      for (let i = 0; i < n; i++) args.push(arg());
      return { [op]: r.chance(0.1) && n === 1 && !Array.isArray(args[0]) ? args[0] : args };
    }
  }
}

// Compares results as values, with Object.is for numbers (NaN, -0) and deep equality.
export function sameResult(a, b) {
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameResult(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a).sort(), kb = Object.keys(b).sort();
    return sameResult(ka, kb) && ka.every((k) => sameResult(a[k], b[k]));
  }
  return a === b;
}

// Runs `count` random cases through both apply functions; returns { mismatches: [...], threw }.
export function differential(applyA, applyB, { seed = 1, count = 10000, keep = 5 } = {}) {
  const r = rng(seed);
  const mismatches = [];
  let threw = 0;
  let total = 0;
  for (let i = 0; i < count; i++) {
    const rule = randomRule(r);
    const data = randomDocument(r);
    let a, b, ea = null, eb = null;
    try { a = applyA(rule, data); } catch (e) { ea = e; }
    try { b = applyB(rule, data); } catch (e) { eb = e; }
    total++;
    if (ea || eb) {
      if (ea && eb) threw++;
      else if (mismatches.length < keep) mismatches.push({ rule, data, a: ea ? `threw ${ea.message}` : a, b: eb ? `threw ${eb.message}` : b });
      else mismatches.push(null);
      continue;
    }
    if (!sameResult(a, b)) mismatches.push(mismatches.length < keep ? { rule, data, a, b } : null);
  }
  return { total, threw, mismatches };
}

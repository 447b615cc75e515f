// A small assert that works in every realm the API cases run in (Node, the mini program
// simulator's vm context, Chromium): deepEqual compares structure, not prototypes, since values
// made inside another realm never share Object.prototype with the test's.
function fail(message, actual, expected) {
  const err = new Error(message + (arguments.length > 1 ? `\n  actual:   ${show(actual)}\n  expected: ${show(expected)}` : ''));
  err.name = 'AssertionError';
  throw err;
}
function show(v) {
  try {
    return typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v, (k, x) => (typeof x === 'bigint' ? `${x}n` : x))?.slice(0, 400) ?? String(v);
  } catch {
    return String(v);
  }
}
function same(a, b) {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && same(a[k], b[k]));
}

export const assert = {
  ok(value, message = 'expected a truthy value') {
    if (!value) fail(message, value, true);
  },
  equal(actual, expected, message = 'values differ') {
    if (!Object.is(actual, expected)) fail(message, actual, expected);
  },
  notEqual(actual, expected, message = 'values are equal') {
    if (Object.is(actual, expected)) fail(message, actual, expected);
  },
  deepEqual(actual, expected, message = 'structures differ') {
    if (!same(actual, expected)) fail(message, actual, expected);
  },
  match(text, re, message = `does not match ${re}`) {
    if (typeof text !== 'string' || !re.test(text)) fail(message, text, String(re));
  },
  throws(fn, check, message = 'expected an exception') {
    try {
      fn();
    } catch (err) {
      if (check && !check(err)) fail(`${message}: the exception failed the check`, err && `${err.name}: ${err.message} (${err.code})`, 'a passing check');
      return err;
    }
    return fail(message);
  },
  async rejects(promiseOrFn, check, message = 'expected a rejection') {
    try {
      await (typeof promiseOrFn === 'function' ? promiseOrFn() : promiseOrFn);
    } catch (err) {
      if (check && !check(err)) fail(`${message}: the error failed the check`, err && `${err.name}: ${err.message} (${err.code})`, 'a passing check');
      return err;
    }
    return fail(message);
  },
};

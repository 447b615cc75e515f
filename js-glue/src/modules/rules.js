// pk.jsonLogic.apply (a drop-in for json-logic-js apply), pk.compileRule (JsonLogic or the text
// syntax → a compiled rule) and pk.createProfileSet (profiles held column-wise inside wasm) over
// sdk/bindings/bind_rules.cpp. docs/rules.md describes the language.

export function install(pk, native, { call, invoke, NativeObject, PromokitError }) {
  // JSON.stringify recurses: a hostile 100,000-deep document overflows the JS stack before the
  // core sees it. Report that as the core would.
  const serialize = (value, what) => {
    try {
      const text = JSON.stringify(value === undefined ? null : value);
      return text === undefined ? 'null' : text;
    } catch (err) {
      if (err instanceof RangeError) {
        throw new PromokitError('PK_RULE_TOO_DEEP', `the ${what} nests too deep to be read`, { number: 304 });
      }
      throw new PromokitError('PK_INVALID_ARGUMENT', `the ${what} cannot be turned into JSON: ${err.message}`, { number: 2 });
    }
  };
  const optionsText = (o) => (o === undefined ? '' : serialize(o, 'options'));
  const clock = (now) => (now === undefined ? Date.now() : Number(now));

  class CompiledRule extends NativeObject {
    // evaluate(data, { now, zone }) → exactly what json-logic-js apply(rule, data) returns.
    evaluate(data, { now, zone = '' } = {}) {
      return invoke(this._native, 'evaluate', serialize(data, 'data'), clock(now), String(zone));
    }
    // The truthiness of evaluate() (JsonLogic truthiness: [] is false).
    matches(data, { now, zone = '' } = {}) {
      return invoke(this._native, 'matches', serialize(data, 'data'), clock(now), String(zone));
    }
    toJsonLogic() {
      return JSON.parse(invoke(this._native, 'toJsonLogic'));
    }
    toText() {
      return invoke(this._native, 'toText');
    }
  }

  // options: { segments: { name: rule }, fields: [...] | null, limits: {...}, thresholds: {...} }
  const compile = (ruleOrText, options) => {
    const isText = typeof ruleOrText === 'string';
    const source = isText ? ruleOrText : serialize(ruleOrText, 'rule');
    return new CompiledRule(call(native._compileRule, source, isText, optionsText(options)));
  };
  pk.compileRule = compile;

  // json-logic-js keeps no state between calls; we keep the last compiled rules so that applying
  // one rule to many documents compiles it once.
  const cache = new Map();
  const CACHE_SIZE = 32;
  const compiledFor = (rule) => {
    const text = serialize(rule, 'rule');
    let compiled = cache.get(text);
    if (compiled) {
      cache.delete(text);
      cache.set(text, compiled);
      return compiled;
    }
    compiled = new CompiledRule(call(native._compileRule, text, false, '{"fields":null}'));
    cache.set(text, compiled);
    if (cache.size > CACHE_SIZE) {
      const [oldest, old] = cache.entries().next().value;
      cache.delete(oldest);
      old.dispose();
    }
    return compiled;
  };
  pk.jsonLogic = {
    apply(rule, data) {
      return compiledFor(rule).evaluate(data, { now: 0 });
    },
    // JsonLogic's own truthiness, as json-logic-js exports it.
    truthy(value) {
      if (Array.isArray(value) && value.length === 0) return false;
      return !!value;
    },
  };

  class ProfileSet extends NativeObject {
    get size() {
      return invoke(this._native, 'size');
    }
    memoryBytes() {
      return invoke(this._native, 'memoryBytes');
    }
    // A CompiledRule, JsonLogic or rule text (compiled for this call).
    #withRule(rule, fn) {
      if (rule instanceof CompiledRule) return fn(rule);
      const compiled = compile(rule);
      try {
        return fn(compiled);
      } finally {
        compiled.dispose();
      }
    }
    count(rule, { now, zone = '' } = {}) {
      return this.#withRule(rule, (r) => invoke(this._native, 'count', r._native, clock(now), String(zone)));
    }
    // Ids of the first `limit` matching profiles (all when no limit).
    match(rule, { limit = Infinity, now, zone = '' } = {}) {
      const n = limit === Infinity ? -1 : Number(limit);
      return JSON.parse(this.#withRule(rule, (r) => invoke(this._native, 'match', r._native, n, clock(now), String(zone))));
    }
  }
  pk.createProfileSet = (profiles) => {
    if (!Array.isArray(profiles)) {
      throw new PromokitError('PK_INVALID_ARGUMENT', 'createProfileSet(profiles): profiles must be an array', { number: 2 });
    }
    return new ProfileSet(call(native._createProfileSet, serialize(profiles, 'profiles')));
  };
}

// The promotion editor's model: an offer document (DESIGN.md §4) <-> flat form values (strings
// and booleans, as inputs hold them). Fields the form does not know are kept as they were.
import { parseMoney, minorToText, localToMs, msToLocal } from './format.js';

export const REWARD_TYPES = ['percent', 'fixed', 'free_gift', 'bogo', 'buy_x_get_y', 'bonus_points', 'points_multiplier'];
export const DAY_SETS = ['daily', 'mon-fri', 'sat,sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

const list = (s) => String(s || '').split(',').map((x) => x.trim()).filter(Boolean);
const join = (a) => (Array.isArray(a) ? a.join(', ') : '');
const str = (v) => (v === undefined || v === null ? '' : String(v));

export function emptyForm(zone = 'Asia/Shanghai') {
  return fromOffer({ id: '', reward: { type: 'percent', percent: 10 }, validity: { zone } }, zone);
}

export function fromOffer(o, defaultZone = 'Asia/Shanghai') {
  const r = o.reward || {};
  const zone = o.validity?.zone || defaultZone;
  return {
    base: o,
    id: str(o.id), titleEn: str(o.title?.en), titleZh: str(o.title?.zh), descEn: str(o.description?.en), descZh: str(o.description?.zh),
    rewardType: r.type || 'percent', percent: str(r.type === 'percent' ? r.percent : ''), target: r.target || (r.type === 'fixed' ? 'order' : 'lines'),
    per: r.per || 'order', amount: minorToText(r.amount), maxDiscount: minorToText(r.maxDiscount),
    sku: str(r.sku), quantity: str(r.quantity), buy: str(r.buy ?? 2), get: str(r.get ?? 1),
    getPercent: str(r.type === 'buy_x_get_y' ? r.percent ?? '' : ''), maxApplications: str(r.maxApplications), points: str(r.points), factor: str(r.factor),
    skus: join(o.scope?.skus), categories: join(o.scope?.categories), brands: join(o.scope?.brands),
    excludeSkus: join(o.scope?.excludeSkus), excludeCategories: join(o.scope?.excludeCategories), excludeBrands: join(o.scope?.excludeBrands),
    minSpend: minorToText(o.conditions?.minSpend ?? null), minQuantity: str(o.conditions?.minQuantity),
    firstPurchase: !!o.conditions?.firstPurchase, stores: join(o.conditions?.stores),
    limitTotal: str(o.limits?.total), limitPerCustomer: str(o.limits?.perCustomer), limitPerDay: str(o.limits?.perCustomerPerDay),
    zone, start: msToLocal(o.validity?.start, zone), end: msToLocal(o.validity?.end, zone),
    dayparts: (o.validity?.dayparts || []).map((d) => ({ days: d.days || 'daily', from: d.from || '', to: d.to || '' })),
    codeMode: o.code?.mode || 'none', codeValue: str(o.code?.value),
    group: str(o.stacking?.group), exclusive: !!o.stacking?.exclusive, priority: str(o.stacking?.priority),
    targeting: typeof o.targeting === 'string' ? o.targeting : o.targeting ? JSON.stringify(o.targeting) : '',
    tags: join(o.tags), format: o.format || 'banner', brand: str(o.brand), category: str(o.category), malls: join(o.malls),
    boost: str(o.boost), pointsCost: str(o.pointsCost), requiresClaim: !!o.requiresClaim,
  };
}

// → { offer, errors: { field: message } }. Only what the form can know is checked here; the
// core checks the rest (pk.validate and the server) and reports it by path.
export function toOffer(f) {
  const errors = {};
  const num = (field, { int = true, min = -Infinity } = {}) => {
    const s = String(f[field] ?? '').trim();
    if (s === '') return undefined;
    const n = Number(s);
    if (!Number.isFinite(n) || (int && !Number.isInteger(n)) || n < min) {
      errors[field] = int ? `a whole number${min > -Infinity ? ` ≥ ${min}` : ''}` : 'a number';
      return undefined;
    }
    return n;
  };
  const cash = (field) => {
    try {
      return parseMoney(f[field]) ?? undefined;
    } catch (e) {
      errors[field] = e.message;
      return undefined;
    }
  };
  const when = (field) => {
    try {
      return localToMs(f[field], f.zone) ?? undefined;
    } catch (e) {
      errors[field] = e.message;
      return undefined;
    }
  };
  const prune = (obj) => {
    for (const k of Object.keys(obj)) if (obj[k] === undefined || (Array.isArray(obj[k]) && obj[k].length === 0)) delete obj[k];
    return Object.keys(obj).length ? obj : undefined;
  };

  const type = f.rewardType;
  let reward = { type };
  if (type === 'percent') reward = { type, percent: num('percent', { int: false }), target: f.target, maxDiscount: cash('maxDiscount') };
  if (type === 'fixed') reward = { type, amount: cash('amount'), target: f.target, per: f.per, maxDiscount: cash('maxDiscount') };
  if (type === 'free_gift') reward = { type, sku: f.sku.trim() || undefined, quantity: num('quantity', { min: 1 }) };
  if (type === 'bogo') reward = { type, maxApplications: num('maxApplications', { min: 1 }) };
  if (type === 'buy_x_get_y')
    reward = { type, buy: num('buy', { min: 1 }), get: num('get', { min: 1 }), percent: num('getPercent', { int: false }), maxApplications: num('maxApplications', { min: 1 }) };
  if (type === 'bonus_points') reward = { type, points: num('points', { min: 1 }) };
  if (type === 'points_multiplier') reward = { type, factor: num('factor', { int: false }) };
  prune(reward);

  const title = prune({ en: f.titleEn.trim() || undefined, zh: f.titleZh.trim() || undefined });
  const description = prune({ en: f.descEn.trim() || undefined, zh: f.descZh.trim() || undefined });
  const scope = prune({ skus: list(f.skus), categories: list(f.categories), brands: list(f.brands),
    excludeSkus: list(f.excludeSkus), excludeCategories: list(f.excludeCategories), excludeBrands: list(f.excludeBrands) });
  const conditions = prune({ minSpend: cash('minSpend'), minQuantity: num('minQuantity', { min: 0 }),
    firstPurchase: f.firstPurchase || undefined, stores: list(f.stores) });
  const limits = prune({ total: num('limitTotal', { min: 1 }), perCustomer: num('limitPerCustomer', { min: 1 }), perCustomerPerDay: num('limitPerDay', { min: 1 }) });
  f.dayparts.forEach((d, i) => {
    if (!/^\d{2}:\d{2}$/.test(d.from) || !/^\d{2}:\d{2}$/.test(d.to)) errors[`daypart${i}`] = 'times are HH:MM';
  });
  const validity = prune({ start: when('start'), end: when('end'), zone: f.zone, dayparts: f.dayparts.map((d) => ({ ...d })) });
  if (validity && validity.start !== undefined && validity.end !== undefined && validity.end <= validity.start) errors.end = 'must be after the start';
  const code = f.codeMode === 'shared' ? { mode: 'shared', value: f.codeValue.trim() } : { mode: f.codeMode };
  if (f.codeMode === 'shared' && !f.codeValue.trim()) errors.codeValue = 'a shared code needs its text';
  const stacking = prune({ group: f.group.trim() || undefined, exclusive: f.exclusive || undefined, priority: num('priority') });
  let targeting = f.targeting.trim() || undefined;
  if (targeting && targeting.startsWith('{')) {
    try { targeting = JSON.parse(targeting); } catch { /* text syntax after all: the compiler will say */ }
  }

  // A default the stored document did not spell out stays implicit (the core fills it in).
  const base = f.base || {};
  const implicit = (key, value, def) => (JSON.stringify(value) === JSON.stringify(def) && !(key in base) ? undefined : value);

  // Start from the stored document so unknown fields survive; replace what the form manages.
  const offer = { ...f.base };
  for (const k of ['title', 'description', 'reward', 'scope', 'conditions', 'limits', 'validity', 'code', 'stacking', 'targeting',
    'tags', 'format', 'brand', 'category', 'malls', 'boost', 'pointsCost', 'requiresClaim']) delete offer[k];
  Object.assign(offer, {
    id: f.id.trim(), title, description, reward, scope, conditions, limits, validity, code: implicit('code', code, { mode: 'none' }), stacking, targeting,
    tags: list(f.tags), format: implicit('format', f.format, 'banner'), brand: f.brand.trim() || undefined, category: f.category.trim() || undefined,
    malls: list(f.malls), boost: num('boost'), pointsCost: num('pointsCost', { min: 0 }), requiresClaim: implicit('requiresClaim', f.requiresClaim, false),
  });
  if (!offer.id) errors.id = 'an id is required';
  prune(offer);
  return { offer, errors };
}

// A core error path ('offers[2].reward.percent', 'reward.percent') → the form field showing it.
const FIELDS = [
  ['reward.percent', (f) => (f.rewardType === 'buy_x_get_y' ? 'getPercent' : 'percent')], ['reward.amount', 'amount'],
  ['reward.maxDiscount', 'maxDiscount'], ['reward.sku', 'sku'], ['reward.quantity', 'quantity'], ['reward.buy', 'buy'],
  ['reward.get', 'get'], ['reward.maxApplications', 'maxApplications'], ['reward.points', 'points'], ['reward.factor', 'factor'],
  ['reward.target', 'target'], ['reward.per', 'per'], ['reward', 'rewardType'],
  ['scope.skus', 'skus'], ['scope.categories', 'categories'], ['scope.brands', 'brands'], ['scope.excludeSkus', 'excludeSkus'],
  ['scope.excludeCategories', 'excludeCategories'], ['scope.excludeBrands', 'excludeBrands'],
  ['conditions.minSpend', 'minSpend'], ['conditions.minQuantity', 'minQuantity'], ['conditions.stores', 'stores'],
  ['limits.total', 'limitTotal'], ['limits.perCustomer', 'limitPerCustomer'], ['limits.perCustomerPerDay', 'limitPerDay'],
  ['validity.start', 'start'], ['validity.end', 'end'], ['validity.zone', 'zone'], ['validity.dayparts', 'dayparts'],
  ['code', 'codeValue'], ['stacking.priority', 'priority'], ['stacking.group', 'group'], ['targeting', 'targeting'],
  ['title', 'titleEn'], ['id', 'id'], ['tags', 'tags'], ['malls', 'malls'], ['boost', 'boost'], ['pointsCost', 'pointsCost'],
];
export function fieldForPath(path, form) {
  const p = String(path || '').replace(/^offers\[\d+\]\.?/, '');
  for (const [prefix, field] of FIELDS) {
    if (p === prefix || p.startsWith(prefix + '.') || p.startsWith(prefix + '[')) return typeof field === 'function' ? field(form) : field;
  }
  return null;
}

// The targeting benchmark workload (issue 3): 8 typical rules and seeded generated profiles.
// Each rule comes as text (promokit), JsonLogic (json-logic-js, json-logic-engine, promokit)
// and a hand-written JS closure, all meaning the same thing.
import { rng } from './generate.mjs';

export const NOW = Date.UTC(2026, 2, 2);  // the benchmark's clock
const DAY = 86400000;
const CUTOFF_90_DAYS = NOW - 90 * DAY;

const TAGS = ['fashion', 'food', 'kids', 'sports', 'beauty', 'electronics', 'home', 'travel', 'books', 'pets'];
const TIERS = ['bronze', 'silver', 'gold', 'platinum'];

export function makeProfiles(n, seed = 1) {
  const r = rng(seed);
  const out = [];
  for (let i = 0; i < n; i++) {
    const interests = [];
    for (let k = r.int(5); k > 0; k--) {
      const t = r.pick(TAGS);
      if (!interests.includes(t)) interests.push(t);
    }
    out.push({
      id: `u${i}`,
      tier: TIERS[Math.min(3, Math.floor(r.next() * r.next() * 5))],
      gender: r.chance(0.5) ? 'male' : 'female',
      age: 16 + r.int(60),
      interests,
      mall: `m${r.int(10)}`,
      spent: Math.floor(r.next() * r.next() * 300000),
      orders: r.int(40),
      lastActiveAt: NOW - r.int(365) * DAY,
      registeredAt: NOW - r.int(1500) * DAY,
      consents: { wechat: r.chance(0.7), email: r.chance(0.4) },
    });
  }
  return out;
}

export const TARGETING_RULES = [
  {
    name: 'tier+gender+interest',
    text: 'tier == "gold" and gender == "male" and "fashion" in interests',
    logic: { and: [{ '==': [{ var: 'tier' }, 'gold'] }, { '==': [{ var: 'gender' }, 'male'] }, { in: ['fashion', { var: 'interests' }] }] },
    js: (p) => p.tier === 'gold' && p.gender === 'male' && p.interests.includes('fashion'),
  },
  {
    name: 'spend threshold',
    text: 'spent >= 100000',
    logic: { '>=': [{ var: 'spent' }, 100000] },
    js: (p) => p.spent >= 100000,
  },
  {
    name: 'recency (inactive 90 days)',
    text: `lastActiveAt <= ${CUTOFF_90_DAYS}`,
    logic: { '<=': [{ var: 'lastActiveAt' }, CUTOFF_90_DAYS] },
    js: (p) => p.lastActiveAt <= CUTOFF_90_DAYS,
  },
  {
    name: 'age range',
    text: '18 <= age <= 35',
    logic: { '<=': [18, { var: 'age' }, 35] },
    js: (p) => 18 <= p.age && p.age <= 35,
  },
  {
    name: 'mall list',
    text: 'mall in ["m1", "m3", "m7"]',
    logic: { in: [{ var: 'mall' }, ['m1', 'm3', 'm7']] },
    js: (p) => p.mall === 'm1' || p.mall === 'm3' || p.mall === 'm7',
  },
  {
    name: 'some over interests',
    text: 'some(interests, it == "food" or it == "kids")',
    logic: { some: [{ var: 'interests' }, { or: [{ '==': [{ var: '' }, 'food'] }, { '==': [{ var: '' }, 'kids'] }] }] },
    js: (p) => p.interests.some((t) => t === 'food' || t === 'kids'),
  },
  {
    name: 'between',
    text: '1000 < spent < 50000',
    logic: { '<': [1000, { var: 'spent' }, 50000] },
    js: (p) => 1000 < p.spent && p.spent < 50000,
  },
  {
    name: 'tier list+spend+consent',
    text: 'tier in ["gold", "platinum"] and spent >= 50000 and consents.wechat == true',
    logic: { and: [{ in: [{ var: 'tier' }, ['gold', 'platinum']] }, { '>=': [{ var: 'spent' }, 50000] }, { '==': [{ var: 'consents.wechat' }, true] }] },
    js: (p) => (p.tier === 'gold' || p.tier === 'platinum') && p.spent >= 50000 && p.consents.wechat === true,
  },
];

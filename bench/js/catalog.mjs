// A deterministic catalog of n offers covering the reward kinds, scopes, conditions, targeting,
// validity windows, limits, codes and stacking of DESIGN.md §4 (for startup and load benchmarks).
const CATEGORIES = ['fashion', 'beauty', 'food', 'electronics', 'home', 'sports', 'kids', 'books'];
const BRANDS = ['Uniqlo', 'Nike', 'Sephora', 'Muji', 'Apple', 'Lego', 'Zara', 'Xiaomi'];
const TIERS = ['silver', 'gold', 'platinum'];

function reward(i) {
  switch (i % 6) {
    case 0: return { type: 'percent', percent: 5 + (i % 30), target: 'lines', maxDiscount: 5000 + i };
    case 1: return { type: 'fixed', amount: 500 + (i % 50) * 100, target: 'order', per: 'order' };
    case 2: return { type: 'buy_x_get_y', buy: 1 + (i % 3), get: 1, percent: 100, maxApplications: 3 };
    case 3: return { type: 'free_gift', sku: `GIFT-${i}`, quantity: 1 };
    case 4: return { type: 'bonus_points', points: 100 + i };
    default: return { type: 'percent', percent: 10, target: 'order' };
  }
}

export function makeCatalog(n = 1000) {
  const offers = [];
  for (let i = 0; i < n; i++) {
    const category = CATEGORIES[i % CATEGORIES.length];
    const brand = BRANDS[(i * 7) % BRANDS.length];
    offers.push({
      id: `offer-${i}`,
      title: { en: `Offer ${i}: ${category} deal`, zh: `优惠 ${i}` },
      reward: reward(i),
      scope: { categories: i % 4 === 0 ? [] : [category], brands: i % 5 === 0 ? [brand] : [] },
      conditions: { minSpend: (i % 10) * 1000, minQuantity: 1 + (i % 2) },
      targeting: `tier == "${TIERS[i % 3]}" and "${category}" in interests`,
      validity: {
        start: 1767225600000,
        end: 1798761600000,
        zone: 'Asia/Shanghai',
        ...(i % 7 === 0 ? { dayparts: [{ days: 'mon-fri', from: '11:00', to: '14:00' }] } : {}),
      },
      limits: { total: 1000 + i, perCustomer: 1 + (i % 3) },
      code: i % 9 === 0 ? { mode: 'shared', value: `CODE${i}` } : { mode: 'none' },
      stacking: { group: i % 2 ? 'product' : 'order', exclusive: i % 50 === 0, priority: i % 20 },
      tags: [category, `${TIERS[i % 3]}_members`],
      format: ['banner', 'carousel', 'qr'][i % 3],
      brand,
      boost: i % 5,
    });
  }
  return { version: 1, currency: 'CNY', offers };
}

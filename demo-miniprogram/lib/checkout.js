// Checkout: the engine applies the best combination of offers to the cart (automatic ones,
// claimed coupons, entered codes) and explains it; paying records the purchase locally and
// queues the redemption of every coupon it used.
const { t, reasonText } = require('./i18n.js');
const { formatMoney } = require('./format.js');
const PRODUCTS = require('./products.js');

// items: [{ sku, quantity }] → a promokit cart (DESIGN.md §4).
function cartOf(items, { currency = 'CNY', store = '' } = {}, products = PRODUCTS) {
  const lines = [];
  for (const it of items) {
    const p = products.find((x) => x.sku === it.sku);
    if (!p) throw new Error(`unknown product ${it.sku}`);
    if (!Number.isInteger(it.quantity) || it.quantity < 1) throw new Error(`quantity of ${it.sku} must be a whole number of at least 1`);
    lines.push({ id: `l${lines.length + 1}`, sku: p.sku, category: p.category, brand: p.brand, unitPrice: p.unitPrice, quantity: it.quantity });
  }
  return { currency, store, lines };
}

// Adds one unit (or removes one with delta -1); returns new items.
function changeItem(items, sku, delta) {
  const out = items.map((x) => ({ ...x }));
  const it = out.find((x) => x.sku === sku);
  if (it) it.quantity += delta;
  else if (delta > 0) out.push({ sku, quantity: delta });
  return out.filter((x) => x.quantity > 0);
}

// The products as the shelf shows them.
function shelf(store, products = PRODUCTS) {
  const l = store.lang;
  return products.map((p) => ({ sku: p.sku, name: p.name[l] || p.name.en, priceText: formatMoney(p.unitPrice, store.config.currency), brand: p.brand }));
}

// Rejections worth telling the shopper: coupons they hold and codes they typed.
function relevantRejections(result, heldOffers, codeOffers) {
  return (result.rejected || []).filter((r) => heldOffers.has(r.offerId) || codeOffers.has(r.offerId));
}

// → { empty, lines, applied, rejected, gifts, codes, subtotalText, discountText, totalText, pointsText, result }
function checkoutView(store, items, codes = [], products = PRODUCTS) {
  const locale = store.locale;
  const currency = store.config.currency;
  const money = (v) => formatMoney(v, currency);
  if (!items.length) return { empty: true, emptyText: t(locale, 'checkout.empty'), lines: [], applied: [], rejected: [], gifts: [], codes: [] };
  const engine = store.engine;
  const cart = cartOf(items, { currency, store: store.config.store }, products);
  const result = engine.priceCart(cart, { codes });
  const cards = new Map(engine.offers({ includeIneligible: true, locale }).map((o) => [o.offerId, o]));
  const title = (id) => (cards.get(id) ? cards.get(id).title : id);
  const held = new Set(engine.wallet().filter((w) => w.status === 'active' || w.status === 'pending').map((w) => w.offerId));
  const codeOffers = new Set((result.codes || []).map((c) => c.offerId).filter(Boolean));
  const byLine = new Map(cart.lines.map((l) => [l.id, l]));
  const name = (sku) => {
    const p = products.find((x) => x.sku === sku);
    return p ? p.name[store.lang] || p.name.en : sku;
  };
  return {
    empty: false,
    lines: result.lines.map((l) => ({
      id: l.id,
      sku: byLine.get(l.id).sku,
      name: name(byLine.get(l.id).sku),
      quantity: l.quantity,
      unitText: money(l.unitPrice),
      discountText: l.discount ? '-' + money(l.discount) : '',
      totalText: money(l.total),
    })),
    applied: result.applied.map((a) => ({ offerId: a.offerId, title: title(a.offerId), amountText: a.amount ? '-' + money(a.amount) : '' })),
    rejected: relevantRejections(result, held, codeOffers).map((r) => ({ offerId: r.offerId, title: title(r.offerId), reason: r.reason, reasonText: reasonText(locale, r.reason) })),
    gifts: (result.gifts || []).map((g) => ({ sku: g.sku, quantity: g.quantity || 1, offerId: g.offerId, title: title(g.offerId) })),
    codes: (result.codes || []).map((c) => ({ code: c.code, valid: !!c.valid, text: c.valid ? title(c.offerId) : t(locale, 'checkout.codeInvalid', { code: c.code }) })),
    subtotalText: money(result.subtotal),
    discountText: result.discountTotal ? '-' + money(result.discountTotal) : money(0),
    totalText: money(result.total),
    pointsText: result.points ? String(result.points) : '',
    result,
  };
}

// Pays: records the purchase in the engine (coupons used, points earned), queues a redemption
// for every coupon used and a purchase event per line. → { result, redemptions, message }
async function pay(store, items, codes = [], products = PRODUCTS) {
  const currency = store.config.currency;
  const cart = cartOf(items, { currency, store: store.config.store }, products);
  const orderId = `o-${store.customerId}-${store.now()}`;
  const walletBefore = store.engine.wallet();
  const result = store.engine.checkout(cart, { codes, orderId });
  const used = new Set((result.usedClaims || []).map((u) => (typeof u === 'string' ? u : u.claimId)));
  const redemptions = [];
  for (const w of walletBefore) {
    if (used.has(w.claimId) && w.token) redemptions.push(await store.redeem(w.token, { store: store.config.store }));
  }
  for (const l of result.lines) {
    const line = cart.lines.find((x) => x.id === l.id);
    await store.track({ type: 'purchase', amount: l.total, sku: line.sku, category: line.category, brand: line.brand, store: cart.store });
  }
  store.emit();
  return {
    result,
    redemptions,
    message: t(store.locale, 'checkout.paid', { total: formatMoney(result.total, currency), saved: formatMoney(result.discountTotal, currency) }),
  };
}

module.exports = { cartOf, changeItem, shelf, checkoutView, pay };

// Prices a sale with the wasm engine: the catalog's offers, the codes typed, and the claims the
// shopper proved with signed QR tokens. A till's engine holds no wallet, so each verified token
// becomes a wallet entry through the engine's documented state (exportState/importState); the
// engine then applies the claimed offer exactly as on the shopper's phone. zone: the server's
// (GET /v1/config), for local times of offers that name none.
export function priceSale(pk, catalog, { cart, codes = [], vouchers = [], profile = null, now, zone }) {
  const engine = pk.createEngine(catalog, zone ? { now, zone } : { now });
  try {
    if (profile) engine.setProfile(profile);
    if (vouchers.length) {
      const state = engine.exportState();
      for (const v of vouchers) {
        state.wallet.push({ claimId: v.claimId, offerId: v.offerId, status: 'active', claimedAt: now,
          expiresAt: v.expiry, token: v.token, pointsCost: 0, history: [] });
      }
      engine.importState(state);
    }
    return engine.priceCart(cart, { codes });
  } finally {
    engine.dispose();
  }
}

// The cart document the engine takes.
export function cartOf(lines, { currency, store }) {
  return {
    currency,
    ...(store ? { store } : {}),
    lines: lines.map((l) => ({ id: l.id, sku: l.sku, category: l.category, brand: l.brand, unitPrice: l.unitPrice, quantity: l.quantity })),
  };
}

// What became of each typed code: applied, its offer left out (e.g. NOT_CLAIMED), or no offer
// has it. result.codes = [{ code, offerId, valid }].
export function codeVerdicts(catalog, result) {
  const rejected = new Map(result.rejected.map((r) => [r.offerId, r.reason]));
  const applied = new Set(result.applied.map((a) => a.offerId));
  return (result.codes || []).map((c) => {
    if (c.valid) {
      // A unique code is checked for its shape only: the till holds no code key (they can mint).
      const unique = catalog.offers.find((o) => o.id === c.offerId)?.code?.mode === 'unique';
      return { code: c.code, offerId: c.offerId, status: applied.has(c.offerId) ? 'applied' : rejected.get(c.offerId) || 'NOT_BEST', ...(unique ? { shapeOnly: true } : {}) };
    }
    const named = catalog.offers.find((o) => o.code && o.code.mode === 'shared' && String(o.code.value).toUpperCase() === c.code);
    if (named) return { code: c.code, offerId: named.id, status: rejected.get(named.id) || 'CODE_REQUIRED' };
    return { code: c.code, offerId: null, status: 'UNKNOWN_CODE' };
  });
}

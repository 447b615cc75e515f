// Completing a sale: queue the coupons the engine used (each once, even when completing again
// after a refusal), let the server have the last word when it is reachable, and record the sale
// in the till's journal.
import { settledWithin } from './till.js';
import { addSale } from './store.js';

// → { vouchers } with the op id of each used coupon (the caller keeps them on the sale), and
// either { refused: [{ ...voucher, reason }] } (nothing recorded) or { done } (the journal entry).
export async function finishSale({ client, sale, result, store, currency, online, waitMs = 5000, now = Date.now() }) {
  const applied = new Set(result.applied.map((a) => a.offerId));
  const chosen = [];
  // The engine uses one claim per offer: redeem the coupon it used, keep the others.
  for (const v of sale.vouchers) if (applied.has(v.offerId) && !chosen.some((x) => x.offerId === v.offerId)) chosen.push(v);
  const vouchers = [];
  for (const v of chosen) {
    const opId = v.opId || (await client.redeem(v.token, store ? { store } : {})).id;
    vouchers.push({ claimId: v.claimId, offerId: v.offerId, customerId: v.customerId, opId });
  }
  // Online, before the shopper leaves: a coupon the server refuses (e.g. redeemed at another
  // till) must come off the sale. Offline, or when the server is slow, the queue settles later.
  if (online && vouchers.length) {
    const outcome = await settledWithin(client, vouchers.map((v) => v.opId), waitMs);
    const refused = vouchers.filter((v) => outcome.get(v.opId)?.status === 'rejected').map((v) => ({ ...v, reason: outcome.get(v.opId).reason }));
    if (refused.length) return { vouchers, refused };
  }
  const done = {
    id: `sale-${now.toString(36)}-${Math.random().toString(36).slice(2, 8)}`, at: now, store: store || '', currency,
    lines: sale.lines, codes: sale.codes, vouchers, subtotal: result.subtotal, discountTotal: result.discountTotal,
    total: result.total, points: result.points, applied: result.applied, gifts: result.gifts,
  };
  await addSale(done);
  return { vouchers, done };
}

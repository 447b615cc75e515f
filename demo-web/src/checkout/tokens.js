// A scanned or typed QR redemption token, checked offline with the server's public Ed25519 key
// (docs/security.md): signature, shape and expiry in wasm; then what only the till knows —
// the offer is in its catalog, the token was not used at this till, one shopper per sale.
export function normalizeToken(text) {
  return String(text).replace(/\s+/g, '').toUpperCase();
}

// → { ok: true, voucher } or { ok: false, reason, detail }
export function checkToken(pk, text, { verifyKey, now, catalog, accepted, inSale }) {
  const token = normalizeToken(text);
  if (!token) return { ok: false, reason: 'TOKEN_EMPTY' };
  if (!verifyKey) return { ok: false, reason: 'NO_VERIFY_KEY' };
  let payload;
  try {
    payload = pk.tokens.verify(token, verifyKey, { now });
  } catch (err) {
    return { ok: false, reason: err.code || 'PK_TOKEN_MALFORMED', detail: err.message };
  }
  const offer = catalog?.offers.find((o) => o.id === payload.offerId);
  if (!offer) return { ok: false, reason: 'UNKNOWN_OFFER', detail: payload.offerId };
  if (inSale.some((v) => v.claimId === payload.claimId)) return { ok: false, reason: 'TOKEN_IN_SALE' };
  if (accepted.has(payload.claimId)) return { ok: false, reason: 'TOKEN_USED_HERE' };
  const other = inSale.find((v) => v.customerId !== payload.customerId);
  if (other) return { ok: false, reason: 'OTHER_SHOPPER', detail: other.customerId };
  return { ok: true, voucher: { token, ...payload } };
}

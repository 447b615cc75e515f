// Money in integer minor units (fen, cents): formatted for display with Intl, parsed from what a
// cashier types without ever going through a float.
const digitsCache = new Map();

// Digits of the currency's minor unit (CNY 2, JPY 0); Intl knows ISO 4217.
export function minorDigits(currency) {
  if (!digitsCache.has(currency)) {
    let d = 2;
    try {
      d = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
    } catch {
      /* an unknown code: 2, the most common */
    }
    digitsCache.set(currency, d);
  }
  return digitsCache.get(currency);
}

// 12345 CNY → "¥123.45" (en) / "¥123.45" (zh-CN); exact for any safe integer.
export function formatMoney(minor, currency, lang = 'en') {
  const d = minorDigits(currency);
  const sign = minor < 0 ? '-' : '';
  const abs = String(Math.abs(Math.trunc(minor))).padStart(d + 1, '0');
  const decimal = d ? `${sign}${abs.slice(0, -d)}.${abs.slice(-d)}` : `${sign}${abs}`;
  try {
    // format() takes a decimal string exactly (Intl.NumberFormat v3).
    return new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en', { style: 'currency', currency }).format(decimal);
  } catch {
    return `${decimal} ${currency}`;
  }
}

// "12.5" → 1250 for CNY; throws an Error with a reason key for bad input.
export function parseMoney(text, currency) {
  const d = minorDigits(currency);
  const m = /^\s*(\d{1,12})(?:[.,](\d*))?\s*$/.exec(String(text));
  if (!m) throw Object.assign(new Error('not a price'), { reason: 'priceFormat' });
  const frac = m[2] || '';
  if (frac.length > d) throw Object.assign(new Error('too many decimals'), { reason: 'priceDecimals', digits: d });
  return Number(m[1]) * 10 ** d + Number(frac.padEnd(d, '0') || 0);
}

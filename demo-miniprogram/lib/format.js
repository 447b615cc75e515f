// Display formatting: money is integer minor units (fen) everywhere and only formatted here;
// dates are shown in the mall's zone, not the phone's.
const SYMBOLS = { CNY: '¥', USD: '$', EUR: '€', HKD: 'HK$', JPY: '¥' };
const DECIMALS = { JPY: 0 };

// (8450, 'CNY') → '¥84.50'; (-500) → '-¥5.00'. Integer arithmetic only.
function formatMoney(amount, currency = 'CNY') {
  if (!Number.isInteger(amount)) throw new TypeError(`money must be an integer number of minor units, got ${amount}`);
  const digits = currency in DECIMALS ? DECIMALS[currency] : 2;
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  const unit = 10 ** digits;
  const major = String(Math.floor(abs / unit)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const minor = digits ? '.' + String(abs % unit).padStart(digits, '0') : '';
  return `${sign}${SYMBOLS[currency] || currency + ' '}${major}${minor}`;
}

// Offsets of the zones the demo mall uses (no daylight saving there); others show UTC.
const OFFSETS = { 'Asia/Shanghai': 480, 'Asia/Hong_Kong': 480, 'Asia/Tokyo': 540, UTC: 0 };

// Unix ms → '2026-11-23' or, with time, '2026-11-23 14:05', in the zone.
function formatDate(ms, { zone = 'Asia/Shanghai', time = false } = {}) {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return '';
  const d = new Date(ms + (OFFSETS[zone] || 0) * 60000);
  const p = (n) => String(n).padStart(2, '0');
  const day = `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}`;
  return time ? `${day} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}` : day;
}

module.exports = { formatMoney, formatDate };

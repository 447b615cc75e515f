// Money in integer minor units and local times in a named zone, for forms and tables.
// No floating point touches an amount: "12.5" is read digit by digit into 1250.

export const ZONES = ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Taipei', 'Asia/Singapore', 'Asia/Tokyo', 'UTC',
  'Europe/London', 'Europe/Paris', 'America/New_York', 'America/Los_Angeles', 'Australia/Sydney'];

// "1,234.5" → 123450 (two decimals); '' → null; anything else throws with a reason.
export function parseMoney(text, decimals = 2) {
  const s = String(text ?? '').trim().replace(/[,\s]/g, '');
  if (s === '') return null;
  const m = /^(\d+)(?:\.(\d*))?$/.exec(s);
  if (!m) throw new Error('not an amount (digits and an optional decimal point)');
  const frac = m[2] || '';
  if (frac.length > decimals) throw new Error(`at most ${decimals} decimal places`);
  const minor = BigInt(m[1]) * 10n ** BigInt(decimals) + BigInt((frac + '0'.repeat(decimals)).slice(0, decimals) || '0');
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error('too large');
  return Number(minor);
}

// 123450 → "1234.50" (for an input field)
export function minorToText(minor, decimals = 2) {
  if (minor === null || minor === undefined || minor === '') return '';
  const neg = minor < 0;
  const s = String(Math.abs(minor)).padStart(decimals + 1, '0');
  return (neg ? '-' : '') + (decimals ? `${s.slice(0, -decimals)}.${s.slice(-decimals)}` : s);
}

// 123456789 → "1,234,567.89": digits grouped by thousands, no float on the way.
export function groupedMinor(minor, decimals = 2) {
  const text = minorToText(minor, decimals);
  const [int, frac] = text.replace('-', '').split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (minor < 0 ? '-' : '') + grouped + (frac !== undefined ? `.${frac}` : '');
}

// For display: the SDK's own formatter ("¥84.50"), else the plain number with the currency.
export function money(pk, minor, currency = 'CNY') {
  if (minor === null || minor === undefined) return '—';
  try {
    return pk.notify.formatMoney(minor, currency);
  } catch {
    return `${currency} ${minorToText(minor)}`;
  }
}

// The offset of `zone` at the instant `ms`, in minutes east of UTC.
function offsetMinutes(zone, ms) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(ms));
  const v = Object.fromEntries(parts.map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(+v.year, +v.month - 1, +v.day, +v.hour, +v.minute, +v.second);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60000);
}

// "2026-03-01T09:00" in `zone` → Unix ms; '' → null.
export function localToMs(local, zone) {
  if (!local) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) throw new Error('expected YYYY-MM-DDTHH:MM');
  const naive = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
  // Two passes settle the offset around a summer-time change.
  let ms = naive - offsetMinutes(zone, naive) * 60000;
  ms = naive - offsetMinutes(zone, ms) * 60000;
  return ms;
}

// Unix ms → "2026-03-01T09:00" in `zone` (for datetime-local inputs).
export function msToLocal(ms, zone) {
  if (ms === null || ms === undefined) return '';
  const d = new Date(ms + offsetMinutes(zone, ms) * 60000);
  return d.toISOString().slice(0, 16);
}

export function percent(x, digits = 1) {
  return x === null || x === undefined ? '—' : `${(x * 100).toFixed(digits)}%`;
}

// CSV cells quoted per RFC 4180.
export function csvLine(cells) {
  return cells.map((c) => {
    const s = String(c ?? '');
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  }).join(',');
}

export function download(filename, text, type = 'text/csv') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = Object.assign(document.createElement('a'), { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

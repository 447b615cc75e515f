// A straightforward JS implementation of the same analysis, as a JS developer would write it
// (string splitting, regexes, Maps of objects): the peer in bench/analytics/run.sh. It computes
// the same per-customer metrics and segments (docs/analytics.md) and the bench checks that its
// segment counts equal the core's before comparing speed.

const COMPLAINT = ['complain*', 'refund*', 'broken', 'damaged', 'fake', 'scam*', 'cheat*', 'rude', 'terrible', 'awful',
  'worst', 'disappointed', 'disappointing', 'not happy', 'unhappy', 'not received', 'never arrived', 'never received',
  'still waiting', 'too late', 'delay*', 'poor service', 'bad service', 'wrong order', 'wrong item', 'money back',
  'useless', 'angry', 'not working', 'doesnt work', 'didnt work', 'unacceptable', 'malalamiko', 'nalalamika',
  'ninalalamika', 'sijapokea', 'hatujapokea', 'hajapokea', 'sijaridhika', 'sijafurahi', 'imechelewa', 'umechelewa',
  'mmechelewa', 'mmenichelewesha', 'imeharibika', 'imevunjika', 'mbovu', 'huduma mbaya', 'rudisha pesa',
  'nirudishie pesa', 'nirudishiwe pesa', 'wizi', 'tapeli', 'matapeli', 'nimekasirika', 'nimechukizwa', 'haifanyi kazi',
  'feki', 'bandia', 'uongo', 'mmenidanganya', '投诉', '退款', '太差', '不满意'];
const SWAHILI = ['na', 'ya', 'wa', 'za', 'kwa', 'ni', 'la', 'katika', 'hii', 'huu', 'hiyo', 'hizo', 'sana', 'nini', 'gani',
  'je', 'tafadhali', 'asante', 'asanteni', 'karibu', 'habari', 'nataka', 'naomba', 'bei', 'leo', 'kesho', 'jana', 'mimi',
  'wewe', 'yangu', 'yako', 'sasa', 'lini', 'wapi', 'ndiyo', 'hapana', 'sawa', 'kama', 'bado', 'pia', 'tu', 'vipi',
  'mambo', 'poa', 'shikamoo', 'nzuri', 'kuja', 'huduma', 'mteja', 'nime*', 'nina*', 'nili*', 'nita*', 'tume*', 'tuna*',
  'ume*', 'una*', 'hakuna', 'kuna', 'ipo', 'iko', 'mpaka', 'hadi', 'saa', 'wiki'];
const ENGLISH = ['the', 'is', 'are', 'and', 'you', 'your', 'i', 'my', 'me', 'we', 'to', 'for', 'of', 'in', 'on', 'it', 'this',
  'that', 'what', 'how', 'when', 'where', 'please', 'thanks', 'thank', 'hello', 'want', 'need', 'can', 'could', 'would',
  'will', 'have', 'has', 'did', 'do', 'does', 'not', 'yes', 'price', 'today', 'tomorrow', 'yesterday', 'with', 'was',
  'be', 'there', 'am', 'service', 'customer', 'week'];
const PAYMENT = ['paid', 'payment*', 'receipt*', 'transaction*', 'bought', 'purchased', 'deposit*', 'nimelipa', 'umelipa',
  'amelipa', 'tumelipa', 'mmelipa', 'malipo', 'imepokelewa', 'yamepokelewa', 'tumepokea', 'nimetuma', 'risiti',
  'muamala', 'nimenunua', 'umenunua', 'ununuzi', '付了', '已付', '付款', '转账'];
const LOCATIONS = {
  'Dar es Salaam': ['dar es salaam', 'dar', 'dsm', 'daressalaam', 'kariakoo', 'mikocheni', 'masaki', 'kinondoni', 'sinza',
    'mbezi', 'ilala', 'temeke', 'posta', 'ubungo'],
  Arusha: ['arusha', 'njiro', 'sakina', 'tengeru', 'usa river'],
  Dubai: ['dubai', 'deira', 'bur dubai', 'jumeirah', 'sharjah'],
  Zanzibar: ['zanzibar', 'unguja', 'stone town'],
  Mwanza: ['mwanza'], Dodoma: ['dodoma'], Moshi: ['moshi'], Nairobi: ['nairobi'],
};

// A term list as a matcher over normalised text (" word word "): whole words, phrases, stems.
function matcher(terms) {
  const words = new Set(), stems = [], phrases = [], cjk = [];
  for (const t of terms) {
    if (/[\u4e00-\u9fff]/.test(t)) cjk.push(t);
    else if (t.endsWith('*')) stems.push(t.slice(0, -1));
    else if (t.includes(' ')) phrases.push(' ' + t + ' ');
    else words.add(t);
  }
  return (norm, wordList, raw) => {
    let n = 0;
    for (const w of wordList) {
      if (words.has(w)) n++;
      for (const s of stems) if (w.startsWith(s)) n++;
    }
    for (const p of phrases) if (norm.includes(p)) n++;
    for (const c of cjk) if (raw.includes(c)) n++;
    return n;
  };
}
const complaintOf = matcher(COMPLAINT), swOf = matcher(SWAHILI), enOf = matcher(ENGLISH), payOf = matcher(PAYMENT);
const locationMatchers = Object.entries(LOCATIONS).map(([name, terms]) => [name, terms.map((t) => ' ' + t + ' ')]);

const MARK = '(tzs|tshs|tsh|shs|sh|kes|kshs|ksh|ugx|usd|us\\$|\\$|eur|€|cny|rmb|yuan|¥|￥|元|aed|dhs|dirhams|dirham)';
const NUM = '(\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.(\\d{1,2}))?(k)?';
const cellRe = new RegExp(`^\\s*(-)?\\s*(?:${MARK}\\.?\\s*)?${NUM}\\s*(?:(\\/=)|${MARK})?\\s*$`, 'i');
const textBefore = new RegExp(`${MARK}[.:]?\\s*${NUM}`, 'i');
const textAfter = new RegExp(`${NUM}\\s*(\\/=|${MARK})`, 'i');
const currencyOf = (mark) => {
  if (!mark || mark === '/=' || /^(shs|sh)$/i.test(mark)) return 'TZS';
  const m = mark.toLowerCase();
  if (m.startsWith('ts') || m === 'tzs') return 'TZS';
  if (['¥', '￥', '元', 'cny', 'rmb', 'yuan'].includes(m)) return 'CNY';
  return m.toUpperCase();
};
const minor = (whole, frac, k) => (Number(whole.replaceAll(',', '')) * 100 + Number((frac || '').padEnd(2, '0'))) * (k ? 1000 : 1);
function parseCell(cell) {
  const m = cellRe.exec(cell);
  if (!m) return null;
  return { amount: (m[1] ? -1 : 1) * minor(m[3], m[4], m[5]), currency: currencyOf(m[2] || m[7] || m[6]) };
}
function findMoney(text) {
  let m = textBefore.exec(text);
  if (m) return { amount: minor(m[2], m[3], m[4]), currency: currencyOf(m[1]) };
  m = textAfter.exec(text);
  if (m) return { amount: minor(m[1], m[2], m[3]), currency: currencyOf(m[4]) };
  return null;
}

function parseTime(s, offsetMin) {
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*(Z|[+-]\d{2}:?\d{2}))?)?$/.exec(s.trim());
  let y, mo, d, h = 0, mi = 0, sec = 0, zone = null;
  if (m) [, y, mo, d, h = 0, mi = 0, sec = 0, zone] = m;
  else {
    m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(s.trim());
    if (!m) return null;
    [, d, mo, y, h = 0, mi = 0, sec = 0] = m;
  }
  [y, mo, d, h, mi, sec] = [y, mo, d, h, mi, sec].map(Number);
  const t = Date.UTC(y, mo - 1, d, h, mi, sec);
  const back = new Date(t);
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || y < 1970) return null;
  let off = offsetMin;
  if (zone) off = zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2)));
  return t - off * 60000;
}

// RFC 4180 records with the line each starts on.
function* records(text) {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0, line = 1;
  while (i < text.length) {
    const start = line, fields = [];
    let field = '', quoted = false, ok = true;
    for (;;) {
      if (i >= text.length) { fields.push(field); break; }
      const c = text[i];
      if (quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
          quoted = false; i++; continue;
        }
        if (c === '\n') line++;
        field += c; i++; continue;
      }
      if (c === '"' && field === '') { quoted = true; i++; continue; }
      if (c === ',') { fields.push(field); field = ''; i++; continue; }
      if (c === '\r' || c === '\n') {
        fields.push(field);
        i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
        line++;
        break;
      }
      field += c; i++;
    }
    if (fields.length === 1 && fields[0] === '') continue;
    yield { line: start, fields, ok };
  }
}

export function analyzeJs(csv, { utcOffsetMinutes = 0 } = {}) {
  const rows = records(csv);
  const header = rows.next().value.fields.map((h) => h.trim().toLowerCase());
  const col = (n) => header.indexOf(n);
  const [cId, cTs, cDir, cText, cAmt] = ['customer_id', 'timestamp', 'direction', 'text', 'amount'].map(col);
  const need = Math.max(cId, cTs, cDir, cText, cAmt) + 1;
  const customers = new Map();
  let bad = 0;
  for (const { line, fields } of rows) {
    if (fields.length < need) { bad++; continue; }
    const id = fields[cId].trim(), t = parseTime(fields[cTs], utcOffsetMinutes), dir = fields[cDir].trim().toLowerCase();
    if (!id || t === null || (dir !== 'in' && dir !== 'out')) { bad++; continue; }
    const text = fields[cText], amount = fields[cAmt].trim(), inbound = dir === 'in';
    const norm = ' ' + text.toLowerCase().replace(/['’]/g, '').replace(/[^a-z0-9\u0080-\uffff]+/g, ' ').trim() + ' ';
    const words = norm.trim().split(' ');
    const cjk = /[\u4e00-\u9fff]/.test(text) ? text.match(/[\u4e00-\u9fff]/g).length : 0;
    let c = customers.get(id);
    if (!c) customers.set(id, (c = { id, events: [], buys: [] }));
    const minute = Math.floor(t / 60000), key = `${Math.floor(t / 1000) % 60}|${dir}|${text}|${amount}`;
    const ev = { minute, line, key, inbound, complaint: false, lang: '', location: null };
    if (inbound) {
      ev.complaint = complaintOf(norm, words, text) > 0;
      const sw = swOf(norm, words, text), en = enOf(norm, words, text);
      ev.lang = cjk >= 2 && cjk >= sw + en ? 'zh' : sw > en ? 'sw' : en > sw ? 'en' : '';
      for (const [name, terms] of locationMatchers) if (ev.location === null && terms.some((t) => norm.includes(t))) ev.location = name;
    }
    c.events.push(ev);
    if (amount) {
      const m = parseCell(amount);
      if (m && m.amount !== 0 && m.currency === 'TZS') c.buys.push({ amount: m.amount, minute, line, key, fromText: false });
    } else if (payOf(norm, words, text) > 0) {
      const m = findMoney(text);
      if (m && m.amount > 0 && m.currency === 'TZS') c.buys.push({ amount: m.amount, minute, line, key, fromText: true });
    }
  }

  // duplicates, then the trusted time range from the per-day counts
  const byTime = (a, b) => a.minute - b.minute || a.line - b.line;
  const days = new Map();
  let kept = 0;
  for (const c of customers.values()) {
    c.events.sort(byTime);
    c.buys.sort(byTime);
    const seen = new Set();
    c.events = c.events.filter((e) => {
      const k = e.minute + '|' + e.key;
      if (seen.has(k)) return false;
      seen.add(k);
      const d = Math.floor(e.minute / 1440);
      days.set(d, (days.get(d) || 0) + 1);
      kept++;
      return true;
    });
    const seenBuy = new Set();
    c.buys = c.buys.filter((b) => !seenBuy.has(b.minute + '|' + b.key) && seenBuy.add(b.minute + '|' + b.key));
  }
  const sortedDays = [...days.entries()].sort((a, b) => a[0] - b[0]);
  let lo = -Infinity, hi = Infinity;
  if (kept >= 200) {
    const limit = Math.max(1, Math.floor(kept / 200));
    for (let k = sortedDays.length - 1, tail = 0; k > 0; k--) {
      tail += sortedDays[k][1];
      if (tail > limit) break;
      if (sortedDays[k][0] - sortedDays[k - 1][0] > 30) hi = (sortedDays[k - 1][0] + 1) * 1440 - 1;
    }
    for (let k = 0, tail = 0; k + 1 < sortedDays.length; k++) {
      tail += sortedDays[k][1];
      if (tail > limit) break;
      if (sortedDays[k + 1][0] - sortedDays[k][0] > 180) lo = sortedDays[k + 1][0] * 1440;
    }
  }
  let end = 0;
  for (const c of customers.values()) for (const e of c.events) if (e.minute >= lo && e.minute <= hi) end = Math.max(end, e.minute);
  const now = end * 60000;

  const out = [];
  for (const c of customers.values()) {
    let first = null, last = null, outreach = 0, answered = 0, pending = false, lastOut = 0, complaints = 0;
    const langs = { sw: 0, en: 0, zh: 0 }, places = new Map();
    for (const e of c.events) {
      if (e.minute < lo || e.minute > hi) continue;
      if (!e.inbound) {
        if (!pending) outreach++;
        pending = true;
        lastOut = e.minute;
        continue;
      }
      if (pending) { if (e.minute - lastOut <= 2880) answered++; pending = false; }
      if (first === null) first = e.minute;
      last = e.minute;
      if (e.complaint) complaints++;
      if (e.lang) langs[e.lang]++;
      if (e.location) places.set(e.location, (places.get(e.location) || 0) + 1);
    }
    let spent = 0, orders = 0;
    const counted = [];
    for (const b of c.buys) {
      if (b.minute < lo || b.minute > hi) continue;
      if (b.fromText && counted.some((x) => b.minute - x.minute <= 2880 && x.amount === b.amount)) continue;
      counted.push(b);
      if (first === null || b.minute < first) first = b.minute;
      if (last === null || b.minute > last) last = b.minute;
      spent += b.amount;
      if (b.amount > 0) orders++;
    }
    if (first === null) continue;
    const recency = (now - last * 60000) / 86400000, age = (now - first * 60000) / 86400000;
    const loyalty = 0.4 * Math.min(1, orders / 5) + 0.3 * Math.min(1, (last - first) / 1440 / 180) + 0.3 * Math.max(0, 1 - recency / 90);
    const engagement = outreach ? answered / outreach : 0;
    const ranked = Object.entries(langs).sort((a, b) => b[1] - a[1]);
    const language = ranked[0][1] === 0 || ranked[0][1] === ranked[1][1] ? 'sw' : ranked[0][0];
    const city = [...places.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? 'unknown';
    out.push({ id: c.id, first, last, orders, spent, recency, engagement, loyalty, complaints, language, city,
      segments: {
        high_value: spent >= 10000000, inactive: recency >= 90, new: Math.floor(age) <= 30,
        complaint: complaints > 0, loyal: loyalty >= 0.7 && engagement >= 0.6,
      } });
  }
  // RFM quintiles: 1 + floor(5 * (customers with a strictly worse value) / n)
  const quintile = (key) => {
    const v = out.map(key).sort((a, b) => a - b);
    const below = (x) => { let l = 0, h = v.length; while (l < h) { const m = (l + h) >> 1; if (v[m] < x) l = m + 1; else h = m; } return l; };
    for (const c of out) c.rfm = (c.rfm || '') + (1 + Math.floor((5 * below(key(c))) / out.length));
  };
  quintile((c) => c.last);
  quintile((c) => c.orders);
  quintile((c) => c.spent);
  const segments = { high_value: 0, inactive: 0, new: 0, complaint: 0, loyal: 0 };
  for (const c of out) for (const k in segments) segments[k] += c.segments[k];
  return { now, customers: out, segments, badRows: bad };
}

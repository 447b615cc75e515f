// Games: the prize pools of the catalog (wheel, scratch card, daily draw) and challenges.
// The engine decides every prize from a server-issued ticket (docs/games.md); the UI only
// animates to the outcome's index or reveals its grid.
const { t, reasonText } = require('./i18n.js');
const { formatMoney } = require('./format.js');

const GAME_TITLE = { wheel: 'games.wheel', scratch: 'games.scratch', daily: 'games.daily' };

// A prize's label in the UI language.
function prizeLabel(prize, offerTitles, locale) {
  if (!prize) return '';
  if (prize.kind === 'offer') return offerTitles.get(prize.offerId) || prize.offerId;
  if (prize.kind === 'points') return t(locale, 'prize.points', { n: prize.points });
  if (prize.kind === 'gift') return t(locale, 'prize.gift', { sku: prize.sku });
  return t(locale, 'prize.none');
}

function offerTitles(store) {
  return new Map(store.engine.offers({ includeIneligible: true, locale: store.locale }).map((o) => [o.offerId, o.title]));
}

// Where the wheel must stop so that the pointer (at the top) is in the middle of segment
// `index` of `count`, turning forward from `current` degrees by at least `turns` full turns.
// Segment i spans [i·360/count, (i+1)·360/count) clockwise from the top.
function wheelRotation(index, count, current = 0, turns = 5) {
  if (!Number.isInteger(index) || index < 0 || index >= count) throw new RangeError(`segment ${index} is not on a wheel of ${count}`);
  const seg = 360 / count;
  const target = (360 - (index + 0.5) * seg) % 360; // rotating the wheel by this brings the segment under the pointer
  const base = current - (((current % 360) + 360) % 360);
  let next = base + turns * 360 + target;
  while (next - current < turns * 360) next += 360;
  return next;
}

// The segment under the pointer after a rotation of `deg` (the inverse, for tests and a11y).
function segmentAt(deg, count) {
  const seg = 360 / count;
  const a = (((360 - (deg % 360)) % 360) + 360) % 360;
  return Math.floor(a / seg) % count;
}

function rewardText(reward, locale) {
  if (!reward) return '';
  const parts = [];
  if (reward.tickets) parts.push(t(locale, 'games.reward.tickets', { n: reward.tickets }));
  if (reward.points) parts.push(t(locale, 'games.reward.points', { n: reward.points }));
  if (reward.offerId) parts.push(t(locale, 'games.reward.offer'));
  return t(locale, 'games.reward', { reward: parts.join(' + ') });
}

// → { pools: [{ id, game, title, segments, tickets, entryText }], challenges }
async function gamesView(store) {
  const locale = store.locale;
  const titles = offerTitles(store);
  const pools = [];
  for (const pool of (store.catalog && store.catalog.prizePools) || []) {
    const tickets = (await store.tickets(pool.id)).length;
    const cost = (pool.entry && pool.entry.pointsCost) || 0;
    pools.push({
      id: pool.id,
      game: pool.game,
      title: t(locale, GAME_TITLE[pool.game] || 'games.wheel'),
      segments: pool.prizes.map((p) => ({ id: p.id, label: prizeLabel(p, titles, locale), kind: p.kind })),
      tickets,
      ticketsText: tickets ? t(locale, 'games.tickets', { n: tickets }) : t(locale, 'games.noTickets'),
      entryText: cost ? t(locale, 'games.entry', { n: cost }) : '',
    });
  }
  return { pools, challenges: challengesView(store), history: historyView(store, titles) };
}

// The latest plays with what the server made of them (pending until it has verified the draw).
function historyView(store, titles = offerTitles(store), limit = 5) {
  const locale = store.locale;
  const pools = new Map(((store.catalog && store.catalog.prizePools) || []).map((p) => [p.id, p]));
  return store.client
    .draws()
    .slice(-limit)
    .reverse()
    .map((d) => {
      const pool = pools.get(d.request.ticket.poolId);
      const prize = pool && pool.prizes.find((p) => p.id === d.request.outcome.prizeId);
      let statusText = t(locale, `status.${d.status}`);
      if (d.status === 'confirmed') statusText = t(locale, 'games.granted');
      if (d.status === 'rejected') statusText = d.reason === 'NOT_GRANTED' ? t(locale, 'games.notGranted') : reasonText(locale, d.reason);
      return { id: d.id, label: prizeLabel(prize, titles, locale), statusText };
    });
}

// Challenges with their progress (spend goals shown as money).
function challengesView(store) {
  const locale = store.locale;
  const currency = store.config.currency;
  return store.engine.challenges().map((c) => {
    const money = c.type === 'spend';
    const fmt = (v) => (money ? formatMoney(v, currency) : String(v));
    return {
      id: c.id,
      title: c.title,
      progressText: `${fmt(Math.min(c.value, c.target))} / ${fmt(c.target)}`,
      percent: Math.round(Math.min(1, c.ratio) * 100),
      completed: !!c.completed,
      rewardText: rewardText(c.reward, locale),
    };
  });
}

// One play → { outcome, index, prize, label, won, cells, record }: cells is the scratch grid
// as labels (3 × 3, row by row), empty for other games.
async function play(store, poolId) {
  const pool = ((store.catalog && store.catalog.prizePools) || []).find((p) => p.id === poolId);
  if (!pool) throw new Error(`no prize pool "${poolId}" in the catalog`);
  const played = await store.draw(poolId);
  const outcome = played.outcome;
  const prize = pool.prizes[outcome.index];
  const titles = offerTitles(store);
  const locale = store.locale;
  const byId = new Map(pool.prizes.map((p) => [p.id, p]));
  const cells = Array.isArray(outcome.grid) ? outcome.grid.map((c) => prizeLabel((typeof c === 'number' ? pool.prizes[c] : byId.get(c)) || { kind: 'none' }, titles, locale)) : [];
  const label = prizeLabel(prize, titles, locale);
  const won = prize.kind !== 'none';
  return {
    outcome, index: outcome.index, prize, label, won, cells, record: played,
    message: won ? t(locale, 'games.won', { prize: label }) : t(locale, 'games.lost'),
  };
}

module.exports = { gamesView, challengesView, historyView, play, wheelRotation, segmentAt, prizeLabel, rewardText };

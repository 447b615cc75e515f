// The prize pool editor: prizes with weights, stock, costs and probability bands; the core's
// distribution (pk.games.preview: personalization within the budget) overall and for a sample
// shopper, the expected cost per draw, and a seeded simulation of many draws from it.
import { html, useState, useMemo } from '../shared/ui.js';
import { t } from '../shared/i18n.js';
import { ChartView } from './chart.js';
import { money, parseMoney, minorToText } from './format.js';
import { compileText, segmentsOf } from './rule-editor.js';

const KINDS = ['offer', 'points', 'gift', 'none'];

// mulberry32: a small seeded generator, so a simulation can be repeated exactly.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

// n draws from the previewed distribution → { counts: { prizeId: n }, averageCost (minor units) }
export function simulate(prizes, n = 10000, seed = 1) {
  const next = rng(seed);
  const counts = Object.fromEntries(prizes.map((p) => [p.id, 0]));
  let cost = 0;
  for (let i = 0; i < n; i++) {
    let u = next(), k = 0;
    while (k < prizes.length - 1 && u >= prizes[k].probability) u -= prizes[k++].probability;
    counts[prizes[k].id]++;
    cost += prizes[k].cost || 0;
  }
  return { counts, averageCost: cost / n, n };
}

const toRow = (p) => ({ ...p, cost: minorToText(p.cost ?? 0), weight: String(p.weight ?? ''), stock: p.stock === undefined ? '' : String(p.stock),
  minProb: p.minProb === undefined ? '' : String(p.minProb), maxProb: p.maxProb === undefined ? '' : String(p.maxProb),
  points: p.points === undefined ? '' : String(p.points) });

function fromRows(base, head, rows) {
  const prizes = rows.map((r) => {
    const p = { ...r, weight: Number(r.weight), cost: parseMoney(r.cost) ?? 0 };
    for (const k of ['stock', 'minProb', 'maxProb', 'points']) {
      if (r[k] === '' || r[k] === undefined) delete p[k];
      else p[k] = Number(r[k]);
    }
    if (p.kind !== 'offer') delete p.offerId;
    if (p.kind !== 'gift') delete p.sku;
    if (p.kind !== 'points') delete p.points;
    return p;
  });
  // Entry (who may play, what a play costs) and personalize are written only when set, so an
  // untouched pool (the daily draw has neither personalize nor a rule) is saved as it was.
  const entry = { ...(base.entry || {}) };
  if (head.entryCost.trim() !== '' && !/^\d+$/.test(head.entryCost.trim())) throw new Error(t('entryCostBad'));
  if (head.entryCost.trim() === '') delete entry.pointsCost;
  else entry.pointsCost = Number(head.entryCost);
  const jsonLogic = entry.rule !== undefined && typeof entry.rule !== 'string'; // kept as written; its field is disabled
  if (!jsonLogic && head.entryRule.trim() === '') delete entry.rule;
  else if (!jsonLogic) entry.rule = head.entryRule.trim();
  const pool = { ...base, id: head.id.trim(), game: head.game, version: Number(head.version) || 1, budget: parseMoney(head.budget) ?? 0,
    personalize: head.personalize, prizes };
  if (!head.personalize && base.personalize === undefined) delete pool.personalize;
  if (Object.keys(entry).length) pool.entry = entry;
  else delete pool.entry;
  return pool;
}

export function Prizes({ app }) {
  const { pk, api, catalog, customers, reload } = app;
  const pools = catalog?.prizePools || [];
  const [selected, setSelected] = useState(pools[0]?.id || '');
  const initial = pools.find((p) => p.id === selected);
  const [base, setBase] = useState(initial || {});
  const [head, setHead] = useState(() => headOf(initial));
  const [rows, setRows] = useState(() => (initial?.prizes || [{ id: 'p-none', kind: 'none', weight: 1, cost: 0 }]).map(toRow));
  const [shopper, setShopper] = useState(customers?.[0]?.id || '');
  const [status, setStatus] = useState(null);

  function headOf(p) {
    // personalize defaults to false in the core (docs/games.md): the weights as written.
    return { id: p?.id || '', game: p?.game || 'wheel', version: String(p?.version ?? 1), budget: minorToText(p?.budget ?? 0), personalize: p?.personalize ?? false,
      entryCost: p?.entry?.pointsCost === undefined ? '' : String(p.entry.pointsCost), entryRule: typeof p?.entry?.rule === 'string' ? p.entry.rule : '' };
  }
  const open = (id) => {
    const p = pools.find((x) => x.id === id);
    setSelected(id);
    setBase(p || {});
    setHead(headOf(p));
    setRows((p?.prizes || [{ id: 'p-none', kind: 'none', weight: 1, cost: 0 }]).map(toRow));
    setStatus(null);
  };

  let pool = null, buildError = null;
  try {
    pool = fromRows(base, head, rows);
  } catch (e) {
    buildError = e.message;
  }
  const check = useMemo(() => (pool ? pk.validate('prizePool', pool, { all: true }) : null), [JSON.stringify(pool)]);
  // The entry rule is compiled as it is typed, like targeting (the server checks it again).
  const entryError = useMemo(() => {
    const r = compileText(pk, head.entryRule, segmentsOf(catalog));
    r.rule?.dispose();
    return r.error;
  }, [head.entryRule, catalog]);
  const previews = useMemo(() => {
    if (!pool || !check?.ok) return null;
    const cat = { ...catalog, prizePools: [...pools.filter((p) => p.id !== pool.id), pool] };
    const run = (profile) => {
      try {
        const p = pk.games.preview(cat, pool.id, profile);
        return { ...p, sim: simulate(p.prizes, 10000, 7) };
      } catch (e) {
        return { error: `${e.code} ${e.path ? e.path + ': ' : ''}${e.message}` };
      }
    };
    const person = customers?.find((c) => c.id === shopper);
    return { overall: run({ id: 'anyone' }), shopper: person ? run(person) : null };
  }, [JSON.stringify(pool), check, shopper, catalog]);

  const setRow = (i, patch) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const exists = pools.some((p) => p.id === head.id);
  const save = async () => {
    try {
      await api.save('prizePools', pool, exists);
      setStatus({ ok: true, message: t('saved', pool.id) });
      setSelected(pool.id);
      await reload();
    } catch (e) {
      setStatus({ ok: false, message: e.message, code: e.code, path: e.path });
    }
  };
  const offerIds = (catalog?.offers || []).map((o) => o.id);

  return html`
    <section class="prizes">
      <div class="card">
        <div class="controls">
          <label class="field inline"><span>${t('pool')}</span>
            <select id="pool" value=${selected} onChange=${(e) => open(e.currentTarget.value)}>
              ${pools.map((p) => html`<option value=${p.id}>${p.id} (${p.game})</option>`)}<option value="">+ ${t('newPool')}</option></select></label>
          <label class="field inline"><span>${t('id')}</span><input id="pool-id" value=${head.id} onInput=${(e) => setHead({ ...head, id: e.currentTarget.value })} /></label>
          <label class="field inline"><span>${t('game')}</span><select id="pool-game" value=${head.game} onChange=${(e) => setHead({ ...head, game: e.currentTarget.value })}>
            ${['wheel', 'scratch', 'daily'].map((g) => html`<option value=${g}>${g}</option>`)}</select></label>
          <label class="field inline"><span>${t('version')}</span><input size="3" value=${head.version} onInput=${(e) => setHead({ ...head, version: e.currentTarget.value })} /></label>
          <label class="field inline"><span>${t('budgetPerDraw')}</span><input id="pool-budget" size="8" value=${head.budget} onInput=${(e) => setHead({ ...head, budget: e.currentTarget.value })} /></label>
          <label class="field inline"><span>${t('entryCost')}</span><input id="pool-entry-cost" size="4" inputmode="numeric" value=${head.entryCost}
            onInput=${(e) => setHead({ ...head, entryCost: e.currentTarget.value })} /></label>
          <label class="field inline"><span>${t('entryRule')}</span><input id="pool-entry-rule" size="24" placeholder=${t('everyone')} value=${head.entryRule} aria-invalid=${entryError ? 'true' : 'false'}
            disabled=${base.entry && base.entry.rule !== undefined && typeof base.entry.rule !== 'string'} onInput=${(e) => setHead({ ...head, entryRule: e.currentTarget.value })} /></label>
          <label class="check"><input type="checkbox" id="pool-personalize" checked=${head.personalize} onChange=${(e) => setHead({ ...head, personalize: e.currentTarget.checked })} /> ${t('personalize')}</label>
        </div>
        <p class="muted" id="pool-game-note">${t('gameNote_' + head.game)}</p>
        <table class="lines" id="prize-table"><thead><tr><th>${t('id')}</th><th>${t('kind')}</th><th>${t('what')}</th><th>${t('weight')}</th><th>${t('stock')}</th>
          <th>${t('cost')}</th><th>minProb</th><th>maxProb</th><th></th></tr></thead>
          <tbody>${rows.map((r, i) => html`<tr>
            <td><input aria-label=${t('id')} size="10" value=${r.id} onInput=${(e) => setRow(i, { id: e.currentTarget.value })} /></td>
            <td><select aria-label=${t('kind')} value=${r.kind} onChange=${(e) => setRow(i, { kind: e.currentTarget.value })}>${KINDS.map((k) => html`<option value=${k}>${k}</option>`)}</select></td>
            <td>${r.kind === 'offer' ? html`<select aria-label=${t('offer')} value=${r.offerId || ''} onChange=${(e) => setRow(i, { offerId: e.currentTarget.value })}>
                <option value=""></option>${offerIds.map((o) => html`<option value=${o}>${o}</option>`)}</select>`
              : r.kind === 'gift' ? html`<input aria-label="sku" size="10" value=${r.sku || ''} onInput=${(e) => setRow(i, { sku: e.currentTarget.value })} />`
              : r.kind === 'points' ? html`<input aria-label=${t('points')} size="5" value=${r.points} onInput=${(e) => setRow(i, { points: e.currentTarget.value })} />` : '—'}</td>
            ${['weight', 'stock', 'cost', 'minProb', 'maxProb'].map((k) => html`<td><input aria-label=${k} size="6" value=${r[k]} onInput=${(e) => setRow(i, { [k]: e.currentTarget.value })} /></td>`)}
            <td><button type="button" aria-label=${t('remove')} onClick=${() => setRows(rows.filter((_, j) => j !== i))}>✕</button></td></tr>`)}</tbody></table>
        <div class="controls">
          <button type="button" onClick=${() => setRows([...rows, { id: `p-${rows.length + 1}`, kind: 'points', points: '10', weight: '10', stock: '', cost: '0.10', minProb: '', maxProb: '' }])}>+ ${t('prize')}</button>
          <button type="button" class="primary" id="save-pool" onClick=${save} disabled=${!pool || !!entryError}>${exists ? t('saveChanges') : t('create')}</button>
          ${status && html`<span id="pool-status" class=${status.ok ? 'ok' : 'bad'}>${status.ok ? status.message : html`<b>${status.code}</b> <code class="path">${status.path}</code> ${status.message}`}</span>`}
        </div>
        ${buildError && html`<p class="bad" id="pool-build-error">${buildError}</p>`}
        ${entryError && html`<p class="bad" id="pool-entry-error">${t('entryRule')}: <b>${entryError.code}</b> ${entryError.message}</p>`}
        ${check && !check.ok && html`<ul class="issues" id="pool-errors">${check.errors.map((e) => html`<li><code class="path">${e.path}</code> ${e.message}</li>`)}</ul>`}
      </div>
      ${previews && html`<div class="grid2">
        <${PoolPreview} pk=${pk} title=${t('overall')} p=${previews.overall} id="pool-overall" />
        <div>
          <label class="field"><span>${t('forShopper')}</span>
            <select id="pool-shopper" value=${shopper} onChange=${(e) => setShopper(e.currentTarget.value)}>
              ${(customers || []).map((c) => html`<option value=${c.id}>${c.id} · ${c.name || ''} · ${(c.interests || []).join(', ')}</option>`)}</select></label>
          ${previews.shopper && html`<${PoolPreview} pk=${pk} title=${shopper} p=${previews.shopper} id="pool-personal" />`}
        </div>
      </div>`}
    </section>`;
}

function PoolPreview({ pk, title, p, id }) {
  if (p.error) return html`<div class="card" id=${id}><h3>${title}</h3><p class="bad">${p.error}</p></div>`;
  return html`
    <div class="card" id=${id}>
      <h3>${title}</h3>
      <p><span class=${p.withinBudget ? 'ok' : 'bad'}>${t('expectedCost')}: <b class="expected-cost">${money(pk, Math.round(p.expectedCost))}</b></span>
        / ${t('budget')} ${money(pk, p.budget)} ${p.personalized ? html`<span class="pill">${t('personalized')}</span>` : null}</p>
      <table><thead><tr><th>${t('prize')}</th><th class="num">${t('base')}</th><th class="num">${t('probability')}</th><th class="num">${t('simulated', p.sim.n)}</th></tr></thead>
        <tbody>${p.prizes.map((x) => html`<tr><td>${x.id}</td><td class="num">${(x.baseProbability * 100).toFixed(2)}%</td>
          <td class="num">${(x.probability * 100).toFixed(2)}%</td><td class="num">${((p.sim.counts[x.id] / p.sim.n) * 100).toFixed(2)}%</td></tr>`)}</tbody></table>
      <p class="muted">${t('simulatedCost')}: ${money(pk, Math.round(p.sim.averageCost))}</p>
      <${ChartView} label=${title} config=${{
        type: 'bar',
        data: { labels: p.prizes.map((x) => x.id), datasets: [
          { label: t('base'), data: p.prizes.map((x) => x.baseProbability), backgroundColor: '#94a3b8' },
          { label: t('probability'), data: p.prizes.map((x) => x.probability), backgroundColor: '#2563eb' }] },
      }} />
    </div>`;
}

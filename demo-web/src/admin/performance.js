// Per-promotion performance from the server's counters (GET /v1/admin/stats/offers/{id}):
// impressions, clicks, CTR, claims, redemptions, stock left and the automatic tags the ranking
// module derives (Wilson-score comparison with the whole catalog).
import { html, useState, useEffect } from '../shared/ui.js';
import { t } from '../shared/i18n.js';
import { ChartView } from './chart.js';
import { percent } from './format.js';

export function Performance({ app }) {
  const { api, catalog } = app;
  const offers = catalog?.offers || [];
  const [stats, setStats] = useState(null);
  const [error, setError] = useState(null);
  const [selected, setSelected] = useState(null);

  const load = async () => {
    setError(null);
    try {
      const all = await Promise.all(offers.map((o) => api.stats(o.id)));
      setStats(all);
    } catch (e) {
      setError(`${e.code} ${e.message}`);
    }
  };
  useEffect(() => { load(); }, [catalog]);

  if (error) return html`<p class="bad" id="stats-error">${error}</p>`;
  if (!stats) return html`<p>${t('working')}</p>`;
  const one = stats.find((s) => s.offerId === selected);
  return html`
    <section class="performance">
      <div class="card">
        <div class="controls"><button type="button" id="stats-refresh" onClick=${load}>${t('refresh')}</button></div>
        <table id="stats-table"><thead><tr><th>${t('offer')}</th><th class="num">${t('impressions')}</th><th class="num">${t('clicks')}</th><th class="num">CTR</th>
          <th class="num">${t('claims')}</th><th class="num">${t('redemptions')}</th><th class="num">${t('redemptionRate')}</th><th class="num">${t('remaining')}</th><th>${t('autoTags')}</th></tr></thead>
          <tbody>${stats.map((s) => html`<tr data-offer=${s.offerId} aria-selected=${s.offerId === selected ? 'true' : 'false'}>
            <th><button class="link" onClick=${() => setSelected(s.offerId)}>${s.offerId}</button></th>
            <td class="num">${s.impressions}</td><td class="num">${s.clicks}</td><td class="num">${percent(s.clickRate)}</td>
            <td class="num">${s.claims}</td><td class="num">${s.redemptions}</td><td class="num">${percent(s.redemptionRate)}</td>
            <td class="num">${s.remaining ?? '∞'}</td><td>${(s.tags || []).map((x) => html`<span class="pill">${x}</span>`)}</td></tr>`)}</tbody></table>
      </div>
      <div class="grid2 charts">
        <div class="card"><h4>${t('funnelAll')}</h4><${ChartView} id="chart-funnel" label=${t('funnelAll')} config=${{
          type: 'bar',
          data: { labels: stats.map((s) => s.offerId), datasets: [
            { label: t('impressions'), data: stats.map((s) => s.impressions), backgroundColor: '#94a3b8' },
            { label: t('clicks'), data: stats.map((s) => s.clicks), backgroundColor: '#2563eb' },
            { label: t('claims'), data: stats.map((s) => s.claims), backgroundColor: '#16a34a' },
            { label: t('redemptions'), data: stats.map((s) => s.redemptions), backgroundColor: '#d97706' }] },
        }} /></div>
        ${one && html`<div class="card" id="stats-one"><h4>${one.offerId}</h4>
          <p>CTR ${percent(one.clickRate)} (${t('baseline')} ${percent(one.baseline?.clickRate)}) · ${t('redemptionRate')} ${percent(one.redemptionRate)}
            (${t('baseline')} ${percent(one.baseline?.redemptionRate)})</p>
          <${ChartView} label=${one.offerId} config=${{
            type: 'bar',
            data: { labels: [t('impressions'), t('clicks'), t('claims'), t('redemptions')],
              datasets: [{ label: one.offerId, data: [one.impressions, one.clicks, one.claims, one.redemptions], backgroundColor: '#2563eb' }] },
            options: { plugins: { legend: { display: false } } },
          }} /></div>`}
      </div>
    </section>`;
}

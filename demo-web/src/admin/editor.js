// The promotion editor: every reward type, scope, conditions, limits, a validity window with
// zone and dayparts, codes, stacking and targeting (typed or built), checked live by the wasm
// core and saved through the admin API; any error is shown at its field with its JSON path.
import { html, useState, useMemo, useEffect } from '../shared/ui.js';
import { t } from '../shared/i18n.js';
import { REWARD_TYPES, DAY_SETS, emptyForm, fromOffer, toOffer, fieldForPath } from './offer-form.js';
import { ZONES } from './format.js';
import { RuleEditor, compileText, segmentsOf } from './rule-editor.js';
import { RuleBuilder } from './rule-builder.js';
import { Audience } from './audience.js';

// Compiles the rule text once per change and frees the previous rule's wasm memory.
export function useCompiled(pk, text, segments) {
  const result = useMemo(() => compileText(pk, text, segments), [pk, text, segments]);
  useEffect(() => () => result.rule?.dispose(), [result]);
  return result;
}

export function Editor({ app }) {
  const { pk, api, catalog, reload } = app;
  const offers = catalog?.offers || [];
  const [selected, setSelected] = useState('');
  const [form, setForm] = useState(() => emptyForm());
  const [server, setServer] = useState(null); // { ok, message, code, path }
  const [saving, setSaving] = useState(false);
  const segments = useMemo(() => segmentsOf(catalog), [catalog]);
  const rule = useCompiled(pk, form.targeting, segments);

  const { offer, errors: formErrors } = useMemo(() => toOffer(form), [form]);
  const report = useMemo(() => pk.validate('offer', offer, { all: true }), [offer]);
  const errors = { ...formErrors };
  for (const e of report.errors) {
    const f = fieldForPath(e.path, form);
    if (f && !errors[f]) errors[f] = e.message;
  }
  if (server && !server.ok && server.path) {
    const f = fieldForPath(server.path, form);
    if (f) errors[f] = server.message;
  }
  if (rule.error) errors.targeting = rule.error.message;

  const set = (patch) => {
    setForm((f) => ({ ...f, ...patch }));
    setServer(null);
  };
  const open = (id) => {
    setSelected(id);
    setServer(null);
    const o = offers.find((x) => x.id === id);
    setForm(o ? fromOffer(o) : emptyForm());
  };
  const exists = offers.some((o) => o.id === offer.id);
  const save = async (e) => {
    e.preventDefault();
    setSaving(true);
    try {
      await api.save('offers', offer, exists);
      setServer({ ok: true, message: t('saved', offer.id) });
      setSelected(offer.id);
      await reload();
    } catch (err) {
      setServer({ ok: false, message: err.message, code: err.code, path: err.path });
    } finally {
      setSaving(false);
    }
  };
  const remove = async () => {
    if (!exists || !confirm(t('confirmDelete', offer.id))) return;
    try {
      await api.remove('offers', offer.id);
      setServer({ ok: true, message: t('deleted', offer.id) });
      open('');
      await reload();
    } catch (err) {
      setServer({ ok: false, message: err.message, code: err.code, path: err.path });
    }
  };

  const field = (key, label, { type = 'text', hint = '', attrs = {} } = {}) => html`
    <label class="field">
      <span>${label}</span>
      <input id=${'o-' + key} name=${key} type=${type} value=${form[key]} placeholder=${hint} aria-invalid=${errors[key] ? 'true' : 'false'}
        onInput=${(e) => set({ [key]: e.currentTarget.value })} ...${attrs} />
      ${errors[key] && html`<small class="bad" id=${'err-' + key}>${errors[key]}</small>`}
    </label>`;
  const check = (key, label) => html`<label class="check"><input type="checkbox" id=${'o-' + key} checked=${form[key]}
    onChange=${(e) => set({ [key]: e.currentTarget.checked })} /> ${label}</label>`;
  const choose = (key, label, options) => html`
    <label class="field"><span>${label}</span>
      <select id=${'o-' + key} value=${form[key]} onChange=${(e) => set({ [key]: e.currentTarget.value })}>
        ${options.map((o) => html`<option value=${o}>${t('v_' + o) === 'v_' + o ? o : t('v_' + o)}</option>`)}
      </select></label>`;
  const r = form.rewardType;
  const blocking = Object.keys(formErrors).length > 0 || !!rule.error || !report.ok;

  return html`
    <section class="editor">
      <aside class="offer-list" aria-label=${t('promotions')}>
        <button class="primary" id="new-offer" onClick=${() => open('')}>+ ${t('newPromotion')}</button>
        <ul>${offers.map((o) => html`<li><button aria-current=${o.id === selected ? 'true' : undefined} data-offer=${o.id} onClick=${() => open(o.id)}>
          <b>${o.id}</b><small>${o.title?.[app.lang] || o.title?.en || ''}</small></button></li>`)}</ul>
      </aside>
      <form class="offer-form" id="offer-form" onSubmit=${save} novalidate>
        <fieldset><legend>${t('basics')}</legend>
          <div class="grid3">
            ${field('id', t('id'), { hint: 'spring-fashion-20', attrs: { readOnly: exists && selected === form.id && !!selected } })}
            ${field('titleEn', t('titleEn'))} ${field('titleZh', t('titleZh'))}
            ${field('descEn', t('descEn'))} ${field('descZh', t('descZh'))}
            ${choose('format', t('format'), ['banner', 'carousel', 'qr'])}
          </div>
        </fieldset>
        <fieldset><legend>${t('reward')}</legend>
          <div class="grid3">
            ${choose('rewardType', t('rewardType'), REWARD_TYPES)}
            ${r === 'percent' && html`${field('percent', t('percentOff'), { type: 'number', attrs: { min: 0, max: 100, step: 'any' } })}
              ${choose('target', t('target'), ['lines', 'order'])} ${field('maxDiscount', t('maxDiscount'), { hint: '50.00' })}`}
            ${r === 'fixed' && html`${field('amount', t('amount'), { hint: '30.00' })} ${choose('target', t('target'), ['order', 'lines'])}
              ${choose('per', t('per'), ['order', 'item', 'unit'])} ${field('maxDiscount', t('maxDiscount'), { hint: '50.00' })}`}
            ${r === 'free_gift' && html`${field('sku', t('giftSku'), { hint: 'GIFT-TOTE' })} ${field('quantity', t('quantity'), { type: 'number', attrs: { min: 1 } })}`}
            ${r === 'bogo' && html`${field('maxApplications', t('maxApplications'), { type: 'number', attrs: { min: 1 } })}`}
            ${r === 'buy_x_get_y' && html`${field('buy', t('buy'), { type: 'number', attrs: { min: 1 } })} ${field('get', t('get'), { type: 'number', attrs: { min: 1 } })}
              ${field('getPercent', t('getPercent'), { type: 'number', hint: '100' })} ${field('maxApplications', t('maxApplications'), { type: 'number', attrs: { min: 1 } })}`}
            ${r === 'bonus_points' && field('points', t('points'), { type: 'number', attrs: { min: 1 } })}
            ${r === 'points_multiplier' && field('factor', t('factor'), { type: 'number', attrs: { step: 'any' } })}
          </div>
        </fieldset>
        <fieldset><legend>${t('scope')}</legend>
          <p class="muted">${t('scopeHint')}</p>
          <div class="grid3">
            ${field('skus', t('skus'))} ${field('categories', t('categories'), { hint: 'fashion, shoes' })} ${field('brands', t('brands'))}
            ${field('excludeSkus', t('excludeSkus'))} ${field('excludeCategories', t('excludeCategories'))} ${field('excludeBrands', t('excludeBrands'))}
          </div>
        </fieldset>
        <fieldset><legend>${t('conditions')}</legend>
          <div class="grid3">
            ${field('minSpend', t('minSpend'), { hint: '200.00' })} ${field('minQuantity', t('minQuantity'), { type: 'number' })}
            ${field('stores', t('stores'), { hint: 's1, s2' })} ${check('firstPurchase', t('firstPurchase'))}
          </div>
        </fieldset>
        <fieldset><legend>${t('limitsWindow')}</legend>
          <div class="grid3">
            ${field('limitTotal', t('limitTotal'), { type: 'number' })} ${field('limitPerCustomer', t('limitPerCustomer'), { type: 'number' })}
            ${field('limitPerDay', t('limitPerDay'), { type: 'number' })}
            ${choose('zone', t('zone'), ZONES.includes(form.zone) ? ZONES : [form.zone, ...ZONES])}
            ${field('start', t('start'), { type: 'datetime-local' })} ${field('end', t('end'), { type: 'datetime-local' })}
          </div>
          <div class="dayparts">
            <span>${t('dayparts')}</span>
            ${form.dayparts.map((d, i) => html`<div class="row">
              <select aria-label=${t('days')} value=${d.days} onChange=${(e) => set({ dayparts: form.dayparts.map((x, j) => (j === i ? { ...x, days: e.currentTarget.value } : x)) })}>
                ${DAY_SETS.map((s) => html`<option value=${s}>${s}</option>`)}</select>
              <input type="time" aria-label=${t('from')} value=${d.from} onInput=${(e) => set({ dayparts: form.dayparts.map((x, j) => (j === i ? { ...x, from: e.currentTarget.value } : x)) })} />
              <input type="time" aria-label=${t('to')} value=${d.to} onInput=${(e) => set({ dayparts: form.dayparts.map((x, j) => (j === i ? { ...x, to: e.currentTarget.value } : x)) })} />
              <button type="button" aria-label=${t('remove')} onClick=${() => set({ dayparts: form.dayparts.filter((_, j) => j !== i) })}>✕</button>
              ${errors['daypart' + i] && html`<small class="bad">${errors['daypart' + i]}</small>`}
            </div>`)}
            <button type="button" onClick=${() => set({ dayparts: [...form.dayparts, { days: 'mon-fri', from: '11:00', to: '14:00' }] })}>+ ${t('daypart')}</button>
            ${errors.dayparts && html`<small class="bad">${errors.dayparts}</small>`}
          </div>
        </fieldset>
        <fieldset><legend>${t('codesStacking')}</legend>
          <div class="grid3">
            ${choose('codeMode', t('codeMode'), ['none', 'shared', 'unique'])}
            ${form.codeMode === 'shared' && field('codeValue', t('codeValue'), { hint: 'SPRING20' })}
            ${check('requiresClaim', t('requiresClaim'))}
            ${field('group', t('group'), { hint: 'product' })} ${field('priority', t('priority'), { type: 'number' })}
            ${check('exclusive', t('exclusive'))}
            ${field('tags', t('tags'))} ${field('brand', t('brand'))} ${field('category', t('category'))}
            ${field('malls', t('malls'), { hint: 'm1' })} ${field('boost', t('boost'), { type: 'number' })} ${field('pointsCost', t('pointsCost'), { type: 'number' })}
          </div>
        </fieldset>
        <fieldset><legend>${t('targeting')}</legend>
          <${RuleEditor} value=${form.targeting} result=${rule} onInput=${(v) => set({ targeting: v })} />
          <${RuleBuilder} onUse=${(text) => set({ targeting: text })} />
        </fieldset>
        <div class="controls sticky">
          <button class="primary" id="save-offer" type="submit" disabled=${saving}>${exists ? t('saveChanges') : t('create')}</button>
          ${exists && html`<button type="button" id="delete-offer" onClick=${remove}>${t('delete')}</button>`}
          <span id="local-check" class=${blocking ? 'bad' : 'ok'}>${blocking ? t('hasProblems') : t('looksValid')}</span>
        </div>
        <div id="save-status" aria-live="polite">
          ${server && html`<p class=${server.ok ? 'ok' : 'bad'}>${server.ok ? server.message : html`<b>${server.code}</b> ${server.path && html`<code class="path">${server.path}</code>`} ${server.message}`}</p>`}
          ${!report.ok && html`<ul class="issues" id="local-errors">${report.errors.map((e) => html`<li><code class="path">${e.path || '(offer)'}</code> ${e.message}</li>`)}</ul>`}
        </div>
      </form>
      <aside class="side">
        <${Audience} app=${app} result=${rule} />
        <details class="card"><summary>${t('json')}</summary><pre class="json" id="offer-json">${JSON.stringify(offer, null, 2)}</pre></details>
      </aside>
    </section>`;
}

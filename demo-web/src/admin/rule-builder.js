// The visual condition builder: rows of (field, operator, value) joined by and/or, printed as
// rule text (docs/rules.md) — the same text a marketer could type, so both paths give one rule.
import { html, useState } from '../shared/ui.js';
import { t } from '../shared/i18n.js';
import { parseMoney } from './format.js';

// kind: how the value is written. 'text' → "quoted", 'number' → bare, 'money' → minor units.
export const FIELDS = {
  tier: { kind: 'text', ops: ['==', '!='], hint: 'gold' },
  gender: { kind: 'text', ops: ['==', '!='], hint: 'female' },
  interests: { kind: 'text', ops: ['has', 'lacks'], hint: 'fashion' },
  tags: { kind: 'text', ops: ['has', 'lacks'], hint: 'vip' },
  mall: { kind: 'text', ops: ['==', '!='], hint: 'm1' },
  city: { kind: 'text', ops: ['==', '!='], hint: 'Shanghai' },
  spent: { kind: 'money', ops: ['>=', '<', '=='], hint: '1000.00' },
  orders: { kind: 'number', ops: ['>=', '<', '=='], hint: '5' },
  points: { kind: 'number', ops: ['>=', '<'], hint: '500' },
  lastActiveDays: { kind: 'number', ops: ['>=', '<'], hint: '90', expr: 'days_since(lastActiveAt)' },
  registeredDays: { kind: 'number', ops: ['<=', '>='], hint: '30', expr: 'days_since(registeredAt)' },
  birthdayWithin: { kind: 'number', ops: ['='], hint: '7', call: 'birthday_within' },
  segment: { kind: 'text', ops: ['=', 'not'], hint: 'high_value', call: 'segment' },
  consent: { kind: 'choice', ops: ['=='], choices: ['wechat', 'email', 'sms', 'inApp'] },
};

// One condition → text, or throws with what is wrong with its value.
export function conditionText({ field, op, value }) {
  const f = FIELDS[field];
  if (!f) throw new Error(`unknown field ${field}`);
  const v = String(value ?? '').trim();
  if (v === '') throw new Error('a value is needed');
  let lit;
  if (f.kind === 'text' || f.kind === 'choice') lit = JSON.stringify(v);
  else if (f.kind === 'money') lit = String(parseMoney(v));
  else {
    if (!/^-?\d+(\.\d+)?$/.test(v)) throw new Error('a number is needed');
    lit = v;
  }
  if (field === 'consent') return `consents.${v} == true`;
  if (f.call) return op === 'not' ? `not ${f.call}(${lit})` : `${f.call}(${lit})`;
  if (op === 'has') return `${lit} in ${field}`;
  if (op === 'lacks') return `${lit} not in ${field}`;
  return `${f.expr || field} ${op} ${lit}`;
}

export function buildRule(conditions, joiner = 'and') {
  return conditions.map(conditionText).join(` ${joiner} `);
}

export function RuleBuilder({ onUse }) {
  const [rows, setRows] = useState([{ field: 'tier', op: '==', value: 'gold' }]);
  const [joiner, setJoiner] = useState('and');
  let text = '', problem = '';
  try {
    text = buildRule(rows, joiner);
  } catch (e) {
    problem = e.message;
  }
  const update = (i, patch) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return html`
    <fieldset class="builder" id="rule-builder">
      <legend>${t('builder')}</legend>
      ${rows.map((r, i) => {
        const f = FIELDS[r.field];
        return html`<div class="row">
          <select aria-label=${t('field')} class="b-field" value=${r.field}
            onChange=${(e) => update(i, { field: e.currentTarget.value, op: FIELDS[e.currentTarget.value].ops[0], value: FIELDS[e.currentTarget.value].choices?.[0] || '' })}>
            ${Object.keys(FIELDS).map((k) => html`<option value=${k}>${t('f_' + k)}</option>`)}
          </select>
          <select aria-label=${t('operator')} class="b-op" value=${r.op} onChange=${(e) => update(i, { op: e.currentTarget.value })}>
            ${f.ops.map((o) => html`<option value=${o}>${t('op_' + o)}</option>`)}
          </select>
          ${f.kind === 'choice'
            ? html`<select aria-label=${t('value')} class="b-value" value=${r.value} onChange=${(e) => update(i, { value: e.currentTarget.value })}>
                ${f.choices.map((c) => html`<option value=${c}>${c}</option>`)}</select>`
            : html`<input aria-label=${t('value')} class="b-value" placeholder=${f.hint} value=${r.value} onInput=${(e) => update(i, { value: e.currentTarget.value })} />`}
          <button type="button" aria-label=${t('remove')} onClick=${() => setRows(rows.filter((_, j) => j !== i))} disabled=${rows.length === 1}>✕</button>
        </div>`;
      })}
      <div class="controls">
        <button type="button" onClick=${() => setRows([...rows, { field: 'interests', op: 'has', value: '' }])}>+ ${t('condition')}</button>
        <select aria-label=${t('joiner')} value=${joiner} onChange=${(e) => setJoiner(e.currentTarget.value)}>
          <option value="and">${t('all_of')}</option><option value="or">${t('any_of')}</option>
        </select>
        <button type="button" id="builder-use" class="primary" disabled=${!!problem} onClick=${() => onUse(text)}>${t('useRule')}</button>
      </div>
      <p class=${problem ? 'bad' : 'muted'}><code id="builder-text">${problem || text}</code></p>
    </fieldset>`;
}

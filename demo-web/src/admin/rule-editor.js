// Targeting rule text with live validation in wasm: every keystroke compiles the rule; an error
// is underlined where the compiler says it is (a mirror of the text behind the textarea) and
// its suggestion is offered as a one-click fix.
import { html, useRef } from '../shared/ui.js';
import { t } from '../shared/i18n.js';

const encoder = new TextEncoder();

// The core counts offsets in UTF-8 bytes; JS strings index UTF-16 units.
function byteToIndex(text, bytes) {
  let i = 0, b = 0;
  while (i < text.length && b < bytes) {
    const cp = text.codePointAt(i);
    b += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    i += cp >= 0x10000 ? 2 : 1;
  }
  return i;
}

// Compiles `text` → { rule, error: { message, code, start, end, token, suggestion } }.
// Empty text is "everyone" (no targeting). The caller disposes result.rule.
export function compileText(pk, text, segments) {
  if (!text.trim()) return { rule: null, error: null, empty: true };
  try {
    const rule = pk.compileRule(text, { segments });
    return { rule, text: rule.toText(), error: null };
  } catch (e) {
    const pos = e.position;
    let start = null, end = null;
    if (pos) {
      start = byteToIndex(text, pos.offset);
      // A token the text does not hold there (e.g. "end of input") marks one character.
      end = pos.token && text.startsWith(pos.token, start) ? start + pos.token.length : Math.min(text.length, start + 1);
      if (start >= text.length) { start = Math.max(0, text.length - 1); end = text.length; }
    }
    const m = /did you mean '([^']+)'\?/.exec(e.message || '');
    // What the suggestion replaces: the misspelt name the message quotes (a segment's name sits
    // inside the call the position points at), else the token itself.
    const wrong = /unknown [a-z ]+ '([^']+)'/.exec(e.message || '')?.[1] || pos?.token || '';
    // The message repeats the text with a caret under it; the page underlines instead.
    const message = String(e.message || '').split('\n')[0].replace(/^\d+:\d+: /, '');
    return {
      rule: null,
      error: { message, code: e.code, line: pos?.line, column: pos?.column, start, end, token: pos?.token || '', wrong, suggestion: m ? m[1] : null },
    };
  }
}

// Profile fields a rule may name (docs/rules.md), offered when a name is unknown and the
// compiler has no close match.
export const PROFILE_FIELDS = ['id', 'name', 'tier', 'gender', 'birthday', 'interests', 'tags', 'mall', 'city', 'zone', 'locale',
  'registeredAt', 'lastActiveAt', 'spent', 'orders', 'points', 'consents.wechat', 'consents.email', 'consents.sms', 'consents.inApp'];

export function fieldChoices(token) {
  const t = String(token || '').toLowerCase();
  const score = (f) => (f.startsWith(t.slice(0, 1)) ? 0 : 1) + (f.includes(t.slice(0, 3)) ? 0 : 1);
  return [...PROFILE_FIELDS].sort((a, b) => score(a) - score(b)).slice(0, 8);
}

export function segmentsOf(catalog) {
  return Object.fromEntries((catalog?.segments || []).map((s) => [s.id, s.rule]));
}

export function RuleEditor({ value, onInput, result, id = 'rule' }) {
  const mirror = useRef(null);
  const err = result?.error;
  const syncScroll = (e) => {
    if (mirror.current) mirror.current.scrollTop = e.currentTarget.scrollTop;
  };
  const fix = (suggestion = err?.suggestion) => {
    if (!suggestion || err.start === null) return;
    const at = err.wrong ? value.indexOf(err.wrong, err.start) : -1;
    if (at >= 0) onInput(value.slice(0, at) + suggestion + value.slice(at + err.wrong.length));
    else onInput(value.slice(0, err.start) + suggestion + value.slice(err.end));
  };
  const choices = err && !err.suggestion && err.code === 'PK_RULE_UNKNOWN_FIELD' ? fieldChoices(err.wrong) : [];
  const marked = err && err.start !== null
    ? html`${value.slice(0, err.start)}<mark class="squiggle" id="rule-underline" data-start=${err.start} data-end=${err.end}>${value.slice(err.start, err.end) || ' '}</mark>${value.slice(err.end)}`
    : value;
  return html`
    <div class="rule-editor">
      <div class="rule-box">
        <pre class="rule-mirror" aria-hidden="true" ref=${mirror}>${marked}${'\n'}</pre>
        <textarea id=${id} class="rule-text" spellcheck="false" rows="4" value=${value}
          aria-invalid=${err ? 'true' : 'false'} aria-describedby="rule-status" placeholder=${t('rulePlaceholder')}
          onInput=${(e) => onInput(e.currentTarget.value)} onScroll=${syncScroll}></textarea>
      </div>
      <div id="rule-status" aria-live="polite">
        ${err
          ? html`<p class="bad" id="rule-error"><b>${err.code}</b> ${err.line ? `${t('line')} ${err.line}, ${t('column')} ${err.column}: ` : ''}${err.message}</p>
            ${err.suggestion && html`<button type="button" id="rule-fix" onClick=${() => fix()}>${t('replaceWith')} “${err.suggestion}”</button>`}
            ${choices.length > 0 && html`<p class="controls" id="rule-fields"><span class="muted">${t('knownFields')}</span>
              ${choices.map((f) => html`<button type="button" class="pill" onClick=${() => fix(f)}>${f}</button>`)}</p>`}`
          : result?.empty
            ? html`<p class="muted">${t('noTargeting')}</p>`
            : result?.rule && html`<p class="ok" id="rule-ok">✓ ${t('ruleValid')} <code id="rule-normal">${result.text}</code></p>`}
      </div>
    </div>`;
}

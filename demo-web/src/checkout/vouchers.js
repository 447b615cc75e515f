// Coupons and codes for the current sale: QR tokens (typed, pasted or scanned; checked offline
// with the server's public key) and promotion codes, each with what the engine made of it.
import { html, useState } from '../shared/ui.js';
import { Scanner } from './scanner.js';
import { tc, pick, lang, reasonText } from './strings.js';

export function VoucherPanel({ vouchers, catalog, result, tokenError, profileNote, onToken, onRemove }) {
  const [text, setText] = useState('');
  const applied = new Set((result?.applied || []).map((a) => a.offerId));
  const rejected = new Map((result?.rejected || []).map((r) => [r.offerId, r.reason]));
  const title = (id) => pick(catalog.offers.find((o) => o.id === id)?.title, id);
  const when = (ms) => new Date(ms).toLocaleString(lang() === 'zh' ? 'zh-CN' : 'en');
  async function submit(e) {
    e.preventDefault();
    if (await onToken(text)) setText('');
  }
  return html`
    <section class="card" aria-labelledby="vouchers-h">
      <h2 id="vouchers-h">${tc('vouchers')}</h2>
      <form onSubmit=${submit}>
        <label for="token-input">${tc('tokenLabel')}</label>
        <textarea id="token-input" class="token" rows="3" spellcheck="false" autocomplete="off" value=${text}
          aria-invalid=${!!tokenError} aria-describedby=${tokenError ? 'token-error' : undefined}
          onInput=${(e) => setText(e.target.value)}
          onKeyDown=${(e) => { if (e.key === 'Enter' && !e.shiftKey) submit(e); }}></textarea>
        <div class="controls"><button class="primary" type="submit" id="apply-token">${tc('applyToken')}</button></div>
      </form>
      ${tokenError && html`<p class="bad" role="alert" id="token-error">${tokenError}</p>`}
      <${Scanner} onToken=${async (t) => { setText(t); if (await onToken(t)) setText(''); }} />
      ${vouchers.length > 0 && html`
        <ul class="vouchers" id="vouchers">
          ${vouchers.map((v) => html`
            <li data-claim=${v.claimId} data-offer=${v.offerId}>
              <div class="row"><b>${title(v.offerId)}</b>
                <button type="button" class="link" aria-label=${`${tc('remove')}: ${title(v.offerId)}`} onClick=${() => onRemove(v.claimId)}>✕</button></div>
              <div class="small"><span class="ok">✓ ${tc('verified')}</span> · ${tc('shopper')} ${v.customerId} · ${tc('expires')} ${when(v.expiry)}</div>
              <div class="small">${applied.has(v.offerId) ? html`<span class="ok">${reasonText('applied')}</span>`
                : html`<span class="bad">${tc('notUsedYet')}: ${reasonText(rejected.get(v.offerId) || 'NOT_BEST')}</span>`}</div>
            </li>`)}
        </ul>
        ${profileNote && html`<p class="muted small" id="profile-note">${profileNote}</p>`}`}
    </section>`;
}

export function CodesPanel({ codes, verdicts, onAdd, onRemove }) {
  const [text, setText] = useState('');
  const verdict = new Map(verdicts.map((v) => [v.code, v]));
  function submit(e) {
    e.preventDefault();
    const code = text.trim().toUpperCase();
    if (!code) return;
    onAdd(code);
    setText('');
  }
  return html`
    <section class="card" aria-labelledby="codes-h">
      <h2 id="codes-h">${tc('codes')}</h2>
      <form class="controls" onSubmit=${submit}>
        <label for="code-input" class="sr-only">${tc('codeLabel')}</label>
        <input id="code-input" placeholder=${tc('codeLabel')} autocomplete="off" value=${text} onInput=${(e) => setText(e.target.value)} />
        <button type="submit" id="add-code">${tc('addCode')}</button>
      </form>
      ${codes.length > 0 && html`<ul class="codes" id="codes">
        ${codes.map((c) => {
          const v = verdict.get(c);
          const ok = v?.status === 'applied';
          return html`<li data-code=${c} data-status=${v?.status || ''}>
            <code>${c}</code> <span class=${ok ? 'ok' : 'bad'}>${v ? reasonText(v.status) : ''}</span>
            ${v?.shapeOnly && html`<span class="muted small shape-only"> (${tc('codeShapeOnly')})</span>`}
            <button type="button" class="link" aria-label=${`${tc('remove')}: ${c}`} onClick=${() => onRemove(c)}>✕</button></li>`;
        })}
      </ul>`}
    </section>`;
}

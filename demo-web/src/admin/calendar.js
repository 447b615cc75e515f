// The catalog's event calendar (the dated events `event` notification templates announce):
// listed with a jump of the header's "Now" to the day before each starts, when its alert is
// due, and edited in place (POST/PUT/DELETE /v1/admin/calendar; the server checks the rest).
import { html, useState } from '../shared/ui.js';
import { t, language } from '../shared/i18n.js';
import { ZONES, msToLocal, localToMs } from './format.js';

const DAY = 86400000;
const shown = (ms, zone) => msToLocal(ms, zone).replace('T', ' ');

// Form fields → a calendar entry; a bad field throws its message (shown under the form).
export function entryOf(base, f, zone) {
  const id = f.id.trim();
  if (!id) throw new Error(t('calNeedId'));
  if (!f.nameEn.trim()) throw new Error(t('calNeedName'));
  let start, end;
  try {
    start = localToMs(f.start, zone);
    end = localToMs(f.end, zone);
  } catch {
    throw new Error(t('calBadTime'));
  }
  if (start === null) throw new Error(t('calBadTime'));
  if (end !== null && end <= start) throw new Error(t('calEndBeforeStart'));
  const entry = { ...base, id, name: { ...(typeof base.name === 'object' ? base.name : {}), en: f.nameEn.trim() }, start };
  if (f.nameZh.trim()) entry.name.zh = f.nameZh.trim();
  else delete entry.name.zh;
  if (end === null) delete entry.end;
  else entry.end = end;
  if (f.offerId) entry.offerId = f.offerId;
  else delete entry.offerId;
  return entry;
}

export function Calendar({ app, title }) {
  const { api, catalog, now, setNow, reload } = app;
  const entries = [...(catalog?.calendar || [])].sort((a, b) => a.start - b.start);
  const [zone, setZone] = useState('Asia/Shanghai');
  const [form, setForm] = useState(null); // { base, id, nameEn, nameZh, start, end, offerId, exists }
  const [status, setStatus] = useState(null);
  const name = (e) => (typeof e.name === 'string' ? e.name : e.name?.[language() === 'zh' ? 'zh' : 'en'] || e.name?.en || e.id);
  const edit = (e) => {
    setStatus(null);
    setForm({ base: e || {}, exists: !!e, id: e?.id || '', nameEn: typeof e?.name === 'string' ? e.name : e?.name?.en || '', nameZh: e?.name?.zh || '',
      start: msToLocal(e?.start ?? now, zone), end: msToLocal(e?.end, zone), offerId: e?.offerId || '' });
  };
  let entry = null, problem = null;
  if (form) {
    try {
      entry = entryOf(form.base, form, zone);
    } catch (e) {
      problem = e.message;
    }
  }
  const run = async (what) => {
    try {
      await what();
      setForm(null);
      await reload();
    } catch (e) {
      setStatus({ code: e.code, path: e.path, message: e.message });
    }
  };
  const field = (k, label, type = 'text') => html`<label class="field inline"><span>${label}</span>
    <input id=${'cal-' + k} type=${type} value=${form[k]} disabled=${k === 'id' && form.exists} onInput=${(e) => setForm({ ...form, [k]: e.currentTarget.value })} /></label>`;

  return html`
    <h3>${t('calendar')}</h3>
    <label class="field inline"><span>${t('zone')}</span>
      <select id="cal-zone" value=${zone} onChange=${(e) => setZone(e.currentTarget.value)}>${ZONES.map((z) => html`<option value=${z}>${z}</option>`)}</select></label>
    <ul id="calendar" class="offers">${entries.map((e) => html`<li data-event=${e.id}>
      <b>${name(e)}</b> <small class="muted">${shown(e.start, zone)} – ${shown(e.end ?? e.start + DAY, zone)}${e.offerId ? ` · ${title(e.offerId)}` : ''}</small>
      ${now >= e.start && now < (e.end ?? e.start + DAY) ? html` <span class="pill">${t('eventOn')}</span>` : null}
      <button type="button" class="jump" aria-label=${`${t('dayBefore')}: ${name(e)}`} onClick=${() => setNow(e.start - DAY)}>${t('dayBefore')}</button>
      <button type="button" class="edit" aria-label=${`${t('edit')}: ${name(e)}`} onClick=${() => edit(e)}>${t('edit')}</button></li>`)}</ul>
    ${!form ? html`<button type="button" id="cal-new" onClick=${() => edit(null)}>+ ${t('calEvent')}</button>` : html`
      <div class="controls" id="cal-form">
        ${field('id', t('id'))}${field('nameEn', t('titleEn'))}${field('nameZh', t('titleZh'))}
        ${field('start', t('start'), 'datetime-local')}${field('end', t('end'), 'datetime-local')}
        <label class="field inline"><span>${t('offer')}</span><select id="cal-offer" value=${form.offerId} onChange=${(e) => setForm({ ...form, offerId: e.currentTarget.value })}>
          <option value=""></option>${(catalog?.offers || []).map((o) => html`<option value=${o.id}>${o.id}</option>`)}</select></label>
        <button type="button" class="primary" id="cal-save" disabled=${!entry} onClick=${() => run(() => api.save('calendar', entry, form.exists))}>${form.exists ? t('saveChanges') : t('create')}</button>
        ${form.exists && html`<button type="button" id="cal-delete" onClick=${() => run(() => api.remove('calendar', form.id))}>${t('delete')}</button>`}
        <button type="button" onClick=${() => { setForm(null); setStatus(null); }}>${t('cancel')}</button>
      </div>
      ${problem && html`<p class="bad" id="cal-problem">${problem}</p>`}`}
    ${status && html`<p class="bad" id="cal-status"><b>${status.code}</b> <code class="path">${status.path}</code> ${status.message}</p>`}`;
}

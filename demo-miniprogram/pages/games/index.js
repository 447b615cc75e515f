// Games: wheel, scratch card and daily draw over the catalog's prize pools, and challenges.
// A play takes the next stored ticket; the engine computes the outcome (offline too) and the
// queue sends it to the server to verify and grant. The UI only animates to that outcome.
const { gamesView, play } = require('../../lib/games.js');
const { t, reasonText } = require('../../lib/i18n.js');
const { chrome, connect, disconnect, showError } = require('../../lib/page.js');

Component({
  data: { spinMs: 4000, pools: [], challenges: [], history: [], current: '', pool: null, playing: false, spin: null, cells: [], card: '', result: '', message: '' },
  methods: {
    onLoad() {
      return connect(this);
    },
    onShow() {
      if (this.store) return this.render(this.store);
    },
    onUnload() {
      disconnect(this);
    },
    async render(store) {
      const v = await gamesView(store);
      const current = v.pools.some((p) => p.id === this.data.current) ? this.data.current : (v.pools[0] && v.pools[0].id) || '';
      this.setData({ ...chrome(store), ...v, current, pool: v.pools.find((p) => p.id === current) || null });
    },
    selectPool(e) {
      const current = e.currentTarget.dataset.id;
      this.setData({ current, pool: this.data.pools.find((p) => p.id === current) || null, result: '', message: '', cells: [], spin: null });
    },
    async play() {
      const store = this.store;
      const pool = this.data.pool;
      if (!store || !pool || this.data.playing) return;
      this.setData({ playing: true, result: '', message: '' });
      try {
        const r = await play(store, pool.id);
        this._pending = r.message; // shown when the animation ends
        if (pool.game === 'scratch') this.setData({ cells: r.cells, card: r.outcome.ticketId });
        else this.setData({ spin: { id: r.outcome.ticketId, index: r.index } });
      } catch (err) {
        this.setData({ playing: false, message: err.code ? reasonText(store.locale, err.code) + ' · ' + err.message : err.message });
      }
    },
    // lucky-wheel / scratch-card finished: show the prize the engine decided.
    revealed() {
      this.setData({ playing: false, result: this._pending || '' });
      if (this.store) this.render(this.store).catch((err) => showError(this, err));
    },
    async getTickets() {
      const store = this.store;
      if (!store || !this.data.pool) return;
      try {
        await store.requestTickets(this.data.pool.id);
      } catch (err) {
        this.setData({ message: t(store.locale, 'app.error', { message: err.serverCode ? reasonText(store.locale, err.serverCode) : err.message }) });
      }
      return this.render(store);
    },
  },
});

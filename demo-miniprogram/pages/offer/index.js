// Offer detail: the card, usage rules, claim into the wallet (pending until the server
// confirms), and the QR voucher once the claim is confirmed.
const { offerDetail } = require('../../lib/offer-detail.js');
const { t, reasonText } = require('../../lib/i18n.js');
const { chrome, connect, disconnect, showError } = require('../../lib/page.js');

Component({
  data: { offerId: '', found: true, card: null, rules: [], canClaim: false, claimable: false, claiming: false, notEligibleText: '', entry: null, voucherToken: '', statusText: '', message: '' },
  methods: {
    onLoad(query = {}) {
      this.setData({ offerId: decodeURIComponent(query.id || '') });
      return connect(this).then((store) => {
        if (store && this.data.found) return store.track({ type: 'view', offerId: this.data.offerId }).catch((err) => showError(this, err));
      });
    },
    onUnload() {
      disconnect(this);
    },
    render(store) {
      const d = offerDetail(store, this.data.offerId);
      this.setData({
        ...chrome(store),
        found: d.found,
        message: d.found ? this.data.message : d.message,
        card: d.card || null,
        rules: d.rules || [],
        canClaim: !!d.canClaim,
        claimable: !!d.claimable,
        notEligibleText: d.notEligibleText || '',
        entry: d.entry,
        statusText: d.entry ? t(store.locale, `status.${d.entry.status}`) + (d.entry.reason ? ` · ${reasonText(store.locale, d.entry.reason)}` : '') : '',
        voucherToken: d.voucherToken || '',
      });
      if (d.card && typeof wx.setNavigationBarTitle === 'function') wx.setNavigationBarTitle({ title: d.card.title, fail: () => {} });
    },
    async claim() {
      const store = this.store;
      if (!store || this.data.claiming) return;
      this.setData({ claiming: true, message: '' });
      try {
        await store.claim(this.data.offerId);
      } catch (err) {
        this.setData({ message: t(store.locale, 'offer.claimFailed', { message: err.code ? reasonText(store.locale, err.code) : err.message }) });
      }
      this.setData({ claiming: false });
      this.render(store);
    },
  },
});

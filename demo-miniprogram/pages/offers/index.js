// Offer Center: "Recommended for You" with the engine's reasons, then the shopper's offers with
// filters by interest, membership tier and mall. Works from the cached catalog when offline.
const { offerCenter } = require('../../lib/offer-center.js');
const { chrome, connect, disconnect, showError, toggleLanguage } = require('../../lib/page.js');

Component({
  data: { recommended: [], offers: [], options: { interests: [], tiers: [], malls: [] }, filters: { interest: '', tier: '', mall: '' } },
  methods: {
    onLoad() {
      return connect(this);
    },
    onUnload() {
      disconnect(this);
    },
    render(store) {
      this.setData({ ...chrome(store), ...offerCenter(store, this.data.filters) });
    },
    // A chip: data-kind = interest | tier | mall, data-value = '' for all.
    setFilter(e) {
      const { kind, value } = e.currentTarget.dataset;
      const filters = { ...this.data.filters, [kind]: this.data.filters[kind] === value ? '' : value };
      this.setData({ filters });
      if (this.store) this.render(this.store);
    },
    openOffer(e) {
      const offerId = e.detail.offerId;
      if (this.store) this.store.track({ type: 'click', offerId }).catch((err) => showError(this, err));
      wx.navigateTo({ url: `/pages/offer/index?id=${encodeURIComponent(offerId)}` });
    },
    toggleLanguage() {
      if (this.store) toggleLanguage(this.store);
    },
    onPullDownRefresh() {
      const done = () => wx.stopPullDownRefresh();
      if (!this.store) return done();
      return this.store.refresh().then(done, (err) => {
        done();
        showError(this, err);
      });
    },
  },
});

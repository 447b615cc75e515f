// Wallet: coupons by status with their usage rules, the QR of an active one, the redemption
// history and the points balance with its ledger.
const { walletView } = require('../../lib/wallet.js');
const { chrome, connect, disconnect, showError } = require('../../lib/page.js');

Component({
  data: { groups: [], redemptions: [], ledger: [], points: 0, empty: true, shown: '' },
  methods: {
    onLoad() {
      return connect(this);
    },
    onShow() {
      if (this.store) this.render(this.store);
    },
    onUnload() {
      disconnect(this);
    },
    render(store) {
      this.setData({ ...chrome(store), ...walletView(store) });
    },
    // Shows (or hides) the voucher of one claim.
    toggleVoucher(e) {
      const token = e.currentTarget.dataset.token;
      this.setData({ shown: this.data.shown === token ? '' : token });
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

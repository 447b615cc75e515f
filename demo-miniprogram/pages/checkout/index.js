// Checkout: a cart from the demo shelf, promo codes, and the engine's best combination of
// offers with a breakdown per line and per offer. Paying records the purchase and queues the
// redemptions of the coupons it used. The cart is kept in wx storage.
const { shelf, changeItem, checkoutView, pay } = require('../../lib/checkout.js');
const { chrome, connect, disconnect, showError } = require('../../lib/page.js');

Component({
  data: { products: [], items: [], codes: [], codeInput: '', view: null, paying: false, message: '' },
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
      const items = this._loaded ? this.data.items : store.local.get('cart', []);
      const codes = this._loaded ? this.data.codes : store.local.get('codes', []);
      this._loaded = true;
      this.setData({ ...chrome(store), products: shelf(store), items, codes, view: checkoutView(store, items, codes) });
    },
    save(items, codes) {
      this.store.local.set('cart', items);
      this.store.local.set('codes', codes);
      this.setData({ items, codes, message: '' });
      this.render(this.store);
    },
    add(e) {
      if (this.store) this.save(changeItem(this.data.items, e.currentTarget.dataset.sku, 1), this.data.codes);
    },
    remove(e) {
      if (this.store) this.save(changeItem(this.data.items, e.currentTarget.dataset.sku, -1), this.data.codes);
    },
    onCodeInput(e) {
      this.setData({ codeInput: e.detail.value });
    },
    applyCode() {
      const code = this.data.codeInput.trim().toUpperCase();
      if (!this.store || !code || this.data.codes.includes(code)) return;
      this.setData({ codeInput: '' });
      this.save(this.data.items, [...this.data.codes, code]);
    },
    removeCode(e) {
      if (this.store) this.save(this.data.items, this.data.codes.filter((c) => c !== e.currentTarget.dataset.code));
    },
    async pay() {
      const store = this.store;
      if (!store || !this.data.items.length || this.data.paying) return;
      this.setData({ paying: true });
      try {
        const r = await pay(store, this.data.items, this.data.codes);
        this.save([], []);
        this.setData({ message: r.message });
      } catch (err) {
        showError(this, err);
      }
      this.setData({ paying: false });
    },
  },
});

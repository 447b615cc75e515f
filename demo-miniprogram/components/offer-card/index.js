// One offer: discount, title, conditions, expiry, and the engine's reasons when recommended.
Component({
  properties: {
    offer: { type: Object, value: {} },
  },
  methods: {
    open() {
      this.triggerEvent('open', { offerId: this.data.offer.offerId });
    },
  },
});

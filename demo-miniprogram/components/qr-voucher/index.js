// The QR voucher of a confirmed claim: its redemption token drawn on a canvas (type="2d")
// with lib/qr.js. Drawing waits for the canvas node; the module count is kept in data so a
// page (and a test) can tell a code was made.
const { qrRects, drawQr } = require('../../lib/qr.js');

Component({
  properties: {
    token: { type: String, value: '' },
    size: { type: Number, value: 220 }, // CSS px
    caption: { type: String, value: '' },
  },
  data: { modules: 0, error: '', drawn: false },
  observers: {
    'token, size'() {
      this.draw();
    },
  },
  lifetimes: {
    // The first observer call can come before the canvas is laid out: draw again once it is.
    ready() {
      this.draw();
    },
  },
  methods: {
    draw() {
      const { token, size } = this.data;
      if (!token) {
        this.setData({ modules: 0, error: '', drawn: false });
        return;
      }
      let info;
      try {
        info = qrRects(token, size);
      } catch (err) {
        this.setData({ modules: 0, error: err.message, drawn: false });
        return;
      }
      this.setData({ modules: info.size, error: '' });
      if (typeof this.createSelectorQuery !== 'function') return;
      this.createSelectorQuery()
        .select('#qr')
        .fields({ node: true, size: true })
        .exec((res) => {
          const canvas = res && res[0] && res[0].node;
          if (!canvas) return; // not laid out yet (or no canvas 2D): the observer runs again
          const win = typeof wx.getWindowInfo === 'function' ? wx.getWindowInfo() : wx.getSystemInfoSync();
          const dpr = (win && win.pixelRatio) || 1;
          canvas.width = size * dpr;
          canvas.height = size * dpr;
          const ctx = canvas.getContext('2d');
          ctx.scale(dpr, dpr);
          drawQr(ctx, token, size);
          this.setData({ drawn: true });
          this.triggerEvent('drawn', { modules: info.size });
        });
    },
  },
});

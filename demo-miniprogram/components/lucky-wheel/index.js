// Spin-the-wheel. It never picks: a page sets `spin` to { id, index } with the engine's outcome
// index and the wheel turns until that segment is under the pointer, then fires "done".
const { wheelRotation } = require('../../lib/games.js');

const COLORS = ['#ffcc4d', '#ff8a65', '#4fc3f7', '#aed581', '#ba68c8', '#f06292', '#90a4ae', '#ffb74d'];

Component({
  properties: {
    segments: { type: Array, value: [] }, // [{ id, label }]
    spin: { type: Object, value: null }, // { id, index }
    duration: { type: Number, value: 4000 }, // ms
  },
  data: { rotation: 0, spinning: false, background: '', labels: [] },
  observers: {
    segments(segments) {
      const n = segments.length || 1;
      const seg = 360 / n;
      const stops = segments.map((s, i) => `${COLORS[i % COLORS.length]} ${i * seg}deg ${(i + 1) * seg}deg`);
      this.setData({
        background: `conic-gradient(${stops.join(', ')})`,
        labels: segments.map((s, i) => ({ id: s.id, label: s.label, angle: (i + 0.5) * seg })),
      });
    },
    spin(spin) {
      if (!spin || spin.id === this._lastSpin) return;
      this._lastSpin = spin.id;
      const rotation = wheelRotation(spin.index, this.data.segments.length, this.data.rotation);
      this.setData({ rotation, spinning: true });
      clearTimeout(this._timer);
      this._timer = setTimeout(() => {
        this.setData({ spinning: false });
        this.triggerEvent('done', { index: spin.index, id: spin.id });
      }, this.data.duration);
    },
  },
  lifetimes: {
    detached() {
      clearTimeout(this._timer);
    },
  },
});

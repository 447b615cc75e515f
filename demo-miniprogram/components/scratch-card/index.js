// A 3 × 3 scratch card showing the engine's grid (three of the prize, the rest filler). Tapping
// a cell scratches it; "done" fires once every cell of the prize is revealed (or all cells).
Component({
  properties: {
    cells: { type: Array, value: [] }, // 9 labels
    card: { type: String, value: '' }, // a new id starts a new card
  },
  data: { revealed: [], winners: [], finished: false },
  observers: {
    'cells, card'(cells) {
      const counts = {};
      for (const c of cells) counts[c] = (counts[c] || 0) + 1;
      const prize = Object.keys(counts).find((k) => counts[k] >= 3);
      this.setData({
        revealed: cells.map(() => false),
        winners: cells.map((c) => c === prize),
        finished: false,
      });
    },
  },
  methods: {
    scratch(e) {
      const i = Number(e.currentTarget.dataset.index);
      if (this.data.finished || this.data.revealed[i]) return;
      const revealed = this.data.revealed.slice();
      revealed[i] = true;
      const allWinners = this.data.winners.every((w, k) => !w || revealed[k]) && this.data.winners.some(Boolean);
      const finished = allWinners || revealed.every(Boolean);
      this.setData({ revealed, finished });
      if (finished) this.triggerEvent('done', { card: this.data.card });
    },
    revealAll() {
      if (this.data.finished) return;
      this.setData({ revealed: this.data.cells.map(() => true), finished: true });
      this.triggerEvent('done', { card: this.data.card });
    },
  },
});

// A challenge's progress toward its goal.
Component({
  properties: {
    title: { type: String, value: '' },
    percent: { type: Number, value: 0 },
    text: { type: String, value: '' },
    note: { type: String, value: '' },
    done: { type: Boolean, value: false },
  },
});

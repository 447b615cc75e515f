// The offline queue, persisted one key per entry so that adding or removing one entry is a
// single storage write. Keys carry a sequence number, so the order survives restarts:
//   <ns>op/<seq>   an operation not yet answered by the server (claims, redemptions, draws, event batches)
//   <ns>ev/<seq>   an event tracked but not yet put into a batch
//   <ns>rec/<id>   a settled claim, redemption or draw with the server's answer or reason
const SEQ_WIDTH = 12;

export function createQueue(storage, ns) {
  let seq = 0;
  const key = (kind, n) => `${ns}${kind}/${String(n).padStart(SEQ_WIDTH, '0')}`;
  const seqOf = (k) => Number(k.slice(k.lastIndexOf('/') + 1));

  async function loadAll(kind) {
    const keys = await storage.keys(`${ns}${kind}/`);
    const values = await Promise.all(keys.map((k) => storage.get(k)));
    return keys.map((k, i) => ({ key: k, value: values[i] })).filter((e) => e.value !== undefined);
  }

  return {
    // Reads everything back after a start or a restart.
    async load() {
      const [ops, events, records] = await Promise.all([loadAll('op'), loadAll('ev'), loadAll('rec')]);
      for (const e of [...ops, ...events]) seq = Math.max(seq, seqOf(e.key) + 1);
      return {
        ops: ops.map((e) => ({ ...e.value, key: e.key })),
        events: events.map((e) => ({ key: e.key, event: e.value })),
        records: records.map((e) => e.value),
      };
    },
    async addOp(op) {
      const n = seq++;
      const entry = { ...op, seq: n, key: key('op', n) };
      await storage.set(entry.key, stripKey(entry));
      return entry;
    },
    updateOp: (op) => storage.set(op.key, stripKey(op)),
    removeOp: (op) => storage.delete(op.key),
    async addEvent(event) {
      const k = key('ev', seq++);
      await storage.set(k, event);
      return { key: k, event };
    },
    removeEvent: (entry) => storage.delete(entry.key),
    saveRecord: (record) => storage.set(`${ns}rec/${record.id}`, record),
  };
}

function stripKey({ key, ...rest }) {
  return rest;
}

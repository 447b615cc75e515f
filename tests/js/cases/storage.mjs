// The storage contract, run against every adapter the platform has (ctx.storages).
const VALUES = [0, -1.5, 'text 中文', '', true, null, [1, [2, { a: 3 }]], { nested: { list: [], empty: {} }, n: 12345678901 }];

function eachAdapter(name, body) {
  return {
    name,
    async run(ctx) {
      for (const { name: adapter, make } of ctx.storages) {
        try {
          await body(ctx, make(), adapter);
        } catch (err) {
          err.message = `[${adapter}] ${err.message}`;
          throw err;
        }
      }
    },
  };
}

export default [
  eachAdapter('storage: values read back equal what was written, as independent copies', async ({ assert, uid }, s) => {
    const p = `${uid()}/`;
    assert.equal(await s.get(`${p}missing`), undefined);
    for (const [i, v] of VALUES.entries()) {
      await s.set(`${p}v${i}`, v);
      assert.deepEqual(await s.get(`${p}v${i}`), v, `value ${i}`);
    }
    const obj = { list: [1] };
    await s.set(`${p}obj`, obj);
    obj.list.push(2);
    const read = await s.get(`${p}obj`);
    assert.deepEqual(read, { list: [1] }, 'a later change to the written object leaked into the store');
    read.list.push(3);
    assert.deepEqual(await s.get(`${p}obj`), { list: [1] }, 'a change to the read object leaked into the store');
  }),
  eachAdapter('storage: overwrite, delete, keys by prefix in order', async ({ assert, uid }, s) => {
    const p = `${uid()}/`;
    await s.set(`${p}q/002`, 'b');
    await s.set(`${p}q/001`, 'a');
    await s.set(`${p}q/001`, 'A');
    await s.set(`${p}other/x`, 1);
    await s.set(`${p}odd key/ü?&=%`, 2);
    assert.equal(await s.get(`${p}q/001`), 'A');
    assert.deepEqual(await s.keys(`${p}q/`), [`${p}q/001`, `${p}q/002`]);
    assert.deepEqual(await s.keys(p), [`${p}odd key/ü?&=%`, `${p}other/x`, `${p}q/001`, `${p}q/002`]);
    await s.delete(`${p}q/001`);
    await s.delete(`${p}never-there`);
    assert.equal(await s.get(`${p}q/001`), undefined);
    assert.deepEqual(await s.keys(`${p}q/`), [`${p}q/002`]);
    assert.equal(await s.get(`${p}odd key/ü?&=%`), 2);
  }),
  // WeChat holds at most 1 MB under one storage key: the wx adapter keeps a larger value (a
  // catalog of a couple of thousand offers) in a file. Every adapter must take one.
  eachAdapter('storage: a value of more than 1 MB reads back, is replaced by a small one and deleted', async ({ assert, uid }, s) => {
    const p = `${uid()}/`;
    const big = { offers: Array.from({ length: 24000 }, (_, i) => ({ id: `offer-${i}`, title: `优惠 ${i} — a deal` })) };
    assert.ok(JSON.stringify(big).length > 1024 * 1024);
    await s.set(`${p}big`, big);
    assert.deepEqual(await s.get(`${p}big`), big);
    assert.deepEqual(await s.keys(p), [`${p}big`]);
    await s.set(`${p}big`, { small: true });
    assert.deepEqual(await s.get(`${p}big`), { small: true });
    await s.set(`${p}big`, big);
    await s.delete(`${p}big`);
    assert.equal(await s.get(`${p}big`), undefined);
    assert.deepEqual(await s.keys(p), []);
  }),
  eachAdapter('storage: bytes, where the adapter keeps them, read back as independent copies under keys of their own', async ({ assert, uid }, s, adapter) => {
    const binary = ['memory', 'file', 'indexedDB', 'wx'].includes(adapter);
    assert.equal(typeof s.setBytes === 'function', binary, 'which adapters keep bytes');
    if (!binary) return;
    const p = `${uid()}/`;
    assert.equal(await s.getBytes(`${p}b`), undefined);
    const written = new Uint8Array(70000).map((_, i) => (i * 7) & 255);
    await s.setBytes(`${p}b`, written);
    await s.set(`${p}b`, { json: true }); // the same key as JSON: another value
    written[0] = 99;
    const read = await s.getBytes(`${p}b`);
    assert.equal(Object.prototype.toString.call(read), '[object Uint8Array]');
    assert.equal(read.length, 70000);
    assert.equal(read[0], 0, 'a later change to the written bytes leaked into the store');
    assert.equal(read[69999], (69999 * 7) & 255);
    read[1] = 42;
    assert.equal((await s.getBytes(`${p}b`))[1], 7, 'a change to the read bytes leaked into the store');
    assert.deepEqual(await s.get(`${p}b`), { json: true });
    assert.deepEqual(await s.keys(p), [`${p}b`], 'keys() lists the JSON values only');
    await s.setBytes(`${p}b`, new Uint8Array([1, 2, 3]));
    assert.deepEqual([...(await s.getBytes(`${p}b`))], [1, 2, 3]);
    await s.deleteBytes(`${p}b`);
    await s.deleteBytes(`${p}never-there`);
    assert.equal(await s.getBytes(`${p}b`), undefined);
    assert.deepEqual(await s.get(`${p}b`), { json: true }, 'deleteBytes leaves the JSON value');
    await assert.rejects(s.setBytes(`${p}c`, [1, 2]), (err) => err.code === 'PK_STORAGE_FAILED' || err.name === 'TypeError');
  }),
  eachAdapter('storage: 200 concurrent writes all land', async ({ assert, uid }, s) => {
    const p = `${uid()}/`;
    await Promise.all(Array.from({ length: 200 }, (_, i) => s.set(`${p}${String(i).padStart(3, '0')}`, { i })));
    const keys = await s.keys(p);
    assert.equal(keys.length, 200);
    assert.deepEqual(await s.get(`${p}199`), { i: 199 });
  }),
];

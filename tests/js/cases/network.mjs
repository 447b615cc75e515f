// The network contract, run against the platform's adapter (ctx.makeNetwork) and the scripted
// server's /_test/ endpoints: answers (any status) come back, failures are uniform PromokitErrors.
const code = (c) => (e) => e.name === 'PromokitError' && e.code === c;

export default [
  {
    name: 'network: a POST carries headers and body; JSON answers are parsed, names lower-cased',
    async run({ assert, makeNetwork, server }) {
      const net = makeNetwork();
      const res = await net.request({
        method: 'POST',
        url: `${server.url}/_test/echo`,
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'k-1' },
        body: JSON.stringify({ a: 1 }),
      });
      assert.equal(res.status, 200);
      assert.equal(res.headers['content-type'], 'application/json');
      assert.equal(res.body.method, 'POST');
      assert.equal(res.body.headers['idempotency-key'], 'k-1');
      assert.deepEqual(JSON.parse(res.body.body), { a: 1 });
      const text = await net.request({ url: `${server.url}/_test/text` });
      assert.equal(text.body, 'plain text');
    },
  },
  {
    name: 'network: an error status is an answer, not a failure',
    async run({ assert, makeNetwork, server }) {
      const res = await makeNetwork().request({ url: `${server.url}/_test/nothing-here` });
      assert.equal(res.status, 404);
      assert.equal(res.body.code, 'NOT_FOUND');
    },
  },
  {
    name: 'network: timeout, cancellation and dropped connections fail with their own codes',
    async run({ assert, mod, makeNetwork, server }) {
      const net = makeNetwork();
      const t0 = Date.now();
      await assert.rejects(net.request({ url: `${server.url}/_test/slow?ms=5000`, timeoutMs: 150 }), code('PK_NETWORK_TIMEOUT'));
      assert.ok(Date.now() - t0 < 2000, 'the timeout did not fire in time');
      const ctl = mod.createAbortController();
      const pending = net.request({ url: `${server.url}/_test/slow?ms=5000`, signal: ctl.signal });
      setTimeout(() => ctl.abort(), 50);
      await assert.rejects(pending, code('PK_NETWORK_ABORTED'));
      const done = mod.createAbortController();
      done.abort();
      await assert.rejects(net.request({ url: `${server.url}/_test/echo`, signal: done.signal }), code('PK_NETWORK_ABORTED'));
      await assert.rejects(net.request({ url: `${server.url}/_test/drop` }), code('PK_NETWORK_FAILED'));
      const err = await assert.rejects(net.request({ url: 'http://127.0.0.1:9/nothing', timeoutMs: 3000 }), code('PK_NETWORK_FAILED'));
      assert.equal(err.number, 900);
    },
  },
];

// Starts promokit-server on 127.0.0.1 with a free port and a temporary database, and stops it.
// The binary: PROMOKIT_SERVER_BIN, else build/native/server/promokit-server (scripts/build.sh).
import { after } from 'node:test';
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const serverBin = process.env.PROMOKIT_SERVER_BIN || join(root, 'build', 'native', 'server', 'promokit-server');
if (!existsSync(serverBin)) throw new Error(`no server binary at ${serverBin}: run scripts/build.sh --native-only`);

export const ADMIN = 'test-admin-token-0123456789';
export const APP = 'test-app-key-0123456789';

// A failed assertion skips a test's stop(); a server left running would keep the test file's
// process alive for ever. Whatever is still running when the file's tests end is killed.
const running = new Set();
after(() => { for (const proc of running) proc.kill('SIGKILL'); });

// No request in these tests takes seconds: one that does fails its test instead of hanging it.
const REQUEST_TIMEOUT_MS = 60000;

export function tempDir() {
  return mkdtempSync(join(tmpdir(), 'promokit-server-'));
}

// Runs the binary to completion (for --help, bad options).
export function runOnce(args, env = {}) {
  return new Promise((resolve) => {
    const p = spawn(serverBin, args, { env: { ...process.env, ...env } });
    let stdout = '', stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

// Starts a server; resolves once it listens. options: { dir, args, env, keys: false to omit tokens }.
export async function startServer({ dir = tempDir(), args = [], env = {}, keys = true, port = 0 } = {}) {
  const db = join(dir, 'promokit.db');
  const all = ['--port', String(port), '--db', db, ...(keys ? ['--admin-token', ADMIN, '--app-key', APP] : []), ...args];
  const proc = spawn(serverBin, all, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(proc);
  proc.on('exit', () => running.delete(proc));
  let stdout = '', stderr = '';
  proc.stderr.on('data', (d) => (stderr += d));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${stdout}\n${stderr}`)), 15000);
    proc.stdout.on('data', (d) => {
      stdout += d;
      const m = /listening on (http:\/\/[^\s]+)/.exec(stdout);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited with ${code}:\n${stdout}\n${stderr}`)); });
  });
  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  // Our own keep-alive pool: closing it before SIGTERM lets the server stop at once instead of
  // waiting out idle keep-alive connections. Idle sockets close after 3 s, before the server's
  // 5 s: a request is never sent on a connection the server is closing.
  const agent = new Agent({ keepAlive: true, maxSockets: 128, timeout: 3000 });
  const server = {
    url, dir, db, proc, exited,
    port: Number(new URL(url).port),
    get stdout() { return stdout; },
    get stderr() { return stderr; },
    agent,
    // A graceful stop that does not end within 15 s is a failure, not a hung test run.
    async stop() {
      agent.destroy();
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      let timer;
      const late = new Promise((resolve) => { timer = setTimeout(() => resolve('late'), 15000); });
      const r = await Promise.race([exited, late]);
      clearTimeout(timer);
      if (r === 'late') {
        proc.kill('SIGKILL');
        await exited;
        throw new Error('promokit-server did not stop within 15 s of SIGTERM');
      }
      return r;
    },
    async kill9() {
      agent.destroy();
      proc.kill('SIGKILL');
      return exited;
    },
    cleanup() { rmSync(dir, { recursive: true, force: true }); },
    // A request with the app key (or the admin token with admin: true); JSON in and out.
    // headers.get(name) as with fetch.
    async call(method, path, { body, headers = {}, admin = false, auth = true, raw = false } = {}) {
      const h = { ...headers };
      if (auth) h[admin ? 'authorization' : 'x-app-key'] = admin ? `Bearer ${ADMIN}` : APP;
      let payload = body;
      if (body !== undefined && typeof body !== 'string') {
        payload = JSON.stringify(body);
        h['content-type'] = h['content-type'] || 'application/json';
      }
      if (payload !== undefined) h['content-length'] = Buffer.byteLength(payload);
      const { status, resHeaders, text } = await new Promise((resolve, reject) => {
        const req = request(url + path, { method, headers: h, agent }, (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode, resHeaders: res.headers, text: Buffer.concat(chunks).toString() }));
          res.on('error', reject);
        });
        req.on('error', reject);
        req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`${method} ${path}: no answer within ${REQUEST_TIMEOUT_MS} ms`)));
        req.end(payload);
      });
      let json = null;
      try { json = text ? JSON.parse(text) : null; } catch { json = null; }
      const headersOut = { get: (name) => { const v = resHeaders[name.toLowerCase()]; return v === undefined ? null : String(v); } };
      return { status, headers: headersOut, text, body: raw ? text : json };
    },
  };
  return server;
}

export const admin = (s, method, path, body, headers) => s.call(method, path, { body, headers, admin: true });
export const client = (s, method, path, body, headers) => s.call(method, path, { body, headers });

// An offer valid now (a year either side), with overrides.
export function offerDoc(id, extra = {}) {
  const now = Date.now();
  return { id, title: { en: id }, reward: { type: 'percent', percent: 10 }, validity: { start: now - 365 * 864e5, end: now + 365 * 864e5 },
    requiresClaim: true, ...extra };
}

// The network interface every adapter implements:
//   request({ method, url, headers, body, timeoutMs, signal, keepalive })
//     → { status, headers (lower-case names), body (parsed JSON when the answer is JSON, else text) }
// An HTTP error status is an answer, not a failure; failures are PromokitErrors:
// PK_NETWORK_FAILED (no connection, or it dropped), PK_NETWORK_TIMEOUT, PK_NETWORK_ABORTED.
import { jsError } from '../errors.js';

export const DEFAULT_TIMEOUT_MS = 10000;

// Calls fn when the AbortSignal-like `signal` fires; returns the unsubscribe function.
export function onAbort(signal, fn) {
  if (!signal) return () => {};
  if (signal.aborted) {
    fn();
    return () => {};
  }
  signal.addEventListener('abort', fn);
  return () => signal.removeEventListener('abort', fn);
}

// AbortController where the platform has one (browsers, Node), else a minimal equivalent
// (WeChat's logic layer has none).
export function createAbortController() {
  if (typeof AbortController === 'function') return new AbortController();
  const listeners = new Set();
  const signal = {
    aborted: false,
    reason: undefined,
    addEventListener: (type, fn) => type === 'abort' && listeners.add(fn),
    removeEventListener: (type, fn) => listeners.delete(fn),
  };
  return {
    signal,
    abort(reason = new Error('aborted')) {
      if (signal.aborted) return;
      signal.aborted = true;
      signal.reason = reason;
      for (const fn of listeners) fn();
    },
  };
}

// Runs start({ answer, failed }) under a timeout and a cancellation signal; start returns the
// function that stops the host request. Resolves or rejects exactly once.
export function withDeadline({ method, url, timeoutMs, signal }, start) {
  return new Promise((resolve, reject) => {
    const error = (code, why, cause) => jsError(code, `${method} ${url}: ${why}`, { cause });
    if (signal && signal.aborted) return reject(error('PK_NETWORK_ABORTED', 'cancelled'));
    let done = false;
    let timer;
    let unsubscribe = () => {};
    const finish = (settle, value) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      unsubscribe();
      settle(value);
    };
    const cancel = start({
      answer: (value) => finish(resolve, value),
      failed: (why, cause) => finish(reject, error('PK_NETWORK_FAILED', why, cause)),
    });
    const stop = (code, why) => {
      if (done) return;
      finish(reject, error(code, why)); // first: stopping the host request may report a failure of its own
      cancel();
    };
    if (done) return;
    timer = setTimeout(() => stop('PK_NETWORK_TIMEOUT', `no answer within ${timeoutMs} ms`), timeoutMs);
    unsubscribe = onAbort(signal, () => stop('PK_NETWORK_ABORTED', 'cancelled'));
  });
}

export function parseBody(text, contentType) {
  if (!text) return text === undefined ? null : text;
  if (/json/i.test(contentType || '') || /^\s*[[{]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

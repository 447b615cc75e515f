// Network over wx.request (WeChat Mini Programs). The body is sent as given and the answer read
// as text, so JSON handling is the same as with fetch.
import { DEFAULT_TIMEOUT_MS, withDeadline, parseBody } from './common.js';

export function createWxNetwork({ wx = globalThis.wx, timeoutMs: defaultTimeout = DEFAULT_TIMEOUT_MS } = {}) {
  if (!wx || typeof wx.request !== 'function') throw new TypeError('createWxNetwork: no wx.request here; pass { wx }');
  return {
    name: 'wx.request',
    request({ method = 'GET', url, headers = {}, body, timeoutMs = defaultTimeout, signal }) {
      return withDeadline({ method, url, timeoutMs, signal }, ({ answer, failed }) => {
        const task = wx.request({
          url,
          method,
          header: headers,
          data: body,
          dataType: 'text', // anything but 'json': no parsing by the client
          responseType: 'text',
          timeout: timeoutMs + 1000, // our own deadline fires first, the same on every platform
          success(res) {
            const out = {};
            for (const [name, value] of Object.entries(res.header || {})) out[name.toLowerCase()] = String(value);
            answer({ status: res.statusCode, headers: out, body: parseBody(res.data, out['content-type']) });
          },
          fail(err) {
            failed((err && err.errMsg) || String(err), err);
          },
        });
        return () => task && typeof task.abort === 'function' && task.abort();
      });
    },
  };
}

// pk.codes (voucher codes), pk.tokens (signed QR redemption tokens), pk.tickets (signed draw
// tickets) over sdk/bindings/bind_codes.cpp. QR images come from uqr (a maintained port of
// Nayuki's qrcodegen): the token text is base32, so it is encoded in QR alphanumeric mode.
import { encode as qrEncode, renderSVG } from 'uqr';

const DEFAULT_PATTERN = 'PK-####-####';
const DEFAULT_CHARSET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

export function install(pk, native, { call, invoke, NativeObject, PromokitError }) {
  const invalid = (message) => new PromokitError('PK_INVALID_ARGUMENT', message, { number: 2 });
  const formatOf = (o) => {
    if (!o || typeof o !== 'object') throw invalid('code options must be an object: { pattern, charset, key }');
    return JSON.stringify({ pattern: o.pattern, charset: o.charset, key: o.key });
  };

  // A compiled code format: validates once, then generates and verifies without re-deriving keys.
  class CodeScheme extends NativeObject {
    constructor(options) {
      super(call(native._codeScheme, formatOf(options)));
    }
    get space() {
      return invoke(this._native, 'space');
    }
    generate({ start = 0, count = 1 } = {}) {
      if (count === 0) return [];
      return invoke(this._native, 'generate', start, count).split('\n');
    }
    // One code → true/false; an array of codes → an array of true/false. `issued`: only code
    // numbers below it are accepted.
    verify(codeOrCodes, { issued } = {}) {
      const many = Array.isArray(codeOrCodes);
      const list = many ? codeOrCodes : [codeOrCodes];
      if (list.some((c) => typeof c !== 'string' || c.includes('\n'))) throw invalid('codes must be strings without line breaks');
      if (list.length === 0) return [];
      const bits = invoke(this._native, 'verifyMany', list.join('\n'), issued === undefined ? -1 : issued);
      const out = Array.from(bits, (b) => b === '1');
      return many ? out : out[0];
    }
    // The code's number (its place in issue order), or null for an invalid code.
    indexOf(code) {
      const i = invoke(this._native, 'indexOf', String(code));
      return i < 0 ? null : i;
    }
  }

  // verify() is called once per scanned code: keep the last compiled format.
  let cached = { format: null, scheme: null };
  const schemeFor = (options) => {
    const format = formatOf(options);
    if (cached.format !== format) {
      const scheme = new CodeScheme(options);
      if (cached.scheme) cached.scheme.dispose();
      cached = { format, scheme };
    }
    return cached.scheme;
  };

  pk.codes = {
    defaultPattern: DEFAULT_PATTERN,
    defaultCharset: DEFAULT_CHARSET,
    compile: (options) => new CodeScheme(options),
    generate(options) {
      const scheme = new CodeScheme(options);
      try {
        return scheme.generate({ start: options.start ?? 0, count: options.count ?? 1 });
      } finally {
        scheme.dispose();
      }
    },
    verify(code, options) {
      return schemeFor(options).verify(code, { issued: options.issued });
    },
  };

  const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  const qrOptions = ({ ecc = 'M', border = 2, ...rest } = {}) => ({ ecc, border, ...rest });

  pk.tokens = {
    // A new signing key (server side). Pass 32 random bytes, or let the platform's
    // crypto.getRandomValues provide them.
    generateKey(seed) {
      if (seed === undefined) {
        if (!globalThis.crypto || typeof globalThis.crypto.getRandomValues !== 'function') {
          throw new PromokitError('PK_UNSUPPORTED', 'no crypto.getRandomValues here: pass 32 random bytes', { number: 5 });
        }
        seed = globalThis.crypto.getRandomValues(new Uint8Array(32));
      }
      // A Uint8Array of any realm (a frame's, a vm context's), as everywhere bytes are taken.
      const bytes = ArrayBuffer.isView(seed) && Object.prototype.toString.call(seed) === '[object Uint8Array]';
      if (!bytes || seed.length !== 32) throw invalid('the seed must be a Uint8Array of 32 bytes');
      return call(native._tokensKeyFromSeed, hex(seed));
    },
    verifyKeyFor: (signingKey) => call(native._tokensVerifyKeyFor, String(signingKey)),
    sign: (payload, signingKey) => call(native._tokensSign, JSON.stringify(payload), String(signingKey)),
    // Returns the payload, or throws PK_TOKEN_MALFORMED / PK_TOKEN_SIGNATURE / PK_TOKEN_EXPIRED
    // / PK_TOKEN_KEY. `now` (Unix ms) defaults to the current time.
    verify(token, verifyKey, { now = Date.now() } = {}) {
      if (typeof token !== 'string') throw invalid('the token must be a string');
      return JSON.parse(call(native._tokensVerify, token, String(verifyKey), now));
    },
    // The token as an SVG QR code (uqr renderSVG; options: ecc 'L'|'M'|'Q'|'H', border, pixelSize, colors).
    toQrSvg: (token, options) => renderSVG(String(token), qrOptions(options)),
    // The module matrix for custom rendering (canvas, mini program): { version, size, data: boolean[][] }.
    toQrMatrix(token, options) {
      const { version, size, data } = qrEncode(String(token), qrOptions(options));
      return { version, size, data };
    },
  };

  pk.tickets = {
    issue: (request, signingKey) => JSON.parse(call(native._ticketsIssue, JSON.stringify(request), String(signingKey))),
    // true, or throws PK_TICKET_SIGNATURE / PK_TICKET_MALFORMED / PK_TOKEN_KEY.
    verifySignature: (ticket, verifyKey) => call(native._ticketsVerifySignature, JSON.stringify(ticket), String(verifyKey)),
  };
}

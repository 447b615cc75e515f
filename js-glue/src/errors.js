// PromokitError: every failure that reaches a caller, with a stable machine code.
// Codes mirror sdk/include/promokit/error_codes.def (see docs/errors.md).

export class PromokitError extends Error {
  constructor(code, message, { path = '', position = null, number = 0, cause } = {}) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'PromokitError';
    this.code = code; // e.g. 'PK_SCHEMA_TYPE'
    this.number = number; // the numeric code of the same entry
    this.path = path; // JSON path such as 'offers[3].reward.percent', or ''
    this.position = position; // { line, column, offset, token } for text input, else null
  }
}

// Turns the core's recorded failure (bindings/guard.hpp) into a PromokitError.
export function fromNative(e) {
  const position = e.line > 0 ? { line: e.line, column: e.column, offset: e.offset, token: e.token } : null;
  return new PromokitError(e.name, `${whereOf(e.path, position)}${e.message}`, { path: e.path, position, number: e.code });
}

// The place fromNative puts before the core's message: the JSON path, else line:column.
const whereOf = (path, position) => (path ? `${path}: ` : position ? `${position.line}:${position.column}: ` : '');

// The core's own message of an error fromNative made, without its place (as pk.validate reports it).
export function coreMessage(err) {
  const where = whereOf(err.path, err.position);
  return err.message.startsWith(where) ? err.message.slice(where.length) : err.message;
}

// Anything else thrown from inside the module (an abort, a trap, a bare exception pointer) is
// never handed to the user as is.
export function wrapForeign(err) {
  if (err instanceof PromokitError) return err;
  if (err instanceof TypeError || err instanceof RangeError || (err && err.name === 'BindingError')) {
    return new PromokitError('PK_INVALID_ARGUMENT', err.message, { number: 2, cause: err });
  }
  const msg = typeof err === 'number' ? `native exception ${err}` : String((err && err.message) || err);
  return new PromokitError('PK_INTERNAL', `internal failure: ${msg}`, { number: 1, cause: err });
}

// Codes raised by the JS layer itself (error_codes.def, range 900-949, plus the general ones
// it shares with the core).
const JS_CODES = {
  PK_INVALID_ARGUMENT: 2,
  PK_DISPOSED: 3,
  PK_UNSUPPORTED: 5,
  PK_NETWORK_FAILED: 900,
  PK_NETWORK_TIMEOUT: 901,
  PK_NETWORK_ABORTED: 902,
  PK_HTTP_STATUS: 903,
  PK_STORAGE_FAILED: 904,
};

// A PromokitError for a code of the JS layer; `extra` adds fields such as status or cause.
export function jsError(code, message, { cause, ...extra } = {}) {
  return Object.assign(new PromokitError(code, message, { number: JS_CODES[code], cause }), extra);
}

// Objects that own wasm memory: dispose() frees at once; a FinalizationRegistry frees what a
// caller forgets. Subclasses keep their native handle in this.#handle via handle().
import { PromokitError } from './errors.js';

const registry =
  typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry((native) => {
        live--;
        try {
          native.delete();
        } catch {
          // the module may already be gone at process exit
        }
      })
    : null;

let live = 0; // objects created and not yet freed (for tests and leak hunting)

export class NativeObject {
  #native;
  constructor(native) {
    this.#native = native;
    this._address = 0;
    live++;
    if (registry) registry.register(this, native, this);
  }
  // The native handle; throws PK_DISPOSED after dispose().
  get _native() {
    if (!this.#native) throw new PromokitError('PK_DISPOSED', `${this.constructor.name} was disposed`, { number: 3 });
    return this.#native;
  }
  // The core object's address, which raw exports (native._pk_*) take: asked for once (the
  // binding's handle()); throws PK_DISPOSED after dispose(), like _native. A plain field, not a
  // private one: the package targets ES2020, where private fields become WeakMap lookups.
  get _handle() {
    return this._address || (this._address = this._native.handle()); // dispose() sets it back to 0
  }
  get disposed() {
    return !this.#native;
  }
  dispose() {
    if (!this.#native) return;
    if (registry) registry.unregister(this);
    this.#native.delete();
    this.#native = null;
    this._address = 0;
    live--;
  }
  [Symbol.dispose]() {
    this.dispose();
  }
}

export function liveObjects() {
  return live;
}

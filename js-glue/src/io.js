// The module's scratch buffer (sdk/bindings/io_buffer.hpp) for calls made per tap: strings
// cross as bytes written straight into the wasm memory, after a header of their byte lengths
// (uint32, little-endian), instead of as Embind string arguments (about 1 µs each without
// dynamic code generation). docs/architecture.md "Crossing the boundary".
export function createIo(native, invokeNonEmpty) {
  const io = { at: 0, size: 0 };
  const encoder = typeof TextEncoder === 'function' ? new TextEncoder() : null;
  const decoder = typeof TextDecoder === 'function' ? new TextDecoder() : null;
  // false when a string is not plain ASCII (the caller then takes the JSON path).
  function packAscii(strings) {
    const count = strings.length;
    let chars = 0;
    for (let i = 0; i < count; i++) chars += strings[i].length;
    const size = 4 * count + chars;
    if (size > io.size) {
      io.at = invokeNonEmpty(native, '_ioBuffer', size);
      io.size = size;
    }
    const heap = native.HEAPU8;
    let head = io.at;
    for (let i = 0; i < count; i++) {
      const n = strings[i].length;
      heap[head] = n & 255;
      heap[head + 1] = (n >>> 8) & 255;
      heap[head + 2] = (n >>> 16) & 255;
      heap[head + 3] = n >>> 24;
      head += 4;
    }
    if (encoder) {
      // As many bytes as characters only when every character is ASCII (a lone surrogate
      // becomes three bytes of U+FFFD).
      const text = strings.join('');
      const { read, written } = encoder.encodeInto(text, heap.subarray(head, head + chars));
      return read === chars && written === chars;
    }
    for (let i = 0; i < count; i++) {
      const s = strings[i];
      for (let k = 0; k < s.length; k++) {
        const c = s.charCodeAt(k);
        if (c > 0x7f) return false;
        heap[head++] = c;
      }
    }
    return true;
  }
  // The text a packed call left at `address` (the buffer may have moved there): ASCII.
  function unpackAscii(address) {
    io.at = address;
    const heap = native.HEAPU8;
    const n = (heap[address] | (heap[address + 1] << 8) | (heap[address + 2] << 16) | (heap[address + 3] << 24)) >>> 0;
    io.size = Math.max(io.size, n + 4);
    const bytes = heap.subarray(address + 4, address + 4 + n);
    return decoder ? decoder.decode(bytes) : String.fromCharCode.apply(null, bytes);
  }
  return { packAscii, unpackAscii };
}

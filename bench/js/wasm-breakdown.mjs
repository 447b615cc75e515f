// Where the .wasm's bytes go: code size per function, grouped by C++ namespace/module, from a
// module linked with --profiling-funcs (function names kept). Usage:
//   node bench/js/wasm-breakdown.mjs build/wasm-release/promokit.wasm [--top 30]
// Prints the groups largest first and the largest functions (demangled with c++filt).
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const file = process.argv[2];
const top = Number(process.argv[process.argv.indexOf('--top') + 1]) || 25;
const buf = readFileSync(file);

let pos = 8;
const u32 = () => {
  let result = 0, shift = 0, b;
  do {
    b = buf[pos++];
    result |= (b & 0x7f) << shift;
    shift += 7;
  } while (b & 0x80);
  return result >>> 0;
};
const name = () => {
  const n = u32();
  const s = buf.toString('utf8', pos, pos + n);
  pos += n;
  return s;
};

let importedFuncs = 0;
const bodies = [];
const names = new Map();
const sections = [];
while (pos < buf.length) {
  const id = buf[pos++];
  const size = u32();
  const end = pos + size;
  if (id === 2) {
    for (let n = u32(); n > 0; n--) {
      name(); name();
      const kind = buf[pos++];
      if (kind === 0) { u32(); importedFuncs++; }
      else if (kind === 1) { pos++; const f = u32(); u32(); if (f & 1) u32(); }
      else if (kind === 2) { const f = u32(); u32(); if (f & 1) u32(); }
      else if (kind === 3) { pos += 2; }
      else if (kind === 4) { pos++; u32(); }
    }
  } else if (id === 10) {
    for (let n = u32(), i = 0; i < n; i++) {
      const len = u32();
      bodies.push(len);
      pos += len;
    }
  } else if (id === 0) {
    const start = pos;
    const section = name();
    if (section === 'name') {
      while (pos < end) {
        const sub = buf[pos++];
        const len = u32();
        const subEnd = pos + len;
        if (sub === 1) for (let n = u32(); n > 0; n--) { const idx = u32(); names.set(idx, name()); }
        pos = subEnd;
      }
    }
    pos = start;
  }
  sections.push({ id, size });
  pos = end;
}

const mangled = bodies.map((_, i) => names.get(i + importedFuncs) || `f${i}`);
const demangled = execFileSync('c++filt', { input: mangled.join('\n'), maxBuffer: 1 << 28 }).toString().split('\n');
const group = (d) => {
  const m = d.match(/promokit::(?:\(anonymous namespace\)::)?(\w+)/);
  if (m) return `promokit::${m[1]}`;
  if (/nlohmann/.test(d)) return 'nlohmann::json';
  if (/emscripten|embind|_embind/.test(d)) return 'embind';
  if (/^std::|std::__2/.test(d)) return 'libc++';
  return 'other (libc, runtime)';
};
const groups = new Map();
bodies.forEach((len, i) => groups.set(group(demangled[i]), (groups.get(group(demangled[i])) || 0) + len));
const total = bodies.reduce((a, b) => a + b, 0);
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`${file}: ${kb(buf.length)}; code ${kb(total)} in ${bodies.length} functions; data+other ${kb(buf.length - total)}`);
console.log('\n| group | code | share |\n|---|---|---|');
for (const [g, n] of [...groups].sort((a, b) => b[1] - a[1])) console.log(`| ${g} | ${kb(n)} | ${((100 * n) / total).toFixed(1)} % |`);
console.log(`\nlargest ${top} functions:`);
bodies
  .map((len, i) => [len, demangled[i]])
  .sort((a, b) => b[0] - a[0])
  .slice(0, top)
  .forEach(([len, d]) => console.log(`${String(len).padStart(7)}  ${d.slice(0, 160)}`));

// A WeChat Mini Program logic-layer stand-in for tests (DESIGN.md §3): a Node `vm` context with
// string code generation disabled and none of WebAssembly, TextDecoder, fetch, XMLHttpRequest,
// window or document; a path-only WXWebAssembly reading from a code package folder; wx.request,
// wx storage, the user data folder (wx.getFileSystemManager), wx.onAppHide and
// wx.onNetworkStatusChange backed by the test; and a CommonJS require that resolves npm
// packages the way "build npm" lays them out (miniprogram_npm/<name>/).
import vm from 'node:vm';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { brotliDecompressSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { dirname, join, normalize, posix } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

// Lays out a code package: dist/miniprogram/ as miniprogram_npm/promokit/ (what "build npm"
// copies, following the "miniprogram" field of dist/package.json). Returns the folder.
export function makeCodePackage({ extraFiles = {} } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'promokit-mp-'));
  const pkg = JSON.parse(readFileSync(join(root, 'dist/package.json'), 'utf8'));
  cpSync(join(root, 'dist', pkg.miniprogram), join(dir, 'miniprogram_npm/promokit'), { recursive: true });
  for (const [to, from] of Object.entries(extraFiles)) cpSync(from, join(dir, to));
  return dir;
}

const errMsg = (api, why) => ({ errMsg: `${api}:fail ${why}` });

// A callback-style wx API from fn(args) → result fields (or a thrown { errMsg }): answers on a
// later turn with success/fail and complete, as WeChat does; each call's name goes to `calls`.
const wxAsync = (calls) => (api, fn) => (args = {}) => {
  calls.push(api);
  setTimeout(() => {
    let res;
    try {
      res = { errMsg: `${api}:ok`, ...fn(args) };
    } catch (failure) {
      args.fail?.(failure);
      args.complete?.(failure);
      return;
    }
    args.success?.(res);
    args.complete?.(res);
  }, 0);
};

// Storage as the client keeps it: values copied in and out (the real one serialises them), at
// most 1 MB under one key and 10 MB in all, as WeChat documents (measured here as the UTF-8 bytes
// of the value's JSON).
function wxStorageApi(map, calls) {
  const clone = (v) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));
  const sizes = new Map();
  const put = (api, key, data) => {
    const size = Buffer.byteLength(JSON.stringify(data) ?? '');
    if (size > 1024 * 1024) throw errMsg(api, 'entry size limit reached');
    let total = size;
    for (const [k, n] of sizes) if (k !== key) total += n;
    if (total > 10 * 1024 * 1024) throw errMsg(api, 'storage limit reached');
    map.set(key, clone(data));
    sizes.set(key, size);
  };
  const remove = (key) => {
    map.delete(key);
    sizes.delete(key);
  };
  const async = wxAsync(calls);
  return {
    setStorage: async('setStorage', ({ key, data }) => put('setStorage', key, data)),
    getStorage: async('getStorage', ({ key }) => {
      if (!map.has(key)) throw errMsg('getStorage', 'data not found');
      return { data: clone(map.get(key)) };
    }),
    removeStorage: async('removeStorage', ({ key }) => remove(key)),
    getStorageInfo: async('getStorageInfo', () => ({ keys: [...map.keys()], currentSize: 0, limitSize: 10240 })),
    setStorageSync: (key, data) => {
      try {
        put('setStorageSync', key, data);
      } catch (failure) {
        throw new Error(failure.errMsg);
      }
    },
    getStorageSync: (key) => (map.has(key) ? clone(map.get(key)) : ''),
    removeStorageSync: (key) => remove(key),
    getStorageInfoSync: () => ({ keys: [...map.keys()], currentSize: 0, limitSize: 10240 }),
  };
}

// The user data folder of wx.getFileSystemManager(): files as bytes, under wx.env.USER_DATA_PATH
// only, 10 MB in all (what WeChat allows a mini program's user files); data is an ArrayBuffer, or
// a string with encoding 'utf8' (read back as a string with that encoding, as bytes without).
const USER_DATA_PATH = 'wxfile://usr';
function wxFileSystem(files, calls) {
  const LIMIT = 10 * 1024 * 1024;
  const own = (path) => typeof path === 'string' && path.startsWith(`${USER_DATA_PATH}/`);
  const async = wxAsync(calls);
  const used = () => [...files.values()].reduce((n, b) => n + b.length, 0);
  const manager = {
    writeFile: async('writeFile', ({ filePath, data, encoding }) => {
      if (!own(filePath)) throw errMsg('writeFile', `permission denied, open ${filePath}`);
      const text = typeof data === 'string' && encoding === 'utf8';
      if (!text && (Object.prototype.toString.call(data) !== '[object ArrayBuffer]' || encoding !== undefined))
        throw errMsg('writeFile', 'the simulator takes an ArrayBuffer, or a string with encoding utf8');
      const bytes = text ? new Uint8Array(Buffer.from(data, 'utf8')) : new Uint8Array(data.slice(0));
      if (used() - (files.get(filePath)?.length || 0) + bytes.length > LIMIT)
        throw errMsg('writeFile', 'the maximum size of the file storage limit is exceeded');
      files.set(filePath, bytes);
    }),
    readFile: async('readFile', ({ filePath, encoding }) => {
      if (!files.has(filePath)) throw errMsg('readFile', `no such file or directory, open ${filePath}`);
      if (encoding === 'utf8') return { data: Buffer.from(files.get(filePath)).toString('utf8') };
      if (encoding !== undefined) throw errMsg('readFile', 'the simulator reads bytes, or text with encoding utf8');
      return { data: files.get(filePath).slice().buffer };
    }),
    rename: async('rename', ({ oldPath, newPath }) => {
      if (!own(oldPath) || !own(newPath)) throw errMsg('rename', `permission denied, rename ${oldPath} -> ${newPath}`);
      if (!files.has(oldPath)) throw errMsg('rename', `no such file or directory, rename ${oldPath} -> ${newPath}`);
      files.set(newPath, files.get(oldPath));
      files.delete(oldPath);
    }),
    unlink: async('unlink', ({ filePath }) => {
      if (!files.has(filePath)) throw errMsg('unlink', `no such file or directory, open ${filePath}`);
      files.delete(filePath);
    }),
  };
  return { env: { USER_DATA_PATH }, getFileSystemManager: () => manager };
}

// wx.request over the host's fetch by default; `handler(options)` may answer instead
// ({ statusCode, header, data } or a thrown { errMsg }). Returns a RequestTask with abort().
function wxRequestApi(handler, requests) {
  return (options) => {
    const controller = new AbortController();
    let finished = false;
    const done = (fn, value) => {
      if (finished) return;
      finished = true;
      fn?.(value);
      options.complete?.(value);
    };
    requests.push({ url: options.url, method: options.method || 'GET', header: { ...options.header }, data: options.data });
    const answer = handler
      ? Promise.resolve().then(() => handler(options))
      : fetch(options.url, { method: options.method || 'GET', headers: options.header, body: options.data, signal: controller.signal }).then(
          async (res) => {
            const header = {};
            res.headers.forEach((v, k) => (header[k] = v));
            const text = await res.text();
            let data = text;
            if ((options.dataType || 'json') === 'json') {
              try {
                data = JSON.parse(text);
              } catch {
                // the real client hands over the text when it is not JSON
              }
            }
            return { statusCode: res.status, header, data };
          },
        );
    const timer = setTimeout(() => {
      controller.abort();
      done(options.fail, errMsg('request', 'timeout'));
    }, options.timeout || 60000);
    answer.then(
      (res) => {
        clearTimeout(timer);
        done(options.success, { errMsg: 'request:ok', ...res });
      },
      (err) => {
        clearTimeout(timer);
        done(options.fail, err && err.errMsg ? err : errMsg('request', (err && err.message) || String(err)));
      },
    );
    return {
      abort() {
        clearTimeout(timer);
        controller.abort();
        done(options.fail, errMsg('request', 'abort'));
      },
    };
  };
}

// WXWebAssembly: instantiate(path, imports) only, path inside the code package; resolves to
// the instance itself or to { instance } (both happen on real clients).
function wxWebAssembly(packageDir, resultShape, loads) {
  return {
    instantiate(path, imports) {
      if (typeof path !== 'string') return Promise.reject(new TypeError('WXWebAssembly.instantiate: the first argument must be a file path'));
      if (!/\.wasm(\.br)?$/.test(path)) return Promise.reject(new Error(`WXWebAssembly.instantiate: not a .wasm or .wasm.br file: ${path}`));
      const file = normalize(join(packageDir, posix.normalize('/' + path)));
      if (!file.startsWith(packageDir) || !existsSync(file)) return Promise.reject(new Error(`WXWebAssembly.instantiate: no file ${path} in the code package`));
      loads.push(path);
      let bytes = readFileSync(file);
      if (path.endsWith('.br')) bytes = brotliDecompressSync(bytes);
      return WebAssembly.instantiate(bytes, imports).then(({ instance }) => (resultShape === 'instance' ? instance : { instance }));
    },
  };
}

// A CommonJS loader inside the context: relative paths from the requiring file, bare names
// from miniprogram_npm/ (a package's main is its index.js, as "build npm" writes it).
function makeRequire(context, packageDir) {
  const cache = new Map();
  function resolve(from, request) {
    let base = request.startsWith('.') || request.startsWith('/')
      ? join(request.startsWith('/') ? packageDir : dirname(from), request)
      : join(packageDir, 'miniprogram_npm', request);
    if (existsSync(base) && statSync(base).isDirectory()) base = join(base, 'index.js');
    else if (!base.endsWith('.js')) base += '.js';
    if (!existsSync(base)) throw new Error(`module "${request}" is not defined (from ${from})`);
    return base;
  }
  function load(file) {
    if (cache.has(file)) return cache.get(file).exports;
    const module = { exports: {} };
    cache.set(file, module);
    const fn = vm.compileFunction(readFileSync(file, 'utf8'), ['require', 'module', 'exports'], { parsingContext: context, filename: file });
    fn(localRequire(file), module, module.exports);
    return module.exports;
  }
  const localRequire = (from) => (request) => load(resolve(from, request));
  return localRequire(join(packageDir, 'app.js'));
}

// Creates a runtime. Options: packageDir (default: a fresh code package), wasmResult
// ('instance' | 'wrapped'), request (a handler replacing real HTTP).
export function createMiniProgramRuntime({ packageDir = makeCodePackage(), wasmResult = 'wrapped', request } = {}) {
  const storage = new Map();
  const files = new Map();
  const requests = [];
  const storageCalls = [];
  const wasmLoads = [];
  const hideListeners = new Set();
  const networkListeners = new Set();
  const wx = {
    request: wxRequestApi(request, requests),
    ...wxStorageApi(storage, storageCalls),
    ...wxFileSystem(files, storageCalls),
    onAppHide: (fn) => hideListeners.add(fn),
    offAppHide: (fn) => hideListeners.delete(fn),
    onNetworkStatusChange: (fn) => networkListeners.add(fn),
    offNetworkStatusChange: (fn) => networkListeners.delete(fn),
    getSystemInfoSync: () => ({ platform: 'devtools', SDKVersion: '3.3.0' }),
  };
  const sandbox = {
    console,
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
    wx,
    WXWebAssembly: wxWebAssembly(packageDir, wasmResult, wasmLoads),
  };
  const context = vm.createContext(sandbox, { name: 'miniprogram', codeGeneration: { strings: false, wasm: true } });
  // V8 puts WebAssembly into every context; the mini program logic layer has none.
  vm.runInContext('delete globalThis.WebAssembly;', context);
  const require = makeRequire(context, packageDir);
  return {
    context,
    packageDir,
    wx,
    storage,
    files,
    requests,
    storageCalls,
    wasmLoads,
    require,
    // Evaluates code in the context (the simulator's own code, not the app's).
    run: (code) => vm.runInContext(code, context),
    // Sends the app to the background, as when the user leaves it.
    hide() {
      for (const fn of hideListeners) fn({ path: 'pages/index/index' });
    },
    hideListenerCount: () => hideListeners.size,
    // Reports a change of connectivity, as the client does when the phone regains a network.
    setNetwork(isConnected) {
      for (const fn of networkListeners) fn({ isConnected, networkType: isConnected ? 'wifi' : 'none' });
    },
    networkListenerCount: () => networkListeners.size,
    dispose() {
      rmSync(packageDir, { recursive: true, force: true });
    },
  };
}

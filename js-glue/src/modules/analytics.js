// pk.analytics: customer segmentation from a CSV history (docs/analytics.md) over
// sdk/bindings/bind_analytics.cpp. The report is the same JSON the CLI prints.

export function install(pk, native, { call, invoke, invokeNonEmpty, packSlices, unpackText, release, textCrossing, NativeObject, PromokitError }) {
  const invalid = (message) => new PromokitError('PK_INVALID_ARGUMENT', message, { number: 2 });
  const optionsText = (options) => {
    if (options === undefined || options === null) return '';
    if (typeof options !== 'object') throw invalid('analytics options must be an object');
    return JSON.stringify(options);
  };
  // CSV as a string, or bytes (Uint8Array / Buffer / ArrayBuffer, of any realm: a frame's, a
  // vm context's) as a Uint8Array of this one, passed through undecoded.
  const tagOf = (x) => Object.prototype.toString.call(x);
  // ArrayBuffer's byteLength getter works on any realm's buffers and throws on anything else.
  const bufferLength = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'byteLength').get;
  const isBuffer = (x) => {
    try {
      bufferLength.call(x);
      return true;
    } catch {
      return false;
    }
  };
  const csvInput = (csv, what) => {
    if (typeof csv === 'string' || csv instanceof Uint8Array) return csv;
    if (ArrayBuffer.isView(csv) && tagOf(csv) === '[object Uint8Array]') return new Uint8Array(csv.buffer, csv.byteOffset, csv.byteLength);
    if (isBuffer(csv)) return new Uint8Array(csv);
    throw invalid(`${what}: the CSV must be a string, a Uint8Array or an ArrayBuffer`);
  };
  // Where TextEncoder and TextDecoder exist the CSV goes into the core through the scratch buffer
  // (io.js packSlices) and the report comes back through it (unpackText); without them (WeChat)
  // both cross as Embind strings, which encode, scan and copy in JS loops (a tenth of a
  // 76,000-message analysis on Node, each way).
  //
  // An analysis fed in chunks: for inputs larger than one string, or read as a stream.
  class Analyzer extends NativeObject {
    feed(chunk) {
      const input = csvInput(chunk, 'feed(chunk)');
      if (!textCrossing) invoke(this._native, 'feed', input);
      else packSlices(input, (n) => invoke(this._native, 'feedIo', n));  // the buffer stays for the next chunk
      return this;
    }
    // The report; the analyzer cannot be fed again afterwards.
    finish() {
      if (!textCrossing) return JSON.parse(invoke(this._native, 'finish'));
      return JSON.parse(unpackText(invokeNonEmpty(this._native, 'finishIo')));
    }
  }

  const exportReport = (report, format) => {
    if (!report || typeof report !== 'object') throw invalid('export(report, format): report must be a report object');
    return call(native._analyticsExport, JSON.stringify(report), format);
  };

  pk.analytics = {
    // The whole analysis of one CSV text: segments, scores, data quality, campaign plan. An
    // analyzer fed once: the same crossing as a stream's.
    segment(csv, options) {
      const analyzer = pk.analytics.createAnalyzer(options);
      try {
        return analyzer.feed(csvInput(csv, 'segment(csv, options)')).finish();
      } catch (err) {
        if (textCrossing) release();  // the slice buffer goes too (megabytes of wasm memory)
        throw err;
      } finally {
        analyzer.dispose();
      }
    },
    createAnalyzer(options) {
      return new Analyzer(call(native._createAnalyzer, optionsText(options)));
    },
    // 'csv': customer -> segments, scores, recommended offer; 'html': a standalone report page
    // with inline SVG charts; 'json': the report as text.
    export(report, format) {
      if (format === 'json') return JSON.stringify(report, null, 2);
      if (format !== 'csv' && format !== 'html') throw invalid('export(report, format): format is "json", "csv" or "html"');
      return exportReport(report, format);
    },
    // The seeded demo shop history and the ground truth an analysis of it must reproduce.
    generateDemo({ seed = 1, customers = 5143 } = {}) {
      const out = call(native._analyticsDemo, Number(seed), Number(customers));
      return { csv: out.csv, truth: JSON.parse(out.truth) };
    },
    // Deterministic A/B assignment: the arm index for (experiment, customer) under the weights.
    assignArm(experiment, customerId, weights = [1, 1]) {
      return call(native._assignArm, String(experiment), String(customerId), JSON.stringify(weights));
    },
  };
}

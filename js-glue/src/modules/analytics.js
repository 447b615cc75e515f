// pk.analytics: customer segmentation from a CSV history (docs/analytics.md) over
// sdk/bindings/bind_analytics.cpp. The report is the same JSON the CLI prints.

export function install(pk, native, { call, invoke, NativeObject, PromokitError }) {
  const invalid = (message) => new PromokitError('PK_INVALID_ARGUMENT', message, { number: 2 });
  const optionsText = (options) => {
    if (options === undefined || options === null) return '';
    if (typeof options !== 'object') throw invalid('analytics options must be an object');
    return JSON.stringify(options);
  };
  // CSV as a string, or bytes (Uint8Array / Buffer / ArrayBuffer) passed through undecoded.
  const csvInput = (csv, what) => {
    if (typeof csv === 'string' || csv instanceof Uint8Array || csv instanceof ArrayBuffer) return csv;
    throw invalid(`${what}: the CSV must be a string, a Uint8Array or an ArrayBuffer`);
  };

  // An analysis fed in chunks: for inputs larger than one string, or read as a stream.
  class Analyzer extends NativeObject {
    feed(chunk) {
      invoke(this._native, 'feed', csvInput(chunk, 'feed(chunk)'));
      return this;
    }
    // The report; the analyzer cannot be fed again afterwards.
    finish() {
      return JSON.parse(invoke(this._native, 'finish'));
    }
  }

  const exportReport = (report, format) => {
    if (!report || typeof report !== 'object') throw invalid('export(report, format): report must be a report object');
    return call(native._analyticsExport, JSON.stringify(report), format);
  };

  pk.analytics = {
    // The whole analysis of one CSV text: segments, scores, data quality, campaign plan.
    segment(csv, options) {
      return JSON.parse(call(native._analyticsSegment, csvInput(csv, 'segment(csv, options)'), optionsText(options)));
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

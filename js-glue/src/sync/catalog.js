// Catalog deltas. `GET /v1/catalog?customer=ID&since=V` may answer with a delta instead of the
// whole catalog: a document with `"since": V` (the version it applies to) and the new
// `"version"`; each list section it names (offers, prizePools, segments, ...) holds the items
// added or changed, matched by `id`; `"removed": { "<section>": ["id", ...] }` lists the items
// gone; any other field replaces the cached one.
export function isDelta(doc) {
  return doc !== null && typeof doc === 'object' && doc.since !== undefined;
}

export function applyDelta(catalog, delta) {
  const next = { ...catalog };
  for (const [section, value] of Object.entries(delta)) {
    if (section === 'since' || section === 'removed') continue;
    if (Array.isArray(value) && Array.isArray(catalog[section])) {
      const changed = new Map(value.map((item) => [item.id, item]));
      const kept = catalog[section].map((item) => changed.get(item.id) || item);
      const known = new Set(catalog[section].map((item) => item.id));
      next[section] = kept.concat(value.filter((item) => !known.has(item.id)));
    } else {
      next[section] = value;
    }
  }
  for (const [section, ids] of Object.entries(delta.removed || {})) {
    if (!Array.isArray(next[section])) continue;
    const gone = new Set(ids);
    next[section] = next[section].filter((item) => !gone.has(item.id));
  }
  return next;
}

// Drives the scripted sync server (tests/js/support/sync-server.mjs) over HTTP from any realm.
export function serverControl(url, appKey) {
  const call = async (path, body) => {
    const res = await fetch(url + path, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) });
    return res.json();
  };
  return {
    url,
    appKey,
    reset: () => call('/_test/reset'),
    setup: (what) => call('/_test/setup', what),
    script: (faults) => call('/_test/script', faults),
    state: () => call('/_test/state'),
  };
}

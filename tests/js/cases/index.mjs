// The API test suite that runs unchanged in Node (tests/js/api.test.mjs), in the mini program
// simulator (tests/miniprogram/api.test.mjs) and in Chromium (tests/browser/api.test.mjs).
// A case is { name, run(ctx) } where ctx = { pk, mod (the entry's exports), PromokitError,
// realmError (the Error of pk's realm), assert (./assert.mjs), data: { badDocuments,
// catalogSample }, storages: [{ name, make }], makeStorage, makeNetwork, server, uid, platform }.
// Modules add their own file here.
import core from './core.mjs';
import storage from './storage.mjs';
import network from './network.mjs';
import client from './client.mjs';
import modules from './modules.mjs';

export const suites = { core, storage, network, client, modules };

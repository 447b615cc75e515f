// The shared API cases (tests/js/cases/) inside the mini program simulator: the package loaded
// through require('promokit') from miniprogram_npm/, wasm from the .wasm.br by path, storage and
// network through wx (the platform defaults there). The mini program carries the shopper module.
import { test, before, after } from 'node:test';
import { createMiniProgramRuntime } from './simulator.mjs';
import { startSyncServer } from '../js/support/sync-server.mjs';
import { caseContext, registerSuites } from '../js/support/context.mjs';

let rt;
let server;
let ctx;

before(async () => {
  rt = createMiniProgramRuntime();
  server = await startSyncServer();
  const mod = rt.require('promokit');
  const pk = await mod.loadPromokit();
  ctx = caseContext({
    pk,
    mod,
    realmError: rt.run('Error'),
    storages: [
      { name: 'wx', make: () => mod.createWxStorage() },
      { name: 'memory', make: () => mod.createMemoryStorage() },
    ],
    makeStorage: () => mod.createWxStorage(),
    makeNetwork: () => mod.createWxNetwork(),
    serverUrl: server.url,
    platform: 'miniprogram',
    module: 'shopper',
  });
});
after(async () => {
  await server.close();
  rt.dispose();
});

registerSuites(test, () => ctx, 'miniprogram ', 'shopper');

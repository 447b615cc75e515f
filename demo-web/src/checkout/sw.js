// The checkout's service worker (Workbox): precache the page, its scripts, styles and the wasm
// (manifest from scripts/build-demo.mjs) so the checkout starts with no network. The API (/v1/)
// is never cached here: the sync client keeps the catalog and its queue in IndexedDB and must
// see the real network to know when it is offline.
import { precacheAndRoute, createHandlerBoundToURL, cleanupOutdatedCaches } from 'workbox-precaching';
import { registerRoute, NavigationRoute } from 'workbox-routing';

self.skipWaiting();
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

cleanupOutdatedCaches();
precacheAndRoute(self.__WB_MANIFEST); // filled in by scripts/build-demo.mjs
// Any checkout URL (with a query, a deep link) opens the precached page.
registerRoute(new NavigationRoute(createHandlerBoundToURL('/checkout/index.html'), { allowlist: [/^\/checkout\//] }));

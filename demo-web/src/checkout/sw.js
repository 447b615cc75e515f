// The checkout's service worker (Workbox): precache the page, its assets and the wasm so the
// checkout starts with no network; the catalog is network-first with the cached copy offline.
import { precacheAndRoute, createHandlerBoundToURL } from 'workbox-precaching';
import { registerRoute, NavigationRoute } from 'workbox-routing';
import { NetworkFirst } from 'workbox-strategies';

self.skipWaiting();
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

precacheAndRoute(self.__WB_MANIFEST); // filled in by scripts/build-demo.mjs
registerRoute(new NavigationRoute(createHandlerBoundToURL('/checkout/index.html'), { allowlist: [/^\/checkout\//] }));
registerRoute(({ url }) => url.pathname.startsWith('/v1/catalog'), new NetworkFirst({ cacheName: 'promokit-catalog' }));

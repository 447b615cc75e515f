#pragma once
// --demo: seeds server/demo/mall.json (a mall catalog with fashion, electronics, food and
// entertainment offers and brands, prize pools, segments, challenges, templates, customers) into
// an empty database. A database that already has a catalog is left as it is.
#include "options.hpp"
#include "storage.hpp"

namespace pkserver {

void seed_demo(Storage& storage, const ServerOptions& options);

}  // namespace pkserver

#include "demo_seed.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "catalog_state.hpp"
#include "customers.hpp"
#include "log.hpp"

namespace pkserver {

void seed_demo(Storage& storage, const ServerOptions& options) {
  std::int64_t version = 0;
  storage.read([&](ReadTx& tx) { version = tx.catalog_version(); });
  if (version > 0) {
    log_info("demo: the database has a catalog already; not seeding", {{"catalogVersion", version}});
    return;
  }
  std::filesystem::path file = std::filesystem::path(options.static_root) / "server" / "demo" / "mall.json";
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("demo: cannot read " + file.string());
  std::stringstream text;
  text << in.rdbuf();
  Json demo = promokit::parse_json(text.str());

  Json catalog = {{"version", 1}};
  for (const auto& k : document_kinds())
    if (demo.contains(k.section)) catalog[std::string(k.section)] = demo[std::string(k.section)];
  compile_catalog(catalog);  // refuses a demo file the core does not accept
  std::vector<Json> customers;
  if (demo.contains("customers")) customers.assign(demo["customers"].begin(), demo["customers"].end());

  std::size_t documents = 0;
  ImportResult imported;
  storage.write([&](WriteTx& tx) {
    for (const auto& k : document_kinds()) {
      if (!demo.contains(k.section)) continue;
      for (const Json& d : demo[std::string(k.section)]) {
        tx.put_document(std::string(k.kind), d["id"].get<std::string>(), d.dump());
        ++documents;
      }
    }
    imported = import_profiles(tx, customers, "customers");
  });
  log_info("demo seeded", {{"documents", documents}, {"customers", imported.imported}, {"rejected", imported.rejected.size()}});
}

}  // namespace pkserver

// System catalog layouts from the embedded catalog_columns.tsv (see catalog_schema.h).
#include "storage/catalog/catalog_schema.h"

#include <cstdlib>
#include <string>
#include <utility>

#include "common/assert.h"
#include "storage/catalog/embedded_data.h"

namespace hyrax::catalog {

namespace {

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    size_t tab = line.find('\t', start);
    if (tab == std::string::npos) {
      out.push_back(line.substr(start));
      return out;
    }
    out.push_back(line.substr(start, tab - start));
    start = tab + 1;
  }
}

// System catalogs with a TOAST table and its OID, as in PostgreSQL 15 (pg_class.reltoastrelid
// of a fresh cluster). TOAST tables of shared catalogs are shared too.
constexpr std::pair<Oid, Oid> kCatalogToastOids[] = {
    {826, 4143},  {1213, 4185}, {1247, 4171}, {1255, 2836}, {1260, 4175}, {1262, 4177},
    {1417, 4151}, {1418, 4173}, {2328, 4149}, {2396, 2846}, {2600, 4159}, {2604, 2830},
    {2606, 2832}, {2609, 2834}, {2612, 4157}, {2615, 4163}, {2618, 2838}, {2619, 2840},
    {2620, 2336}, {2964, 2966}, {3079, 4147}, {3118, 4153}, {3256, 4167}, {3350, 4165},
    {3381, 3439}, {3394, 4155}, {3429, 3430}, {3456, 6175}, {3466, 4145}, {3592, 4060},
    {3596, 3598}, {3600, 4169}, {6000, 4181}, {6100, 4183}, {6106, 6228}, {6243, 6244},
};

Oid CatalogToastOid(Oid relid) {
  for (const auto& [catalog, toast] : kCatalogToastOids) {
    if (catalog == relid) return toast;
  }
  return kInvalidOid;
}

std::vector<CatalogSchema> LoadSchemas() {
  auto content = EmbeddedCatalogFile("catalog_columns.tsv");
  HYRAX_CHECK(content.has_value(), "catalog_columns.tsv is not embedded");
  std::vector<CatalogSchema> out;
  size_t pos = 0;
  while (pos < content->size()) {
    size_t end = content->find('\n', pos);
    if (end == std::string_view::npos) end = content->size();
    std::string line(content->substr(pos, end - pos));
    pos = end + 1;
    if (line.empty() || line[0] == '#') continue;
    // relid relname relisshared reltype attnum attname atttypid attlen attbyval attalign
    // attstorage attnotnull atttypmod attcollation
    auto f = SplitTabs(line);
    HYRAX_CHECK(f.size() == 14, "malformed catalog_columns.tsv line");
    Oid relid = static_cast<Oid>(std::strtoul(f[0].c_str(), nullptr, 10));
    if (out.empty() || out.back().oid != relid) {
      CatalogSchema schema;
      schema.oid = relid;
      schema.name = f[1];
      schema.shared = f[2] == "t";
      schema.reltype = static_cast<Oid>(std::strtoul(f[3].c_str(), nullptr, 10));
      schema.toast_oid = CatalogToastOid(relid);
      out.push_back(std::move(schema));
    }
    PgAttribute a;
    a.attrelid = relid;
    a.attnum = static_cast<int16_t>(std::atoi(f[4].c_str()));
    a.attname = f[5];
    a.atttypid = static_cast<Oid>(std::strtoul(f[6].c_str(), nullptr, 10));
    a.attlen = static_cast<int16_t>(std::atoi(f[7].c_str()));
    a.attbyval = f[8] == "t";
    a.attalign = f[9][0];
    a.attstorage = f[10][0];
    a.attnotnull = f[11] == "t";
    a.atttypmod = std::atoi(f[12].c_str());
    a.attcollation = static_cast<Oid>(std::strtoul(f[13].c_str(), nullptr, 10));
    out.back().columns.push_back(std::move(a));
  }
  return out;
}

}  // namespace

PgClass CatalogSchema::ToPgClass() const {
  PgClass c;
  c.oid = oid;
  c.relname = name;
  c.relnamespace = kPgCatalogNamespace;
  c.reltype = reltype;
  c.relowner = kBootstrapSuperuserId;
  c.relam = kHeapAmOid;
  c.relfilenode = oid;
  c.reltablespace = shared ? kGlobalTablespaceOid : 0;
  c.relisshared = shared;
  c.relpersistence = 'p';
  c.relkind = 'r';
  c.relnatts = static_cast<int16_t>(columns.size());
  c.reltoastrelid = toast_oid;
  return c;
}

const std::vector<CatalogSchema>& SystemCatalogSchemas() {
  static const std::vector<CatalogSchema> schemas = LoadSchemas();
  return schemas;
}

const CatalogSchema* FindCatalogSchema(Oid oid) {
  for (const auto& s : SystemCatalogSchemas()) {
    if (s.oid == oid) return &s;
  }
  return nullptr;
}

const CatalogSchema* FindCatalogSchema(std::string_view name) {
  for (const auto& s : SystemCatalogSchemas()) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

}  // namespace hyrax::catalog

// Catalog bootstrap for `hyrax init` (see bootstrap.h).
#include "storage/catalog/bootstrap.h"

#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <memory>
#include <unistd.h>
#include <unordered_map>

#include "common/assert.h"
#include "common/memory_context.h"
#include "storage/catalog/catalog_codec.h"
#include "storage/catalog/catalog_desc.h"
#include "storage/catalog/catalog_scan.h"
#include "storage/catalog/catalog_schema.h"
#include "storage/catalog/catalog_values.h"
#include "storage/catalog/embedded_data.h"
#include "storage/catalog/heap_create.h"
#include "storage/catalog/tsv_reader.h"
#include "storage/lmgr/lock_manager.h"
#include "storage/smgr/smgr.h"
#include "storage/toast/toast_catalog.h"
#include "storage/txn/xact.h"

namespace hyrax::catalog {

namespace {

namespace fs = std::filesystem;

constexpr Oid kBootstrapDb = kTemplate1DbOid;

// Role names in the data files (ACLs) resolve through pg_authid.tsv's original names.
std::unordered_map<std::string, Oid> LoadRoleNames() {
  std::unordered_map<std::string, Oid> roles;
  TsvTable table(*EmbeddedCatalogFile("pg_authid.tsv"));
  for (size_t r = 0; r < table.num_rows(); ++r) {
    TsvRow row(table, r);
    roles[row.Str("rolname")] = row.OidValue("oid");
  }
  return roles;
}

// Value overrides for the cluster being created.
std::optional<std::string> Override(const CatalogSchema& schema, const TsvRow& row,
                                    const std::string& column, const BootstrapOptions& options) {
  if (schema.oid == kAuthIdRelationId && column == "rolname" &&
      row.OidValue("oid") == kBootstrapSuperuserId) {
    return options.superuser;
  }
  if (schema.oid == kDatabaseRelationId && column == "datfrozenxid") {
    return std::to_string(kFirstNormalTransactionId);
  }
  return std::nullopt;
}

void LoadDataFile(const CatalogSchema& schema, const BootstrapOptions& options,
                  const RoleNameResolver& roles) {
  auto content = EmbeddedCatalogFile(schema.name + ".tsv");
  if (!content) return;  // starts empty
  TsvTable table(*content);
  size_t ncols = schema.columns.size();
  std::vector<Datum> values(ncols);
  std::unique_ptr<bool[]> nulls(new bool[ncols]);
  MemoryContext tmp("bootstrap row");
  for (size_t r = 0; r < table.num_rows(); ++r) {
    MemoryContextScope scope(&tmp);
    TsvRow row(table, r);
    for (size_t c = 0; c < ncols; ++c) {
      const PgAttribute& col = schema.columns[c];
      std::optional<std::string> text;
      if (auto o = Override(schema, row, col.attname, options)) {
        text = o;
      } else if (table.HasColumn(col.attname)) {
        text = row.Opt(col.attname);
      }
      nulls[c] = !text.has_value();
      values[c] = text ? CatalogTextToDatum(col.atttypid, *text, roles) : 0;
    }
    InsertCatalogValues(schema, values.data(), nulls.get());
    tmp.Reset();
  }
}

void DescribeCatalogs() {
  for (const auto& schema : SystemCatalogSchemas()) {
    InsertCatalogRow(schema.ToPgClass());
    for (const auto& col : schema.columns) InsertCatalogRow(col);
    for (const auto& col : SystemAttributes(schema.oid)) InsertCatalogRow(col);
    if (schema.toast_oid != kInvalidOid) storage::DescribeToastTable(schema.ToPgClass());
  }
}

// Makes a copied file (or a directory entry list) durable. PANIC-free: init fails cleanly.
void FsyncPath(const fs::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0 || ::fsync(fd) != 0) {
    if (fd >= 0) ::close(fd);
    throw MakeError(errcode::kIoError, "could not fsync file \"{}\": {}", path.string(),
                    std::strerror(errno));
  }
  ::close(fd);
}

}  // namespace

void BootstrapSystemCatalogs(const BootstrapOptions& options) {
  storage::g_my_database_id = kBootstrapDb;
  fs::create_directories(fs::path("base") / std::to_string(kBootstrapDb));
  fs::create_directories("global");
  for (const auto& schema : SystemCatalogSchemas()) {
    storage::HeapRelation heap = CatalogHeap(schema);
    storage::Smgr::Create(heap.locator, ForkNumber::kMain, /*is_redo=*/false);
    if (heap.toast_oid != kInvalidOid) {
      storage::Smgr::Create(heap.toast_locator, ForkNumber::kMain, /*is_redo=*/false);
    }
  }
  auto role_names = LoadRoleNames();
  RoleNameResolver roles = [&](std::string_view name) {
    auto it = role_names.find(std::string(name));
    HYRAX_CHECK(it != role_names.end(), "unknown role in catalog data: " + std::string(name));
    return it->second;
  };
  storage::StartTransactionCommand();
  for (const auto& schema : SystemCatalogSchemas()) LoadDataFile(schema, options, roles);
  DescribeCatalogs();
  storage::CommitTransactionCommand();
}

void CopyDatabaseFiles(Oid src, Oid dst) {
  fs::path from = fs::path("base") / std::to_string(src);
  fs::path to = fs::path("base") / std::to_string(dst);
  fs::create_directories(to);
  for (const auto& entry : fs::directory_iterator(from)) {
    if (!entry.is_regular_file()) continue;
    fs::path target = to / entry.path().filename();
    fs::copy_file(entry.path(), target, fs::copy_options::overwrite_existing);
    FsyncPath(target);
  }
  FsyncPath(to);
  FsyncPath("base");
}

}  // namespace hyrax::catalog

// pg_rewrite rows of views (see view_catalog.h).
#include "storage/catalog/view_catalog.h"

#include "storage/catalog/catalog_scan.h"
#include "storage/catalog/inval.h"
#include "storage/txn/transam.h"

namespace hyrax::catalog {

namespace {
constexpr const char* kViewRuleName = "_RETURN";
}  // namespace

void StoreViewQuery(Oid view_relid, const std::string& query_sql, Oid rule_oid) {
  PgRewrite rule;
  rule.oid = rule_oid != kInvalidOid ? rule_oid : storage::GetNewObjectId();
  rule.rulename = kViewRuleName;
  rule.ev_class = view_relid;
  rule.ev_action = query_sql;
  InsertCatalogRow(rule);
  CacheInvalidateRelation(view_relid);
}

std::optional<std::string> ViewQuery(Oid view_relid) {
  for (const auto& ref : ScanCatalog<PgRewrite>()) {
    if (ref.row.ev_class == view_relid && ref.row.rulename == kViewRuleName) {
      return ref.row.ev_action;
    }
  }
  return std::nullopt;
}

}  // namespace hyrax::catalog

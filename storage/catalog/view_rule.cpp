// The "_RETURN" rule of views (see view_rule.h).
#include "storage/catalog/view_rule.h"

#include "common/assert.h"
#include "storage/catalog/catalog_scan.h"
#include "storage/catalog/inval.h"
#include "storage/catalog/pg_depend.h"
#include "storage/txn/transam.h"

namespace hyrax::catalog {

namespace {

template <typename Pred>
std::optional<CatalogRowRef<PgRewrite>> FindRule(Pred pred) {
  for (auto& ref : ScanCatalog<PgRewrite>()) {
    if (pred(ref.row)) return std::move(ref);
  }
  return std::nullopt;
}

}  // namespace

Oid StoreViewRule(Oid view_oid, const std::string& action, Oid rule_oid) {
  PgRewrite rule;
  rule.oid = rule_oid != kInvalidOid ? rule_oid : storage::GetNewObjectId();
  rule.rulename = "_RETURN";
  rule.ev_class = view_oid;
  rule.ev_qual = "<>";
  rule.ev_action = action;
  InsertCatalogRow(rule);
  // The rule is part of the view (PostgreSQL records the same internal dependency).
  RecordDependency({kRewriteRelationId, rule.oid, 0}, {kRelationRelationId, view_oid, 0}, 'i');
  CacheInvalidateRelation(view_oid);
  return rule.oid;
}

Oid ReplaceViewRule(Oid view_oid, const std::string& action) {
  auto ref = FindRule([&](const PgRewrite& r) { return r.ev_class == view_oid; });
  HYRAX_CHECK(ref.has_value(), "view has no _RETURN rule");
  PgRewrite updated = ref->row;
  updated.ev_action = action;
  UpdateCatalogRow(ref->ctid, updated);
  // The new query records its own references; the rule stays part of the view.
  DeleteCatalogRows<PgDepend>([&](const PgDepend& d) {
    return d.classid == kRewriteRelationId && d.objid == updated.oid && d.deptype == 'n';
  });
  CacheInvalidateRelation(view_oid);
  return updated.oid;
}

std::optional<PgRewrite> ViewRuleOf(Oid view_oid) {
  auto ref = FindRule([&](const PgRewrite& r) { return r.ev_class == view_oid; });
  if (!ref) return std::nullopt;
  return std::move(ref->row);
}

std::optional<PgRewrite> RuleByOid(Oid rule_oid) {
  auto ref = FindRule([&](const PgRewrite& r) { return r.oid == rule_oid; });
  if (!ref) return std::nullopt;
  return std::move(ref->row);
}

void DropViewRule(Oid view_oid) {
  auto ref = FindRule([&](const PgRewrite& r) { return r.ev_class == view_oid; });
  if (!ref) return;
  DeleteDependencies(kRewriteRelationId, ref->row.oid);
  DeleteCatalogRow<PgRewrite>(ref->ctid);
  CacheInvalidateRelation(view_oid);
}

}  // namespace hyrax::catalog

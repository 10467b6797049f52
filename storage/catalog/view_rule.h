// A view's query in the catalog (PostgreSQL's rewriteDefine.c for the "_RETURN" rule of a
// view): one pg_rewrite row per view whose ev_action is the analyzed Query serialized with
// nodes::QueryToString, plus a pg_depend row making the rule an internal part of the view.
// The relcache loads ev_action into RelationData::view_action; the analyzer expands views
// from there (parser/analyze/view_expansion.cpp).
#pragma once

#include <optional>
#include <string>

#include "storage/catalog/catalog_rows.h"

namespace hyrax::catalog {

// Creates the "_RETURN" rule of view `view_oid` holding `action`; returns the rule's OID,
// `rule_oid` when given (system views keep PostgreSQL's), else a new one.
// Requires: an open transaction; the view has no rule yet.
Oid StoreViewRule(Oid view_oid, const std::string& action, Oid rule_oid = kInvalidOid);
// Replaces the stored query of the view's rule (CREATE OR REPLACE VIEW) and forgets the
// rule's normal dependencies (the caller records the new query's); returns the rule's OID.
// Throws XX000 when the view has no rule.
Oid ReplaceViewRule(Oid view_oid, const std::string& action);
// The view's rule row, or nullopt.
std::optional<PgRewrite> ViewRuleOf(Oid view_oid);
// The rule row with OID `rule_oid`, or nullopt.
std::optional<PgRewrite> RuleByOid(Oid rule_oid);
// Deletes the view's rule and the rule's dependency rows.
void DropViewRule(Oid view_oid);

}  // namespace hyrax::catalog

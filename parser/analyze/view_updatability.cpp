// DML aimed at views (see view_updatability.h).
#include "parser/analyze/view_updatability.h"

#include <fmt/format.h>

#include "common/error.h"
#include "parser/analyze/view_expansion.h"

namespace hyrax::parser {

namespace {

// The single base relation entry of the view's FROM, or nullptr.
const nodes::RangeTblEntry* SingleBaseRelation(const nodes::Query& q) {
  if (!q.jointree || q.jointree->fromlist.size() != 1) return nullptr;
  const nodes::JoinTreeNode& item = *q.jointree->fromlist[0];
  if (item.tag != nodes::JoinTreeTag::kRangeTblRef) return nullptr;
  Index rtindex = static_cast<const nodes::RangeTblRef&>(item).rtindex;
  const nodes::RangeTblEntry& rte = q.rtable[rtindex - 1];
  // A view the view reads is stored as a subquery entry carrying the view's OID.
  bool is_view = rte.rtekind == nodes::RteKind::kSubquery && rte.relkind == 'v';
  bool is_table = rte.rtekind == nodes::RteKind::kRelation &&
                  (rte.relkind == 'r' || rte.relkind == 'f' || rte.relkind == 'p');
  return is_view || is_table ? &rte : nullptr;
}

// Whether some output column is a plain column of the base relation `rtindex`.
bool HasUpdatableColumn(const nodes::Query& q, Index rtindex) {
  for (const auto& tle : q.targetList) {
    if (tle.resjunk || !tle.expr || tle.expr->tag != nodes::NodeTag::kVar) continue;
    const auto& var = static_cast<const nodes::Var&>(*tle.expr);
    if (var.varno == rtindex && var.varlevelsup == 0 && var.varattno > 0) return true;
  }
  return false;
}

struct ViewDmlWords {
  uint32_t perm;
  const char* verb;    // "cannot <verb> view"
  const char* action;  // "To enable <action> the view"
  const char* event;   // INSERT / UPDATE / DELETE
};
constexpr ViewDmlWords kViewDmlWords[] = {
    {nodes::kAclInsert, "insert into", "inserting into", "INSERT"},
    {nodes::kAclUpdate, "update", "updating", "UPDATE"},
    {nodes::kAclDelete, "delete from", "deleting from", "DELETE"},
};

const ViewDmlWords& WordsFor(uint32_t required_perms) {
  for (const auto& w : kViewDmlWords) {
    if ((required_perms & w.perm) != 0) return w;
  }
  return kViewDmlWords[2];
}

}  // namespace

const char* ViewNotAutoUpdatableReason(const nodes::Query& q, bool check_cols) {
  if (!q.distinctClause.empty()) {
    return "Views containing DISTINCT are not automatically updatable.";
  }
  if (!q.groupClause.empty() || !q.groupingSets.empty()) {
    return "Views containing GROUP BY are not automatically updatable.";
  }
  if (q.havingQual) return "Views containing HAVING are not automatically updatable.";
  if (q.setOperations) {
    return "Views containing UNION, INTERSECT, or EXCEPT are not automatically updatable.";
  }
  if (!q.cteList.empty()) return "Views containing WITH are not automatically updatable.";
  if (q.limitOffset || q.limitCount) {
    return "Views containing LIMIT or OFFSET are not automatically updatable.";
  }
  if (q.hasAggs) return "Views that return aggregate functions are not automatically updatable.";
  if (q.hasWindowFuncs) {
    return "Views that return window functions are not automatically updatable.";
  }
  if (q.hasTargetSRFs) {
    return "Views that return set-returning functions are not automatically updatable.";
  }
  const nodes::RangeTblEntry* base = SingleBaseRelation(q);
  if (!base) {
    return "Views that do not select from a single table or view are not automatically "
           "updatable.";
  }
  auto rtindex = static_cast<Index>(base - q.rtable.data()) + 1;
  if (check_cols && !HasUpdatableColumn(q, rtindex)) {
    return "Views that have no updatable columns are not automatically updatable.";
  }
  return nullptr;
}

void ThrowViewDml(const ParseState& ps, const nodes::RangeTblEntry& rte, uint32_t required_perms,
                  int location) {
  const ViewDmlWords& words = WordsFor(required_perms);
  bool check_cols = (required_perms & nodes::kAclDelete) == 0;
  if (const char* reason = ViewNotAutoUpdatableReason(*StoredViewQuery(rte.relid), check_cols)) {
    // No cursor position: PostgreSQL raises this in the rewriter.
    throw MakeError(errcode::kObjectNotInPrerequisiteState, "cannot {} view \"{}\"", words.verb,
                    rte.eref.aliasname)
        .Detail(reason)
        .Hint(fmt::format("To enable {} the view, provide an INSTEAD OF {} trigger or an "
                          "unconditional ON {} DO INSTEAD rule.",
                          words.action, words.event, words.event));
  }
  ThrowAt(ps,
          MakeError(errcode::kFeatureNotSupported, "modifying view \"{}\" is not supported yet",
                    rte.eref.aliasname),
          location);
}

}  // namespace hyrax::parser

// Range tables and name scopes (PostgreSQL's parse_relation.c): adding range-table entries
// for relations, sub-selects, VALUES, joins and CTEs; the namespace of visible entries;
// resolving table and column names through the query levels (varlevelsup); system
// columns; "*" expansion; and the missing-table/missing-column errors with PostgreSQL's
// hints (fuzzy column-name suggestions). README "Scopes and levels".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parser/analyze/parse_state.h"

namespace hyrax::parser {

// One column of a range-table entry as the analyzer sees it.
struct RteColumn {
  std::string name;  // empty for dropped columns
  Oid type = kInvalidOid;
  int32_t typmod = -1;
  Oid collation = kInvalidOid;
};

// ---- Adding entries (each returns the new 1-based range-table index) ----

// A relation opened by the caller (its descriptor is remembered in ps.relations). Calls the
// lock hook with `lockmode`.
Index AddRelationRte(ParseState& ps, const catalog::RelationPtr& rel,
                     const std::optional<nodes::Alias>& alias, bool inh, bool in_from_clause,
                     int lockmode, uint32_t required_perms);
// Opens the relation `name` (RangeVarGetRelid + relcache) and adds it; errors carry
// `location`. Throws 42P01 when it does not exist.
Index AddRelationRteByName(ParseState& ps, const std::vector<std::string>& name,
                           const std::optional<nodes::Alias>& alias, bool inh, bool in_from_clause,
                           int lockmode, uint32_t required_perms, int location);
Index AddSubqueryRte(ParseState& ps, QueryPtr subquery, const std::optional<nodes::Alias>& alias,
                     bool lateral, bool in_from_clause);
Index AddValuesRte(ParseState& ps, std::vector<ExprList> rows, std::vector<RteColumn> columns,
                   const std::optional<nodes::Alias>& alias, bool lateral, bool in_from_clause);
Index AddJoinRte(ParseState& ps, std::vector<std::string> colnames, nodes::JoinType jointype,
                 int nummergedcols, ExprList aliasvars, std::vector<int> leftcols,
                 std::vector<int> rightcols, const std::optional<nodes::Alias>& using_alias,
                 const std::optional<nodes::Alias>& alias);
Index AddCteRte(ParseState& ps, const nodes::CommonTableExpr& cte, Index levels_up,
                const std::optional<nodes::Alias>& alias, bool in_from_clause);

// Adds a namespace item, checking that no visible item at this level already has the same
// name (42712 `table name "t" specified more than once`).
void AddNamespaceItem(ParseState& ps, const NamespaceItem& item, int location);
// The name an item is referenced by.
const std::string& ItemRefname(const ParseState& owner, const NamespaceItem& item);

// ---- Columns ----

std::vector<RteColumn> RteColumns(const ParseState& owner, const nodes::RangeTblEntry& rte);
// A Var for column `attnum` of RTE `rtindex` of the level `levels_up` above ps, marking the
// column as read (for privileges).
ExprPtr MakeColumnVar(ParseState& ps, Index rtindex, nodes::AttrNumber attnum, int levels_up,
                      int location);
// A whole-row Var of an item (PostgreSQL's transformWholeRowRef).
ExprPtr MakeWholeRowVar(ParseState& ps, const NamespaceItem& item, int levels_up, int location);

// ---- Lookups ----

struct NamespaceMatch {
  ParseState* owner = nullptr;  // level holding the item
  NamespaceItem item;
  int levels_up = 0;
};

// The column `colname` among the visible items, searching outward through the levels
// (unless local_only). nullptr when not found; 42702 when ambiguous at the nearest level.
ExprPtr ColNameToVar(ParseState& ps, std::string_view colname, bool local_only, int location);
// The item called `refname` (optionally only relation `schemaname`.`refname` without an
// alias), searching outward. 42P09 when ambiguous.
std::optional<NamespaceMatch> RefnameNamespaceItem(ParseState& ps, std::string_view schemaname,
                                                   std::string_view refname, int location);
// The column `colname` of one item (user columns, then system columns of relations).
ExprPtr ScanNsItemForColumn(ParseState& ps, const NamespaceMatch& match, std::string_view colname,
                            int location);
// The (name, Var) pairs of an item's columns for "*" expansion (no dropped or system
// columns).
std::vector<std::pair<std::string, ExprPtr>> ExpandNsItemColumns(ParseState& ps,
                                                                 const NamespaceMatch& match,
                                                                 int location);

// ---- Errors ----

// 42P01 "missing FROM-clause entry for table ..." / "invalid reference to FROM-clause
// entry ..." with PostgreSQL's hints.
[[noreturn]] void ErrorMissingRte(ParseState& ps, std::string_view schemaname,
                                  std::string_view relname, int location);
// 42703 `column "x" does not exist` / "column t.x does not exist" with "Perhaps you meant
// to reference the column ..." hints.
[[noreturn]] void ErrorMissingColumn(ParseState& ps, std::string_view relname,
                                     std::string_view colname, int location);

}  // namespace hyrax::parser

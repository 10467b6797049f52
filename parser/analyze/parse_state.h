// The analyzer's per-query-level state (PostgreSQL's ParseState): the range table and join
// list being built, the namespace of visible range-table entries, the kind of clause being
// analyzed, aggregate/window/sub-link flags, and the parameter types shared by all levels.
// A sub-select gets a child ParseState whose `parent` is the enclosing level. See
// parser/analyze/README.md "Scopes and levels".
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/error.h"
#include "nodes/parsenodes.h"
#include "nodes/primnodes.h"
#include "storage/catalog/relcache.h"

// libpg_query's window definition and locking clause nodes (parser/raw/raw_nodes.h).
struct PgQuery__WindowDef;
struct PgQuery__LockingClause;
struct PgQuery__SubLink;

namespace hyrax::parser {

using nodes::ExprList;
using nodes::ExprPtr;
using nodes::Index;
using nodes::QueryPtr;

// Which clause an expression comes from (PostgreSQL's ParseExprKind): decides where
// aggregates, window functions, sub-selects and column references are allowed.
enum class ExprKind : uint8_t {
  kNone,
  kOther,
  kJoinOn,
  kJoinUsing,
  kFromSubselect,
  kFromFunction,
  kWhere,
  kHaving,
  kFilter,
  kWindowPartition,
  kWindowOrder,
  kWindowFrameRange,
  kWindowFrameRows,
  kWindowFrameGroups,
  kSelectTarget,
  kInsertTarget,
  kUpdateSource,
  kUpdateTarget,
  kGroupBy,
  kOrderBy,
  kDistinctOn,
  kLimit,
  kOffset,
  kReturning,
  kValues,
  kValuesSingle,
  kCheckConstraint,
  kColumnDefault,
  kFunctionDefault,
  kIndexExpression,
  kIndexPredicate,
  kExecuteParameter,
  kGeneratedColumn,
  kCallArgument,
  kCopyWhere,
  kAlterColTransform,    // ALTER TABLE ... ALTER COLUMN TYPE ... USING
  kPartitionBound,       // FOR VALUES (...) of PARTITION OF
  kPartitionExpression,  // PARTITION BY ... ((expr))
};

// The clause name PostgreSQL uses in messages ("WHERE", "JOIN conditions", ...).
const char* ExprKindName(ExprKind kind);

// One entry of a level's namespace (PostgreSQL's ParseNamespaceItem).
struct NamespaceItem {
  Index rtindex = 0;
  bool rel_visible = true;   // can be named as a table (t.col, t.*)
  bool cols_visible = true;  // its columns can be referenced unqualified
  bool lateral_only = false;
  bool lateral_ok = true;
  // JOIN ... USING (...) AS alias: visible as `alias` with the merged columns only.
  bool is_join_using_alias = false;
};

// $n parameters. With `variable`, parameters of unknown type get their type from the
// first context that coerces them (PostgreSQL's variable_paramref_hook) and parameters
// beyond the declared ones are added; otherwise $n past the list is 42P02.
struct ParamTypes {
  std::vector<Oid> types;  // $1 = types[0]; kInvalidOid/UNKNOWN = not yet known
  bool variable = false;
  // In a SQL function's body: the parameters' names (names[i] names $i+1, "" when unnamed)
  // and the function's name, so that `name` and `function.name` can stand for $n
  // (PostgreSQL's sql_fn_post_column_ref). Empty elsewhere.
  std::vector<std::string> names;
  std::string function_name;
};

// Options the caller of Analyze supplies.
struct AnalyzeHooks {
  // Called for each relation the statement opens, with the storage::LockMode value to take
  // (PostgreSQL's parser locks relations as it opens them). May be empty (tests).
  std::function<void(Oid relid, int lockmode)> lock_relation;
};

struct ParseState {
  explicit ParseState(ParseState* parent_state = nullptr);

  ParseState* parent = nullptr;
  std::shared_ptr<const std::string> source;  // the whole query string (error positions)
  int stmt_location = 0;  // the statement's byte range in `source` (stmt_len 0: to the end)
  int stmt_len = 0;
  std::vector<nodes::RangeTblEntry> rtable;
  std::vector<nodes::JoinTreeNodePtr> joinlist;
  std::vector<NamespaceItem> namespace_items;
  bool lateral_active = false;
  // CTEs of this level's WITH clause (owned here until copied into the Query), those
  // visible so far, and the CTE whose query this level analyzes (recursive CTEs).
  std::vector<std::shared_ptr<nodes::CommonTableExpr>> ctes;
  std::vector<nodes::CommonTableExpr*> ctenamespace;
  nodes::CommonTableExpr* parent_cte = nullptr;
  ExprKind expr_kind = ExprKind::kNone;
  int next_resno = 1;
  bool has_aggs = false;
  bool has_window_funcs = false;
  bool has_target_srfs = false;
  bool has_sublinks = false;
  bool resolve_unknowns = true;  // resolve unknown-type output columns as text
  // FOR UPDATE/SHARE clauses of this level's SELECT: the tables they name are opened with
  // RowShareLock (PostgreSQL's isLockedRefname); sub-selects are locked afterwards.
  std::vector<const PgQuery__LockingClause*> locking_clauses;
  Index target_rtindex = 0;            // INSERT/UPDATE/DELETE target (0 = none)
  std::shared_ptr<ParamTypes> params;  // shared by all levels
  std::shared_ptr<AnalyzeHooks> hooks;
  // Relation descriptors of relation RTEs, by relation OID.
  std::unordered_map<Oid, catalog::RelationPtr> relations;
  // Raw window definitions of this level (WINDOW clause and inline OVER (...)), in order.
  std::vector<const PgQuery__WindowDef*> window_defs;
  // Values of a multiple-assignment source (UPDATE SET (a, b) = ROW(...)).
  ExprList multiassign_row;
  // Output names of this level's analyzed scalar sub-selects (their first column), for
  // naming target columns as PostgreSQL's FigureColname does.
  std::unordered_map<const PgQuery__SubLink*, std::string> sublink_colnames;
  // MULTIEXPR sub-links of UPDATE SET (a, b) = (SELECT ...), appended by the UPDATE as
  // resjunk targets (subLinkId = position + 1).
  std::vector<std::shared_ptr<nodes::SubLink>> multiassign_sublinks;

  // Whether the FROM item called `refname` is locked by a FOR UPDATE/SHARE of this level.
  bool IsLockedRefname(std::string_view refname) const;
  // The level `levels_up` above this one.
  ParseState& Level(int levels_up);
  const nodes::RangeTblEntry& Rte(Index rtindex) const { return rtable[rtindex - 1]; }
  nodes::RangeTblEntry& Rte(Index rtindex) { return rtable[rtindex - 1]; }
  // The 1-based character position of byte offset `location` in the query text, as error
  // cursors report it (0 when location < 0).
  int Pos(int location) const;
};

// Throws `error` with the cursor at `location` (byte offset) of ps's query text.
[[noreturn]] void ThrowAt(const ParseState& ps, Error&& error, int location);

// Runs `fn`; an Error it throws without a position gets `location`'s (PostgreSQL's
// setup_parser_errposition_callback around catalog lookups and input functions).
template <typename Fn>
decltype(auto) WithErrorPosition(const ParseState& ps, int location, Fn&& fn) {
  try {
    return fn();
  } catch (Error& e) {
    if (e.position() == 0 && location >= 0) e.SetPosition(ps.Pos(location));
    throw;
  }
}

}  // namespace hyrax::parser

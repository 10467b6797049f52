// Statement-level transforms shared inside parser/analyze (one .cpp per statement kind):
// SELECT / VALUES / set operations, INSERT, UPDATE, DELETE, RETURNING, WITH, FOR UPDATE,
// and the utility statements. Not used outside the analyzer: callers use analyze.h.
#pragma once

#include <optional>
#include <string_view>

#include "nodes/utility_stmts.h"
#include "parser/analyze/parse_state.h"
#include "parser/raw/raw_nodes.h"

namespace hyrax::parser {

// Analyzes any statement at level `ps` (PostgreSQL's transformStmt).
QueryPtr TransformStmt(ParseState& ps, const raw::Node* stmt);
// A sub-select as a child level of `parent` (PostgreSQL's parse_sub_analyze);
// `parent_cte` is the CTE whose query this is (recursive CTEs need it).
QueryPtr AnalyzeSubSelect(ParseState& parent, const raw::Node* stmt, bool resolve_unknowns,
                          nodes::CommonTableExpr* parent_cte = nullptr);

// A CTE visible from `ps` by name, with how many levels up it is defined.
struct CteMatch {
  nodes::CommonTableExpr* cte = nullptr;
  Index levels_up = 0;
};
std::optional<CteMatch> FindCte(ParseState& ps, std::string_view name);

QueryPtr TransformSelectStmt(ParseState& ps, const PgQuery__SelectStmt* stmt);
QueryPtr TransformValuesClause(ParseState& ps, const PgQuery__SelectStmt* stmt);
QueryPtr TransformSetOperationStmt(ParseState& ps, const PgQuery__SelectStmt* stmt);
QueryPtr TransformInsertStmt(ParseState& ps, const PgQuery__InsertStmt* stmt);
QueryPtr TransformUpdateStmt(ParseState& ps, const PgQuery__UpdateStmt* stmt);
QueryPtr TransformDeleteStmt(ParseState& ps, const PgQuery__DeleteStmt* stmt);

// RETURNING list (the target relation is visible).
nodes::TargetList TransformReturningList(ParseState& ps, raw::NodeSpan returning);
// Appends the MULTIEXPR sub-links of SET (a, b) = (SELECT ...) collected while transforming
// an UPDATE or ON CONFLICT SET list to `tlist` as junk entries, and forgets them.
void AppendMultiAssignSublinks(ParseState& ps, nodes::TargetList* tlist);
// WITH: analyzes the CTEs into ps.ctes / ps.ctenamespace.
void TransformWithClause(ParseState& ps, const PgQuery__WithClause* with);
// Sets a recursive CTE's columns from its non-recursive term's target list.
void SetRecursiveCteColumns(ParseState& ps, nodes::CommonTableExpr& cte,
                            const nodes::TargetList& tlist);
// FOR UPDATE/SHARE (PostgreSQL's transformLockingClause + CheckSelectLocking).
void TransformLockingClause(ParseState& ps, nodes::Query& query, const PgQuery__LockingClause* lc);
// "FOR UPDATE", "FOR NO KEY UPDATE", ... for messages.
const char* LockStrengthName(PgQuery__LockClauseStrength strength);
const char* LockClauseStrengthName(nodes::LockClauseStrength strength);
// Copies the level's range table, CTEs and flags into `query` and assigns collations.
void FinishQuery(ParseState& ps, nodes::Query& query);

// A Query of commandType kUtility around `stmt`.
QueryPtr MakeUtilityQuery(nodes::UtilityStmtPtr stmt);
// Utility statements; nullptr when `stmt` is not one handled here (0A000 by the caller).
nodes::UtilityStmtPtr TransformUtilityStmt(ParseState& ps, const raw::Node* stmt);

nodes::UtilityStmtPtr TransformTransactionStmt(ParseState& ps, const PgQuery__TransactionStmt* s);
nodes::UtilityStmtPtr TransformVariableSetStmt(ParseState& ps, const PgQuery__VariableSetStmt* s);
nodes::UtilityStmtPtr TransformCreateStmt(ParseState& ps, const PgQuery__CreateStmt* s);
nodes::UtilityStmtPtr TransformDropStmt(ParseState& ps, const PgQuery__DropStmt* s);
// CREATE FUNCTION / CREATE AGGREGATE / DROP FUNCTION|AGGREGATE (analyze_create_function.cpp,
// analyze_create_aggregate.cpp, analyze_drop_function.cpp).
nodes::UtilityStmtPtr TransformCreateFunctionStmt(ParseState& ps,
                                                  const PgQuery__CreateFunctionStmt* s);
nodes::UtilityStmtPtr TransformDefineAggregate(ParseState& ps, const PgQuery__DefineStmt* s);
nodes::UtilityStmtPtr TransformDropFunctions(ParseState& ps, const PgQuery__DropStmt* s);
// The function (or aggregate) `owa` names, with PostgreSQL's errors (LookupFuncWithArgs):
// 42883 when missing, 42725 when a bare name is ambiguous, 42809 for the wrong kind.
Oid LookupFuncWithArgs(ParseState& ps, const PgQuery__ObjectWithArgs* owa, bool aggregate);
nodes::UtilityStmtPtr TransformExplainStmt(ParseState& ps, const PgQuery__ExplainStmt* s);
nodes::UtilityStmtPtr TransformIndexStmt(ParseState& ps, const PgQuery__IndexStmt* s);
nodes::UtilityStmtPtr TransformMiscUtility(ParseState& ps, const raw::Node* stmt);
nodes::UtilityStmtPtr TransformCreateTableAs(ParseState& ps, const PgQuery__CreateTableAsStmt* s);
nodes::UtilityStmtPtr TransformSelectInto(ParseState& ps, const PgQuery__SelectStmt* s);
nodes::UtilityStmtPtr TransformViewStmt(ParseState& ps, const PgQuery__ViewStmt* s);
nodes::UtilityStmtPtr TransformCreateSeqStmt(ParseState& ps, const PgQuery__CreateSeqStmt* s);
nodes::UtilityStmtPtr TransformAlterSeqStmt(ParseState& ps, const PgQuery__AlterSeqStmt* s);
nodes::UtilityStmtPtr TransformCommentStmt(ParseState& ps, const PgQuery__CommentStmt* s);
nodes::UtilityStmtPtr TransformCopyStmt(ParseState& ps, const PgQuery__CopyStmt* s);
nodes::UtilityStmtPtr TransformAlterTableStmt(ParseState& ps, const PgQuery__AlterTableStmt* s);
nodes::UtilityStmtPtr TransformRenameStmt(ParseState& ps, const PgQuery__RenameStmt* s);
nodes::UtilityStmtPtr TransformDeclareCursor(ParseState& ps, const PgQuery__DeclareCursorStmt* s);
nodes::UtilityStmtPtr TransformFetch(const PgQuery__FetchStmt* s);
nodes::UtilityStmtPtr TransformClosePortal(const PgQuery__ClosePortalStmt* s);
nodes::UtilityStmtPtr TransformConstraintsSet(const PgQuery__ConstraintsSetStmt* s);
// CREATE ROLE / ALTER ROLE / DROP ROLE (analyze_role.cpp).
nodes::UtilityStmtPtr TransformCreateRole(ParseState& ps, const PgQuery__CreateRoleStmt* s);
nodes::UtilityStmtPtr TransformAlterRole(ParseState& ps, const PgQuery__AlterRoleStmt* s);
nodes::UtilityStmtPtr TransformDropRole(const PgQuery__DropRoleStmt* s);
// LISTEN / UNLISTEN / NOTIFY; nullptr for other statements.
nodes::UtilityStmtPtr TransformListenNotify(const raw::Node* n);

}  // namespace hyrax::parser

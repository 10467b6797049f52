// Cursor statements and other session commands: DECLARE CURSOR (PostgreSQL's
// transformDeclareCursorStmt: the query is analyzed and checked against the cursor's
// options), FETCH/MOVE, CLOSE, SET CONSTRAINTS (names resolved by the executor) and
// LISTEN/UNLISTEN/NOTIFY.
#include "nodes/utility_stmts.h"
#include "parser/analyze/analyze_stmt.h"

namespace hyrax::parser {

nodes::UtilityStmtPtr TransformDeclareCursor(ParseState& ps, const PgQuery__DeclareCursorStmt* s) {
  auto stmt = std::make_shared<nodes::DeclareCursorStmt>();
  stmt->portalname = raw::Str(s->portalname);
  stmt->options = s->options;
  auto both = [](const char* a, const char* b) {
    throw MakeError(errcode::kInvalidCursorDefinition, "cannot specify both {} and {}", a, b);
  };
  if ((s->options & nodes::kCursorOptScroll) && (s->options & nodes::kCursorOptNoScroll)) {
    both("SCROLL", "NO SCROLL");
  }
  if ((s->options & nodes::kCursorOptAsensitive) && (s->options & nodes::kCursorOptInsensitive)) {
    both("ASENSITIVE", "INSENSITIVE");
  }
  if (raw::Is(s->query, PG_QUERY__NODE__NODE_SELECT_STMT)) {
    const PgQuery__SelectStmt* sel = s->query->select_stmt;
    while (sel->op != PG_QUERY__SET_OPERATION__SETOP_NONE && sel->larg) sel = sel->larg;
    if (sel->into_clause) {
      ThrowAt(ps, Error(errcode::kSyntaxError, "SELECT ... INTO is not allowed here"),
              sel->into_clause->rel ? sel->into_clause->rel->location : -1);
    }
  }
  QueryPtr query = TransformStmt(ps, s->query);
  if (query->commandType != nodes::CmdType::kSelect) {
    throw Error(errcode::kInternalError, "unexpected non-SELECT command in DECLARE CURSOR");
  }
  if (query->hasModifyingCTE) {
    throw Error(errcode::kFeatureNotSupported,
                "DECLARE CURSOR must not contain data-modifying statements in WITH");
  }
  if (!query->rowMarks.empty()) {
    const char* lock = LockClauseStrengthName(query->rowMarks.front().strength);
    if (s->options & nodes::kCursorOptHold) {
      throw MakeError(errcode::kFeatureNotSupported,
                      "DECLARE CURSOR WITH HOLD ... {} is not supported", lock)
          .Detail("Holdable cursors must be READ ONLY.");
    }
    if (s->options & nodes::kCursorOptScroll) {
      throw MakeError(errcode::kFeatureNotSupported,
                      "DECLARE SCROLL CURSOR ... {} is not supported", lock)
          .Detail("Scrollable cursors must be READ ONLY.");
    }
    if (s->options & nodes::kCursorOptInsensitive) {
      throw MakeError(errcode::kInvalidCursorDefinition,
                      "DECLARE INSENSITIVE CURSOR ... {} is not valid", lock)
          .Detail("Insensitive cursors must be READ ONLY.");
    }
  }
  stmt->query = std::move(query);
  return stmt;
}

nodes::UtilityStmtPtr TransformFetch(const PgQuery__FetchStmt* s) {
  auto stmt = std::make_shared<nodes::FetchStmt>();
  switch (s->direction) {
    case PG_QUERY__FETCH_DIRECTION__FETCH_BACKWARD:
      stmt->direction = nodes::FetchDirection::kBackward;
      break;
    case PG_QUERY__FETCH_DIRECTION__FETCH_ABSOLUTE:
      stmt->direction = nodes::FetchDirection::kAbsolute;
      break;
    case PG_QUERY__FETCH_DIRECTION__FETCH_RELATIVE:
      stmt->direction = nodes::FetchDirection::kRelative;
      break;
    default:
      stmt->direction = nodes::FetchDirection::kForward;
      break;
  }
  // libpg_query reports FETCH ALL as PostgreSQL's LONG_MAX.
  stmt->how_many = s->how_many;
  stmt->portalname = raw::Str(s->portalname);
  stmt->ismove = s->ismove;
  return stmt;
}

nodes::UtilityStmtPtr TransformClosePortal(const PgQuery__ClosePortalStmt* s) {
  auto stmt = std::make_shared<nodes::ClosePortalStmt>();
  stmt->portalname = raw::Str(s->portalname);
  return stmt;
}

nodes::UtilityStmtPtr TransformConstraintsSet(const PgQuery__ConstraintsSetStmt* s) {
  auto stmt = std::make_shared<nodes::ConstraintsSetStmt>();
  for (const raw::Node* n : raw::Span(s->n_constraints, s->constraints)) {
    const PgQuery__RangeVar* rv = n->range_var;
    std::vector<std::string> name;
    if (rv->catalogname && rv->catalogname[0]) name.emplace_back(rv->catalogname);
    if (rv->schemaname && rv->schemaname[0]) name.emplace_back(rv->schemaname);
    name.emplace_back(raw::Str(rv->relname));
    stmt->constraints.push_back(std::move(name));
  }
  stmt->deferred = s->deferred;
  return stmt;
}

nodes::UtilityStmtPtr TransformListenNotify(const raw::Node* n) {
  switch (n->node_case) {
    case PG_QUERY__NODE__NODE_LISTEN_STMT: {
      auto stmt = std::make_shared<nodes::ListenStmt>(false);
      stmt->channel = raw::Str(n->listen_stmt->conditionname);
      return stmt;
    }
    case PG_QUERY__NODE__NODE_UNLISTEN_STMT: {
      auto stmt = std::make_shared<nodes::ListenStmt>(true);
      stmt->channel = raw::Str(n->unlisten_stmt->conditionname);
      return stmt;
    }
    case PG_QUERY__NODE__NODE_NOTIFY_STMT: {
      auto stmt = std::make_shared<nodes::NotifyStmt>();
      stmt->channel = raw::Str(n->notify_stmt->conditionname);
      stmt->payload = raw::Str(n->notify_stmt->payload);
      return stmt;
    }
    default:
      return nullptr;
  }
}

}  // namespace hyrax::parser

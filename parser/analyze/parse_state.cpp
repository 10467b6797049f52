// ParseState helpers (see parse_state.h): clause names, levels, error positions.
#include "parser/analyze/parse_state.h"

#include "parser/raw/raw_nodes.h"

namespace hyrax::parser {

ParseState::ParseState(ParseState* parent_state) : parent(parent_state) {
  if (parent_state != nullptr) {
    source = parent_state->source;
    params = parent_state->params;
    hooks = parent_state->hooks;
  } else {
    params = std::make_shared<ParamTypes>();
    hooks = std::make_shared<AnalyzeHooks>();
  }
}

bool ParseState::IsLockedRefname(std::string_view refname) const {
  for (const PgQuery__LockingClause* lc : locking_clauses) {
    if (lc->n_locked_rels == 0) return true;
    for (const raw::Node* r : raw::Span(lc->n_locked_rels, lc->locked_rels)) {
      if (raw::Str(r->range_var->relname) == refname) return true;
    }
  }
  return false;
}

ParseState& ParseState::Level(int levels_up) {
  ParseState* ps = this;
  for (int i = 0; i < levels_up && ps->parent != nullptr; ++i) ps = ps->parent;
  return *ps;
}

int ParseState::Pos(int location) const {
  if (location < 0 || !source) return 0;
  // PostgreSQL counts characters, not bytes: skip UTF-8 continuation bytes.
  int chars = 0;
  size_t end = std::min(static_cast<size_t>(location), source->size());
  for (size_t i = 0; i < end; ++i) {
    if ((static_cast<unsigned char>((*source)[i]) & 0xC0) != 0x80) ++chars;
  }
  return chars + 1;
}

void ThrowAt(const ParseState& ps, Error&& error, int location) {
  int pos = ps.Pos(location);
  if (pos > 0) error.SetPosition(pos);
  throw std::move(error);
}

const char* ExprKindName(ExprKind kind) {
  switch (kind) {
    case ExprKind::kNone:
      return "invalid expression context";
    case ExprKind::kOther:
      return "extension expression";
    case ExprKind::kJoinOn:
      return "JOIN/ON";
    case ExprKind::kJoinUsing:
      return "JOIN/USING";
    case ExprKind::kFromSubselect:
      return "sub-SELECT in FROM";
    case ExprKind::kFromFunction:
      return "function in FROM";
    case ExprKind::kWhere:
      return "WHERE";
    case ExprKind::kHaving:
      return "HAVING";
    case ExprKind::kFilter:
      return "FILTER";
    case ExprKind::kWindowPartition:
      return "window PARTITION BY";
    case ExprKind::kWindowOrder:
      return "window ORDER BY";
    case ExprKind::kWindowFrameRange:
      return "window RANGE";
    case ExprKind::kWindowFrameRows:
      return "window ROWS";
    case ExprKind::kWindowFrameGroups:
      return "window GROUPS";
    case ExprKind::kSelectTarget:
      return "SELECT";
    case ExprKind::kInsertTarget:
      return "INSERT";
    case ExprKind::kUpdateSource:
    case ExprKind::kUpdateTarget:
      return "UPDATE";
    case ExprKind::kGroupBy:
      return "GROUP BY";
    case ExprKind::kOrderBy:
      return "ORDER BY";
    case ExprKind::kDistinctOn:
      return "DISTINCT ON";
    case ExprKind::kLimit:
      return "LIMIT";
    case ExprKind::kOffset:
      return "OFFSET";
    case ExprKind::kReturning:
      return "RETURNING";
    case ExprKind::kValues:
    case ExprKind::kValuesSingle:
      return "VALUES";
    case ExprKind::kCheckConstraint:
      return "CHECK";
    case ExprKind::kColumnDefault:
    case ExprKind::kFunctionDefault:
      return "DEFAULT";
    case ExprKind::kIndexExpression:
      return "index expression";
    case ExprKind::kIndexPredicate:
      return "index predicate";
    case ExprKind::kExecuteParameter:
      return "EXECUTE";
    case ExprKind::kGeneratedColumn:
      return "GENERATED AS";
    case ExprKind::kCallArgument:
      return "CALL";
    case ExprKind::kCopyWhere:
      return "WHERE";
    case ExprKind::kPartitionBound:
      return "partition bound";
    case ExprKind::kPartitionExpression:
      return "PARTITION BY";
    case ExprKind::kAlterColTransform:
      return "USING";
  }
  return "unrecognized expression kind";
}

}  // namespace hyrax::parser

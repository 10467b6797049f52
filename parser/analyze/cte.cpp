// WITH clauses (PostgreSQL's parse_cte.c): each CTE's query is analyzed as a child level,
// its output columns named (with the alias list) and typed; CTE references resolve through
// the levels. WITH RECURSIVE requires "non-recursive term UNION [ALL] recursive term"; the
// column types come from the non-recursive term (set by the set-operation analysis).
#include <cstring>

#include "nodes/node_funcs.h"
#include "parser/analyze/analyze_stmt.h"
#include "parser/analyze/cte_recursion.h"
#include "parser/analyze/format_type.h"

namespace hyrax::parser {

namespace {

// Whether a raw tree mentions an unqualified relation called `name` (a self reference).
bool MentionsRelation(const ProtobufCMessage* msg, const std::string& name) {
  if (msg == nullptr) return false;
  if (msg->descriptor == &pg_query__range_var__descriptor) {
    auto* rv = reinterpret_cast<const PgQuery__RangeVar*>(msg);
    return (rv->schemaname == nullptr || rv->schemaname[0] == '\0') &&
           name == raw::Str(rv->relname);
  }
  bool found = false;
  ForEachChildMessage(
      msg, [&](const ProtobufCMessage* child) { found = found || MentionsRelation(child, name); });
  return found;
}

void SetCteColumns(ParseState& ps, nodes::CommonTableExpr& cte, const nodes::TargetList& tlist) {
  size_t numcols = 0;
  for (const auto& tle : tlist) numcols += !tle.resjunk;
  if (cte.aliascolnames.size() > numcols) {
    ThrowAt(ps,
            MakeError(errcode::kInvalidColumnReference,
                      "WITH query \"{}\" has {} columns available but {} columns specified",
                      cte.ctename, numcols, cte.aliascolnames.size()),
            cte.location);
  }
  cte.ctecolnames.clear();
  cte.ctecoltypes.clear();
  cte.ctecoltypmods.clear();
  cte.ctecolcollations.clear();
  size_t i = 0;
  for (const auto& tle : tlist) {
    if (tle.resjunk) continue;
    cte.ctecolnames.push_back(i < cte.aliascolnames.size() ? cte.aliascolnames[i] : tle.resname);
    cte.ctecoltypes.push_back(tle.expr->result_type);
    cte.ctecoltypmods.push_back(tle.expr->result_typmod);
    cte.ctecolcollations.push_back(tle.expr->result_collation);
    ++i;
  }
}

}  // namespace

std::optional<CteMatch> FindCte(ParseState& ps, std::string_view name) {
  Index levels_up = 0;
  for (ParseState* level = &ps; level != nullptr; level = level->parent, ++levels_up) {
    for (nodes::CommonTableExpr* cte : level->ctenamespace) {
      if (cte->ctename == name) return CteMatch{cte, levels_up};
    }
  }
  return std::nullopt;
}

void TransformWithClause(ParseState& ps, const PgQuery__WithClause* with) {
  for (const raw::Node* n : raw::Span(with->n_ctes, with->ctes)) {
    const PgQuery__CommonTableExpr* raw_cte = n->common_table_expr;
    std::string name(raw::Str(raw_cte->ctename));
    for (const auto& other : ps.ctes) {
      if (other->ctename == name) {
        ThrowAt(ps,
                MakeError(errcode::kDuplicateAlias,
                          "WITH query name \"{}\" specified more than once", name),
                raw_cte->location);
      }
    }
    if (raw_cte->search_clause != nullptr || raw_cte->cycle_clause != nullptr) {
      ThrowAt(ps,
              MakeError(errcode::kFeatureNotSupported, "{} clauses of WITH are not supported yet",
                        raw_cte->search_clause != nullptr ? "SEARCH" : "CYCLE"),
              raw_cte->search_clause != nullptr ? raw_cte->search_clause->location
                                                : raw_cte->cycle_clause->location);
    }
    auto cte = std::make_shared<nodes::CommonTableExpr>();
    cte->ctename = name;
    cte->aliascolnames =
        raw::StringList(raw::Span(raw_cte->n_aliascolnames, raw_cte->aliascolnames));
    cte->location = raw_cte->location;
    switch (raw_cte->ctematerialized) {
      case PG_QUERY__CTEMATERIALIZE__CTEMaterializeAlways:
        cte->ctematerialized = nodes::CteMaterialize::kAlways;
        break;
      case PG_QUERY__CTEMATERIALIZE__CTEMaterializeNever:
        cte->ctematerialized = nodes::CteMaterialize::kNever;
        break;
      default:
        cte->ctematerialized = nodes::CteMaterialize::kDefault;
        break;
    }
    cte->cterecursive =
        with->recursive &&
        MentionsRelation(reinterpret_cast<const ProtobufCMessage*>(raw_cte->ctequery), name);
    ps.ctes.push_back(cte);
    if (cte->cterecursive) {
      const raw::Node* q = raw_cte->ctequery;
      if (!raw::Is(q, PG_QUERY__NODE__NODE_SELECT_STMT) ||
          q->select_stmt->op != PG_QUERY__SET_OPERATION__SETOP_UNION) {
        ThrowAt(ps,
                MakeError(errcode::kInvalidRecursion,
                          "recursive query \"{}\" does not have the form non-recursive-term UNION "
                          "[ALL] recursive-term",
                          name),
                raw_cte->location);
      }
      CheckWellFormedRecursion(ps, q->select_stmt, name);
      ps.ctenamespace.push_back(cte.get());  // visible to itself
    }
    QueryPtr query = AnalyzeSubSelect(ps, raw_cte->ctequery, true, cte.get());
    if (query->commandType != nodes::CmdType::kSelect && ps.parent != nullptr) {
      ThrowAt(ps,
              Error(errcode::kFeatureNotSupported,
                    "WITH clause containing a data-modifying statement must be at the top level"),
              raw_cte->location);
    }
    query->canSetTag = false;
    const nodes::TargetList& tlist =
        query->commandType == nodes::CmdType::kSelect ? query->targetList : query->returningList;
    if (cte->cterecursive) {
      size_t i = 0;
      for (const auto& tle : tlist) {
        if (tle.resjunk) continue;
        if (i < cte->ctecoltypes.size() && tle.expr->result_type != cte->ctecoltypes[i]) {
          ThrowAt(
              ps,
              MakeError(errcode::kDatatypeMismatch,
                        "recursive query \"{}\" column {} has type {} in non-recursive term but "
                        "type {} overall",
                        name, i + 1,
                        FormatTypeWithTypemod(cte->ctecoltypes[i], cte->ctecoltypmods[i]),
                        FormatTypeWithTypemod(tle.expr->result_type, tle.expr->result_typmod))
                  .Hint("Cast the output of the non-recursive term to the correct type."),
              nodes::ExprLocation(tle.expr.get()));
        }
        ++i;
      }
    } else {
      SetCteColumns(ps, *cte, tlist);
      ps.ctenamespace.push_back(cte.get());
    }
    cte->ctequery = query;
  }
}

// Called by the set-operation analysis once the non-recursive term of a recursive CTE is
// known (PostgreSQL's determineRecursiveColTypes).
void SetRecursiveCteColumns(ParseState& ps, nodes::CommonTableExpr& cte,
                            const nodes::TargetList& tlist) {
  SetCteColumns(ps, cte, tlist);
}

}  // namespace hyrax::parser

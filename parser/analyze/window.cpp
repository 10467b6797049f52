// Window functions and window clauses (declared in agg.h and clause.h); follows PostgreSQL's
// transformWindowFuncCall, transformWindowDefinitions and transformFrameOffset.
#include "nodes/node_funcs.h"
#include "parser/analyze/agg.h"
#include "parser/analyze/analyze_expr.h"
#include "parser/analyze/clause.h"
#include "parser/analyze/coerce.h"
#include "parser/analyze/format_type.h"
#include "parser/analyze/type_oids.h"
#include "storage/catalog/syscache.h"

namespace hyrax::parser {

using nodes::WindowClause;

namespace {

const char* WindowPlacementError(ExprKind kind, bool* use_kind) {
  *use_kind = false;
  switch (kind) {
    case ExprKind::kJoinOn:
    case ExprKind::kJoinUsing:
      return "window functions are not allowed in JOIN conditions";
    case ExprKind::kFromFunction:
      return "window functions are not allowed in functions in FROM";
    case ExprKind::kWindowPartition:
    case ExprKind::kWindowOrder:
    case ExprKind::kWindowFrameRange:
    case ExprKind::kWindowFrameRows:
    case ExprKind::kWindowFrameGroups:
      return "window functions are not allowed in window definitions";
    case ExprKind::kCheckConstraint:
      return "window functions are not allowed in check constraints";
    case ExprKind::kColumnDefault:
    case ExprKind::kFunctionDefault:
      return "window functions are not allowed in DEFAULT expressions";
    case ExprKind::kIndexExpression:
      return "window functions are not allowed in index expressions";
    case ExprKind::kIndexPredicate:
      return "window functions are not allowed in index predicates";
    case ExprKind::kExecuteParameter:
      return "window functions are not allowed in EXECUTE parameters";
    case ExprKind::kCallArgument:
      return "window functions are not allowed in CALL arguments";
    case ExprKind::kCopyWhere:
      return "window functions are not allowed in COPY FROM WHERE conditions";
    case ExprKind::kGeneratedColumn:
      return "window functions are not allowed in column generation expressions";
    case ExprKind::kPartitionBound:
      return "window functions are not allowed in partition bound";
    case ExprKind::kPartitionExpression:
      return "window functions are not allowed in partition key expressions";
    case ExprKind::kAlterColTransform:
      return "window functions are not allowed in transform expressions";
    case ExprKind::kSelectTarget:
    case ExprKind::kOrderBy:
    case ExprKind::kDistinctOn:
    case ExprKind::kOther:
      return nullptr;
    default:
      *use_kind = true;
      return "";
  }
}

const WindowClause* FindWindowClause(const std::vector<WindowClause>& list,
                                     const std::string& name) {
  for (const auto& wc : list) {
    if (wc.name == name) return &wc;
  }
  return nullptr;
}

ExprPtr TransformFrameOffset(ParseState& ps, int frame_options, Oid family, Oid opcintype,
                             Oid* in_range_func, const raw::Node* clause) {
  if (clause == nullptr) return nullptr;
  if (frame_options & (nodes::kFrameRows | nodes::kFrameGroups)) {
    ExprKind kind = (frame_options & nodes::kFrameRows) ? ExprKind::kWindowFrameRows
                                                        : ExprKind::kWindowFrameGroups;
    const char* name = (frame_options & nodes::kFrameRows) ? "ROWS" : "GROUPS";
    ExprPtr offset = CoerceToSpecificType(ps, TransformExpr(ps, clause, kind), kInt8Oid, name);
    CheckExprIsVarFree(ps, offset, name);
    return offset;
  }
  ExprPtr node = TransformExpr(ps, clause, ExprKind::kWindowFrameRange);
  Oid offset_type = node->result_type;
  // Among the in_range support functions the offset can be coerced to, prefer the one
  // taking the offset's own type, or for an unknown literal the column's type.
  Oid preferred = offset_type != kUnknownOid ? offset_type : opcintype;
  Oid chosen = kInvalidOid, chosen_right = kInvalidOid;
  int nfuncs = 0, nmatches = 0;
  for (const auto& proc : catalog::Syscache().AmprocsOfFamily(family)) {
    if (proc.amprocnum != 3 || proc.amproclefttype != opcintype) continue;
    ++nfuncs;
    if (!CanCoerceType(offset_type, proc.amprocrighttype, CoercionContext::kImplicit)) continue;
    ++nmatches;
    if (chosen_right != preferred) {
      chosen = proc.amproc;
      chosen_right = proc.amprocrighttype;
    }
  }
  int location = nodes::ExprLocation(node.get());
  if (nfuncs == 0) {
    ThrowAt(ps,
            MakeError(errcode::kFeatureNotSupported,
                      "RANGE with offset PRECEDING/FOLLOWING is not supported for column type {}",
                      FormatTypeBe(opcintype)),
            location);
  }
  if (nmatches == 0) {
    ThrowAt(ps,
            MakeError(errcode::kFeatureNotSupported,
                      "RANGE with offset PRECEDING/FOLLOWING is not supported for column type {} "
                      "and offset type {}",
                      FormatTypeBe(opcintype), FormatTypeBe(offset_type))
                .Hint("Cast the offset value to an appropriate type."),
            location);
  }
  if (nmatches != 1 && chosen_right != preferred) {
    ThrowAt(ps,
            MakeError(errcode::kFeatureNotSupported,
                      "RANGE with offset PRECEDING/FOLLOWING has multiple interpretations for "
                      "column type {} and offset type {}",
                      FormatTypeBe(opcintype), FormatTypeBe(offset_type))
                .Hint("Cast the offset value to the exact intended type."),
            location);
  }
  *in_range_func = chosen;
  ExprPtr offset = CoerceToSpecificType(ps, node, chosen_right, "RANGE");
  CheckExprIsVarFree(ps, offset, "RANGE");
  return offset;
}

}  // namespace

void TransformWindowFuncCall(ParseState& ps, nodes::WindowFunc& wfunc,
                             const PgQuery__WindowDef* over) {
  int nested_location = -1;
  for (const auto& a : wfunc.args) {
    nodes::WalkExprTree(a, [&](const nodes::Expr& n, int) {
      if (n.tag == nodes::NodeTag::kWindowFunc) nested_location = n.location;
      return n.tag == nodes::NodeTag::kWindowFunc;
    });
  }
  if (nested_location >= 0) {
    ThrowAt(ps, Error(errcode::kWindowingError, "window function calls cannot be nested"),
            nested_location);
  }
  // PostgreSQL reports the last set-returning call of the arguments.
  const nodes::Expr* srf = nullptr;
  for (const auto& a : wfunc.args) {
    nodes::WalkExprTree(a, [&](const nodes::Expr& n, int sublevels) {
      bool is_srf =
          sublevels == 0 &&
          ((n.tag == nodes::NodeTag::kFuncExpr && nodes::As<nodes::FuncExpr>(&n)->funcretset) ||
           (n.tag == nodes::NodeTag::kOpExpr && nodes::As<nodes::OpExpr>(&n)->opretset));
      if (is_srf) srf = &n;
      return false;  // true would end the walk
    });
  }
  if (srf != nullptr) {
    ThrowAt(ps,
            Error(errcode::kFeatureNotSupported,
                  "window function calls cannot contain set-returning function calls")
                .Hint("You might be able to move the set-returning function into a LATERAL FROM "
                      "item."),
            nodes::ExprLocation(srf));
  }
  bool use_kind = false;
  const char* err = WindowPlacementError(ps.expr_kind, &use_kind);
  if (use_kind) {
    ThrowAt(ps,
            MakeError(errcode::kWindowingError, "window functions are not allowed in {}",
                      ExprKindName(ps.expr_kind)),
            wfunc.location);
  }
  if (err != nullptr) ThrowAt(ps, Error(errcode::kWindowingError, err), wfunc.location);
  std::string name(raw::Str(over->name));
  if (!name.empty()) {
    Index winref = 0;
    for (size_t i = 0; i < ps.window_defs.size(); ++i) {
      if (raw::Str(ps.window_defs[i]->name) == name) {
        winref = static_cast<Index>(i + 1);
        break;
      }
    }
    if (winref == 0) {
      ThrowAt(ps, MakeError(errcode::kUndefinedObject, "window \"{}\" does not exist", name),
              over->location);
    }
    wfunc.winref = winref;
  } else {
    Index winref = 0;
    for (size_t i = 0; i < ps.window_defs.size(); ++i) {
      const PgQuery__WindowDef* ref = ps.window_defs[i];
      std::string_view rn = raw::Str(ref->refname), wn = raw::Str(over->refname);
      if (rn != wn) continue;
      if (raw::RawEqual(reinterpret_cast<const ProtobufCMessage*>(ref),
                        reinterpret_cast<const ProtobufCMessage*>(over)) &&
          raw::Str(ref->name).empty()) {
        winref = static_cast<Index>(i + 1);
        break;
      }
    }
    if (winref == 0) {
      ps.window_defs.push_back(over);
      winref = static_cast<Index>(ps.window_defs.size());
    }
    wfunc.winref = winref;
  }
  ps.has_window_funcs = true;
}

std::vector<WindowClause> TransformWindowDefinitions(ParseState& ps, raw::NodeSpan window_clause,
                                                     nodes::TargetList& tlist) {
  (void)window_clause;  // already in ps.window_defs (added before the target list)
  std::vector<WindowClause> result;
  Index winref = 0;
  for (const PgQuery__WindowDef* def : ps.window_defs) {
    ++winref;
    std::string name(raw::Str(def->name));
    std::string refname(raw::Str(def->refname));
    if (!name.empty() && FindWindowClause(result, name)) {
      ThrowAt(ps, MakeError(errcode::kWindowingError, "window \"{}\" is already defined", name),
              def->location);
    }
    const WindowClause* refwc = nullptr;
    if (!refname.empty()) {
      refwc = FindWindowClause(result, refname);
      if (!refwc) {
        ThrowAt(ps, MakeError(errcode::kUndefinedObject, "window \"{}\" does not exist", refname),
                def->location);
      }
    }
    auto order = TransformSortClause(ps, raw::Span(def->n_order_clause, def->order_clause), tlist,
                                     ExprKind::kWindowOrder, true);
    auto partition =
        TransformGroupClause(ps, raw::Span(def->n_partition_clause, def->partition_clause), nullptr,
                             tlist, order, ExprKind::kWindowPartition, true);
    WindowClause wc;
    wc.name = name;
    wc.refname = refname;
    if (refwc) {
      if (!partition.empty()) {
        ThrowAt(ps,
                MakeError(errcode::kWindowingError,
                          "cannot override PARTITION BY clause of window \"{}\"", refname),
                def->location);
      }
      wc.partitionClause = refwc->partitionClause;
      if (!order.empty() && !refwc->orderClause.empty()) {
        ThrowAt(ps,
                MakeError(errcode::kWindowingError,
                          "cannot override ORDER BY clause of window \"{}\"", refname),
                def->location);
      }
      wc.copiedOrder = order.empty();
      wc.orderClause = order.empty() ? refwc->orderClause : order;
      if (refwc->frameOptions != nodes::kFrameDefaults) {
        Error e = MakeError(errcode::kWindowingError,
                            "cannot copy window \"{}\" because it has a frame clause", refname);
        if (name.empty() && order.empty() && def->frame_options == nodes::kFrameDefaults) {
          ThrowAt(ps, std::move(e).Hint("Omit the parentheses in this OVER clause."),
                  def->location);
        }
        ThrowAt(ps, std::move(e), def->location);
      }
    } else {
      wc.partitionClause = partition;
      wc.orderClause = order;
    }
    wc.frameOptions = def->frame_options;
    Oid family = kInvalidOid, opcintype = kInvalidOid;
    if ((wc.frameOptions & nodes::kFrameRange) &&
        (wc.frameOptions & (nodes::kFrameStartOffsetPreceding | nodes::kFrameStartOffsetFollowing |
                            nodes::kFrameEndOffsetPreceding | nodes::kFrameEndOffsetFollowing))) {
      if (wc.orderClause.size() != 1) {
        ThrowAt(ps,
                Error(errcode::kWindowingError,
                      "RANGE with offset PRECEDING/FOLLOWING requires exactly one ORDER BY column"),
                def->location);
      }
      const auto& sortcl = wc.orderClause[0];
      for (const auto& amop : catalog::Syscache().AmopsByOperator(sortcl.sortop)) {
        if (amop.amopmethod != catalog::kBtreeAmOid) continue;
        family = amop.amopfamily;
        opcintype = amop.amoplefttype;
        wc.inRangeAsc = amop.amopstrategy == 1;
        break;
      }
      const nodes::TargetEntry* key = GetSortGroupClauseTle(sortcl, tlist);
      wc.inRangeColl = key ? key->expr->result_collation : kInvalidOid;
      wc.inRangeNullsFirst = sortcl.nulls_first;
    }
    if ((wc.frameOptions & nodes::kFrameGroups) && wc.orderClause.empty()) {
      ThrowAt(ps, Error(errcode::kWindowingError, "GROUPS mode requires an ORDER BY clause"),
              def->location);
    }
    wc.startOffset = TransformFrameOffset(ps, wc.frameOptions, family, opcintype,
                                          &wc.startInRangeFunc, def->start_offset);
    wc.endOffset = TransformFrameOffset(ps, wc.frameOptions, family, opcintype, &wc.endInRangeFunc,
                                        def->end_offset);
    wc.winref = winref;
    result.push_back(std::move(wc));
  }
  return result;
}

}  // namespace hyrax::parser

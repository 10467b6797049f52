// WITH RECURSIVE shape checks (see cte_recursion.h).
#include "parser/analyze/cte_recursion.h"

#include "parser/analyze/analyze_stmt.h"

namespace hyrax::parser {

namespace {

// Where a self-reference is found (PostgreSQL's RecursionContext).
enum class RecursionContext { kOk, kSublink, kOuterJoin, kIntersect, kExcept };

const char* ContextMessage(RecursionContext context) {
  switch (context) {
    case RecursionContext::kSublink:
      return "recursive reference to query \"{}\" must not appear within a subquery";
    case RecursionContext::kOuterJoin:
      return "recursive reference to query \"{}\" must not appear within an outer join";
    case RecursionContext::kIntersect:
      return "recursive reference to query \"{}\" must not appear within INTERSECT";
    case RecursionContext::kExcept:
      return "recursive reference to query \"{}\" must not appear within EXCEPT";
    case RecursionContext::kOk:
      break;
  }
  return nullptr;
}

class RecursionChecker {
 public:
  RecursionChecker(ParseState& ps, const std::string& name) : ps_(ps), name_(name) {}

  void Walk(const ProtobufCMessage* msg, RecursionContext context) {
    if (msg == nullptr) return;
    const ProtobufCMessageDescriptor* d = msg->descriptor;
    if (d == &pg_query__range_var__descriptor) {
      CheckReference(reinterpret_cast<const PgQuery__RangeVar*>(msg), context);
    } else if (d == &pg_query__sub_link__descriptor) {
      const auto* sublink = reinterpret_cast<const PgQuery__SubLink*>(msg);
      Walk(AsMessage(sublink->testexpr), context);
      Walk(AsMessage(sublink->subselect), RecursionContext::kSublink);
    } else if (d == &pg_query__join_expr__descriptor) {
      WalkJoin(reinterpret_cast<const PgQuery__JoinExpr*>(msg), context);
    } else if (d == &pg_query__select_stmt__descriptor) {
      WalkSelect(reinterpret_cast<const PgQuery__SelectStmt*>(msg), context);
    } else {
      ForEachChildMessage(msg, [&](const ProtobufCMessage* child) { Walk(child, context); });
    }
  }

 private:
  static const ProtobufCMessage* AsMessage(const void* p) {
    return reinterpret_cast<const ProtobufCMessage*>(p);
  }

  void CheckReference(const PgQuery__RangeVar* rv, RecursionContext context) {
    if ((rv->schemaname != nullptr && rv->schemaname[0] != '\0') ||
        name_ != raw::Str(rv->relname)) {
      return;
    }
    if (const char* message = ContextMessage(context)) {
      ThrowAt(ps_, MakeError(errcode::kInvalidRecursion, fmt::runtime(message), name_),
              rv->location);
    }
    if (++references_ > 1) {
      ThrowAt(
          ps_,
          MakeError(errcode::kInvalidRecursion,
                    "recursive reference to query \"{}\" must not appear more than once", name_),
          rv->location);
    }
  }

  void WalkJoin(const PgQuery__JoinExpr* join, RecursionContext context) {
    RecursionContext left = context, right = context;
    if (context == RecursionContext::kOk) {
      bool left_nullable = join->jointype == PG_QUERY__JOIN_TYPE__JOIN_RIGHT ||
                           join->jointype == PG_QUERY__JOIN_TYPE__JOIN_FULL;
      bool right_nullable = join->jointype == PG_QUERY__JOIN_TYPE__JOIN_LEFT ||
                            join->jointype == PG_QUERY__JOIN_TYPE__JOIN_FULL;
      if (left_nullable) left = RecursionContext::kOuterJoin;
      if (right_nullable) right = RecursionContext::kOuterJoin;
    }
    Walk(AsMessage(join->larg), left);
    Walk(AsMessage(join->rarg), right);
    Walk(AsMessage(join->quals), context);
  }

  // INTERSECT ALL and EXCEPT ALL may not read the work table on either side, EXCEPT not on
  // its right side (PostgreSQL's checkWellFormedRecursionWalker).
  void WalkSelect(const PgQuery__SelectStmt* stmt, RecursionContext context) {
    RecursionContext left = context, right = context;
    if (context == RecursionContext::kOk) {
      if (stmt->op == PG_QUERY__SET_OPERATION__SETOP_INTERSECT && stmt->all) {
        left = right = RecursionContext::kIntersect;
      }
      if (stmt->op == PG_QUERY__SET_OPERATION__SETOP_EXCEPT) {
        if (stmt->all) left = RecursionContext::kExcept;
        right = RecursionContext::kExcept;
      }
    }
    ForEachChildMessage(AsMessage(stmt), [&](const ProtobufCMessage* child) {
      Walk(child, child == AsMessage(stmt->larg)   ? left
                  : child == AsMessage(stmt->rarg) ? right
                                                   : context);
    });
  }

  ParseState& ps_;
  const std::string& name_;
  int references_ = 0;
};

// The 0A000 errors for clauses of the recursive query itself (checkWellFormedRecursion).
void CheckTopLevelClauses(ParseState& ps, const PgQuery__SelectStmt* query) {
  if (query->n_sort_clause > 0) {
    ThrowAt(
        ps,
        Error(errcode::kFeatureNotSupported, "ORDER BY in a recursive query is not implemented"),
        raw::RawLocation(query->sort_clause[0]->sort_by->node));
  }
  if (query->limit_offset != nullptr) {
    ThrowAt(ps,
            Error(errcode::kFeatureNotSupported, "OFFSET in a recursive query is not implemented"),
            raw::RawLocation(query->limit_offset));
  }
  if (query->limit_count != nullptr) {
    ThrowAt(ps,
            Error(errcode::kFeatureNotSupported, "LIMIT in a recursive query is not implemented"),
            raw::RawLocation(query->limit_count));
  }
  if (query->n_locking_clause > 0) {
    ThrowAt(ps,
            Error(errcode::kFeatureNotSupported,
                  "FOR UPDATE/SHARE in a recursive query is not implemented"),
            -1);
  }
}

}  // namespace

void ForEachChildMessage(const ProtobufCMessage* msg,
                         const std::function<void(const ProtobufCMessage*)>& fn) {
  if (msg == nullptr) return;
  const ProtobufCMessageDescriptor* d = msg->descriptor;
  const char* base = reinterpret_cast<const char*>(msg);
  for (unsigned i = 0; i < d->n_fields; ++i) {
    const ProtobufCFieldDescriptor& f = d->fields[i];
    if (f.type != PROTOBUF_C_TYPE_MESSAGE) continue;
    if ((f.flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
        *reinterpret_cast<const uint32_t*>(base + f.quantifier_offset) != f.id) {
      continue;
    }
    if (f.label == PROTOBUF_C_LABEL_REPEATED) {
      size_t n = *reinterpret_cast<const size_t*>(base + f.quantifier_offset);
      auto* items = *reinterpret_cast<ProtobufCMessage* const* const*>(base + f.offset);
      for (size_t k = 0; k < n; ++k) {
        if (items[k] != nullptr) fn(items[k]);
      }
    } else if (auto* child = *reinterpret_cast<ProtobufCMessage* const*>(base + f.offset)) {
      fn(child);
    }
  }
}

void CheckWellFormedRecursion(ParseState& ps, const PgQuery__SelectStmt* query,
                              const std::string& name) {
  CheckTopLevelClauses(ps, query);
  // The non-recursive term is checked while it is analysed (a reference there has no
  // column types yet); the recursive term is walked here.
  RecursionChecker checker(ps, name);
  checker.Walk(reinterpret_cast<const ProtobufCMessage*>(query->rarg), RecursionContext::kOk);
}

}  // namespace hyrax::parser

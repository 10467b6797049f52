// PARTITION BY / FOR VALUES analysis (see partition_spec.h).
#include "parser/analyze/partition_spec.h"

#include "executor/deparse/deparse_expr.h"
#include "executor/partition/partition_bound.h"
#include "executor/partition/partition_key.h"
#include "nodes/node_funcs.h"
#include "parser/analyze/analyze_expr.h"
#include "parser/analyze/coerce.h"
#include "parser/analyze/collate.h"
#include "parser/analyze/create_table.h"
#include "parser/analyze/format_type.h"
#include "parser/analyze/type_names.h"
#include "planner/prep/clauses.h"
#include "storage/catalog/catalog_scan.h"
#include "storage/catalog/partitioned_table.h"
#include "storage/catalog/syscache.h"

namespace hyrax::parser {

namespace {

using executor::BoundDatum;

char StrategyOf(const std::string& name) {
  if (name == "range" || name == "r") return 'r';
  if (name == "list" || name == "l") return 'l';
  if (name == "hash" || name == "h") return 'h';
  throw MakeError(errcode::kUndefinedObject, "unrecognized partitioning strategy \"{}\"", name);
}

const char* StrategyName(char s) {
  return s == 'r' ? "range" : s == 'l' ? "list" : "hash";
}

// The attnum of a key column named in PARTITION BY (42P17 for a system column, 42703 for
// a missing one).
int16_t KeyColumnAttnum(ParseState& ps, const nodes::CreateTableStmt& stmt,
                        const PgQuery__PartitionElem* elem) {
  std::string name(raw::Str(elem->name));
  int16_t attnum = NewColumnAttnum(stmt, name);
  if (attnum != 0) return attnum;
  if (name == "ctid" || name == "xmin" || name == "cmin" || name == "xmax" || name == "cmax" ||
      name == "tableoid") {
    ThrowAt(ps,
            MakeError(errcode::kInvalidObjectDefinition,
                      "cannot use system column \"{}\" in partition key", name),
            elem->location);
  }
  ThrowAt(ps,
          MakeError(errcode::kUndefinedColumn,
                    "column \"{}\" named in partition key does not exist", name),
          elem->location);
}

char FunctionVolatility(Oid funcid) {
  auto proc = catalog::Syscache().ProcByOid(funcid);
  return proc ? proc->provolatile : 'v';
}

// contain_mutable_functions: a function or operator that is not IMMUTABLE.
bool HasMutableFunctions(const nodes::ExprPtr& expr) {
  bool found = false;
  nodes::WalkExprTree(expr, [&](const nodes::Expr& e, int) {
    Oid funcid = kInvalidOid;
    if (e.tag == nodes::NodeTag::kFuncExpr) {
      funcid = nodes::As<nodes::FuncExpr>(&e)->funcid;
    } else if (e.tag == nodes::NodeTag::kOpExpr || e.tag == nodes::NodeTag::kDistinctExpr ||
               e.tag == nodes::NodeTag::kNullIfExpr) {
      const auto& op = static_cast<const nodes::OpExpr&>(e);
      funcid = op.opfuncid;
      if (funcid == kInvalidOid) {
        auto o = catalog::Syscache().OperatorByOid(op.opno);
        funcid = o ? o->oprcode : kInvalidOid;
      }
    } else if (e.tag == nodes::NodeTag::kNextValueExpr) {
      found = true;
    }
    if (funcid != kInvalidOid && FunctionVolatility(funcid) != 'i') found = true;
    return found;
  });
  return found;
}

// A key expression of PARTITION BY (ComputePartitionAttrs): a plain column reference
// comes back as its Var; 42P17 for system columns, mutable functions and constants.
// PostgreSQL analyzes key expressions without the query text: their errors carry no
// cursor position.
nodes::ExprPtr KeyExpression(ParseState& ps, const raw::Node* raw_expr) {
  struct SourceHidden {
    ParseState& ps;
    std::shared_ptr<const std::string> saved;
    ~SourceHidden() { ps.source = saved; }
  } hidden{ps, ps.source};
  ps.source = nullptr;
  nodes::ExprPtr expr = TransformExpr(ps, raw_expr, ExprKind::kPartitionExpression);
  AssignExprCollations(ps, expr);
  if (expr->tag == nodes::NodeTag::kVar && nodes::As<nodes::Var>(expr)->varattno > 0) return expr;
  bool system_column = false, has_vars = false;
  nodes::WalkExprTree(expr, [&](const nodes::Expr& e, int sublevels) {
    if (e.tag == nodes::NodeTag::kVar && sublevels == 0) {
      has_vars = true;
      if (nodes::As<nodes::Var>(&e)->varattno < 0) system_column = true;
    }
    return false;
  });
  if (system_column) {
    throw Error(errcode::kInvalidObjectDefinition,
                "partition key expressions cannot contain system column references");
  }
  if (HasMutableFunctions(expr)) {
    throw Error(errcode::kInvalidObjectDefinition,
                "functions in partition key expression must be marked IMMUTABLE");
  }
  if (!has_vars) {
    throw Error(errcode::kInvalidObjectDefinition,
                "cannot use constant expression as partition key");
  }
  return expr;
}

// The operator class of a key column: the default one of the strategy's access method for
// the type, or the one named (42704 when it does not exist, 42804 for another type).
Oid KeyOpclass(const std::vector<std::string>& names, Oid type, char strategy) {
  Oid am = strategy == 'h' ? catalog::kHashAmOid : catalog::kBtreeAmOid;
  const char* am_name = strategy == 'h' ? "hash" : "btree";
  if (names.empty()) {
    auto opclass = catalog::Syscache().DefaultOpclass(am, type);
    if (!opclass) {
      throw MakeError(errcode::kUndefinedObject,
                      "data type {} has no default operator class for access method \"{}\"",
                      FormatTypeBe(type), am_name)
          .Hint(fmt::format("You must specify a {} operator class or define a default {} "
                            "operator class for the data type.",
                            am_name, am_name));
    }
    return opclass->oid;
  }
  for (const auto& ref : catalog::ScanCatalog<catalog::PgOpclass>()) {
    const catalog::PgOpclass& opc = ref.row;
    if (opc.opcmethod != am || opc.opcname != names.back()) continue;
    if (opc.opcintype != type && !IsBinaryCoercible(type, opc.opcintype)) {
      throw MakeError(errcode::kDatatypeMismatch,
                      "operator class \"{}\" does not accept data type {}", opc.opcname,
                      FormatTypeBe(type));
    }
    return opc.oid;
  }
  throw MakeError(errcode::kUndefinedObject,
                  "operator class \"{}\" does not exist for access method \"{}\"",
                  raw::JoinName(names), am_name);
}

// MINVALUE / MAXVALUE are written as bare column names in the raw tree.
std::optional<BoundDatum::Kind> RangeMarker(const raw::Node* n) {
  if (!raw::Is(n, PG_QUERY__NODE__NODE_COLUMN_REF)) return std::nullopt;
  const auto* ref = n->column_ref;
  if (ref->n_fields != 1 || !raw::Is(ref->fields[0], PG_QUERY__NODE__NODE_STRING)) {
    return std::nullopt;
  }
  std::string_view name = raw::StrVal(ref->fields[0]);
  if (name == "minvalue") return BoundDatum::Kind::kMinValue;
  if (name == "maxvalue") return BoundDatum::Kind::kMaxValue;
  return std::nullopt;
}

// transformPartitionBoundValue: the value coerced to the key column's type and collation,
// folded, and evaluated when it is still not a constant (PostgreSQL 12+ accepts any
// expression without column references, such as now() or random()).
BoundDatum BoundValue(ParseState& ps, const raw::Node* raw_value, const executor::PartitionKey& key,
                      int col) {
  ParseState scope;
  scope.source = ps.source;
  scope.hooks = ps.hooks;
  nodes::ExprPtr expr = TransformExpr(scope, raw_value, ExprKind::kPartitionBound);
  nodes::ExprPtr coerced =
      CoerceToTargetType(scope, expr, expr->result_type, key.type(col), key.typmod(col),
                         CoercionContext::kAssignment, nodes::CoercionForm::kImplicitCast, -1);
  if (!coerced) {
    ThrowAt(ps,
            MakeError(errcode::kDatatypeMismatch,
                      "specified value cannot be cast to type {} for column \"{}\"",
                      FormatTypeBe(key.type(col)), key.column_name(col)),
            nodes::ExprLocation(expr.get()));
  }
  AssignExprCollations(scope, coerced);
  nodes::ExprPtr folded = planner::EvalConstExpressions(coerced);
  if (folded->tag != nodes::NodeTag::kConst) folded = planner::EvaluateExprToConst(folded);
  const auto& c = *nodes::As<nodes::Const>(folded);
  BoundDatum d;
  if (c.constisnull) {
    d.kind = BoundDatum::Kind::kNull;
    return d;
  }
  d.literal = executor::DeparseConstWithoutType(c);
  return d;
}

std::vector<BoundDatum> RangeDatums(ParseState& ps, const executor::PartitionKey& key,
                                    raw::NodeSpan datums, const char* which) {
  if (datums.size() != static_cast<size_t>(key.natts())) {
    throw MakeError(errcode::kInvalidTableDefinition,
                    "{} must specify exactly one value per partitioning column", which);
  }
  std::vector<BoundDatum> out;
  for (size_t i = 0; i < datums.size(); ++i) {
    if (auto marker = RangeMarker(datums[i])) {
      BoundDatum d;
      d.kind = *marker;
      out.push_back(d);
      continue;
    }
    BoundDatum d = BoundValue(ps, datums[i], key, static_cast<int>(i));
    if (d.kind == BoundDatum::Kind::kNull) {
      throw Error(errcode::kInvalidTableDefinition, "cannot specify NULL in range bound");
    }
    out.push_back(d);
  }
  // After MINVALUE/MAXVALUE only the same marker may follow (PostgreSQL 12+ rule).
  for (size_t i = 1; i < out.size(); ++i) {
    auto prev = out[i - 1].kind;
    if (prev == BoundDatum::Kind::kMinValue && out[i].kind != prev) {
      throw Error(errcode::kDatatypeMismatch,
                  "every bound following MINVALUE must also be MINVALUE");
    }
    if (prev == BoundDatum::Kind::kMaxValue && out[i].kind != prev) {
      throw Error(errcode::kDatatypeMismatch,
                  "every bound following MAXVALUE must also be MAXVALUE");
    }
  }
  return out;
}

}  // namespace

nodes::PartitionSpecDefinition TransformPartitionSpec(ParseState& ps,
                                                      const nodes::CreateTableStmt& stmt,
                                                      const PgQuery__PartitionSpec* spec) {
  nodes::PartitionSpecDefinition out;
  out.strategy = StrategyOf(std::string(raw::Str(spec->strategy)));
  raw::NodeSpan params = raw::Span(spec->n_part_params, spec->part_params);
  if (out.strategy == 'l' && params.size() != 1) {
    throw Error(errcode::kInvalidObjectDefinition,
                "cannot use \"list\" partition strategy with more than one column");
  }
  for (const raw::Node* n : params) {
    const PgQuery__PartitionElem* elem = n->partition_elem;
    Oid type = kInvalidOid;
    Oid collation = kInvalidOid;
    if (elem->expr == nullptr) {
      int16_t attnum = KeyColumnAttnum(ps, stmt, elem);
      const nodes::ColumnDefinition& col = stmt.columns[attnum - 1];
      out.key_attnums.push_back(attnum);
      type = col.type;
      collation = col.collation;
    } else {
      nodes::ExprPtr expr = KeyExpression(ps, elem->expr);
      type = expr->result_type;
      collation = nodes::ExprCollation(*expr);
      if (expr->tag == nodes::NodeTag::kVar) {
        out.key_attnums.push_back(nodes::As<nodes::Var>(expr)->varattno);
      } else {
        out.key_attnums.push_back(0);
        out.key_exprs.push_back(expr);
      }
    }
    if (elem->n_collation > 0) {
      if (collation == kInvalidOid) {
        throw MakeError(errcode::kDatatypeMismatch, "collations are not supported by type {}",
                        FormatTypeBe(type));
      }
      collation =
          LookupCollation(ps, raw::StringList(raw::Span(elem->n_collation, elem->collation)), -1);
    }
    out.opclasses.push_back(
        KeyOpclass(raw::StringList(raw::Span(elem->n_opclass, elem->opclass)), type, out.strategy));
    out.collations.push_back(collation);
  }
  return out;
}

std::string TransformPartitionBound(ParseState& ps, const catalog::RelationData& parent,
                                    const PgQuery__PartitionBoundSpec* bound) {
  auto key = catalog::PartitionKeyOf(parent.oid);
  if (!key) throw MakeError(errcode::kWrongObjectType, "\"{}\" is not partitioned", parent.name());
  executor::PartitionBoundSpec spec;
  if (bound->is_default) {
    if (key->partstrat == 'h') {
      throw Error(errcode::kInvalidTableDefinition,
                  "a hash-partitioned table may not have a default partition");
    }
    spec.is_default = true;
    return spec.ToText();
  }
  char strategy = raw::Str(bound->strategy).empty() ? '\0' : bound->strategy[0];
  if (strategy != key->partstrat) {
    throw MakeError(errcode::kInvalidTableDefinition,
                    "invalid bound specification for a {} partition", StrategyName(key->partstrat));
  }
  spec.strategy = strategy;
  executor::PartitionKey executor_key(parent);
  if (strategy == 'h') {
    if (bound->modulus <= 0) {
      throw Error(errcode::kInvalidTableDefinition,
                  "modulus for hash partition must be an integer value greater than zero");
    }
    if (bound->remainder < 0) {
      throw Error(errcode::kInvalidTableDefinition,
                  "remainder for hash partition must be an integer value greater than or equal "
                  "to zero");
    }
    if (bound->remainder >= bound->modulus) {
      throw Error(errcode::kInvalidTableDefinition,
                  "remainder for hash partition must be less than modulus");
    }
    spec.modulus = bound->modulus;
    spec.remainder = bound->remainder;
  } else if (strategy == 'l') {
    for (const raw::Node* n : raw::Span(bound->n_listdatums, bound->listdatums)) {
      BoundDatum d = BoundValue(ps, n, executor_key, 0);
      bool dup = false;
      for (const auto& have : spec.list_datums) {
        dup |= have.kind == d.kind && have.literal == d.literal;
      }
      if (!dup) spec.list_datums.push_back(d);
    }
  } else {
    spec.lower =
        RangeDatums(ps, executor_key, raw::Span(bound->n_lowerdatums, bound->lowerdatums), "FROM");
    spec.upper =
        RangeDatums(ps, executor_key, raw::Span(bound->n_upperdatums, bound->upperdatums), "TO");
  }
  return spec.ToText();
}

}  // namespace hyrax::parser

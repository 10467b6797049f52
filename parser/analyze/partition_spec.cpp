// PARTITION BY / FOR VALUES analysis (see partition_spec.h).
#include "parser/analyze/partition_spec.h"

#include "executor/deparse/deparse_expr.h"
#include "executor/partition/partition_bound.h"
#include "parser/analyze/analyze_expr.h"
#include "parser/analyze/coerce.h"
#include "parser/analyze/collate.h"
#include "parser/analyze/create_table.h"
#include "parser/analyze/format_type.h"
#include "planner/prep/clauses.h"
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

// transformPartitionBoundValue: the value coerced to the key column and folded to a constant.
BoundDatum BoundValue(ParseState& ps, const raw::Node* raw_value,
                      const catalog::RelationData& parent, int16_t attnum) {
  if (raw::Is(raw_value, PG_QUERY__NODE__NODE_COLUMN_REF)) {
    throw Error(errcode::kInvalidColumnReference,
                "cannot use column reference in partition bound expression");
  }
  const auto& attr = parent.desc->attr(attnum - 1);
  ParseState scope;
  scope.source = ps.source;
  scope.hooks = ps.hooks;
  nodes::ExprPtr expr = TransformExpr(scope, raw_value, ExprKind::kColumnDefault);
  nodes::ExprPtr coerced =
      CoerceToTargetType(scope, expr, expr->result_type, attr.type_oid, attr.typmod,
                         CoercionContext::kAssignment, nodes::CoercionForm::kImplicitCast, -1);
  if (!coerced) {
    throw MakeError(errcode::kDatatypeMismatch,
                    "specified value cannot be cast to type {} for column \"{}\"",
                    FormatTypeBe(attr.type_oid), attr.name);
  }
  nodes::ExprPtr folded = planner::EvalConstExpressions(coerced);
  if (folded->tag != nodes::NodeTag::kConst) {
    throw Error(errcode::kFeatureNotSupported,
                "partition bound expressions that are not constants are not supported yet");
  }
  const auto& c = *nodes::As<nodes::Const>(folded);
  BoundDatum d;
  if (c.constisnull) {
    d.kind = BoundDatum::Kind::kNull;
    return d;
  }
  d.literal = executor::DeparseConstWithoutType(c);
  return d;
}

std::vector<BoundDatum> RangeDatums(ParseState& ps, const catalog::RelationData& parent,
                                    const catalog::PgPartitionedTable& key, raw::NodeSpan datums,
                                    const char* which) {
  if (datums.size() != key.partattrs.size()) {
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
    BoundDatum d = BoundValue(ps, datums[i], parent, key.partattrs[i]);
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
  Oid am = out.strategy == 'h' ? catalog::kHashAmOid : catalog::kBtreeAmOid;
  for (const raw::Node* n : params) {
    const PgQuery__PartitionElem* elem = n->partition_elem;
    if (elem->expr != nullptr) {
      throw Error(errcode::kFeatureNotSupported, "partition key expressions are not supported yet");
    }
    if (elem->n_opclass > 0 || elem->n_collation > 0) {
      throw Error(errcode::kFeatureNotSupported,
                  "operator classes and collations in partition keys are not supported yet");
    }
    std::string name(raw::Str(elem->name));
    int16_t attnum = NewColumnAttnum(stmt, name);
    if (attnum == 0) {
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
    const nodes::ColumnDefinition& col = stmt.columns[attnum - 1];
    auto opclass = catalog::Syscache().DefaultOpclass(am, col.type);
    if (!opclass) {
      const char* am_name = out.strategy == 'h' ? "hash" : "btree";
      throw MakeError(errcode::kUndefinedObject,
                      "data type {} has no default operator class for access method \"{}\"",
                      FormatTypeBe(col.type), am_name)
          .Hint(fmt::format("You must specify a {} operator class or define a default {} "
                            "operator class for the data type.",
                            am_name, am_name));
    }
    out.key_attnums.push_back(attnum);
    out.opclasses.push_back(opclass->oid);
    out.collations.push_back(col.collation);
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
      BoundDatum d = BoundValue(ps, n, parent, key->partattrs[0]);
      bool dup = false;
      for (const auto& have : spec.list_datums) {
        dup |= have.kind == d.kind && have.literal == d.literal;
      }
      if (!dup) spec.list_datums.push_back(d);
    }
  } else {
    spec.lower =
        RangeDatums(ps, parent, *key, raw::Span(bound->n_lowerdatums, bound->lowerdatums), "FROM");
    spec.upper =
        RangeDatums(ps, parent, *key, raw::Span(bound->n_upperdatums, bound->upperdatums), "TO");
  }
  return spec.ToText();
}

}  // namespace hyrax::parser

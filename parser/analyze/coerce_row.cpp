// Coercion of an anonymous record (ROW(...) or a whole-row reference) to a named composite
// type, PostgreSQL's coerce_record_to_complex: each field is coerced to the matching
// column of the target type and the result is a RowExpr of that type.
#include "nodes/make_nodes.h"
#include "nodes/node_funcs.h"
#include "parser/analyze/coerce.h"
#include "parser/analyze/format_type.h"
#include "parser/analyze/scope.h"
#include "parser/analyze/type_info.h"
#include "parser/analyze/type_input.h"
#include "parser/analyze/type_oids.h"
#include "storage/catalog/syscache.h"

namespace hyrax::parser {

namespace {

[[noreturn]] void ThrowCannotCast(ParseState& ps, Oid target, std::string detail, int location) {
  Error err = MakeError(errcode::kCannotCoerce, "cannot cast type {} to {}",
                        FormatTypeBe(kRecordOid), FormatTypeBe(target));
  if (detail.empty()) ThrowAt(ps, std::move(err), location);
  ThrowAt(ps, std::move(err).Detail(std::move(detail)), location);
}

// The fields of `node` as a list: the arguments of a RowExpr or the columns of the range
// table entry a whole-row Var stands for. nullopt for anything else.
std::optional<ExprList> RecordFields(ParseState& ps, const ExprPtr& node) {
  if (node->tag == nodes::NodeTag::kRowExpr) return nodes::As<nodes::RowExpr>(node)->args;
  if (node->tag != nodes::NodeTag::kVar) return std::nullopt;
  const auto* var = nodes::As<nodes::Var>(node);
  if (var->varattno != nodes::kInvalidAttrNumber) return std::nullopt;
  int levels_up = static_cast<int>(var->varlevelsup);
  ParseState& owner = ps.Level(levels_up);
  std::vector<RteColumn> cols = RteColumns(owner, owner.Rte(var->varno));
  ExprList fields;
  for (size_t i = 0; i < cols.size(); ++i) {
    if (cols[i].name.empty()) continue;  // dropped
    fields.push_back(MakeColumnVar(ps, var->varno, static_cast<nodes::AttrNumber>(i + 1), levels_up,
                                   var->location));
  }
  return fields;
}

}  // namespace

ExprPtr CoerceRecordToComplex(ParseState& ps, const ExprPtr& node, Oid target,
                              CoercionContext ccontext, nodes::CoercionForm cformat, int location) {
  std::optional<ExprList> fields = RecordFields(ps, node);
  if (!fields) ThrowCannotCast(ps, target, "", location);
  int32_t base_typmod = -1;
  Oid base = BaseTypeAndTypmod(target, &base_typmod);
  const catalog::PgType* type = FindType(base);
  auto row = std::make_shared<nodes::RowExpr>();
  size_t next = 0;
  int ucolno = 1;
  for (const auto& att : catalog::Syscache().AttributesOf(type->typrelid)) {
    if (att.attnum <= 0) continue;
    if (att.attisdropped) {
      // A placeholder keeps the positions of the remaining columns.
      row->args.push_back(MakeTypedNullConst(kInt4Oid, -1));
      continue;
    }
    if (next >= fields->size()) ThrowCannotCast(ps, target, "Input has too few columns.", location);
    const ExprPtr& field = (*fields)[next++];
    Oid field_type = field->result_type;
    ExprPtr coerced = CoerceToTargetType(ps, field, field_type, att.atttypid, att.atttypmod,
                                         ccontext, nodes::CoercionForm::kImplicitCast, -1);
    if (!coerced) {
      ThrowCannotCast(ps, target,
                      fmt::format("Cannot cast type {} to {} in column {}.",
                                  FormatTypeBe(field_type), FormatTypeBe(att.atttypid), ucolno),
                      location);
    }
    row->args.push_back(std::move(coerced));
    ++ucolno;
  }
  if (next < fields->size()) ThrowCannotCast(ps, target, "Input has too many columns.", location);
  row->result_type = base;
  row->row_format = base == target ? cformat : nodes::CoercionForm::kImplicitCast;
  row->location = location;
  if (base == target) return row;
  return CoerceToDomain(ps, row, base, base_typmod, target, ccontext, cformat, location, false);
}

}  // namespace hyrax::parser

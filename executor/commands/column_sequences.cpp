// Sequences of serial and identity columns (see column_sequences.h).
#include "executor/commands/column_sequences.h"

#include "common/error.h"
#include "executor/commands/function_commands.h"
#include "executor/commands/object_names.h"
#include "executor/commands/sequence_commands.h"
#include "nodes/function_refs.h"
#include "nodes/make_nodes.h"
#include "nodes/node_funcs.h"
#include "storage/catalog/sequence_owner.h"
#include "storage/catalog/syscache.h"

namespace hyrax::executor::commands {

namespace {

constexpr Oid kRegclass = 2205, kInt2 = 21, kInt4 = 23, kInt8 = 20;
constexpr Oid kNextvalFunc = 1574;  // nextval(regclass)
constexpr Oid kInt8ToInt4 = 480;    // int4(int8)
constexpr Oid kInt8ToInt2 = 714;    // int2(int8)

std::shared_ptr<nodes::FuncExpr> MakeFunc(Oid funcid, Oid result_type, nodes::CoercionForm form,
                                          nodes::ExprPtr arg) {
  auto f = std::make_shared<nodes::FuncExpr>();
  f->funcid = funcid;
  f->result_type = result_type;
  f->funcformat = form;
  f->args.push_back(std::move(arg));
  return f;
}

// SEQUENCE NAME may be qualified; the sequence always goes into the table's schema.
std::string UnqualifiedName(const std::string& name) {
  size_t dot = name.rfind('.');
  return dot == std::string::npos ? name : name.substr(dot + 1);
}

}  // namespace

std::vector<ColumnSequence> CreateColumnSequences(const nodes::CreateTableStmt& stmt,
                                                  Oid namespace_oid, Oid owner) {
  std::vector<ColumnSequence> out;
  for (size_t i = 0; i < stmt.columns.size(); ++i) {
    const nodes::ColumnDefinition& col = stmt.columns[i];
    if (!col.is_serial && col.identity == '\0') continue;
    nodes::SequenceOptions options = col.identity_options;
    options.type = col.type;
    std::string name = options.sequence_name.empty()
                           ? ChooseRelationName(stmt.name, col.name, "seq", namespace_oid)
                           : UnqualifiedName(options.sequence_name);
    Oid seqid = DefineSequence(name, namespace_oid, stmt.relpersistence, options, owner);
    out.push_back({i, seqid});
  }
  return out;
}

nodes::ExprPtr MakeNextvalDefault(Oid seqid, Oid type) {
  nodes::ExprPtr regclass =
      nodes::MakeConst(kRegclass, -1, kInvalidOid, 4, true, ObjectIdGetDatum(seqid), false);
  nodes::ExprPtr call =
      MakeFunc(kNextvalFunc, kInt8, nodes::CoercionForm::kExplicitCall, std::move(regclass));
  if (type == kInt4) return MakeFunc(kInt8ToInt4, kInt4, nodes::CoercionForm::kImplicitCast, call);
  if (type == kInt2) return MakeFunc(kInt8ToInt2, kInt2, nodes::CoercionForm::kImplicitCast, call);
  return call;
}

void AttachColumnSequences(Oid relid, const nodes::CreateTableStmt& stmt,
                           const std::vector<ColumnSequence>& sequences) {
  for (const auto& s : sequences) {
    const nodes::ColumnDefinition& col = stmt.columns[s.column_index];
    char deptype = col.identity != '\0' ? catalog::kDependencyInternal : catalog::kDependencyAuto;
    RecordSequenceOwner(s.seqid, relid, static_cast<int16_t>(s.column_index + 1), deptype);
  }
}

void RecordDefaultDependencies(Oid attrdef_oid, const nodes::ExprPtr& expr) {
  RecordFunctionDependencies(catalog::kAttrDefaultRelationId, attrdef_oid,
                             nodes::UserFunctionsCalled(expr));
  nodes::WalkExprTree(expr, [&](const nodes::Expr& node, int) {
    if (node.tag != nodes::NodeTag::kConst) return false;
    const auto& c = static_cast<const nodes::Const&>(node);
    if (c.result_type != kRegclass || c.constisnull) return false;
    Oid target = DatumGetObjectId(c.constvalue);
    auto rel = catalog::Syscache().RelationByOid(target);
    if (rel && rel->relkind == 'S') {
      catalog::RecordDependency({catalog::kAttrDefaultRelationId, attrdef_oid, 0},
                                {catalog::kRelationRelationId, target, 0},
                                catalog::kDependencyNormal);
    }
    return false;
  });
}

nodes::ExprPtr IdentityDefault(const catalog::RelationData& rel, nodes::AttrNumber attnum) {
  const storage::AttributeDesc& attr = rel.desc->attr(attnum - 1);
  if (attr.identity == '\0') return nullptr;
  std::vector<Oid> seqs =
      catalog::OwnedSequences(rel.oid, static_cast<int16_t>(attnum), catalog::kDependencyInternal);
  if (seqs.empty()) {
    throw MakeError(errcode::kInternalError, "no owned sequence found for identity column \"{}\"",
                    attr.name);
  }
  auto next = std::make_shared<nodes::NextValueExpr>();
  next->seqid = seqs.front();
  next->result_type = attr.type_oid;
  next->result_typmod = -1;
  return next;
}

}  // namespace hyrax::executor::commands

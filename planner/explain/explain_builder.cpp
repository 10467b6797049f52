// EXPLAIN data from plans and operators (see explain_builder.h).
#include "planner/explain/explain_builder.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "executor/deparse/deparse_expr.h"
#include "executor/expr/expr_tree.h"
#include "executor/operators/agg.h"
#include "executor/operators/hash.h"
#include "executor/operators/index_scan.h"
#include "executor/operators/sort.h"
#include "executor/types/quote_ident.h"
#include "planner/explain/node_names.h"
#include "storage/catalog/relcache.h"
#include "storage/catalog/syscache.h"

namespace hyrax::planner {

namespace {

using executor::Operator;
using nodes::Plan;
using nodes::PlanTag;

ExplainProperty Text(const std::string& label, const std::string& text) {
  ExplainProperty p;
  p.label = label;
  p.text = text;
  return p;
}

ExplainProperty List(const std::string& label, std::vector<std::string> items) {
  ExplainProperty p;
  p.label = label;
  p.kind = ExplainProperty::Kind::kList;
  p.list = std::move(items);
  return p;
}

ExplainProperty Float(const std::string& label, double v, int ndigits, bool text_hidden = false) {
  ExplainProperty p;
  p.label = label;
  p.kind = ExplainProperty::Kind::kFloat;
  p.number = v;
  p.ndigits = ndigits;
  p.text_hidden = text_hidden;
  return p;
}

// Relations that no scan, Append or ModifyTable of the plan names (an inheritance parent
// whose single remaining child replaced the Append, pruned partitions) get no display name,
// so the children left take the plain alias (PostgreSQL's rels_used).
void MarkAppendParents(const Plan* plan, std::vector<bool>* mentioned) {
  if (plan == nullptr) return;
  switch (plan->tag) {
    case PlanTag::kSeqScan:
    case PlanTag::kSampleScan:
    case PlanTag::kIndexScan:
    case PlanTag::kIndexOnlyScan:
    case PlanTag::kBitmapHeapScan:
    case PlanTag::kTidScan:
    case PlanTag::kTidRangeScan:
      (*mentioned)[static_cast<const nodes::Scan&>(*plan).scanrelid] = true;
      break;
    default:
      break;
  }
  if (plan->tag == PlanTag::kAppend) {
    const auto& append = nodes::PlanAs<nodes::Append>(*plan);
    for (nodes::Index rti : append.apprelids) (*mentioned)[rti] = true;
    for (const auto& member : append.appendplans) MarkAppendParents(member.get(), mentioned);
  }
  if (plan->tag == PlanTag::kModifyTable) {
    const auto& mt = nodes::PlanAs<nodes::ModifyTable>(*plan);
    (*mentioned)[mt.nominalRelation] = true;
    for (nodes::Index rti : mt.resultRelations) (*mentioned)[rti] = true;
  }
  if (plan->tag == PlanTag::kSubqueryScan) {
    MarkAppendParents(nodes::PlanAs<nodes::SubqueryScan>(*plan).subplan.get(), mentioned);
  }
  MarkAppendParents(plan->lefttree.get(), mentioned);
  MarkAppendParents(plan->righttree.get(), mentioned);
}

std::vector<bool> UnusedAppendParents(const nodes::PlannedStmt& stmt) {
  std::vector<bool> mentioned(stmt.rtable.size() + 1, false);
  MarkAppendParents(stmt.planTree.get(), &mentioned);
  for (const auto& sub : stmt.subplans) MarkAppendParents(sub.get(), &mentioned);
  std::vector<bool> unused(stmt.rtable.size() + 1, false);
  // Only statements that read an inheritance parent have such relations.
  bool any_parent = std::any_of(stmt.rtable.begin(), stmt.rtable.end(), [](const auto& rte) {
    return rte.rtekind == nodes::RteKind::kRelation && rte.inh;
  });
  if (!any_parent) return unused;
  for (size_t i = 0; i < stmt.rtable.size(); ++i) {
    const auto& rte = stmt.rtable[i];
    unused[i + 1] = rte.rtekind == nodes::RteKind::kRelation && !mentioned[i + 1];
  }
  return unused;
}

class Builder {
 public:
  Builder(const nodes::PlannedStmt& stmt, const ExplainOptions& options,
          const std::vector<const Operator*>& subplan_ops)
      : stmt_(stmt), options_(options), subplan_ops_(subplan_ops) {
    std::vector<bool> unused = UnusedAppendParents(stmt);
    refnames_ = executor::MakeRefNames(stmt.rtable, &unused);
  }

  ExplainNode Node(const Plan& plan, const Operator* op, const std::string& relationship,
                   const std::string& subplan_name, const std::map<int, std::string>& params);

 private:
  executor::DeparseContext Context(const Plan& plan, bool useprefix,
                                   const std::map<int, std::string>* params) const {
    executor::DeparseContext ctx;
    ctx.rtable = &stmt_.rtable;
    ctx.refnames = &refnames_;
    ctx.useprefix = useprefix;
    ctx.plan = &plan;
    ctx.param_referents = params;
    return ctx;
  }
  std::string Deparse(const nodes::ExprPtr& e, const executor::DeparseContext& ctx) const {
    return executor::DeparseExpr(e, ctx);
  }
  std::string DeparseQual(const nodes::ExprList& quals, const executor::DeparseContext& ctx) const;
  bool MultiRel() const { return stmt_.rtable.size() > 1 || options_.verbose; }
  void NamesAndTarget(const Plan& plan, ExplainNode* node);
  void ScanTarget(nodes::Index rti, bool with_relation, ExplainNode* node);
  void FunctionScanTarget(const nodes::FunctionScan& scan, ExplainNode* node);
  void AddQual(ExplainNode* node, const Plan& plan, const nodes::ExprList& quals,
               const std::string& label, bool scan, const std::map<int, std::string>* params);
  void AddFiltered(ExplainNode* node, const Operator* op, const std::string& label, int which);
  void AddKeys(ExplainNode* node, const Plan& keyplan, const std::string& label,
               const std::vector<nodes::AttrNumber>& cols, const nodes::SortColumns* sort,
               const std::map<int, std::string>* params);
  void AddNodeProps(ExplainNode* node, const Plan& plan, const Operator* op,
                    const std::map<int, std::string>& params);
  void AddOnConflictProps(ExplainNode* node, const nodes::ModifyTable& mt,
                          const std::map<int, std::string>* params);
  void AddChildren(ExplainNode* node, const Plan& plan, const Operator* op,
                   const std::map<int, std::string>& params);

  const nodes::PlannedStmt& stmt_;
  const ExplainOptions& options_;
  const std::vector<const Operator*>& subplan_ops_;
  std::vector<std::string> refnames_;
};

std::string Builder::DeparseQual(const nodes::ExprList& quals,
                                 const executor::DeparseContext& ctx) const {
  if (quals.size() == 1) return Deparse(quals[0], ctx);
  std::string out = "(";
  for (size_t i = 0; i < quals.size(); ++i) out += (i > 0 ? " AND " : "") + Deparse(quals[i], ctx);
  return out + ")";
}

void Builder::ScanTarget(nodes::Index rti, bool with_relation, ExplainNode* node) {
  const auto& rte = stmt_.rtable.at(rti - 1);
  const std::string& refname = refnames_.at(rti);
  if (with_relation && rte.rtekind == nodes::RteKind::kRelation) {
    auto rel = catalog::RelationIdGetRelation(rte.relid);
    std::string relname = rel ? rel->name() : std::to_string(rte.relid);
    std::string text = " on ";
    if (options_.verbose && rel) text += executor::QuoteIdentifier(rel->namespace_name) + ".";
    text += executor::QuoteIdentifier(relname);
    if (refname != relname) text += " " + executor::QuoteIdentifier(refname);
    node->target_text = text;
    node->target_props.push_back(Text("Relation Name", relname));
    if (options_.verbose && rel) node->target_props.push_back(Text("Schema", rel->namespace_name));
    node->target_props.push_back(Text("Alias", refname));
    return;
  }
  if (rte.rtekind == nodes::RteKind::kCte) {
    // "CTE Scan on x" / "CTE Scan on x a": the WITH query's name, then a different alias.
    std::string text = " on " + executor::QuoteIdentifier(rte.ctename);
    if (refname != rte.ctename) text += " " + executor::QuoteIdentifier(refname);
    node->target_text = text;
    node->target_props.push_back(Text("CTE Name", rte.ctename));
    node->target_props.push_back(Text("Alias", refname));
    return;
  }
  node->target_text = " on " + executor::QuoteIdentifier(refname);
  node->target_props.push_back(Text("Alias", refname));
}

// "on generate_series g": the function's name when the scan has one plain function call
// (schema-qualified in VERBOSE), then the alias when it differs.
void Builder::FunctionScanTarget(const nodes::FunctionScan& scan, ExplainNode* node) {
  const std::string& refname = refnames_.at(scan.scanrelid);
  std::string fname;
  std::string schema;
  if (scan.functions.size() == 1 && scan.functions[0].funcexpr->tag == nodes::NodeTag::kFuncExpr) {
    auto& cache = catalog::Syscache();
    if (auto proc =
            cache.ProcByOid(nodes::As<nodes::FuncExpr>(scan.functions[0].funcexpr)->funcid)) {
      fname = proc->proname;
      auto nsp = cache.NamespaceByOid(proc->pronamespace);
      schema = nsp ? nsp->nspname : "pg_catalog";
    }
  }
  if (fname.empty()) {
    ScanTarget(scan.scanrelid, false, node);
    return;
  }
  std::string text = " on ";
  if (options_.verbose) text += executor::QuoteIdentifier(schema) + ".";
  text += executor::QuoteIdentifier(fname);
  if (refname != fname) text += " " + executor::QuoteIdentifier(refname);
  node->target_text = text;
  node->target_props.push_back(Text("Function Name", fname));
  if (options_.verbose) node->target_props.push_back(Text("Schema", schema));
  node->target_props.push_back(Text("Alias", refname));
}

void Builder::NamesAndTarget(const Plan& plan, ExplainNode* node) {
  PlanNodeNames names = NodeNames(plan.tag);
  node->sname = names.sname;
  node->pname = names.pname;
  switch (plan.tag) {
    case PlanTag::kAgg: {
      const auto& agg = nodes::PlanAs<nodes::Agg>(plan);
      node->pname = AggTextName(agg.aggstrategy);
      node->type_props.push_back(Text("Strategy", AggStrategyName(agg.aggstrategy)));
      node->type_props.push_back(Text("Partial Mode", "Simple"));
      break;
    }
    case PlanTag::kSetOp: {
      const auto& setop = nodes::PlanAs<nodes::SetOp>(plan);
      bool hashed = setop.strategy == nodes::SetOpStrategy::kHashed;
      const char* cmd = setop.cmd == nodes::SetOpCmd::kIntersect      ? "Intersect"
                        : setop.cmd == nodes::SetOpCmd::kIntersectAll ? "Intersect All"
                        : setop.cmd == nodes::SetOpCmd::kExcept       ? "Except"
                                                                      : "Except All";
      node->pname = std::string(hashed ? "HashSetOp" : "SetOp") + " " + cmd;
      node->type_props.push_back(Text("Strategy", hashed ? "Hashed" : "Sorted"));
      node->target_props.push_back(Text("Command", cmd));
      break;
    }
    case PlanTag::kModifyTable: {
      const auto& mt = nodes::PlanAs<nodes::ModifyTable>(plan);
      node->pname = OperationName(mt.operation);
      node->type_props.push_back(Text("Operation", OperationName(mt.operation)));
      ScanTarget(mt.nominalRelation, true, node);
      // Several result relations (or another than the named one): one line per relation,
      // "Update on c1 p_2" (show_modifytable_info's target tables).
      if (mt.resultRelations.size() > 1 ||
          (mt.resultRelations.size() == 1 && mt.resultRelations[0] != mt.nominalRelation)) {
        for (nodes::Index rti : mt.resultRelations) {
          ExplainNode target;
          ScanTarget(rti, true, &target);
          ExplainProperty line =
              Text("Target", std::string(OperationName(mt.operation)) + target.target_text);
          line.text_raw = true;
          node->props.push_back(line);
        }
      }
      break;
    }
    case PlanTag::kIndexScan:
    case PlanTag::kIndexOnlyScan: {
      Oid indexid;
      nodes::ScanDirection dir;
      if (plan.tag == PlanTag::kIndexScan) {
        indexid = nodes::PlanAs<nodes::IndexScan>(plan).indexid;
        dir = nodes::PlanAs<nodes::IndexScan>(plan).indexorderdir;
      } else {
        indexid = nodes::PlanAs<nodes::IndexOnlyScan>(plan).indexid;
        dir = nodes::PlanAs<nodes::IndexOnlyScan>(plan).indexorderdir;
      }
      auto index = catalog::RelationIdGetRelation(indexid);
      std::string indexname = index ? index->name() : std::to_string(indexid);
      bool backward = dir == nodes::ScanDirection::kBackward;
      if (backward) node->pname += " Backward";
      node->target_props.push_back(Text("Scan Direction", backward ? "Backward" : "Forward"));
      node->target_props.push_back(Text("Index Name", indexname));
      ScanTarget(nodes::PlanAs<nodes::Scan>(plan).scanrelid, true, node);
      node->target_text = " using " + executor::QuoteIdentifier(indexname) + node->target_text;
      break;
    }
    case PlanTag::kSeqScan:
    case PlanTag::kSampleScan:
    case PlanTag::kBitmapHeapScan:
    case PlanTag::kTidScan:
    case PlanTag::kTidRangeScan:
      ScanTarget(nodes::PlanAs<nodes::Scan>(plan).scanrelid, true, node);
      break;
    case PlanTag::kFunctionScan:
      FunctionScanTarget(nodes::PlanAs<nodes::FunctionScan>(plan), node);
      break;
    case PlanTag::kSubqueryScan:
    case PlanTag::kValuesScan:
    case PlanTag::kCteScan:
    case PlanTag::kWorkTableScan:
      ScanTarget(nodes::PlanAs<nodes::Scan>(plan).scanrelid, false, node);
      break;
    case PlanTag::kNestLoop:
    case PlanTag::kMergeJoin:
    case PlanTag::kHashJoin: {
      const auto& join = static_cast<const nodes::Join&>(plan);
      if (join.jointype != nodes::JoinType::kInner) {
        node->pname += std::string(" ") + JoinTypeName(join.jointype) + " Join";
      } else if (plan.tag != PlanTag::kNestLoop) {
        node->pname += " Join";
      }
      node->target_props.push_back(Text("Join Type", JoinTypeName(join.jointype)));
      break;
    }
    default:
      break;
  }
}

void Builder::AddQual(ExplainNode* node, const Plan& plan, const nodes::ExprList& quals,
                      const std::string& label, bool scan,
                      const std::map<int, std::string>* params) {
  if (quals.empty()) return;
  bool useprefix = scan ? (plan.tag == PlanTag::kSubqueryScan || options_.verbose) : MultiRel();
  node->props.push_back(Text(label, DeparseQual(quals, Context(plan, useprefix, params))));
}

void Builder::AddFiltered(ExplainNode* node, const Operator* op, const std::string& label,
                          int which) {
  if (!options_.analyze || op == nullptr || op->instrument() == nullptr) return;
  const auto* instr = op->instrument();
  if (instr->nloops <= 0) return;
  double n = (which == 1 ? instr->nfiltered1 : instr->nfiltered2) / instr->nloops;
  node->props.push_back(Float(label, n, 0, /*text_hidden=*/n <= 0));
}

// " DESC", " NULLS FIRST" ... as PostgreSQL's show_sortorder_options.
std::string SortOrderSuffix(Oid type, Oid sortop, bool nulls_first) {
  auto& cache = catalog::Syscache();
  Oid lt = kInvalidOid, gt = kInvalidOid;
  if (auto opclass = cache.DefaultOpclass(catalog::kBtreeAmOid, type)) {
    for (const auto& amop : cache.AmopsOfFamily(opclass->opcfamily)) {
      if (amop.amoplefttype != opclass->opcintype || amop.amoprighttype != opclass->opcintype)
        continue;
      if (amop.amopstrategy == 1) lt = amop.amopopr;
      if (amop.amopstrategy == 5) gt = amop.amopopr;
    }
  }
  std::string out;
  bool reverse = false;
  if (sortop == gt) {
    out += " DESC";
    reverse = true;
  } else if (sortop != lt) {
    auto op = cache.OperatorByOid(sortop);
    out += " USING " + (op ? op->oprname : std::string("???"));
  }
  if (nulls_first && !reverse) out += " NULLS FIRST";
  if (!nulls_first && reverse) out += " NULLS LAST";
  return out;
}

void Builder::AddKeys(ExplainNode* node, const Plan& keyplan, const std::string& label,
                      const std::vector<nodes::AttrNumber>& cols, const nodes::SortColumns* sort,
                      const std::map<int, std::string>* params) {
  if (cols.empty()) return;
  executor::DeparseContext ctx = Context(keyplan, MultiRel(), params);
  ctx.showimplicit = true;
  std::vector<std::string> keys;
  for (size_t i = 0; i < cols.size(); ++i) {
    const auto& expr = keyplan.targetlist.at(cols[i] - 1).expr;
    std::string key = Deparse(expr, ctx);
    if (sort != nullptr) {
      key += SortOrderSuffix(expr->result_type, sort->sortOperators[i], sort->nullsFirst[i]);
    }
    keys.push_back(key);
  }
  node->props.push_back(List(label, keys));
}

// ON CONFLICT's action, arbiter indexes and DO UPDATE's WHERE (show_modifytable_info).
void Builder::AddOnConflictProps(ExplainNode* node, const nodes::ModifyTable& mt,
                                 const std::map<int, std::string>* params) {
  if (mt.onConflictAction == nodes::OnConflictAction::kNone) return;
  bool update = mt.onConflictAction == nodes::OnConflictAction::kUpdate;
  node->props.push_back(Text("Conflict Resolution", update ? "UPDATE" : "NOTHING"));
  std::vector<std::string> names;
  for (Oid indexid : mt.arbiterIndexes) {
    auto index = catalog::RelationIdGetRelation(indexid);
    names.push_back(index ? index->name() : std::to_string(indexid));
  }
  if (!names.empty()) node->props.push_back(List("Conflict Arbiter Indexes", names));
  if (mt.onConflictWhere) {
    AddQual(node, mt, {mt.onConflictWhere}, "Conflict Filter", false, params);
  }
}

void Builder::AddNodeProps(ExplainNode* node, const Plan& plan, const Operator* op,
                           const std::map<int, std::string>& params) {
  // The target lists of Append, MergeAppend and RecursiveUnion are not shown (PostgreSQL's
  // show_plan_tlist).
  bool hide_tlist = plan.tag == PlanTag::kAppend || plan.tag == PlanTag::kMergeAppend ||
                    plan.tag == PlanTag::kRecursiveUnion;
  if (options_.verbose && !plan.targetlist.empty() && !hide_tlist) {
    executor::DeparseContext ctx = Context(plan, stmt_.rtable.size() > 1, &params);
    std::vector<std::string> out;
    for (const auto& tle : plan.targetlist) out.push_back(Deparse(tle.expr, ctx));
    node->props.push_back(List("Output", out));
  }
  if (plan.tag == PlanTag::kNestLoop || plan.tag == PlanTag::kMergeJoin ||
      plan.tag == PlanTag::kHashJoin) {
    const auto& join = static_cast<const nodes::Join&>(plan);
    ExplainProperty unique;
    unique.label = "Inner Unique";
    unique.kind = ExplainProperty::Kind::kBool;
    unique.boolean = join.inner_unique;
    unique.text_hidden = !(options_.verbose && join.inner_unique);
    node->props.push_back(unique);
  }
  if (plan.tag == PlanTag::kFunctionScan && options_.verbose) {
    const auto& fs = nodes::PlanAs<nodes::FunctionScan>(plan);
    executor::DeparseContext ctx = Context(plan, true, &params);
    if (fs.functions.size() == 1) {
      node->props.push_back(Text("Function Call", Deparse(fs.functions[0].funcexpr, ctx)));
    }
  }
  switch (plan.tag) {
    case PlanTag::kModifyTable:
      AddOnConflictProps(node, nodes::PlanAs<nodes::ModifyTable>(plan), &params);
      break;
    case PlanTag::kSeqScan:
    case PlanTag::kValuesScan:
    case PlanTag::kSubqueryScan:
    case PlanTag::kFunctionScan:
    case PlanTag::kCteScan:
    case PlanTag::kWorkTableScan:
      AddQual(node, plan, plan.qual, "Filter", true, &params);
      if (!plan.qual.empty()) AddFiltered(node, op, "Rows Removed by Filter", 1);
      break;
    case PlanTag::kIndexScan: {
      const auto& scan = nodes::PlanAs<nodes::IndexScan>(plan);
      AddQual(node, plan, scan.indexqualorig, "Index Cond", true, &params);
      if (!scan.indexqualorig.empty()) AddFiltered(node, op, "Rows Removed by Index Recheck", 2);
      AddQual(node, plan, plan.qual, "Filter", true, &params);
      if (!plan.qual.empty()) AddFiltered(node, op, "Rows Removed by Filter", 1);
      break;
    }
    case PlanTag::kIndexOnlyScan: {
      const auto& scan = nodes::PlanAs<nodes::IndexOnlyScan>(plan);
      AddQual(node, plan, scan.indexqual, "Index Cond", true, &params);
      AddQual(node, plan, plan.qual, "Filter", true, &params);
      if (!plan.qual.empty()) AddFiltered(node, op, "Rows Removed by Filter", 1);
      const auto* scan_op = dynamic_cast<const executor::IndexScanOperator*>(op);
      if (options_.analyze && scan_op != nullptr) {
        node->props.push_back(
            Float("Heap Fetches", static_cast<double>(scan_op->heap_fetches()), 0));
      }
      break;
    }
    case PlanTag::kNestLoop: {
      const auto& join = nodes::PlanAs<nodes::NestLoop>(plan);
      AddQual(node, plan, join.joinqual, "Join Filter", false, &params);
      if (!join.joinqual.empty()) AddFiltered(node, op, "Rows Removed by Join Filter", 1);
      AddQual(node, plan, plan.qual, "Filter", false, &params);
      if (!plan.qual.empty()) AddFiltered(node, op, "Rows Removed by Filter", 2);
      break;
    }
    case PlanTag::kMergeJoin: {
      const auto& join = nodes::PlanAs<nodes::MergeJoin>(plan);
      AddQual(node, plan, join.mergeclauses, "Merge Cond", false, &params);
      AddQual(node, plan, join.joinqual, "Join Filter", false, &params);
      if (!join.joinqual.empty()) AddFiltered(node, op, "Rows Removed by Join Filter", 1);
      AddQual(node, plan, plan.qual, "Filter", false, &params);
      if (!plan.qual.empty()) AddFiltered(node, op, "Rows Removed by Filter", 2);
      break;
    }
    case PlanTag::kHashJoin: {
      const auto& join = nodes::PlanAs<nodes::HashJoin>(plan);
      AddQual(node, plan, join.hashclauses, "Hash Cond", false, &params);
      AddQual(node, plan, join.joinqual, "Join Filter", false, &params);
      if (!join.joinqual.empty()) AddFiltered(node, op, "Rows Removed by Join Filter", 1);
      AddQual(node, plan, plan.qual, "Filter", false, &params);
      if (!plan.qual.empty()) AddFiltered(node, op, "Rows Removed by Filter", 2);
      break;
    }
    case PlanTag::kHash: {
      const auto* hash_op = dynamic_cast<const executor::HashOperator*>(op);
      if (options_.analyze && hash_op != nullptr && hash_op->instrument() != nullptr &&
          hash_op->instrument()->nloops > 0) {
        ExplainProperty hp;
        hp.kind = ExplainProperty::Kind::kHashInfo;
        hp.counters = {hash_op->buckets(), hash_op->buckets_original(), hash_op->batches(),
                       hash_op->batches_original(), hash_op->memory_kb()};
        node->props.push_back(hp);
      }
      break;
    }
    case PlanTag::kAppend: {
      // No partition pruning: every member runs (JSON only, as PostgreSQL).
      ExplainProperty removed;
      removed.label = "Subplans Removed";
      removed.kind = ExplainProperty::Kind::kInteger;
      removed.text_hidden = true;
      node->props.push_back(removed);
      break;
    }
    case PlanTag::kAgg: {
      const auto& agg = nodes::PlanAs<nodes::Agg>(plan);
      if (agg.aggstrategy != nodes::AggStrategy::kPlain && plan.lefttree) {
        AddKeys(node, *plan.lefttree, "Group Key", agg.group.colIdx, nullptr, &params);
      }
      AddQual(node, plan, plan.qual, "Filter", false, &params);
      if (!plan.qual.empty()) AddFiltered(node, op, "Rows Removed by Filter", 1);
      if (agg.aggstrategy == nodes::AggStrategy::kHashed) {
        const auto* agg_op = dynamic_cast<const executor::AggOperator*>(op);
        int planned = agg_op != nullptr ? agg_op->planned_partitions() : 0;
        if (options_.costs) {
          ExplainProperty planned_prop;
          planned_prop.label = "Planned Partitions";
          planned_prop.kind = ExplainProperty::Kind::kInteger;
          planned_prop.integer = planned;
          planned_prop.text_hidden = true;  // TEXT prints it on the kHashAgg line
          node->props.push_back(planned_prop);
        }
        bool ran = options_.analyze && agg_op != nullptr && agg_op->instrument() != nullptr &&
                   agg_op->instrument()->nloops > 0;
        if (ran || (options_.costs && planned > 0)) {
          ExplainProperty hp;
          hp.kind = ExplainProperty::Kind::kHashAgg;
          hp.boolean = ran;
          hp.counters = {ran ? agg_op->hash_batches() : 0, ran ? agg_op->hash_memory_kb() : 0,
                         ran ? agg_op->hash_disk_kb() : 0, options_.costs ? planned : 0};
          node->props.push_back(hp);
        }
      }
      break;
    }
    case PlanTag::kSort: {
      const auto& sort = nodes::PlanAs<nodes::Sort>(plan);
      AddKeys(node, plan, "Sort Key", sort.sort.sortColIdx, &sort.sort, &params);
      const auto* sort_op = dynamic_cast<const executor::SortOperator*>(op);
      if (options_.analyze && sort_op != nullptr && sort_op->sort_stats().done) {
        const auto& st = sort_op->sort_stats();
        ExplainProperty sp;
        sp.kind = ExplainProperty::Kind::kSortSpace;
        sp.text = st.method;
        sp.list = {st.space_type};
        sp.counters = {st.space_used_kb};
        node->props.push_back(sp);
      }
      break;
    }
    case PlanTag::kResult: {
      const auto& result = nodes::PlanAs<nodes::Result>(plan);
      if (result.resconstantqual) {
        AddQual(node, plan, nodes::ExprList{result.resconstantqual}, "One-Time Filter", false,
                &params);
      }
      AddQual(node, plan, plan.qual, "Filter", false, &params);
      if (!plan.qual.empty()) AddFiltered(node, op, "Rows Removed by Filter", 1);
      break;
    }
    default:
      break;
  }
  if (options_.analyze && options_.buffers && op != nullptr && op->instrument() != nullptr) {
    const auto& b = op->instrument()->buffers;
    ExplainProperty bp;
    bp.kind = ExplainProperty::Kind::kBuffers;
    bp.counters = {static_cast<int64_t>(b.shared_hit), static_cast<int64_t>(b.shared_read),
                   static_cast<int64_t>(b.shared_dirtied), static_cast<int64_t>(b.shared_written)};
    node->props.push_back(bp);
  }
  if (options_.alternatives && !plan.alternatives.empty()) {
    ExplainProperty alt;
    alt.label = "Alternatives";
    alt.kind = ExplainProperty::Kind::kLines;
    alt.list = plan.alternatives;
    node->props.push_back(alt);
  }
}

// SubPlan expressions in the node's own expressions (PostgreSQL's planstate->subPlan).
std::vector<const nodes::SubPlan*> ExpressionSubPlans(const Plan& plan) {
  std::vector<const nodes::SubPlan*> found;
  std::set<int> seen;
  auto walk = [&](const nodes::ExprPtr& e) {
    executor::WalkExpr(e, [&](const nodes::ExprPtr& n) {
      if (n->tag == nodes::NodeTag::kSubPlan) {
        const auto* sp = nodes::As<nodes::SubPlan>(n.get());
        if (seen.insert(sp->plan_id).second) found.push_back(sp);
      }
      return true;
    });
  };
  for (const auto& tle : plan.targetlist) walk(tle.expr);
  for (const auto& q : plan.qual) walk(q);
  if (plan.tag == PlanTag::kIndexScan) {
    for (const auto& q : nodes::PlanAs<nodes::IndexScan>(plan).indexqualorig) walk(q);
  }
  if (plan.tag == PlanTag::kIndexOnlyScan) {
    for (const auto& q : nodes::PlanAs<nodes::IndexOnlyScan>(plan).indexqual) walk(q);
  }
  if (plan.tag == PlanTag::kNestLoop || plan.tag == PlanTag::kHashJoin ||
      plan.tag == PlanTag::kMergeJoin) {
    for (const auto& q : static_cast<const nodes::Join&>(plan).joinqual) walk(q);
  }
  if (plan.tag == PlanTag::kResult) walk(nodes::PlanAs<nodes::Result>(plan).resconstantqual);
  if (plan.tag == PlanTag::kValuesScan) {
    for (const auto& row : nodes::PlanAs<nodes::ValuesScan>(plan).values_lists) {
      for (const auto& e : row) walk(e);
    }
  }
  return found;
}

void Builder::AddChildren(ExplainNode* node, const Plan& plan, const Operator* op,
                          const std::map<int, std::string>& params) {
  auto subplan_child = [&](const nodes::SubPlan& sp, const char* relationship) {
    const Plan& sub = *stmt_.subplans.at(sp.plan_id - 1);
    const Operator* sub_op = static_cast<size_t>(sp.plan_id) <= subplan_ops_.size()
                                 ? subplan_ops_[sp.plan_id - 1]
                                 : nullptr;
    // Correlated parameters print as the outer expressions they carry.
    std::map<int, std::string> inner_params = params;
    executor::DeparseContext ctx = Context(plan, MultiRel(), &params);
    for (size_t i = 0; i < sp.parParam.size() && i < sp.args.size(); ++i) {
      std::string text = Deparse(sp.args[i], ctx);
      if (sp.args[i]->tag != nodes::NodeTag::kVar) text = "(" + text + ")";
      inner_params[sp.parParam[i]] = text;
    }
    node->children.push_back(Node(sub, sub_op, relationship, sp.plan_name, inner_params));
  };
  for (const auto& ip : plan.initPlan)
    subplan_child(*nodes::As<nodes::SubPlan>(ip.get()), "InitPlan");
  if (plan.lefttree) {
    node->children.push_back(Node(*plan.lefttree, op ? op->outer() : nullptr, "Outer", "", params));
  }
  if (plan.righttree) {
    // Nested-loop parameters print as the outer expressions they carry.
    std::map<int, std::string> inner_params = params;
    if (plan.tag == PlanTag::kNestLoop && plan.lefttree) {
      executor::DeparseContext ctx = Context(plan, MultiRel(), &params);
      for (const auto& np : nodes::PlanAs<nodes::NestLoop>(plan).nestParams) {
        inner_params[np.paramno] = Deparse(np.paramval, ctx);
      }
    }
    node->children.push_back(
        Node(*plan.righttree, op ? op->inner() : nullptr, "Inner", "", inner_params));
  }
  if (plan.tag == PlanTag::kAppend) {
    const auto& members = nodes::PlanAs<nodes::Append>(plan).appendplans;
    std::vector<Operator*> member_ops;
    if (op != nullptr) member_ops = op->extra_children();
    for (size_t i = 0; i < members.size(); ++i) {
      node->children.push_back(
          Node(*members[i], i < member_ops.size() ? member_ops[i] : nullptr, "Member", "", params));
    }
  }
  if (plan.tag == PlanTag::kSubqueryScan) {
    const Operator* sub_op = nullptr;
    if (op != nullptr && !op->extra_children().empty()) sub_op = op->extra_children()[0];
    node->children.push_back(
        Node(*nodes::PlanAs<nodes::SubqueryScan>(plan).subplan, sub_op, "Subquery", "", params));
  }
  for (const auto* sp : ExpressionSubPlans(plan)) subplan_child(*sp, "SubPlan");
}

ExplainNode Builder::Node(const Plan& plan, const Operator* op, const std::string& relationship,
                          const std::string& subplan_name,
                          const std::map<int, std::string>& params) {
  ExplainNode node;
  node.relationship = relationship;
  node.subplan_name = subplan_name;
  NamesAndTarget(plan, &node);
  node.parallel_aware = plan.parallel_aware;
  node.async_capable = plan.async_capable;
  node.startup_cost = plan.startup_cost;
  node.total_cost = plan.total_cost;
  node.plan_rows = plan.plan_rows;
  node.plan_width = plan.plan_width;
  if (options_.analyze) {
    const auto* instr = op != nullptr ? op->instrument() : nullptr;
    if (instr == nullptr || instr->nloops <= 0) {
      node.never_executed = true;
    } else {
      node.has_actuals = true;
      node.actual_startup_ms = 1000.0 * instr->startup_seconds / instr->nloops;
      node.actual_total_ms = 1000.0 * instr->total_seconds / instr->nloops;
      node.actual_rows = instr->ntuples / instr->nloops;
      node.actual_loops = instr->nloops;
    }
  }
  AddNodeProps(&node, plan, op, params);
  AddChildren(&node, plan, op, params);
  return node;
}

}  // namespace

ExplainNode BuildExplainTree(const nodes::PlannedStmt& stmt, const ExplainOptions& options,
                             const Operator* root_op,
                             const std::vector<const Operator*>& subplan_ops) {
  Builder builder(stmt, options, subplan_ops);
  return builder.Node(*stmt.planTree, root_op, "", "", {});
}

}  // namespace hyrax::planner

// IndexScan / IndexOnlyScan operator (see index_scan.h).
#include "executor/operators/index_scan.h"

#include "common/error.h"
#include "executor/functions/fmgr_catalog.h"
#include "storage/catalog/syscache.h"

namespace hyrax::executor {

namespace {

// The Var under RelabelTypes of an index qual's column side.
const nodes::Var* ColumnVar(const nodes::ExprPtr& e) {
  const nodes::Expr* x = e.get();
  while (x->tag == nodes::NodeTag::kRelabelType) x = nodes::As<nodes::RelabelType>(x)->arg.get();
  if (x->tag != nodes::NodeTag::kVar) {
    throw Error(errcode::kInternalError, "index qual does not have an index column operand");
  }
  return nodes::As<nodes::Var>(x);
}

}  // namespace

IndexScanOperator::IndexScanOperator(const nodes::Plan& plan, ExecState* estate)
    : Operator(plan, estate),
      rel_(estate->relation(nodes::PlanAs<nodes::Scan>(plan).scanrelid)),
      key_context_(estate) {
  Oid indexid;
  const nodes::ExprList* quals;
  nodes::ScanDirection dir;
  if (plan.tag == nodes::PlanTag::kIndexOnlyScan) {
    const auto& scan = nodes::PlanAs<nodes::IndexOnlyScan>(plan);
    index_only_ = true;
    indexid = scan.indexid;
    quals = &scan.indexqual;
    dir = scan.indexorderdir;
  } else {
    const auto& scan = nodes::PlanAs<nodes::IndexScan>(plan);
    indexid = scan.indexid;
    quals = &scan.indexqualorig;
    dir = scan.indexorderdir;
  }
  direction_ = dir == nodes::ScanDirection::kBackward ? storage::ScanDirection::kBackward
                                                      : storage::ScanDirection::kForward;
  index_ = OpenIndexRelation(rel_, indexid);
  for (const auto& q : *quals) AddKey(q);
  scan_slot_ = std::make_unique<HeapTupleSlot>(rel_.desc);
  bool project = !TargetListMatchesDesc(plan.targetlist, nodes::PlanAs<nodes::Scan>(plan).scanrelid,
                                        *rel_.desc);
  InitResultAndQual(project);
  if (!project) SetResultDesc(rel_.desc);
}

IndexScanOperator::~IndexScanOperator() = default;

void IndexScanOperator::AddKey(const nodes::ExprPtr& qual) {
  KeyTemplate key;
  const nodes::Var* var;
  Oid opno = kInvalidOid;
  nodes::ExprPtr value;
  if (qual->tag == nodes::NodeTag::kNullTest) {
    const auto& nt = *nodes::As<nodes::NullTest>(qual);
    var = ColumnVar(nt.arg);
    key.flags = nt.nulltesttype == nodes::NullTestType::kIsNull ? storage::kScanKeySearchNull
                                                                : storage::kScanKeySearchNotNull;
  } else if (qual->tag == nodes::NodeTag::kOpExpr) {
    const auto& op = *nodes::As<nodes::OpExpr>(qual);
    var = ColumnVar(op.args.at(0));
    opno = op.opno;
    value = op.args.at(1);
  } else {
    throw Error(errcode::kInternalError, "unsupported index qual");
  }
  const catalog::PgIndex& pg = index_->index;
  int col = -1;
  for (int i = 0; i < pg.indnkeyatts; ++i) {
    if (pg.indkey.at(i) == var->varattno) {
      col = i;
      break;
    }
  }
  if (col < 0) throw Error(errcode::kInternalError, "index qual column is not an index key");
  key.attno = col + 1;
  if (opno != kInvalidOid) {
    auto& cache = catalog::Syscache();
    auto opclass = cache.OpclassByOid(pg.indclass.at(col));
    if (!opclass) throw Error(errcode::kInternalError, "cache lookup failed for operator class");
    std::optional<catalog::PgAmop> amop;
    for (const auto& a : cache.AmopsByOperator(opno)) {
      if (a.amopfamily == opclass->opcfamily) amop = a;
    }
    if (!amop) {
      throw MakeError(errcode::kInternalError, "operator {} is not a member of opfamily {}", opno,
                      opclass->opcfamily);
    }
    key.strategy = static_cast<storage::BtStrategy>(amop->amopstrategy);
    if (amop->amoprighttype != opclass->opcintype || amop->amoplefttype != opclass->opcintype) {
      // A cross-type operator (int4 column, int8 value): its own comparison function.
      Oid proc = kInvalidOid;
      for (const auto& p : cache.AmprocsOfFamily(opclass->opcfamily)) {
        if (p.amprocnum == 1 && p.amproclefttype == amop->amoplefttype &&
            p.amprocrighttype == amop->amoprighttype) {
          proc = p.amproc;
        }
      }
      if (proc == kInvalidOid) {
        throw MakeError(errcode::kInternalError, "missing support function 1({},{}) in opfamily {}",
                        amop->amoplefttype, amop->amoprighttype, opclass->opcfamily);
      }
      auto fn = std::make_unique<FmgrInfo>();
      FmgrInfoForOid(proc, fn.get(), &estate_->query_memory);
      FmgrInfo* raw = fn.get();
      Oid collation = index_->info.columns[col].collation;
      key.compare = [raw, collation](Datum a, Datum b) {
        return DatumGetInt32(FunctionCall(raw, collation, a, b));
      };
      compare_fns_.push_back(std::move(fn));
    }
    key.value = ExecInitExpr(*value, estate_);
  }
  keys_.push_back(std::move(key));
}

// Computes the key values (parameters may have changed) and restarts the btree scan.
void IndexScanOperator::StartScan() {
  key_context_.ResetPerTuple();
  std::vector<storage::IndexScanKey> keys;
  for (const auto& t : keys_) {
    storage::IndexScanKey key;
    key.attno = t.attno;
    key.strategy = t.strategy;
    key.flags = t.flags;
    key.compare = t.compare;
    if (t.value) {
      bool isnull;
      key.argument = ExecEvalExprSwitchContext(t.value.get(), &key_context_, &isnull);
      if (isnull) key.flags |= storage::kScanKeyIsNull;
    }
    keys.push_back(std::move(key));
  }
  if (!scan_) scan_ = std::make_unique<storage::BtreeScan>(index_->info);
  scan_->Rescan(std::move(keys));
  horizon_ = storage::DeadHorizon();
  need_start_ = false;
}

void IndexScanOperator::OpenImpl() {
  need_start_ = true;
}

TupleSlot* IndexScanOperator::NextImpl() {
  if (need_start_) StartScan();
  for (;;) {
    econtext()->ResetPerTuple();
    storage::ItemPointerData tid;
    if (!scan_->Next(direction_, &tid)) {
      scan_slot_->Clear();
      return nullptr;
    }
    storage::HeapTuple tuple;
    bool visible;
    bool all_dead = false;
    {
      // The copy lives until the next row resets the per-tuple memory. The entry names a
      // HOT chain's root; the member our snapshot sees is returned.
      MemoryContextScope scope(&econtext()->per_tuple_memory);
      visible =
          storage::HeapHotFetch(rel_.heap, estate_->snapshot, tid, &tuple, &horizon_, &all_dead);
    }
    if (index_only_) ++heap_fetches_;
    if (!visible) {
      // Dead to everyone: let later scans skip the entry (PostgreSQL's kill_prior_tuple).
      if (all_dead) scan_->MarkCurrentDead();
      continue;
    }
    scan_slot_->StoreHeapTuple(tuple, /*copy=*/false);
    econtext()->scantuple = scan_slot_.get();
    if (!ExecQual(qual_.get(), econtext())) {
      CountFiltered1();
      continue;
    }
    if (!projection_) return scan_slot_.get();
    return ExecProject(projection_.get(), econtext());
  }
}

void IndexScanOperator::CloseImpl() {
  scan_slot_->Clear();
  if (scan_) scan_->ApplyKilledItems();
  scan_.reset();
  need_start_ = true;
}

void IndexScanOperator::ReScanImpl() {
  need_start_ = true;
}

void IndexScanOperator::MarkPosImpl() {
  if (scan_ && !need_start_) scan_->MarkPosition();
}

void IndexScanOperator::RestrPosImpl() {
  if (scan_ && !need_start_) scan_->RestorePosition();
}

}  // namespace hyrax::executor

// Key lookups for foreign keys through a dirty snapshot (see ri_key_scan.h).
#include "executor/ri/ri_key_scan.h"

#include <algorithm>

#include "common/interrupts.h"
#include "executor/functions/fmgr_catalog.h"
#include "storage/btree/btree_scan.h"
#include "storage/catalog/syscache.h"
#include "storage/lmgr/lock_manager.h"

namespace hyrax::executor::ri {

namespace {

// The btree comparison of an index column (opclass `opclass`) with a value of `arg_type`:
// nullptr when the column's own comparison applies, kInvalidOid-filled when none exists.
std::optional<Oid> CrossTypeComparison(Oid opclass, Oid column_type, Oid arg_type) {
  auto opc = catalog::Syscache().OpclassByOid(opclass);
  if (!opc) return std::nullopt;
  if (arg_type == opc->opcintype || arg_type == column_type) return kInvalidOid;
  for (const auto& proc : catalog::Syscache().AmprocsOfFamily(opc->opcfamily)) {
    if (proc.amprocnum == 1 && proc.amproclefttype == opc->opcintype &&
        proc.amprocrighttype == arg_type) {
      return proc.amproc;
    }
  }
  return std::nullopt;
}

}  // namespace

RiKeyScan::RiKeyScan(catalog::RelationPtr rel, std::vector<RiColumnMatch> columns,
                     Oid preferred_index)
    : rel_(std::move(rel)), columns_(std::move(columns)), slot_(rel_->desc) {
  if (preferred_index != kInvalidOid && ChooseIndex(preferred_index)) return;
  for (const auto& idx : rel_->indexes) {
    if (idx.indexrelid != preferred_index && ChooseIndex(idx.indexrelid)) return;
  }
}

RiKeyScan::~RiKeyScan() = default;

// Uses index `indexrelid` when its first key columns are exactly the matched columns (in
// any order) and each key value can be compared with its column.
bool RiKeyScan::ChooseIndex(Oid indexrelid) {
  auto found = std::find_if(rel_->indexes.begin(), rel_->indexes.end(),
                            [&](const catalog::PgIndex& i) { return i.indexrelid == indexrelid; });
  if (found == rel_->indexes.end()) return false;
  const catalog::PgIndex& idx = *found;
  if (!idx.indisvalid || !idx.indisready || idx.indexprs || idx.indpred) return false;
  if (idx.indnkeyatts < static_cast<int>(columns_.size())) return false;
  std::vector<IndexKey> keys;
  for (size_t pos = 0; pos < columns_.size(); ++pos) {
    int column = idx.indkey[pos] - 1;
    auto match = std::find_if(columns_.begin(), columns_.end(),
                              [&](const RiColumnMatch& m) { return m.column == column; });
    if (match == columns_.end()) return false;
    auto cmp = CrossTypeComparison(idx.indclass.at(pos), rel_->desc->attr(column).type_oid,
                                   match->key_type);
    if (!cmp) return false;
    IndexKey key;
    key.match = static_cast<size_t>(match - columns_.begin());
    if (*cmp != kInvalidOid) {
      key.cross_type = std::make_unique<FmgrInfo>();
      FmgrInfoForOid(*cmp, key.cross_type.get(), TopMemoryContext());
    }
    keys.push_back(std::move(key));
  }
  index_ = OpenIndexRelation(*rel_, indexrelid);
  index_keys_ = std::move(keys);
  return true;
}

bool RiKeyScan::Matches(TupleSlot& row, const RiKey& key) {
  row.GetAllAttrs();
  for (size_t i = 0; i < columns_.size(); ++i) {
    const RiColumnMatch& m = columns_[i];
    if (row.nulls()[m.column]) return false;
    Datum column = row.values()[m.column];
    LocalFunctionCallInfo<2> call(const_cast<FmgrInfo*>(m.eq), m.collation);
    call.SetArg(0, m.key_is_left ? key.values[i] : column);
    call.SetArg(1, m.key_is_left ? column : key.values[i]);
    Datum eq = FunctionCallInvoke(&call.fcinfo);
    if (call.fcinfo.isnull || !DatumGetBool(eq)) return false;
  }
  return true;
}

RiKeyScan::Verdict RiKeyScan::Judge(const storage::HeapTuple& tuple,
                                    const storage::SnapshotData& dirty, RiInsertersPolicy inserters,
                                    const RiKey& key) {
  // The key is checked on the version itself: the index entry may lead to another key's
  // row (a reused line pointer, a HOT chain whose key changed).
  slot_.StoreHeapTuple(tuple, /*copy=*/false);
  if (!Matches(slot_, key)) return Verdict::kSkip;
  if (TransactionIdIsValid(dirty.dirty_xmax)) {
    wait_for_ = dirty.dirty_xmax;
    return Verdict::kRetry;
  }
  if (TransactionIdIsValid(dirty.dirty_xmin)) {
    if (inserters == RiInsertersPolicy::kIgnore) return Verdict::kSkip;
    wait_for_ = dirty.dirty_xmin;
    return Verdict::kRetry;
  }
  return Verdict::kLive;
}

bool RiKeyScan::ScanIndex(const RiKey& key, RiInsertersPolicy inserters, size_t limit,
                          std::vector<storage::ItemPointerData>* out) {
  std::vector<storage::IndexScanKey> scan_keys;
  for (size_t pos = 0; pos < index_keys_.size(); ++pos) {
    storage::IndexScanKey sk;
    sk.attno = static_cast<int>(pos + 1);
    sk.strategy = storage::BtStrategy::kEqual;
    sk.argument = key.values[index_keys_[pos].match];
    if (FmgrInfo* fn = index_keys_[pos].cross_type.get()) {
      Oid collation = index_->info.columns[pos].collation;
      sk.compare = [fn, collation](Datum a, Datum b) {
        return DatumGetInt32(FunctionCall(fn, collation, a, b));
      };
    }
    scan_keys.push_back(std::move(sk));
  }
  storage::BtreeScan scan(index_->info);
  scan.Rescan(std::move(scan_keys));
  storage::SnapshotData dirty;
  dirty.kind = storage::SnapshotKind::kDirty;
  storage::DeadHorizon horizon;
  storage::ItemPointerData tid;
  while (scan.Next(storage::ScanDirection::kForward, &tid)) {
    storage::HeapTuple tuple;
    if (!storage::HeapHotFetch(rel_->heap, &dirty, tid, &tuple, &horizon, nullptr)) continue;
    Verdict verdict = Judge(tuple, dirty, inserters, key);
    if (verdict == Verdict::kRetry) return false;
    if (verdict == Verdict::kSkip) continue;
    out->push_back(tuple.self);
    if (limit != 0 && out->size() >= limit) break;
  }
  return true;
}

bool RiKeyScan::ScanHeap(const RiKey& key, RiInsertersPolicy inserters, size_t limit,
                         std::vector<storage::ItemPointerData>* out) {
  // Every version is looked at; a matching one is fetched again under its page lock to
  // learn its writers' state (a page-at-a-time scan cannot report it per tuple).
  storage::SnapshotData any;
  any.kind = storage::SnapshotKind::kAny;
  storage::HeapScan scan(rel_->heap, &any);
  storage::SnapshotData dirty;
  dirty.kind = storage::SnapshotKind::kDirty;
  storage::HeapTuple candidate;
  while (scan.Next(&candidate)) {
    slot_.StoreHeapTuple(candidate, /*copy=*/false);
    if (!Matches(slot_, key)) continue;
    storage::HeapTuple tuple;
    if (!storage::HeapFetch(rel_->heap, &dirty, candidate.self, &tuple)) continue;
    Verdict verdict = Judge(tuple, dirty, inserters, key);
    if (verdict == Verdict::kRetry) return false;
    if (verdict == Verdict::kSkip) continue;
    out->push_back(tuple.self);
    if (limit != 0 && out->size() >= limit) break;
  }
  return true;
}

std::vector<storage::ItemPointerData> RiKeyScan::FindLive(const RiKey& key,
                                                          RiInsertersPolicy inserters,
                                                          size_t limit) {
  MemoryContext scan_memory("RiKeyScan");
  std::vector<storage::ItemPointerData> out;
  for (;;) {
    out.clear();
    bool done;
    {
      MemoryContextScope scope(&scan_memory);
      done =
          index_ ? ScanIndex(key, inserters, limit, &out) : ScanHeap(key, inserters, limit, &out);
      slot_.Clear();
    }
    scan_memory.Reset();
    if (done) return out;
    // A writer of a matching row is still running: its outcome decides the answer.
    storage::XactLockTableWait(wait_for_);
    CheckForInterrupts();
  }
}

}  // namespace hyrax::executor::ri

// Finding the rows of one table whose key columns equal a given key, as the foreign key
// checks and actions need them (PostgreSQL runs "SELECT 1 FROM t WHERE k = $1 FOR KEY
// SHARE" for this). Rows are judged through a dirty snapshot: committed rows and this
// transaction's own count, and a row another transaction is still deleting (or, with
// kWaitForInserters, inserting) makes the scan wait for that transaction and start over,
// so the answer never rests on an outcome not yet decided. executor/ri/README.md explains
// why this keeps "insert child" and "delete parent" from both committing.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "executor/exec/index_relation.h"
#include "executor/exec/tuple_slot.h"
#include "executor/ri/ri_constraint.h"

namespace hyrax::executor::ri {

// How a scanned column is compared with a key value: fn(key, column) when key_is_left,
// else fn(column, key).
struct RiColumnMatch {
  int column = 0;  // 0-based attribute index in the scanned table
  Oid key_type = kInvalidOid;
  const FmgrInfo* eq = nullptr;
  Oid collation = kInvalidOid;
  bool key_is_left = false;
};

enum class RiInsertersPolicy : uint8_t {
  kIgnore,  // rows inserted by transactions in progress do not count (not visible yet)
  kWait,    // wait for their inserters, then look again
};

class RiKeyScan {
 public:
  // Scans `rel` (kept alive by the caller) through the btree index `preferred_index` when
  // it fits, else through any index whose leading key columns are the matched columns, else
  // sequentially.
  RiKeyScan(catalog::RelationPtr rel, std::vector<RiColumnMatch> columns, Oid preferred_index);
  ~RiKeyScan();

  // The ctids of the live row versions matching `key` (no NULL in it), at most `limit`
  // (0: all). Waits (XactLockTableWait) for transactions still deleting a matching row, and
  // per `inserters` for those still inserting one. Throws the waits' errors (40P01, 57014).
  std::vector<storage::ItemPointerData> FindLive(const RiKey& key, RiInsertersPolicy inserters,
                                                 size_t limit);
  // Whether `row` (a row of the scanned table, every column readable) matches `key`.
  bool Matches(TupleSlot& row, const RiKey& key);

 private:
  enum class Verdict : uint8_t { kSkip, kLive, kRetry };
  bool ChooseIndex(Oid indexrelid);
  Verdict Judge(const storage::HeapTuple& tuple, const storage::SnapshotData& dirty,
                RiInsertersPolicy inserters, const RiKey& key);
  bool ScanIndex(const RiKey& key, RiInsertersPolicy inserters, size_t limit,
                 std::vector<storage::ItemPointerData>* out);
  bool ScanHeap(const RiKey& key, RiInsertersPolicy inserters, size_t limit,
                std::vector<storage::ItemPointerData>* out);

  catalog::RelationPtr rel_;
  std::vector<RiColumnMatch> columns_;
  HeapTupleSlot slot_;
  OpenIndexPtr index_;
  // Per index key column used: which entry of columns_ it matches, and the btree
  // comparison of an index value with that key value (empty: the column's own).
  struct IndexKey {
    size_t match = 0;
    std::unique_ptr<FmgrInfo> cross_type;
  };
  std::vector<IndexKey> index_keys_;
  TransactionId wait_for_ = kInvalidTransactionId;  // set by Judge on kRetry
};

}  // namespace hyrax::executor::ri

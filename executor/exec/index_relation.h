// Opening a btree index for the executor (PostgreSQL's index_open + RelationGetIndexScan's
// setup): the storage-level IndexRelationInfo built from the index's pg_class, pg_index,
// pg_attribute/pg_type and pg_amproc rows, with comparison support functions bound through
// the function manager; forming index entries from table rows (FormIndexDatum), and
// inserting a new row version into every index of its table (ExecInsertIndexTuples).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "executor/exec/exec_state.h"
#include "executor/functions/fmgr.h"
#include "storage/btree/btree.h"
#include "storage/catalog/relcache.h"

namespace hyrax::executor {

// One opened index. Immutable after OpenIndex; shared by scans and inserters.
struct OpenIndex {
  storage::IndexRelationInfo info;
  catalog::PgIndex index;                 // its pg_index row
  std::vector<std::string> column_names;  // index column names (for messages)
  std::vector<std::unique_ptr<FmgrInfo>> compare_fns;
  storage::KeyFormatFn format_key;  // "(a)=(1)" as PostgreSQL's BuildIndexValueDescription
};
using OpenIndexPtr = std::shared_ptr<const OpenIndex>;

// Describes index `indexrelid` of table `heap`. Throws XX000 when its catalog rows are
// missing, 0A000 for expression indexes and access methods other than btree.
OpenIndexPtr OpenIndexRelation(const catalog::RelationData& heap, Oid indexrelid);
// Every index of `heap` (pg_index rows in the relcache entry), in OID order.
std::vector<OpenIndexPtr> OpenTableIndexes(const catalog::RelationData& heap);

// The index entry for a table row: values/isnull of the table's columns (attnum order) ->
// index.info.natts() values (key columns, then INCLUDE columns).
void FormIndexDatum(const OpenIndex& index, const Datum* row_values, const bool* row_isnull,
                    Datum* values, bool* isnull);

// Inserts the entries for a new row version at `tid` into every index of `heap` (unique
// ones checked: 23505 on a live duplicate, waiting for in-progress writers first). A
// deferrable unique index (indimmediate false) takes a duplicate and appends the row to
// `rechecks` instead (PostgreSQL's UNIQUE_CHECK_PARTIAL).
void InsertIndexEntries(const catalog::RelationData& heap, const std::vector<OpenIndexPtr>& indexes,
                        const Datum* row_values, const bool* row_isnull,
                        storage::ItemPointerData tid, std::vector<UniqueRecheck>* rechecks);

}  // namespace hyrax::executor

// Relation size and width estimates (see plancat.h); PostgreSQL 15's
// table_block_relation_estimate_size, get_rel_data_width and get_typavgwidth.
#include "planner/path/plancat.h"

#include <algorithm>
#include <cmath>

#include "executor/exec/index_relation.h"
#include "planner/path/column_stats.h"
#include "storage/btree/btree.h"
#include "storage/buffer/buffer_manager.h"
#include "storage/catalog/catalog_desc.h"
#include "storage/catalog/syscache.h"
#include "storage/txn/snapshot.h"

namespace hyrax::planner {

RelationBlocksFn g_relation_blocks_hook = nullptr;
IndexSizeFn g_index_size_hook = nullptr;

namespace {

constexpr int kPageHeaderSize = 24;
constexpr int kTupleOverhead = 24 + 4;  // MAXALIGN(SizeofHeapTupleHeader) + ItemIdData
constexpr int kMaxEncodingLength = 4;   // UTF8 (the only server encoding)
constexpr Oid kBpchar = 1042, kVarchar = 1043, kNumeric = 1700, kBit = 1560, kVarbit = 1562;

int32_t TypeMaximumSize(Oid type, int32_t typmod) {
  if (typmod < 0) return -1;
  switch (type) {
    case kBpchar:
    case kVarchar:
      return (typmod - 4) * kMaxEncodingLength + 4;
    case kNumeric: {
      int precision = ((typmod - 4) >> 16) & 0xffff;
      int digits = (precision + 6) / 4;
      return 8 + digits * 2;
    }
    case kBit:
    case kVarbit:
      return (typmod + 7) / 8 + 4 + 4;
    default:
      return -1;
  }
}

// PostgreSQL's indcheckxmin test (get_relation_info): an index built over broken HOT chains
// may miss row versions that snapshots older than its pg_index row can still see. Usable
// once the row's xmin precedes the xmin of every snapshot this backend holds; without a
// snapshot yet we cannot tell and leave the index out.
bool IndexOldEnoughForSnapshots(const catalog::PgIndex& pg) {
  const TransactionId xmin = storage::GetMyOldestSnapshotXmin();
  return TransactionIdIsValid(xmin) && TransactionIdPrecedes(pg.row_xmin, xmin);
}

// The planner's view of the table's btree indexes (get_relation_info's index loop).
void GetIndexList(RelOptInfo* rel, const catalog::RelationData& relation) {
  auto& cache = catalog::Syscache();
  rel->indexlist.clear();
  for (const auto& pg : relation.indexes) {
    if (!pg.indisvalid || !pg.indislive || pg.indpred.has_value()) continue;
    if (pg.indcheckxmin && !IndexOldEnoughForSnapshots(pg)) continue;
    bool plain = pg.indnatts > 0;
    for (int i = 0; i < pg.indnatts; ++i) plain &= pg.indkey.at(i) != 0;
    if (!plain) continue;
    catalog::RelationPtr irel = catalog::RelationIdGetRelation(pg.indexrelid);
    if (!irel || irel->rel.relam != catalog::kBtreeAmOid) continue;
    auto info = std::make_shared<IndexOptInfo>();
    info->indexoid = pg.indexrelid;
    info->name = irel->rel.relname;
    info->ncolumns = pg.indnatts;
    info->nkeycolumns = pg.indnkeyatts;
    info->unique = pg.indisunique;
    bool ok = true;
    for (int i = 0; i < pg.indnatts; ++i) {
      info->indexkeys.push_back(pg.indkey[i]);
      if (i >= pg.indnkeyatts) continue;
      auto opc = cache.OpclassByOid(pg.indclass.at(i));
      if (!opc) {
        ok = false;
        break;
      }
      int16_t option = i < static_cast<int>(pg.indoption.size()) ? pg.indoption[i] : 0;
      info->opfamily.push_back(opc->opcfamily);
      info->opcintype.push_back(opc->opcintype);
      info->indexcollations.push_back(
          i < static_cast<int>(pg.indcollation.size()) ? pg.indcollation[i] : kInvalidOid);
      info->reverse_sort.push_back((option & storage::kIndexOptionDesc) != 0);
      info->nulls_first.push_back((option & storage::kIndexOptionNullsFirst) != 0);
    }
    if (!ok) continue;
    if (g_index_size_hook != nullptr) {
      g_index_size_hook(*irel, &info->pages, &info->tree_height);
    } else if (g_relation_blocks_hook != nullptr) {
      info->pages = g_relation_blocks_hook(*irel);
      info->tree_height = 0;
    } else {
      info->pages = storage::BufferManager::NumBlocks(catalog::HeapRelationFor(irel->rel).locator,
                                                      ForkNumber::kMain);
      info->tree_height = info->pages > 0
                              ? static_cast<int>(storage::BtreeTreeHeight(
                                    executor::OpenIndexRelation(relation, pg.indexrelid)->info))
                              : 0;
    }
    // A non-partial index has as many entries as the table has rows.
    info->tuples = rel->tuples;
    rel->indexlist.push_back(std::move(info));
  }
  std::sort(
      rel->indexlist.begin(), rel->indexlist.end(),
      [](const IndexOptInfoPtr& a, const IndexOptInfoPtr& b) { return a->indexoid > b->indexoid; });
}

}  // namespace

int32_t TypeAvgWidth(Oid type, int32_t typmod) {
  auto t = catalog::Syscache().TypeByOid(type);
  if (t && t->typlen > 0) return t->typlen;
  int32_t maxwidth = TypeMaximumSize(type, typmod);
  if (maxwidth > 0) {
    if (type == kBpchar) return maxwidth;
    if (maxwidth <= 32) return maxwidth;
    if (maxwidth < 1000) return 32 + (maxwidth - 32) / 2;
    return 32 + (1000 - 32) / 2;
  }
  return 32;
}

int32_t AttrWidth(RelOptInfo* rel, const catalog::RelationData* relation, nodes::AttrNumber attno,
                  Oid type, int32_t typmod) {
  int index = attno - rel->min_attr;
  if (index >= 0 && index < static_cast<int>(rel->attr_widths.size()) &&
      rel->attr_widths[index] > 0) {
    return rel->attr_widths[index];
  }
  int32_t width = TypeAvgWidth(type, typmod);
  if (index >= 0 && index < static_cast<int>(rel->attr_widths.size())) {
    rel->attr_widths[index] = width;
  }
  return width;
}

void GetRelationInfo(RelOptInfo* rel, const catalog::RelationData& relation) {
  rel->min_attr = nodes::kTableOidAttributeNumber;
  rel->max_attr = static_cast<nodes::AttrNumber>(relation.desc->natts());
  rel->attr_widths.assign(rel->max_attr - rel->min_attr + 1, 0);
  // ANALYZE's average widths (get_attavgwidth) where they exist.
  for (int i = 0; i < relation.desc->natts(); ++i) {
    const auto& attr = relation.desc->attr(i);
    if (attr.dropped) continue;
    if (std::optional<int32_t> w = StatsAttrWidth(relation.rel.oid, attr.attnum)) {
      rel->attr_widths[attr.attnum - rel->min_attr] = *w;
    }
  }

  double curpages =
      g_relation_blocks_hook != nullptr
          ? g_relation_blocks_hook(relation)
          : storage::BufferManager::NumBlocks(relation.heap.locator, ForkNumber::kMain);
  double relpages = relation.rel.relpages;
  double reltuples = relation.rel.reltuples;
  // A never-vacuumed table is assumed to have at least 10 pages, so that a just-created
  // table that is about to be filled is not planned as if empty.
  if (curpages < 10 && reltuples < 0 && !relation.rel.relhassubclass) curpages = 10;
  rel->pages = curpages;
  int32_t relallvisible = relation.rel.relallvisible;
  if (relallvisible == 0 || curpages <= 0) {
    rel->allvisfrac = 0;
  } else if (relallvisible >= curpages) {
    rel->allvisfrac = 1;
  } else {
    rel->allvisfrac = relallvisible / curpages;
  }
  if (curpages == 0) {
    rel->tuples = 0;
    GetIndexList(rel, relation);
    return;
  }
  double density;
  if (reltuples >= 0 && relpages > 0) {
    density = reltuples / relpages;
  } else {
    int32_t width = 0;
    for (int i = 0; i < relation.desc->natts(); ++i) {
      const auto& attr = relation.desc->attr(i);
      if (attr.dropped) continue;
      width += AttrWidth(rel, &relation, attr.attnum, attr.type_oid, attr.typmod);
    }
    width += kTupleOverhead;
    density = static_cast<double>((kBlockSize - kPageHeaderSize) / width);  // integer division
  }
  rel->tuples = std::rint(density * curpages);
  GetIndexList(rel, relation);
}

}  // namespace hyrax::planner

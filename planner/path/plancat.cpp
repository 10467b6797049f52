// Relation size and width estimates (see plancat.h); PostgreSQL 15's
// table_block_relation_estimate_size, get_rel_data_width and get_typavgwidth.
#include "planner/path/plancat.h"

#include <cmath>

#include "storage/buffer/buffer_manager.h"
#include "storage/catalog/syscache.h"

namespace hyrax::planner {

RelationBlocksFn g_relation_blocks_hook = nullptr;

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
  if (curpages == 0) {
    rel->tuples = 0;
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
}

}  // namespace hyrax::planner

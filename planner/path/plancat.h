// Facts about relations for the planner (PostgreSQL's plancat.c): the size of a base
// relation (pages from the file, tuple density from pg_class or from the column widths)
// and average column widths (get_typavgwidth).
#pragma once

#include "planner/path/pathnodes.h"
#include "storage/catalog/relcache.h"

namespace hyrax::planner {

// Fills pages, tuples, allvisfrac, min/max attr, attr_widths and the btree index list
// (plain-column, non-partial, valid indexes) of a plain-relation RelOptInfo.
void GetRelationInfo(RelOptInfo* rel, const catalog::RelationData& relation);
// Average width of a value of `type` (PostgreSQL's get_typavgwidth).
int32_t TypeAvgWidth(Oid type, int32_t typmod);
// Width of column `attno` of `rel` (cached in attr_widths).
int32_t AttrWidth(RelOptInfo* rel, const catalog::RelationData* relation, nodes::AttrNumber attno,
                  Oid type, int32_t typmod);

// Number of blocks of a relation's main fork; null = BufferManager::NumBlocks. Tests
// install their own (no buffer pool).
using RelationBlocksFn = BlockNumber (*)(const catalog::RelationData& relation);
extern RelationBlocksFn g_relation_blocks_hook;
// Blocks and tree height (levels above the leaves) of a btree index; null = the index's
// file and metapage. Tests without a buffer pool install their own.
using IndexSizeFn = void (*)(const catalog::RelationData& index, double* pages, int* tree_height);
extern IndexSizeFn g_index_size_hook;

}  // namespace hyrax::planner

// Opening btree indexes and inserting index entries (see index_relation.h).
#include "executor/exec/index_relation.h"

#include <algorithm>

#include <fmt/format.h>

#include "common/error.h"
#include "executor/functions/fmgr_catalog.h"
#include "executor/functions/type_io.h"
#include "storage/catalog/catalog_desc.h"
#include "storage/catalog/syscache.h"

namespace hyrax::executor {

namespace {

int FillfactorOf(const std::vector<std::string>& reloptions) {
  for (const auto& opt : reloptions) {
    if (opt.rfind("fillfactor=", 0) == 0) return std::stoi(opt.substr(11));
  }
  return 90;
}

// pg_amproc support function 1 (the three-way comparison) of `opclass`.
Oid ComparisonProc(Oid opclass_oid) {
  auto& cache = catalog::Syscache();
  auto opc = cache.OpclassByOid(opclass_oid);
  if (!opc) {
    throw MakeError(errcode::kInternalError, "cache lookup failed for opclass {}", opclass_oid);
  }
  for (const auto& p : cache.AmprocsOfFamily(opc->opcfamily)) {
    if (p.amprocnum == 1 && p.amproclefttype == opc->opcintype &&
        p.amprocrighttype == opc->opcintype) {
      return p.amproc;
    }
  }
  throw MakeError(errcode::kInternalError, "missing support function 1({},{}) in opfamily {}",
                  opc->opcintype, opc->opcintype, opc->opcfamily);
}

}  // namespace

OpenIndexPtr OpenIndexRelation(const catalog::RelationData& heap, Oid indexrelid) {
  auto& cache = catalog::Syscache();
  catalog::RelationPtr irel = catalog::RelationIdGetRelation(indexrelid);
  if (!irel || !irel->index) {
    throw MakeError(errcode::kInternalError, "cache lookup failed for index {}", indexrelid);
  }
  if (irel->rel.relam != catalog::kBtreeAmOid) {
    throw Error(errcode::kFeatureNotSupported, "only btree indexes are supported yet");
  }
  auto out = std::make_shared<OpenIndex>();
  out->index = *irel->index;
  const catalog::PgIndex& pg = out->index;
  storage::IndexRelationInfo& info = out->info;
  info.oid = indexrelid;
  info.name = irel->rel.relname;
  info.locator = catalog::HeapRelationFor(irel->rel).locator;
  info.heap_oid = heap.oid;
  info.heap_name = heap.name();
  info.schema_name = heap.namespace_name;
  info.nkeyatts = pg.indnkeyatts;
  info.unique = pg.indisunique;
  info.nulls_not_distinct = pg.indnullsnotdistinct;
  info.fillfactor = FillfactorOf(irel->rel.reloptions);
  for (int i = 0; i < pg.indnatts; ++i) {
    if (pg.indkey.at(i) == 0) {
      throw Error(errcode::kFeatureNotSupported, "expression indexes are not supported yet");
    }
    const auto& attr = heap.desc->attr(pg.indkey[i] - 1);
    auto type = cache.TypeByOid(attr.type_oid);
    if (!type) {
      throw MakeError(errcode::kInternalError, "cache lookup failed for type {}", attr.type_oid);
    }
    storage::IndexColumn col;
    col.type_oid = attr.type_oid;
    col.len = type->typlen;
    col.byval = type->typbyval;
    col.align = type->typalign;
    out->column_names.push_back(i < irel->desc->natts() ? irel->desc->attr(i).name : attr.name);
    if (i < pg.indnkeyatts) {
      int16_t option = i < static_cast<int>(pg.indoption.size()) ? pg.indoption[i] : 0;
      col.desc = (option & storage::kIndexOptionDesc) != 0;
      col.nulls_first = (option & storage::kIndexOptionNullsFirst) != 0;
      col.collation = i < static_cast<int>(pg.indcollation.size()) ? pg.indcollation[i] : 0;
      auto fn = std::make_unique<FmgrInfo>();
      FmgrInfoForOid(ComparisonProc(pg.indclass.at(i)), fn.get(), TopMemoryContext());
      FmgrInfo* raw = fn.get();
      Oid collation = col.collation;
      col.compare = [raw, collation](Datum a, Datum b) {
        return DatumGetInt32(FunctionCall(raw, collation, a, b));
      };
      out->compare_fns.push_back(std::move(fn));
    }
    info.columns.push_back(std::move(col));
  }
  std::vector<std::string> names(out->column_names.begin(),
                                 out->column_names.begin() + pg.indnkeyatts);
  std::vector<Oid> types;
  for (int i = 0; i < pg.indnkeyatts; ++i) types.push_back(info.columns[i].type_oid);
  out->format_key = [names, types](const Datum* values,
                                   const bool* isnull) -> std::optional<std::string> {
    std::string cols, vals;
    for (size_t i = 0; i < names.size(); ++i) {
      if (i > 0) {
        cols += ", ";
        vals += ", ";
      }
      cols += names[i];
      vals += isnull[i] ? "null" : OutputByType(types[i], values[i]);
    }
    return fmt::format("({})=({})", cols, vals);
  };
  return out;
}

std::vector<OpenIndexPtr> OpenTableIndexes(const catalog::RelationData& heap) {
  std::vector<Oid> oids;
  for (const auto& idx : heap.indexes) {
    if (idx.indisready) oids.push_back(idx.indexrelid);
  }
  std::sort(oids.begin(), oids.end());
  std::vector<OpenIndexPtr> out;
  for (Oid oid : oids) out.push_back(OpenIndexRelation(heap, oid));
  return out;
}

void FormIndexDatum(const OpenIndex& index, const Datum* row_values, const bool* row_isnull,
                    Datum* values, bool* isnull) {
  for (int i = 0; i < index.info.natts(); ++i) {
    int attno = index.index.indkey[i] - 1;
    values[i] = row_values[attno];
    isnull[i] = row_isnull[attno];
  }
}

void InsertIndexEntries(const catalog::RelationData& heap, const std::vector<OpenIndexPtr>& indexes,
                        const Datum* row_values, const bool* row_isnull,
                        storage::ItemPointerData tid, std::vector<UniqueRecheck>* rechecks) {
  if (indexes.empty()) return;
  Datum values[storage::kIndexMaxKeys];
  bool isnull[storage::kIndexMaxKeys];
  for (const auto& index : indexes) {
    FormIndexDatum(*index, row_values, row_isnull, values, isnull);
    if (!index->info.unique) {
      storage::BtreeInsert(index->info, values, isnull, tid, storage::IndexUniqueCheck::kNo,
                           nullptr);
      continue;
    }
    storage::UniqueCheckContext ctx;
    ctx.probe_heap = storage::MakeHeapUniqueProbe(heap.heap);
    ctx.format_key = index->format_key;
    if (index->index.indimmediate) {
      storage::BtreeInsert(index->info, values, isnull, tid, storage::IndexUniqueCheck::kYes, &ctx);
    } else if (!storage::BtreeInsert(index->info, values, isnull, tid,
                                     storage::IndexUniqueCheck::kPartial, &ctx)) {
      rechecks->push_back({heap.oid, index->index.indexrelid, tid});
    }
  }
}

}  // namespace hyrax::executor

// ANALYZE (see analyze.h): PostgreSQL's two-stage sample (Knuth's Algorithm S over blocks,
// then a reservoir over the rows of the chosen blocks), compute_scalar_stats for types with a
// default btree opclass (null fraction, width, Haas-Stokes n_distinct, MCV list trimmed by
// analyze_mcv_list's rule, equi-depth histogram of the rest, correlation) and
// compute_trivial_stats otherwise; the rows replace the table's older pg_statistic rows.
#include "executor/commands/analyze.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <optional>
#include <random>

#include <fmt/format.h>

#include "common/array_layout.h"
#include "common/error.h"
#include "common/interrupts.h"
#include "common/memory_context.h"
#include "common/notice.h"
#include "common/varlena.h"
#include "executor/expr/function_lookup.h"
#include "executor/functions/fmgr.h"
#include "storage/catalog/catalog_scan.h"
#include "storage/catalog/inval.h"
#include "storage/catalog/relcache.h"
#include "storage/catalog/syscache.h"
#include "storage/heap/heap_am.h"
#include "storage/heap/heap_tuple.h"
#include "storage/heap/heap_visibility.h"
#include "storage/txn/proc_array.h"
#include "storage/txn/snapshot.h"
#include "storage/txn/transam.h"
#include "storage/vacuum/relation_stats.h"

namespace hyrax::executor {

int g_default_statistics_target = 100;

namespace {

constexpr int kWidthThreshold = 1024;  // wider values are left out of MCVs and histograms
constexpr int16_t kStatisticKindMcv = 1;
constexpr int16_t kStatisticKindHistogram = 2;
constexpr int16_t kStatisticKindCorrelation = 3;
constexpr Oid kFloat4Oid = 700;

// A sampled row: a private copy of the heap tuple's bytes.
struct SampleRow {
  storage::ItemPointerData self;
  std::unique_ptr<char[]> bytes;
  uint32_t len = 0;
};

bool TidLess(const storage::ItemPointerData& a, const storage::ItemPointerData& b) {
  if (a.block() != b.block()) return a.block() < b.block();
  return a.offset() < b.offset();
}

SampleRow CopyRow(const storage::HeapTuple& tuple) {
  SampleRow row;
  row.self = tuple.self;
  row.len = tuple.len;
  row.bytes.reset(new char[tuple.len]);
  std::memcpy(row.bytes.get(), tuple.data, tuple.len);
  return row;
}

// Stage 1 picks min(nblocks, targrows) blocks with equal probability in block order; stage 2
// keeps a uniform reservoir of `targrows` rows of the live tuples in them.
std::vector<SampleRow> AcquireSampleRows(const catalog::RelationData& rel, int targrows,
                                         AnalyzeResult* result) {
  storage::SnapshotData any;
  any.kind = storage::SnapshotKind::kAny;
  storage::HeapScan scan(rel.heap, &any);
  const BlockNumber nblocks = scan.num_blocks();
  result->total_pages = nblocks;
  const TransactionId oldest_xmin = storage::ProcArray::GetOldestXmin();
  std::mt19937_64 rng(std::random_device{}());
  std::vector<SampleRow> sample;
  double seen = 0;  // live rows offered to the reservoir
  BlockNumber needed = std::min<BlockNumber>(nblocks, static_cast<BlockNumber>(targrows));
  for (BlockNumber block = 0; block < nblocks && needed > 0; ++block) {
    // Algorithm S: take this block with probability needed / remaining.
    const BlockNumber remaining = nblocks - block;
    if (needed < remaining &&
        std::uniform_real_distribution<double>(0, 1)(rng) * remaining >= needed) {
      continue;
    }
    --needed;
    ++result->scanned_pages;
    CheckForInterrupts();
    scan.SetBlockRange(block, 1);
    storage::HeapTuple tuple;
    while (scan.Next(&tuple)) {
      bool live = false;
      switch (storage::HeapTupleSatisfiesVacuum(tuple.data, oldest_xmin, nullptr)) {
        case storage::HtsvResult::kLive:
          live = true;
          break;
        case storage::HtsvResult::kInsertInProgress:
          // Our own inserts count (PostgreSQL's acquire_sample_rows); others' do not.
          if (storage::TransactionIdIsCurrentTransactionId(
                  storage::HeapTupleHeaderGetXmin(tuple.data))) {
            live = true;
          }
          break;
        case storage::HtsvResult::kDeleteInProgress:
          if (storage::TransactionIdIsCurrentTransactionId(
                  storage::HeapTupleHeaderGetUpdateXid(tuple.data))) {
            result->dead_rows += 1;
          } else {
            live = true;
          }
          break;
        case storage::HtsvResult::kDead:
        case storage::HtsvResult::kRecentlyDead:
          result->dead_rows += 1;
          break;
      }
      if (!live) continue;
      result->live_rows += 1;
      if (static_cast<int>(sample.size()) < targrows) {
        sample.push_back(CopyRow(tuple));
      } else {
        const double pick = std::uniform_real_distribution<double>(0, seen + 1)(rng);
        if (pick < targrows) sample[static_cast<size_t>(pick)] = CopyRow(tuple);
      }
      seen += 1;
    }
  }
  // Physical order, as PostgreSQL returns the sample (the correlation depends on it).
  std::sort(sample.begin(), sample.end(),
            [](const SampleRow& a, const SampleRow& b) { return TidLess(a.self, b.self); });
  result->sample_rows = static_cast<int>(sample.size());
  if (result->scanned_pages >= nblocks) {
    result->total_rows = result->live_rows;
  } else if (result->scanned_pages > 0) {
    result->total_rows = std::floor(result->live_rows / result->scanned_pages * nblocks + 0.5);
  }
  return sample;
}

// What ANALYZE needs to know about one column's type.
struct ColumnInfo {
  const storage::AttributeDesc* attr = nullptr;
  bool scalar = false;  // has a default btree opclass: sort-based statistics
  Oid eqopr = kInvalidOid;
  Oid ltopr = kInvalidOid;
  FmgrInfo cmp;
};

ColumnInfo ExamineColumn(const storage::AttributeDesc& attr) {
  ColumnInfo info;
  info.attr = &attr;
  auto& cache = catalog::Syscache();
  std::optional<catalog::PgType> type = cache.TypeByOid(attr.type_oid);
  if (!type || type->typtype == 'p') return info;  // pseudo-types (anyarray): trivial stats
  // Arrays are ordered only when their elements are (aclitem[] is not): PostgreSQL's type
  // cache rule for array_ops.
  if (type->typelem != kInvalidOid && type->typlen == -1 &&
      !cache.DefaultOpclass(catalog::kBtreeAmOid, type->typelem)) {
    return info;
  }
  std::optional<catalog::PgOpclass> opclass =
      cache.DefaultOpclass(catalog::kBtreeAmOid, attr.type_oid);
  if (!opclass) return info;
  for (const auto& amop : cache.AmopsOfFamily(opclass->opcfamily)) {
    if (amop.amoplefttype != opclass->opcintype || amop.amoprighttype != opclass->opcintype) {
      continue;
    }
    if (amop.amopstrategy == 1) info.ltopr = amop.amopopr;
    if (amop.amopstrategy == 3) info.eqopr = amop.amopopr;
  }
  if (info.ltopr == kInvalidOid || info.eqopr == kInvalidOid) return info;
  ComparisonFunctionForType(attr.type_oid, &info.cmp);
  info.scalar = true;
  return info;
}

// One pg_statistic row under construction.
struct ColumnStats {
  bool valid = false;
  float nullfrac = 0;
  int32_t width = 0;
  float distinct = 0;
  struct Slot {
    int16_t kind = 0;
    Oid op = kInvalidOid;
    Oid coll = kInvalidOid;
    std::vector<float> numbers;
    std::vector<Datum> values;
  };
  std::vector<Slot> slots;
};

// The width of a non-null value as stored: a varlena that fits a 1-byte header is stored
// with one (unless the column's storage is plain); compressed and out-of-line values are
// measured after detoasting (PostgreSQL measures their stored form).
double ValueWidth(const storage::AttributeDesc& attr, Datum value) {
  if (attr.len == -1) {
    const uint32_t size = VarSize(DatumGetPointer(value));
    if (attr.storage != 'p' && size - 4 + 1 <= 127) return size - 3;
    return size;
  }
  if (attr.len == -2) return static_cast<double>(std::strlen(DatumGetPointer(value)) + 1);
  return attr.len;
}

// PostgreSQL's analyze_mcv_list: keeps the leading MCVs whose sample frequency is
// significantly (two standard deviations of the hypergeometric count) above the average of
// the values not in the list.
int TrimMcvList(const std::vector<int>& counts, int num_mcv, double stadistinct, double stanullfrac,
                double samplerows, double totalrows) {
  if (samplerows == totalrows || totalrows <= 1.0) return num_mcv;
  const double ndistinct_table = stadistinct < 0 ? -stadistinct * totalrows : stadistinct;
  double sumcount = 0;
  for (int i = 0; i < num_mcv - 1; ++i) sumcount += counts[i];
  while (num_mcv > 0) {
    double selec = 1.0 - sumcount / samplerows - stanullfrac;
    selec = std::clamp(selec, 0.0, 1.0);
    const double otherdistinct = ndistinct_table - (num_mcv - 1);
    if (otherdistinct > 1) selec /= otherdistinct;
    const double N = totalrows;
    const double n = samplerows;
    const double K = N * counts[num_mcv - 1] / n;
    const double variance = n * K * (N - K) * (N - n) / (N * N * (N - 1));
    const double stddev = std::sqrt(variance);
    if (counts[num_mcv - 1] > selec * samplerows + 2 * stddev + 0.5) break;
    --num_mcv;
    if (num_mcv == 0) break;
    sumcount -= counts[num_mcv - 1];
  }
  return num_mcv;
}

ColumnStats ComputeStats(ColumnInfo& info, const std::vector<Datum>& values,
                         const std::vector<bool>& nulls, double totalrows, int stattarget) {
  const storage::AttributeDesc& attr = *info.attr;
  const bool varwidth = attr.len < 0;
  const int samplerows = static_cast<int>(values.size());
  ColumnStats stats;
  int null_cnt = 0;
  int toowide_cnt = 0;
  double total_width = 0;
  struct Item {
    Datum value;
    int tupno;
  };
  std::vector<Item> items;
  for (int i = 0; i < samplerows; ++i) {
    if (nulls[i]) {
      ++null_cnt;
      continue;
    }
    const double width = ValueWidth(attr, values[i]);
    if (varwidth) total_width += width;
    if (attr.len == -1 && width > kWidthThreshold) {
      ++toowide_cnt;
      continue;
    }
    items.push_back({values[i], i});
  }
  const int nonnull_cnt = samplerows - null_cnt;
  if (nonnull_cnt == 0) {
    if (null_cnt == 0) return stats;  // no rows at all: nothing to store
    stats.valid = true;
    stats.nullfrac = 1.0f;
    stats.width = varwidth ? 0 : attr.len;
    stats.distinct = 0;
    return stats;
  }
  stats.valid = true;
  stats.nullfrac = static_cast<float>(static_cast<double>(null_cnt) / samplerows);
  stats.width = varwidth ? static_cast<int32_t>(total_width / nonnull_cnt) : attr.len;
  if (!info.scalar) {
    stats.distinct = 0;  // unknown (compute_trivial_stats)
    return stats;
  }

  LocalFunctionCallInfo<2> call(&info.cmp, attr.collation);
  auto compare = [&](Datum a, Datum b) {
    call.SetArg(0, a);
    call.SetArg(1, b);
    return DatumGetInt32(FunctionCallInvoke(&call.fcinfo));
  };
  std::sort(items.begin(), items.end(), [&](const Item& a, const Item& b) {
    const int c = compare(a.value, b.value);
    if (c != 0) return c < 0;
    return a.tupno < b.tupno;
  });
  const int values_cnt = static_cast<int>(items.size());
  const int num_bins = stattarget;
  int num_mcv = stattarget;
  struct Track {
    int count;
    int first;
  };
  std::vector<Track> track;
  int ndistinct = 0;
  int nmultiple = 0;
  int dups_cnt = 0;
  double corr_xysum = 0;
  for (int i = 0; i < values_cnt; ++i) {
    corr_xysum += static_cast<double>(i) * items[i].tupno;
    ++dups_cnt;
    if (i + 1 < values_cnt && compare(items[i].value, items[i + 1].value) == 0) continue;
    ++ndistinct;
    if (dups_cnt > 1) {
      ++nmultiple;
      const int track_cnt = static_cast<int>(track.size());
      if (track_cnt < num_mcv || dups_cnt > track.back().count) {
        int j;
        if (track_cnt < num_mcv) {
          track.push_back({0, 0});
          j = track_cnt;
        } else {
          j = track_cnt - 1;
        }
        for (; j > 0; --j) {
          if (dups_cnt <= track[j - 1].count) break;
          track[j] = track[j - 1];
        }
        track[j] = {dups_cnt, i - dups_cnt + 1};
      }
    }
    dups_cnt = 0;
  }

  // n_distinct: all values unique, all repeated, or the Haas-Stokes estimate.
  if (nmultiple == 0) {
    stats.distinct = -1.0f * (1.0f - stats.nullfrac);
  } else if (toowide_cnt == 0 && nmultiple == ndistinct) {
    stats.distinct = static_cast<float>(ndistinct);
  } else {
    const int f1 = ndistinct - nmultiple + toowide_cnt;
    const int d = f1 + nmultiple;
    const double n = samplerows - null_cnt;
    const double N = totalrows * (1.0 - stats.nullfrac);
    double stadistinct = N > 0 ? (n * d) / ((n - f1) + f1 * n / N) : 0;
    if (stadistinct < d) stadistinct = d;
    if (stadistinct > N) stadistinct = N;
    stats.distinct = static_cast<float>(std::floor(stadistinct + 0.5));
  }
  // More than 10% of the rows distinct: assume it scales with the table.
  if (stats.distinct > 0.1 * totalrows) {
    stats.distinct = static_cast<float>(-(stats.distinct / totalrows));
  }

  const int track_cnt = static_cast<int>(track.size());
  if (track_cnt == ndistinct && toowide_cnt == 0 && stats.distinct > 0 && track_cnt <= num_mcv) {
    num_mcv = track_cnt;  // every value is in the list
  } else {
    if (num_mcv > track_cnt) num_mcv = track_cnt;
    if (num_mcv > 0) {
      std::vector<int> counts;
      for (int i = 0; i < num_mcv; ++i) counts.push_back(track[i].count);
      num_mcv = TrimMcvList(counts, num_mcv, stats.distinct, stats.nullfrac, samplerows, totalrows);
    }
  }
  if (num_mcv > 0) {
    ColumnStats::Slot slot;
    slot.kind = kStatisticKindMcv;
    slot.op = info.eqopr;
    slot.coll = attr.collation;
    for (int i = 0; i < num_mcv; ++i) {
      slot.values.push_back(items[track[i].first].value);
      slot.numbers.push_back(static_cast<float>(static_cast<double>(track[i].count) / samplerows));
    }
    stats.slots.push_back(std::move(slot));
  }

  // Histogram of the values not in the MCV list.
  int num_hist = ndistinct - num_mcv;
  if (num_hist > num_bins) num_hist = num_bins + 1;
  if (num_hist >= 2) {
    std::vector<bool> in_mcv(values_cnt, false);
    for (int i = 0; i < num_mcv; ++i) {
      for (int k = 0; k < track[i].count; ++k) in_mcv[track[i].first + k] = true;
    }
    std::vector<Datum> rest;
    for (int i = 0; i < values_cnt; ++i) {
      if (!in_mcv[i]) rest.push_back(items[i].value);
    }
    const int nvals = static_cast<int>(rest.size());
    const int delta = (nvals - 1) / (num_hist - 1);
    const int deltafrac = (nvals - 1) % (num_hist - 1);
    int pos = 0;
    int posfrac = 0;
    ColumnStats::Slot slot;
    slot.kind = kStatisticKindHistogram;
    slot.op = info.ltopr;
    slot.coll = attr.collation;
    for (int i = 0; i < num_hist; ++i) {
      slot.values.push_back(rest[pos]);
      pos += delta;
      posfrac += deltafrac;
      if (posfrac >= num_hist - 1) {
        ++pos;
        posfrac -= num_hist - 1;
      }
    }
    stats.slots.push_back(std::move(slot));
  }

  // Correlation between physical order (sample position) and value order.
  if (values_cnt > 1) {
    const double n = values_cnt;
    const double corr_xsum = (n - 1) * n / 2.0;
    const double corr_x2sum = (n - 1) * n * (2 * n - 1) / 6.0;
    ColumnStats::Slot slot;
    slot.kind = kStatisticKindCorrelation;
    slot.op = info.ltopr;
    slot.coll = attr.collation;
    slot.numbers.push_back(static_cast<float>((n * corr_xysum - corr_xsum * corr_xsum) /
                                              (n * corr_x2sum - corr_xsum * corr_xsum)));
    stats.slots.push_back(std::move(slot));
  }
  return stats;
}

// Inserts the pg_statistic row of column `attnum`.
void StoreStats(Oid relid, const storage::AttributeDesc& attr, const ColumnStats& stats) {
  catalog::PgStatistic row;
  row.starelid = relid;
  row.staattnum = attr.attnum;
  row.stainherit = false;
  row.stanullfrac = stats.nullfrac;
  row.stawidth = stats.width;
  row.stadistinct = stats.distinct;
  int16_t* kinds[] = {&row.stakind1, &row.stakind2, &row.stakind3, &row.stakind4, &row.stakind5};
  Oid* ops[] = {&row.staop1, &row.staop2, &row.staop3, &row.staop4, &row.staop5};
  Oid* colls[] = {&row.stacoll1, &row.stacoll2, &row.stacoll3, &row.stacoll4, &row.stacoll5};
  for (size_t i = 0; i < stats.slots.size() && i < 5; ++i) {
    *kinds[i] = stats.slots[i].kind;
    *ops[i] = stats.slots[i].op;
    *colls[i] = stats.slots[i].coll;
  }
  const catalog::CatalogSchema& schema = catalog::SchemaOf<catalog::PgStatistic>();
  const size_t ncols = schema.columns.size();
  MemoryContext tmp("pg_statistic row");
  MemoryContextScope scope(&tmp);
  std::vector<Datum> values(ncols, 0);
  std::unique_ptr<bool[]> nulls(new bool[ncols]);
  for (size_t i = 0; i < ncols; ++i) nulls[i] = true;
  catalog::EncodeRow(row, values.data(), nulls.get());
  auto column_index = [&](const std::string& name) {
    for (size_t i = 0; i < ncols; ++i) {
      if (schema.columns[i].attname == name) return i;
    }
    throw MakeError(errcode::kInternalError, "pg_statistic has no column {}", name);
  };
  const ElementLayout float_layout{4, true, 'i'};
  const ElementLayout value_layout{attr.len, attr.byval, attr.align};
  for (size_t i = 0; i < stats.slots.size() && i < 5; ++i) {
    const auto& slot = stats.slots[i];
    if (!slot.numbers.empty()) {
      std::vector<Datum> numbers;
      for (float f : slot.numbers) numbers.push_back(Float4GetDatum(f));
      const size_t col = column_index(fmt::format("stanumbers{}", i + 1));
      values[col] = ConstructArray1D(numbers.data(), nullptr, static_cast<int>(numbers.size()),
                                     kFloat4Oid, float_layout);
      nulls[col] = false;
    }
    if (!slot.values.empty()) {
      const size_t col = column_index(fmt::format("stavalues{}", i + 1));
      values[col] =
          ConstructArray1D(slot.values.data(), nullptr, static_cast<int>(slot.values.size()),
                           attr.type_oid, value_layout);
      nulls[col] = false;
    }
  }
  catalog::InsertCatalogValues(schema, values.data(), nulls.get());
}

void UpdateClassStats(Oid relid, const AnalyzeResult& result) {
  for (const auto& ref : catalog::ScanCatalog<catalog::PgClass>()) {
    if (ref.row.oid != relid) continue;
    catalog::PgClass row = ref.row;
    row.relpages = static_cast<int32_t>(result.total_pages);
    row.reltuples = static_cast<float>(result.total_rows);
    if (row.relpages != ref.row.relpages || row.reltuples != ref.row.reltuples) {
      catalog::UpdateCatalogRow(ref.ctid, row);
      catalog::CacheInvalidateRelation(relid);
    }
    return;
  }
}

}  // namespace

AnalyzeResult AnalyzeRelation(Oid relid, const std::vector<std::string>& columns, bool verbose) {
  AnalyzeResult result;
  catalog::RelationPtr rel = catalog::RelationIdGetRelation(relid);
  if (rel == nullptr) {
    throw MakeError(errcode::kUndefinedTable, "relation with OID {} does not exist", relid);
  }
  if (rel->relkind() != 'r' && rel->relkind() != 'm') {
    EmitNotice(Severity::kWarning, errcode::kWarning,
               fmt::format("skipping \"{}\" --- cannot analyze non-tables or special system "
                           "tables",
                           rel->name()));
    return result;
  }
  const storage::TupleDesc& desc = *rel->desc;
  std::vector<int> targets;  // 0-based attribute indexes
  if (columns.empty()) {
    for (int i = 0; i < desc.natts(); ++i) {
      if (!desc.attr(i).dropped) targets.push_back(i);
    }
  } else {
    for (const auto& name : columns) {
      int found = -1;
      for (int i = 0; i < desc.natts(); ++i) {
        if (!desc.attr(i).dropped && desc.attr(i).name == name) found = i;
      }
      if (found < 0) {
        throw MakeError(errcode::kUndefinedColumn,
                        "column \"{}\" of relation \"{}\" does not exist", name, rel->name());
      }
      if (std::find(targets.begin(), targets.end(), found) != targets.end()) {
        throw MakeError(errcode::kDuplicateColumn,
                        "column \"{}\" of relation \"{}\" appears more than once", name,
                        rel->name());
      }
      targets.push_back(found);
    }
  }
  // Per-column targets (pg_attribute.attstattarget: -1 the default, 0 skip the column);
  // the sample serves the largest (std_typanalyze: 300 rows per unit, at least 100 rows).
  std::vector<int> stattargets;
  {
    std::vector<int> kept;
    const std::vector<catalog::PgAttribute> attrs = catalog::Syscache().AttributesOf(relid);
    for (int t : targets) {
      int target = g_default_statistics_target;
      for (const auto& a : attrs) {
        if (a.attnum == desc.attr(t).attnum && a.attstattarget >= 0) target = a.attstattarget;
      }
      if (target == 0) continue;
      kept.push_back(t);
      stattargets.push_back(target);
    }
    targets = std::move(kept);
  }
  if (verbose) {
    EmitNotice(Severity::kInfo, errcode::kSuccessfulCompletion,
               fmt::format("analyzing \"{}.{}\"", rel->namespace_name, rel->name()));
  }
  int targrows = 100;
  for (int target : stattargets) targrows = std::max(targrows, 300 * target);
  std::vector<SampleRow> sample = AcquireSampleRows(*rel, targrows, &result);
  if (verbose) {
    EmitNotice(Severity::kInfo, errcode::kSuccessfulCompletion,
               fmt::format("\"{}\": scanned {} of {} pages, containing {:.0f} live rows and {:.0f} "
                           "dead rows; {} rows in sample, {:.0f} estimated total rows",
                           rel->name(), result.scanned_pages, result.total_pages, result.live_rows,
                           result.dead_rows, result.sample_rows, result.total_rows));
  }

  if (!sample.empty()) {
    MemoryContext rows_context("analyze sample");
    const int natts = desc.natts();
    std::vector<std::vector<Datum>> col_values(targets.size());
    std::vector<std::vector<bool>> col_nulls(targets.size());
    {
      MemoryContextScope scope(&rows_context);
      std::vector<Datum> values(natts);
      std::unique_ptr<bool[]> isnull(new bool[natts]);
      for (const SampleRow& row : sample) {
        storage::HeapTuple tuple;
        tuple.len = row.len;
        tuple.self = row.self;
        tuple.table_oid = relid;
        tuple.data = reinterpret_cast<storage::HeapTupleHeaderData*>(row.bytes.get());
        storage::HeapDeformTuple(tuple, desc, values.data(), isnull.get());
        for (size_t t = 0; t < targets.size(); ++t) {
          col_values[t].push_back(values[targets[t]]);
          col_nulls[t].push_back(isnull[targets[t]]);
        }
      }
    }
    std::vector<int16_t> attnums;
    for (int t : targets) attnums.push_back(desc.attr(t).attnum);
    catalog::DeleteCatalogRows<catalog::PgStatistic>([&](const catalog::PgStatistic& s) {
      return s.starelid == relid && !s.stainherit &&
             std::find(attnums.begin(), attnums.end(), s.staattnum) != attnums.end();
    });
    for (size_t t = 0; t < targets.size(); ++t) {
      CheckForInterrupts();
      ColumnInfo info = ExamineColumn(desc.attr(targets[t]));
      ColumnStats stats =
          ComputeStats(info, col_values[t], col_nulls[t], result.total_rows, stattargets[t]);
      if (stats.valid) StoreStats(relid, desc.attr(targets[t]), stats);
    }
    catalog::CacheInvalidateCatalog(catalog::kStatisticRelationId);
  }
  UpdateClassStats(relid, result);
  // The autovacuum launcher's counter restarts unless only some columns were analyzed
  // (pgstat_report_analyze).
  const storage::ProcSlot* proc = storage::ProcArray::MyProc();
  storage::RelationStats::ReportAnalyze(
      rel->heap.locator.db_oid, relid, result.total_rows,
      proc != nullptr && proc->backend_type == storage::BackendType::kAutovacuum,
      /*all_columns=*/columns.empty());
  return result;
}

}  // namespace hyrax::executor

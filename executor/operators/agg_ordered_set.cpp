// Ordered-set aggregate results (see agg_ordered_set.h).
#include "executor/operators/agg_ordered_set.h"

#include <cmath>
#include <string>

#include "common/error.h"
#include "executor/exec/tuple_slot.h"
#include "executor/functions/builtin_registry.h"
#include "executor/functions/fmgr.h"
#include "executor/types/array_type.h"
#include "executor/types/type_oids.h"
#include "storage/catalog/syscache.h"

namespace hyrax::executor {

namespace {

void CheckFraction(double fraction) {
  if (fraction >= 0 && fraction <= 1) return;
  // PostgreSQL's %g spells the special values NaN, Infinity and -Infinity.
  std::string text = std::isnan(fraction)   ? "NaN"
                     : std::isinf(fraction) ? (fraction > 0 ? "Infinity" : "-Infinity")
                                            : fmt::format("{:g}", fraction);
  throw MakeError(errcode::kNumericValueOutOfRange, "percentile value {} is not between 0 and 1",
                  text);
}

}  // namespace

OrderedSetAggregate::OrderedSetAggregate(const nodes::Aggref& aggref, const AggOrderedInput& input,
                                         ExecState* estate) {
  auto& cache = catalog::Syscache();
  auto proc = cache.ProcByOid(aggref.aggfnoid);
  std::string name = proc ? proc->proname : "";
  if (name == "percentile_cont") {
    kind_ = Kind::kPercentileCont;
  } else if (name == "percentile_disc") {
    kind_ = Kind::kPercentileDisc;
  } else if (name == "mode") {
    kind_ = Kind::kMode;
  } else if (name == "rank") {
    kind_ = Kind::kRank;
  } else if (name == "dense_rank") {
    kind_ = Kind::kDenseRank;
  } else if (name == "percent_rank") {
    kind_ = Kind::kPercentRank;
  } else if (name == "cume_dist") {
    kind_ = Kind::kCumeDist;
  } else {
    throw MakeError(errcode::kFeatureNotSupported, "ordered-set aggregate {} is not supported yet",
                    name);
  }
  const auto& args = *aggref.args;
  value_type_ = args.front().expr->result_type;
  auto type = cache.TypeByOid(value_type_);
  value_len_ = type ? type->typlen : -1;
  value_byval_ = type ? type->typbyval : false;
  for (const auto& d : aggref.aggdirectargs) direct_args_.push_back(ExecInitExpr(*d, estate));
  array_fractions_ =
      !aggref.aggdirectargs.empty() && aggref.aggdirectargs.front()->result_type == kFloat8ArrayOid;
  comparator_ = std::make_unique<RowComparator>(input.sort_columns());
}

OrderedSetAggregate::~OrderedSetAggregate() = default;

std::vector<Datum> OrderedSetAggregate::SortedValues(AggOrderedInput* input, Tuplesort* sort) {
  std::vector<Datum> values;
  int column = input->argument_columns().front();
  input->Drain(sort, [&](TupleSlot* row) {
    if (row->nulls()[column]) return;  // NULL inputs are ignored
    values.push_back(DatumCopy(row->values()[column], value_byval_, value_len_, &memory_));
  });
  return values;
}

Datum OrderedSetAggregate::Percentile(const std::vector<Datum>& values, double fraction) {
  double rows = static_cast<double>(values.size());
  if (kind_ == Kind::kPercentileDisc) {
    double rownum = std::ceil(fraction * rows);
    size_t index = rownum > 1 ? static_cast<size_t>(rownum) - 1 : 0;
    return DatumCopy(values[index], value_byval_, value_len_, CurrentMemoryContext());
  }
  double position = fraction * (rows - 1);
  size_t first = static_cast<size_t>(std::floor(position));
  size_t second = static_cast<size_t>(std::ceil(position));
  double proportion = position - static_cast<double>(first);
  if (second <= first) {
    return DatumCopy(values[first], value_byval_, value_len_, CurrentMemoryContext());
  }
  if (value_type_ == kIntervalOid) {
    // lo + (hi - lo) * proportion, in interval arithmetic (interval_lerp).
    Datum diff = DirectFunctionCall(BuiltinByName("interval_mi"), values[second], values[first]);
    Datum scaled =
        DirectFunctionCall(BuiltinByName("interval_mul"), diff, Float8GetDatum(proportion));
    return DirectFunctionCall(BuiltinByName("interval_pl"), scaled, values[first]);
  }
  double lo = DatumGetFloat8(values[first]);
  double hi = DatumGetFloat8(values[second]);
  return Float8GetDatum(lo + (hi - lo) * proportion);
}

void OrderedSetAggregate::Hypothetical(AggOrderedInput* input, Tuplesort* sort,
                                       ExprContext* econtext, Datum* value) {
  // The hypothetical row, laid out like the collected rows (argument i is column i).
  int width = input->row_width();
  std::vector<Datum> hyp_values(static_cast<size_t>(width), 0);
  std::unique_ptr<bool[]> hyp_nulls(new bool[static_cast<size_t>(width)]());
  for (size_t i = 0; i < direct_args_.size() && i < static_cast<size_t>(width); ++i) {
    hyp_values[i] = ExecInterpExpr(direct_args_[i].get(), econtext, &hyp_nulls[i]);
  }
  int64_t rows = 0, before = 0, not_after = 0, groups_before = 0;
  std::vector<Datum> previous;
  std::unique_ptr<bool[]> previous_nulls(new bool[static_cast<size_t>(width)]());
  bool have_previous = false;
  input->Drain(sort, [&](TupleSlot* row) {
    ++rows;
    int cmp = comparator_->Compare(row->values(), row->nulls(), hyp_values.data(), hyp_nulls.get());
    if (cmp <= 0) ++not_after;
    if (cmp >= 0) return;
    ++before;
    // A new peer group among the rows before the hypothetical one.
    if (!have_previous || comparator_->Compare(previous.data(), previous_nulls.get(), row->values(),
                                               row->nulls()) != 0) {
      ++groups_before;
    }
    previous.assign(row->values(), row->values() + width);
    for (int i = 0; i < width; ++i) {
      previous_nulls[i] = row->nulls()[i];
      if (!previous_nulls[i]) {
        const auto& att = row->desc().attr(i);
        previous[i] = DatumCopy(previous[i], att.byval, att.len, &memory_);
      }
    }
    have_previous = true;
  });
  switch (kind_) {
    case Kind::kRank:
      *value = Int64GetDatum(before + 1);
      break;
    case Kind::kDenseRank:
      *value = Int64GetDatum(groups_before + 1);
      break;
    case Kind::kPercentRank:
      *value =
          Float8GetDatum(rows == 0 ? 0.0 : static_cast<double>(before) / static_cast<double>(rows));
      break;
    default:  // cume_dist: the hypothetical row counts as the last of its peers
      *value = Float8GetDatum(static_cast<double>(not_after + 1) / static_cast<double>(rows + 1));
      break;
  }
}

void OrderedSetAggregate::Finalize(AggOrderedInput* input, Tuplesort* sort, ExprContext* econtext,
                                   Datum* value, bool* isnull) {
  memory_.Reset();
  *isnull = false;
  if (kind_ == Kind::kRank || kind_ == Kind::kDenseRank || kind_ == Kind::kPercentRank ||
      kind_ == Kind::kCumeDist) {
    Hypothetical(input, sort, econtext, value);
    return;
  }
  if (kind_ == Kind::kMode) {
    std::vector<Datum> values = SortedValues(input, sort);
    if (values.empty()) {
      *isnull = true;
      return;
    }
    // The most frequent value; among equally frequent ones the first in sort order.
    int col = input->sort_columns().sortColIdx.front();
    std::vector<Datum> a(static_cast<size_t>(input->row_width()), 0);
    std::vector<Datum> b = a;
    std::unique_ptr<bool[]> no_nulls(new bool[a.size()]());
    size_t best = 0, best_count = 0, run_start = 0;
    for (size_t i = 1; i <= values.size(); ++i) {
      bool same = false;
      if (i < values.size()) {
        a[col - 1] = values[run_start];
        b[col - 1] = values[i];
        same = comparator_->Compare(a.data(), no_nulls.get(), b.data(), no_nulls.get()) == 0;
      }
      if (same) continue;
      if (i - run_start > best_count) {
        best = run_start;
        best_count = i - run_start;
      }
      run_start = i;
    }
    *value = DatumCopy(values[best], value_byval_, value_len_, CurrentMemoryContext());
    return;
  }
  // percentile_cont / percentile_disc.
  bool fraction_null = false;
  Datum fraction = ExecInterpExpr(direct_args_.front().get(), econtext, &fraction_null);
  if (!array_fractions_) {
    if (fraction_null) {
      sort->Reset();
      *isnull = true;
      return;
    }
    CheckFraction(DatumGetFloat8(fraction));
    std::vector<Datum> values = SortedValues(input, sort);
    if (values.empty()) {
      *isnull = true;
      return;
    }
    *value = Percentile(values, DatumGetFloat8(fraction));
    return;
  }
  std::vector<Datum> values = SortedValues(input, sort);
  if (values.empty() || fraction_null) {
    *isnull = true;
    return;
  }
  // One result per fraction, in an array of the fractions' shape.
  ArrayView fractions(fraction);
  ElementType float8_elem;
  BuiltinElementType(kFloat8Oid, &float8_elem);
  std::vector<Datum> items;
  std::vector<bool> item_nulls;
  fractions.Deconstruct(float8_elem, &items, &item_nulls);
  for (size_t i = 0; i < items.size(); ++i) {
    if (!item_nulls[i]) CheckFraction(DatumGetFloat8(items[i]));
  }
  std::vector<Datum> results(items.size(), 0);
  std::unique_ptr<bool[]> result_nulls(new bool[items.size() + 1]());
  for (size_t i = 0; i < items.size(); ++i) {
    result_nulls[i] = item_nulls[i];
    if (!item_nulls[i]) results[i] = Percentile(values, DatumGetFloat8(items[i]));
  }
  ElementType result_elem;
  if (!BuiltinElementType(value_type_, &result_elem)) {
    result_elem.oid = value_type_;
    result_elem.typlen = value_len_;
    result_elem.typbyval = value_byval_;
    auto type = catalog::Syscache().TypeByOid(value_type_);
    if (type) result_elem.typalign = type->typalign;
  }
  if (items.empty()) {
    *value = ConstructEmptyArray(value_type_);
    return;
  }
  std::vector<int> dims, lbounds;
  for (int d = 0; d < fractions.ndim(); ++d) {
    dims.push_back(fractions.dim(d));
    lbounds.push_back(fractions.lbound(d));
  }
  *value = ConstructArray(results.data(), result_nulls.get(), fractions.ndim(), dims.data(),
                          lbounds.data(), result_elem);
}

}  // namespace hyrax::executor

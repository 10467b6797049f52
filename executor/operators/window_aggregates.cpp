// Window aggregates (see window_aggregates.h).
#include "executor/operators/window_aggregates.h"

namespace hyrax::executor {

void WindowAggregates::Add(const nodes::WindowFunc& wfunc, ExecState* estate) {
  Aggregate agg;
  agg.aggref = std::make_unique<nodes::Aggref>();
  nodes::Aggref& aggref = *agg.aggref;
  aggref.aggfnoid = wfunc.winfnoid;
  aggref.aggstar = wfunc.winstar;
  aggref.aggfilter = wfunc.aggfilter;
  aggref.inputcollid = wfunc.inputcollid;
  aggref.result_type = wfunc.result_type;
  aggref.result_typmod = wfunc.result_typmod;
  aggref.result_collation = wfunc.result_collation;
  aggref.args = std::make_shared<nodes::TargetList>();
  for (const auto& arg : wfunc.args) {
    nodes::TargetEntry tle;
    tle.expr = arg;
    tle.resno = static_cast<nodes::AttrNumber>(aggref.args->size() + 1);
    aggref.args->push_back(std::move(tle));
  }
  agg.info = std::make_unique<AggTransInfo>(aggref, estate);
  agg.winfuncno = wfunc.winfuncno;
  aggs_.push_back(std::move(agg));
}

void WindowAggregates::Restart(int64_t start) {
  state_memory_.Reset();
  for (auto& agg : aggs_) agg.info->Initialize(&agg.state);
  aggregated_ = true;
  start_ = start;
  end_ = start;
}

void WindowAggregates::AddRows(const RowRange& rows, ExprContext* econtext,
                               const std::function<void(int64_t)>& load_row) {
  for (int64_t row = rows.begin; row < rows.end; ++row) {
    load_row(row);
    for (auto& agg : aggs_) agg.info->Advance(&agg.state, econtext, &state_memory_);
    econtext->ResetPerTuple();
  }
}

void WindowAggregates::Compute(const Frame& frame, ExprContext* econtext,
                               const std::function<void(int64_t)>& load_row,
                               MemoryContext* result_memory, Datum* values, bool* nulls) {
  bool extend =
      aggregated_ && !frame.has_exclusion() && frame.start() == start_ && frame.end() >= end_;
  if (extend) {
    AddRows({end_, frame.end()}, econtext, load_row);
    end_ = frame.end();
  } else {
    Restart(frame.start());
    for (const RowRange& run : frame.runs()) AddRows(run, econtext, load_row);
    end_ = frame.end();
    // A frame with holes cannot be extended by appending rows.
    if (frame.has_exclusion()) aggregated_ = false;
  }
  MemoryContextScope scope(result_memory);
  for (auto& agg : aggs_) {
    agg.info->Finalize(&agg.state, &state_memory_, nullptr, &values[agg.winfuncno],
                       &nulls[agg.winfuncno]);
  }
}

}  // namespace hyrax::executor

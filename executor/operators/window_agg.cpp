// WindowAgg operator (see window_agg.h).
#include "executor/operators/window_agg.h"

#include "common/assert.h"
#include "common/error.h"
#include "common/interrupts.h"
#include "executor/expr/expr_tree.h"
#include "executor/expr/function_lookup.h"
#include "executor/functions/fmgr.h"
#include "storage/catalog/syscache.h"

namespace hyrax::executor {

namespace {

bool HasAny(int options, int bits) {
  return (options & bits) != 0;
}

}  // namespace

// The current row as window functions see it (PostgreSQL's WindowObject).
class WindowAggOperator::RowView : public WindowObject {
 public:
  RowView(WindowAggOperator* op, const BuiltinCall* call) : op_(op), call_(call) {}
  int64_t current_row() const override { return op_->current_; }
  int num_args() const override { return static_cast<int>(call_->args.size()); }
  const PeerGroups& peers() const override { return op_->partition_.peers(); }
  const Frame& frame() override { return op_->CurrentFrame(); }
  Datum ArgAtRow(int argno, int64_t row, bool* isnull) override {
    return op_->EvalArg(call_->args[argno].get(), row, isnull);
  }

 private:
  WindowAggOperator* op_;
  const BuiltinCall* call_;
};

// RANGE offset frames: the ORDER BY column compared through the btree in_range functions.
class WindowAggOperator::RangeTest : public RangeOffsetTest {
 public:
  RangeTest(const nodes::WindowAgg& window, const WindowPartition& partition)
      : partition_(partition),
        column_(window.order.colIdx.at(0) - 1),
        collation_(window.inRangeColl) {
    if (window.startInRangeFunc != kInvalidOid)
      FmgrInfoForFunction(window.startInRangeFunc, &start_fn_);
    if (window.endInRangeFunc != kInvalidOid) FmgrInfoForFunction(window.endInRangeFunc, &end_fn_);
  }
  void SetOffsets(Datum start, Datum end) {
    start_offset_ = start;
    end_offset_ = end;
  }
  bool IsNull(int64_t row) override { return partition_.nulls(row)[column_]; }
  bool InRange(int64_t row, int64_t current, bool start_bound, bool sub, bool less) override {
    LocalFunctionCallInfo<5> call(start_bound ? &start_fn_ : &end_fn_, collation_);
    call.SetArg(0, partition_.values(row)[column_]);
    call.SetArg(1, partition_.values(current)[column_]);
    call.SetArg(2, start_bound ? start_offset_ : end_offset_);
    call.SetArg(3, BoolGetDatum(sub));
    call.SetArg(4, BoolGetDatum(less));
    return DatumGetBool(FunctionCallInvoke(&call.fcinfo));
  }

 private:
  const WindowPartition& partition_;
  int column_;
  Oid collation_;
  FmgrInfo start_fn_;
  FmgrInfo end_fn_;
  Datum start_offset_ = 0;
  Datum end_offset_ = 0;
};

WindowAggOperator::WindowAggOperator(const nodes::Plan& plan, ExecState* estate, OperatorPtr outer)
    : Operator(plan, estate, std::move(outer)),
      window_(nodes::PlanAs<nodes::WindowAgg>(plan)),
      partition_(outer_->result_desc()),
      partition_keys_(window_.partition),
      order_keys_(window_.order) {
  // This node's window functions, each once (identical calls share a winfuncno).
  std::vector<bool> seen(window_.numWindowFuncs, false);
  for (const auto& tle : plan.targetlist) {
    WalkExpr(tle.expr, [&](const nodes::ExprPtr& e) {
      if (e->tag != nodes::NodeTag::kWindowFunc) return true;
      const auto& wfunc = *nodes::As<nodes::WindowFunc>(e);
      HYRAX_CHECK(wfunc.winref == window_.winref && wfunc.winfuncno >= 0 &&
                      wfunc.winfuncno < window_.numWindowFuncs,
                  "window function of another window in a WindowAgg");
      if (!seen[wfunc.winfuncno]) {
        seen[wfunc.winfuncno] = true;
        AddFunction(wfunc);
      }
      return false;
    });
  }
  values_.assign(window_.numWindowFuncs, 0);
  nulls_.reset(new bool[window_.numWindowFuncs + 1]());
  econtext()->aggvalues = values_.data();
  econtext()->aggnulls = nulls_.get();

  frame_spec_.options = window_.frameOptions;
  frame_spec_.asc = window_.inRangeAsc;
  frame_spec_.nulls_first = window_.inRangeNullsFirst;
  if (window_.startOffset) start_offset_expr_ = ExecInitExpr(*window_.startOffset, estate);
  if (window_.endOffset) end_offset_expr_ = ExecInitExpr(*window_.endOffset, estate);
  if (HasAny(window_.frameOptions, nodes::kFrameRange) &&
      (window_.startOffset || window_.endOffset))
    range_test_ = std::make_unique<RangeTest>(window_, partition_);

  pending_ = std::make_unique<TupleSlot>(outer_->result_desc());
  current_slot_ = std::make_unique<TupleSlot>(outer_->result_desc());
  arg_slot_ = std::make_unique<TupleSlot>(outer_->result_desc());
  InitResultAndQual(/*project=*/true);
}

WindowAggOperator::~WindowAggOperator() = default;

void WindowAggOperator::AddFunction(const nodes::WindowFunc& wfunc) {
  if (wfunc.winagg) {
    aggregates_.Add(wfunc, estate());
    return;
  }
  auto proc = catalog::Syscache().ProcByOid(wfunc.winfnoid);
  HYRAX_CHECK(proc.has_value(), "cache lookup failed for window function");
  std::optional<WindowFuncKind> kind = WindowFuncKindByProsrc(proc->prosrc);
  if (!kind) {
    throw MakeError(errcode::kFeatureNotSupported, "window function {} is not supported yet",
                    proc->proname);
  }
  BuiltinCall call;
  call.kind = *kind;
  call.winfuncno = wfunc.winfuncno;
  for (const auto& arg : wfunc.args) call.args.push_back(ExecInitExpr(*arg, estate()));
  builtins_.push_back(std::move(call));
}

void WindowAggOperator::EvaluateFrameOffsets() {
  offset_memory_.Reset();
  MemoryContextScope scope(&offset_memory_);
  bool rows_or_groups = HasAny(window_.frameOptions, nodes::kFrameRows | nodes::kFrameGroups);
  auto evaluate = [&](ExprState* expr, const char* which) -> Datum {
    bool isnull;
    Datum value = ExecInterpExpr(expr, econtext(), &isnull);
    if (isnull) {
      throw MakeError(errcode::kNullValueNotAllowed, "frame {} offset must not be null", which);
    }
    if (rows_or_groups && DatumGetInt64(value) < 0) {
      throw MakeError(errcode::kInvalidPrecedingOrFollowingSize,
                      "frame {} offset must not be negative", which);
    }
    return value;
  };
  Datum start = 0, end = 0;
  if (start_offset_expr_ && HasAny(window_.frameOptions, nodes::kFrameStartOffsetPreceding |
                                                             nodes::kFrameStartOffsetFollowing)) {
    start = evaluate(start_offset_expr_.get(), "starting");
  }
  if (end_offset_expr_ && HasAny(window_.frameOptions, nodes::kFrameEndOffsetPreceding |
                                                           nodes::kFrameEndOffsetFollowing)) {
    end = evaluate(end_offset_expr_.get(), "ending");
  }
  if (rows_or_groups) {
    frame_spec_.start_offset = DatumGetInt64(start);
    frame_spec_.end_offset = DatumGetInt64(end);
  }
  if (range_test_) range_test_->SetOffsets(start, end);
  offsets_ready_ = true;
}

void WindowAggOperator::AppendRow(TupleSlot* row) {
  row->GetAllAttrs();
  int64_t n = partition_.num_rows();
  bool new_peer_group =
      n == 0 || !order_keys_.Equal(partition_.values(n - 1), partition_.nulls(n - 1), row->values(),
                                   row->nulls());
  partition_.Append(row, new_peer_group);
}

bool WindowAggOperator::ReadPartition() {
  partition_.Clear();
  aggregates_.ResetPartition();
  for (auto& call : builtins_) call.state = WindowFuncPartitionState();
  current_ = 0;
  if (!pending_->empty()) {
    AppendRow(pending_.get());
    pending_->Clear();
  } else if (!input_done_) {
    TupleSlot* first = outer_->Next();
    if (first == nullptr) {
      input_done_ = true;
    } else {
      AppendRow(first);
    }
  }
  if (partition_.num_rows() == 0) return false;
  while (!input_done_) {
    TupleSlot* row = outer_->Next();
    if (row == nullptr) {
      input_done_ = true;
      break;
    }
    row->GetAllAttrs();
    if (!partition_keys_.Equal(partition_.values(0), partition_.nulls(0), row->values(),
                               row->nulls())) {
      pending_->CopyFrom(*row);
      pending_->Materialize();
      break;
    }
    AppendRow(row);
  }
  return true;
}

const Frame& WindowAggOperator::CurrentFrame() {
  if (!frame_) {
    frame_ = ComputeFrame(frame_spec_, partition_.peers(), current_, range_test_.get());
  }
  return *frame_;
}

Datum WindowAggOperator::EvalArg(const ExprState* arg, int64_t row, bool* isnull) {
  partition_.LoadRow(row, arg_slot_.get());
  econtext()->outertuple = arg_slot_.get();
  MemoryContextScope scope(&row_memory_);
  return ExecInterpExpr(const_cast<ExprState*>(arg), econtext(), isnull);
}

void WindowAggOperator::ComputeRowValues() {
  frame_.reset();
  for (auto& call : builtins_) {
    RowView view(this, &call);
    MemoryContextScope scope(&row_memory_);
    values_[call.winfuncno] =
        EvalWindowFunc(call.kind, &view, &call.state, &nulls_[call.winfuncno]);
  }
  if (!aggregates_.empty()) {
    auto load_row = [&](int64_t row) {
      CheckForInterrupts();
      partition_.LoadRow(row, arg_slot_.get());
      econtext()->outertuple = arg_slot_.get();
    };
    aggregates_.Compute(CurrentFrame(), econtext(), load_row, &row_memory_, values_.data(),
                        nulls_.get());
  }
}

TupleSlot* WindowAggOperator::NextImpl() {
  if (!offsets_ready_) EvaluateFrameOffsets();
  while (true) {
    if (current_ >= partition_.num_rows() && !ReadPartition()) return nullptr;
    econtext()->ResetPerTuple();
    row_memory_.Reset();
    ComputeRowValues();
    partition_.LoadRow(current_, current_slot_.get());
    econtext()->outertuple = current_slot_.get();
    ++current_;
    if (ExecQual(qual_.get(), econtext())) return ExecProject(projection_.get(), econtext());
    CountFiltered1();
  }
}

void WindowAggOperator::ReScanImpl() {
  partition_.Clear();
  pending_->Clear();
  current_ = 0;
  input_done_ = false;
  offsets_ready_ = false;
  frame_.reset();
}

void WindowAggOperator::CloseImpl() {
  ReScanImpl();
}

}  // namespace hyrax::executor

// The volcano operator base class (STYLE.md §3). The public Open / Next / Close / ReScan
// are non-virtual: they check for interrupts, drive instrumentation (rows, loops, time,
// buffers) and then call the protected *Impl methods each operator implements. One
// operator class per plan node type, built by the factory (operator_factory.h) from the
// immutable plan; the operator tree owns all run-time state (executor/README.md).
#pragma once

#include <memory>
#include <vector>

#include "executor/exec/exec_state.h"
#include "executor/exec/instrumentation.h"
#include "executor/exec/tuple_slot.h"
#include "executor/expr/expr_context.h"
#include "executor/expr/expr_state.h"
#include "nodes/plannodes.h"

namespace hyrax::executor {

class SubPlanState;
class Operator;
using OperatorPtr = std::unique_ptr<Operator>;

class Operator {
 public:
  virtual ~Operator();
  Operator(const Operator&) = delete;
  Operator& operator=(const Operator&) = delete;

  // Prepares for the first Next(): opens children, then the operator itself.
  void Open();
  // The next output row, or nullptr when there are no more. The slot and the values it
  // points to stay valid until the next call of Next(), ReScan() or Close().
  TupleSlot* Next();
  // Releases resources (scans, pins, sort memory); children after the operator.
  void Close();
  // Restarts the output from the beginning, re-reading parameters that changed
  // (PostgreSQL's ExecReScan). Ends an instrumentation loop.
  void ReScan();

  // Merge-join support (PostgreSQL's ExecMarkPos / ExecRestrPos): MarkPos remembers the row
  // last returned by Next(); after RestrPos, the next Next() returns the row following the
  // marked one. Requires: SupportsMarkRestore() (else XX000 "mark/restore not supported").
  void MarkPos() { MarkPosImpl(); }
  void RestrPos() { RestrPosImpl(); }
  virtual bool SupportsMarkRestore() const { return false; }

  const nodes::Plan& plan() const { return plan_; }
  ExecState* estate() const { return estate_; }
  // Instrumentation, or nullptr when EXPLAIN ANALYZE is not running.
  Instrumentation* instrument() const { return instrument_.get(); }
  // Ends the current instrumentation loop of this operator and its descendants (called at
  // the end of execution so EXPLAIN ANALYZE sees the last loop).
  void EndLoops();
  // The output tuple descriptor.
  const storage::TupleDescPtr& result_desc() const { return result_desc_; }

  Operator* outer() const { return outer_.get(); }
  Operator* inner() const { return inner_.get(); }
  // Children other than outer/inner (the subplan of a SubqueryScan), for EXPLAIN.
  virtual std::vector<Operator*> extra_children() const { return {}; }
  // Init plans attached to this node, for EXPLAIN.
  const std::vector<SubPlanState*>& init_plans() const { return init_plans_; }

  // Counts a row removed by the filter / join filter (EXPLAIN's "Rows Removed by ...").
  void CountFiltered1() {
    if (instrument_) instrument_->nfiltered1 += 1;
  }
  void CountFiltered2() {
    if (instrument_) instrument_->nfiltered2 += 1;
  }

 protected:
  // Children are built first (by the factory) so constructors can read their result
  // descriptors, as PostgreSQL's ExecInit* functions do.
  Operator(const nodes::Plan& plan, ExecState* estate, std::unique_ptr<Operator> outer = nullptr,
           std::unique_ptr<Operator> inner = nullptr);

  virtual void OpenImpl() {}
  virtual TupleSlot* NextImpl() = 0;
  virtual void CloseImpl() {}
  // Must restart the operator; children are rescanned by the base class first unless
  // RescanChildren() says otherwise.
  virtual void ReScanImpl() {}
  virtual void MarkPosImpl();
  virtual void RestrPosImpl();
  // False for operators that replay stored input (Material) instead of re-reading it.
  virtual bool RescanChildren() const { return true; }

  // For work done outside Next() that EXPLAIN ANALYZE attributes to this node (a Hash
  // node building its table): brackets it like one Next() call returning `tuples` rows.
  void InstrumentStart() {
    if (instrument_) instrument_->StartNode();
  }
  void InstrumentStop(double tuples) {
    if (instrument_) instrument_->StopNode(tuples);
  }

  // Helpers for subclasses.
  // Sets the output descriptor from the plan's target list and compiles plan.qual and, when
  // `project` is true, the projection into a virtual result slot.
  void InitResultAndQual(bool project);
  // Result descriptor given explicitly (e.g. a scan that returns its scan slot unprojected).
  void SetResultDesc(storage::TupleDescPtr desc) { result_desc_ = std::move(desc); }
  ExprContext* econtext() { return &econtext_; }
  TupleSlot* result_slot() { return result_slot_.get(); }

  const nodes::Plan& plan_;
  ExecState* estate_;
  ExprContext econtext_;
  std::unique_ptr<Operator> outer_;
  std::unique_ptr<Operator> inner_;
  storage::TupleDescPtr result_desc_;
  std::unique_ptr<TupleSlot> result_slot_;
  std::unique_ptr<ExprState> qual_;        // nullptr: no qual
  std::unique_ptr<ExprState> projection_;  // nullptr: no projection needed

 private:
  std::unique_ptr<Instrumentation> instrument_;
  std::vector<SubPlanState*> init_plans_;
  bool opened_ = false;
};

// True when the target list is exactly the columns of `desc` in order (plain Vars of
// `varno` 1..n with matching types), so a scan can return its scan slot unprojected
// (PostgreSQL's tlist_matches_tupdesc).
bool TargetListMatchesDesc(const nodes::TargetList& tlist, nodes::Index varno,
                           const storage::TupleDesc& desc);

}  // namespace hyrax::executor

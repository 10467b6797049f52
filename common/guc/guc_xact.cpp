// Transactional behaviour of settings: the per-setting stack of values saved at each
// transaction nest level, and what commit and abort of a level do with it. Follows the
// state machine of PostgreSQL's push_old_value / AtEOXact_GUC (common/guc/README.md).
#include <algorithm>

#include "common/guc/guc.h"
#include "common/guc/guc_variable.h"

namespace hyrax::guc {

using internal::SourcedValue;
using internal::StackEntry;
using internal::StackState;
using internal::Variable;

namespace internal {

int& NestLevel() {
  static int nest_level = 0;
  return nest_level;
}

namespace {
// Settings with a non-empty stack: only they need work at the end of a nest level.
std::vector<Variable*>& Stacked() {
  static std::vector<Variable*> stacked;
  return stacked;
}
}  // namespace

void PushOldValue(Variable& var, StackState action) {
  const int level = NestLevel();
  if (level == 0) return;  // outside a transaction nothing is undone
  if (!var.stack.empty() && var.stack.back().nest_level >= level) {
    StackEntry& top = var.stack.back();
    switch (action) {
      case StackState::kSave:
        break;
      case StackState::kSet:
        top.state = StackState::kSet;  // SET overrides any earlier action at this level
        break;
      case StackState::kLocal:
        if (top.state == StackState::kSet) {
          // SET then SET LOCAL: the SET value comes back at commit.
          top.masked = {var.Get(), GucSource::kSession, var.current_meta.scontext};
          top.state = StackState::kSetLocal;
        }
        break;
      case StackState::kSetLocal:
        break;
    }
    return;
  }
  if (var.stack.empty()) Stacked().push_back(&var);
  var.stack.push_back({.nest_level = level,
                       .state = action,
                       .prior = {var.Get(), var.current_meta.source, var.current_meta.scontext},
                       .masked = {}});
}

}  // namespace internal

namespace {

void Restore(Variable& var, const SourcedValue& saved) {
  if (var.Get() != saved.value) var.Put(saved.value);
  var.current_meta = {internal::Value{}, saved.source, saved.scontext};
}

// Folds the innermost entry (from a committed subtransaction) into the enclosing level's
// entry, or hands it to the enclosing level when that level has none.
void MergeIntoOuterLevel(Variable& var, int nest_level) {
  StackEntry& entry = var.stack.back();
  if (var.stack.size() == 1 || var.stack[var.stack.size() - 2].nest_level < nest_level - 1) {
    entry.nest_level = nest_level - 1;
    return;
  }
  StackEntry& outer = var.stack[var.stack.size() - 2];
  switch (entry.state) {
    case StackState::kSave:
      break;  // restored by the caller, never merged
    case StackState::kSet:
      outer.state = StackState::kSet;
      break;
    case StackState::kLocal:
      if (outer.state == StackState::kSet) {
        outer.masked = entry.prior;
        outer.masked.source = GucSource::kSession;
        outer.state = StackState::kSetLocal;
      }
      break;
    case StackState::kSetLocal:
      outer.masked = entry.masked;
      outer.state = StackState::kSetLocal;
      break;
  }
  var.stack.pop_back();
}

// Ends `nest_level` for one setting.
void EndLevel(Variable& var, int nest_level, bool commit) {
  while (!var.stack.empty() && var.stack.back().nest_level >= nest_level) {
    StackEntry& entry = var.stack.back();
    if (commit && entry.state != StackState::kSave && nest_level > 1) {
      MergeIntoOuterLevel(var, nest_level);
      continue;
    }
    if (!commit || entry.state == StackState::kSave || entry.state == StackState::kLocal) {
      Restore(var, entry.prior);
    } else if (entry.state == StackState::kSetLocal) {
      Restore(var, entry.masked);
    }
    // A committed kSet keeps the current value.
    var.stack.pop_back();
  }
}

}  // namespace

void AtTransactionStart() {
  internal::NestLevel() = 1;
}

int NewNestLevel() {
  return ++internal::NestLevel();
}

void AtNestLevelEnd(int nest_level, bool commit) {
  std::vector<Variable*>& stacked = internal::Stacked();
  for (Variable* var : stacked) EndLevel(*var, nest_level, commit);
  std::erase_if(stacked, [](const Variable* var) { return var->stack.empty(); });
  internal::NestLevel() = nest_level - 1;
}

void AtTransactionEnd(bool commit) {
  AtNestLevelEnd(1, commit);
}

int CurrentNestLevel() {
  return internal::NestLevel();
}

}  // namespace hyrax::guc

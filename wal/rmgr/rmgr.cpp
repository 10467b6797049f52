// The per-process resource-manager table. Every process registers the same routines at
// start (before the postmaster forks, or in the process itself), so no shared state is
// needed. The XLOG entry is built in: wal/ owns it.
#include "wal/rmgr/rmgr.h"

#include "common/error.h"
#include "wal/rmgr/xlog_rmgr.h"

namespace hyrax::wal {

namespace {

RmgrOps* Table() {
  static RmgrOps table[kMaxRmgrId] = {};
  static const bool initialised = [] {
    table[static_cast<int>(RmgrId::kXlog)] = XlogRmgrOps();
    return true;
  }();
  (void)initialised;
  return table;
}

}  // namespace

void RegisterRmgr(RmgrId id, const RmgrOps& ops) {
  int index = static_cast<int>(id);
  if (index >= kMaxRmgrId) ThrowInternalError(__FILE__, __LINE__, "invalid resource manager ID");
  Table()[index] = ops;
}

const RmgrOps* GetRmgr(RmgrId id) {
  int index = static_cast<int>(id);
  if (index >= kMaxRmgrId) return nullptr;
  const RmgrOps* ops = &Table()[index];
  if (ops->name == nullptr && ops->redo == nullptr && ops->describe == nullptr) return nullptr;
  return ops;
}

}  // namespace hyrax::wal

// Backend-local combo command id table (PostgreSQL's combocid.c semantics): a vector of
// (cmin, cmax) pairs indexed by combo cid plus a hash map for reuse of identical pairs.
#include "storage/heap/combo_cid.h"

#include <unordered_map>
#include <utility>
#include <vector>

#include "common/error.h"
#include "storage/txn/xact.h"

namespace hyrax::storage::combocid {
namespace {

struct PairHash {
  size_t operator()(const std::pair<CommandId, CommandId>& p) const {
    return std::hash<uint64_t>()((uint64_t{p.first} << 32) | p.second);
  }
};

// Owned by this process; valid for the current top-level transaction only.
std::vector<std::pair<CommandId, CommandId>> g_combo_cids;
std::unordered_map<std::pair<CommandId, CommandId>, CommandId, PairHash> g_combo_hash;
bool g_callback_registered = false;

const std::pair<CommandId, CommandId>& Lookup(CommandId combo) {
  if (combo >= g_combo_cids.size()) {
    throw MakeError(errcode::kInternalError, "unknown combo command id {}", combo);
  }
  return g_combo_cids[combo];
}

}  // namespace

CommandId GetComboCommandId(CommandId cmin, CommandId cmax) {
  if (!g_callback_registered) {
    // Subtransaction ends keep the table: the parent may still see those tuples.
    RegisterXactCallback([](XactEvent event) {
      if (event == XactEvent::kCommit || event == XactEvent::kAbort) ResetComboCids();
    });
    g_callback_registered = true;
  }
  auto key = std::make_pair(cmin, cmax);
  auto it = g_combo_hash.find(key);
  if (it != g_combo_hash.end()) return it->second;
  auto combo = static_cast<CommandId>(g_combo_cids.size());
  g_combo_cids.push_back(key);
  g_combo_hash.emplace(key, combo);
  return combo;
}

CommandId GetRealCmin(CommandId combo) {
  return Lookup(combo).first;
}

CommandId GetRealCmax(CommandId combo) {
  return Lookup(combo).second;
}

size_t ComboCidCount() {
  return g_combo_cids.size();
}

void ResetComboCids() {
  g_combo_cids.clear();
  g_combo_hash.clear();
}

}  // namespace hyrax::storage::combocid

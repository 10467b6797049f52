// Child-process bookkeeping for the postmaster (see server/postmaster/child_registry.h).
#include "server/postmaster/child_registry.h"

#include <csignal>
#include <cstring>
#include <string>

#include <fmt/format.h>
#include <sys/wait.h>

namespace hyrax::server::postmaster {

std::string_view ChildKindName(ChildKind kind) {
  switch (kind) {
    case ChildKind::kBackend:
    case ChildKind::kDeadEnd:
      return "server process";
    case ChildKind::kStartup:
      return "startup process";
    case ChildKind::kCheckpointer:
      return "checkpointer process";
    case ChildKind::kAutovacuumLauncher:
      return "autovacuum launcher process";
    case ChildKind::kAutovacuumWorker:
      return "autovacuum worker process";
  }
  return "process";
}

void ChildRegistry::Add(pid_t pid, ChildKind kind) {
  children_[pid] = kind;
}

std::optional<ChildKind> ChildRegistry::Remove(pid_t pid) {
  auto it = children_.find(pid);
  if (it == children_.end()) return std::nullopt;
  ChildKind kind = it->second;
  children_.erase(it);
  return kind;
}

size_t ChildRegistry::Count(ChildKind kind) const {
  size_t count = 0;
  for (const auto& [pid, child_kind] : children_) count += child_kind == kind;
  return count;
}

std::vector<pid_t> ChildRegistry::Pids(ChildKind kind) const {
  std::vector<pid_t> pids;
  for (const auto& [pid, child_kind] : children_) {
    if (child_kind == kind) pids.push_back(pid);
  }
  return pids;
}

void ChildRegistry::SignalAll(int signal_number, std::optional<ChildKind> kind,
                              pid_t except) const {
  for (const auto& [pid, child_kind] : children_) {
    if (pid == except || (kind && child_kind != *kind)) continue;
    kill(pid, signal_number);
  }
}

std::string DescribeChildExit(ChildKind kind, pid_t pid, int wait_status) {
  if (WIFSIGNALED(wait_status)) {
    int signal_number = WTERMSIG(wait_status);
    return fmt::format("{} (PID {}) was terminated by signal {}: {}", ChildKindName(kind), pid,
                       signal_number, strsignal(signal_number));
  }
  return fmt::format("{} (PID {}) exited with exit code {}", ChildKindName(kind), pid,
                     WEXITSTATUS(wait_status));
}

bool IsAbnormalExit(int wait_status) {
  if (!WIFEXITED(wait_status)) return true;
  int code = WEXITSTATUS(wait_status);
  return code != 0 && code != 1;
}

}  // namespace hyrax::server::postmaster

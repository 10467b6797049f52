// The postmaster's table of live child processes by kind (client backends, dead-end
// backends that only report why they are refused, the startup process, the checkpointer,
// the autovacuum launcher and its workers),
// with PostgreSQL's names for them in log lines.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <sys/types.h>

namespace hyrax::server::postmaster {

enum class ChildKind {
  kBackend,
  kDeadEnd,
  kStartup,
  kCheckpointer,
  kAutovacuumLauncher,
  kAutovacuumWorker,
};

// "server process", "startup process", "checkpointer process" (PostgreSQL's LogChildExit).
std::string_view ChildKindName(ChildKind kind);

class ChildRegistry {
 public:
  void Add(pid_t pid, ChildKind kind);
  // Removes and returns the child's kind; nullopt for a pid that is not ours.
  std::optional<ChildKind> Remove(pid_t pid);
  size_t Count(ChildKind kind) const;
  size_t CountAll() const { return children_.size(); }
  std::vector<pid_t> Pids(ChildKind kind) const;
  // Sends `signal_number` to every child (of `kind` if given), except `except`.
  void SignalAll(int signal_number, std::optional<ChildKind> kind = std::nullopt,
                 pid_t except = 0) const;

 private:
  std::unordered_map<pid_t, ChildKind> children_;
};

// PostgreSQL's LogChildExit text: "%s (PID %d) exited with exit code %d" or "%s (PID %d)
// was terminated by signal %d: %s".
std::string DescribeChildExit(ChildKind kind, pid_t pid, int wait_status);

// True for an exit that needs a crash reset: a signal, or an exit code other than 0 / 1.
bool IsAbnormalExit(int wait_status);

}  // namespace hyrax::server::postmaster

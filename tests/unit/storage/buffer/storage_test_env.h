// Shared by the storage test binaries (smgr, buffer, fsm): each test runs in a fresh
// temporary data directory (mkdtemp + chdir, removed afterwards) and forked workers report
// success through their exit status.
#pragma once

#include <climits>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <string>
#include <unistd.h>
#include <vector>

#include <gtest/gtest.h>
#include <sys/wait.h>

namespace hyrax::storage::testing {

// Creates a temporary directory and makes it the cwd (= the data directory) for its lifetime.
class TempDataDir {
 public:
  TempDataDir() {
    char cwd[PATH_MAX];
    if (getcwd(cwd, sizeof(cwd)) != nullptr) old_cwd_ = cwd;
    char tmpl[] = "/tmp/hyrax_storage_test_XXXXXX";
    const char* dir = mkdtemp(tmpl);
    if (dir == nullptr) std::abort();
    path_ = dir;
    if (chdir(dir) != 0) std::abort();
  }
  ~TempDataDir() {
    if (chdir(old_cwd_.c_str()) != 0) std::abort();
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDataDir(const TempDataDir&) = delete;
  TempDataDir& operator=(const TempDataDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string old_cwd_ = "/";
  std::string path_;
};

// Forks `count` workers running body(worker_index); a worker exits with the body's return
// value (or 99 when it throws). Returns after all exited; fails the test unless each
// exited with 0.
inline void RunWorkers(int count, const std::function<int(int)>& body) {
  std::vector<pid_t> pids;
  for (int idx = 0; idx < count; ++idx) {
    pid_t pid = fork();
    if (pid == 0) {
      int code = 99;
      try {
        code = body(idx);
      } catch (...) {
      }
      _exit(code);
    }
    ASSERT_GT(pid, 0);
    pids.push_back(pid);
  }
  for (pid_t pid : pids) {
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status)) << "worker killed by a signal";
    EXPECT_EQ(WEXITSTATUS(status), 0);
  }
}

}  // namespace hyrax::storage::testing

// Shared fixture for the wal/ unit tests: each test runs in a fresh temporary data
// directory (mkdtemp + chdir) with a fresh shared memory segment, a bootstrapped WAL and a
// completed StartupXLog. Crash() drops shared memory like the postmaster's crash reset, so
// only what reached the segment files survives. Also a recording test resource manager.
#pragma once

#include <climits>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <unistd.h>
#include <vector>

#include <gtest/gtest.h>

#include "common/shmem/shmem.h"
#include "wal/checkpoint/checkpoint.h"
#include "wal/flush/xlog_flush.h"
#include "wal/insert/xlog_insert.h"
#include "wal/record/decoded_record.h"
#include "wal/recovery/recovery.h"
#include "wal/rmgr/rmgr.h"
#include "wal/rmgr/xlog_rmgr.h"
#include "wal/wal_shmem.h"

namespace hyrax::wal::testing {

// The resource manager the tests write records for.
inline constexpr RmgrId kTestRmgr = RmgrId::kHeap;

struct ReplayedRecord {
  Lsn start;
  Lsn end;
  uint8_t info;
  TransactionId xid;
  std::string main_data;
  bool in_recovery;
};

// Records every test-rmgr record that redo sees, in order.
inline std::vector<ReplayedRecord> g_replayed;

inline void TestRedo(const DecodedRecord& record) {
  g_replayed.push_back({record.start_lsn(), record.end_lsn(), record.info(), record.xid(),
                        std::string(record.main_data()), InRecovery()});
}

inline void RegisterTestRmgr() {
  RmgrOps ops;
  ops.name = "Test";
  ops.redo = TestRedo;
  RegisterRmgr(kTestRmgr, ops);
}

// Inserts a test-rmgr record whose main data is `payload`; returns its end LSN.
inline Lsn InsertTestRecord(const std::string& payload, uint8_t info = 0,
                            TransactionId xid = kInvalidTransactionId) {
  XLogBeginInsert();
  XLogRegisterData(payload.data(), payload.size());
  return XLogInsert(kTestRmgr, info, xid);
}

class WalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char cwd[PATH_MAX];
    ASSERT_NE(getcwd(cwd, sizeof(cwd)), nullptr);
    old_cwd_ = cwd;
    std::string pattern = (std::filesystem::temp_directory_path() / "hyrax_wal_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    ASSERT_EQ(chdir(dir_.c_str()), 0);
    g_fsync = false;  // tests that need durability semantics turn it on
    g_full_page_writes = true;
    g_wal_buffers_kb = WalBuffersKb();
    g_replayed.clear();
    RegisterTestRmgr();
    SetCheckpointHooks({});
    SetFullPageImageRedoHook(nullptr);
    CreateSharedMemory();
    BootstrapXLog(42);
    StartupXLog();
  }

  void TearDown() override {
    shmem::DestroySegment();
    ASSERT_EQ(chdir(old_cwd_.c_str()), 0);
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
    g_fsync = true;
    g_wal_buffers_kb = 4096;
  }

  // Ring size for this test; override to exercise ring wrap-around.
  virtual int WalBuffersKb() { return 4096; }

  // Drops shared memory (unflushed WAL in the ring is lost) and creates a fresh one,
  // without running StartupXLog.
  void Crash() {
    shmem::DestroySegment();
    CreateSharedMemory();
    g_replayed.clear();
  }

  const std::string& dir() const { return dir_; }

 private:
  static void CreateSharedMemory() {
    shmem::CreateSegment(ShmemSize() + 64 * 1024);
    ShmemInit();
  }

  std::string old_cwd_;
  std::string dir_;
};

}  // namespace hyrax::wal::testing

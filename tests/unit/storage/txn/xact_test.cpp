// The transaction-block state machine (I/T/E, warnings, failed blocks, implicit blocks),
// xid assignment, read-only and isolation rules, command ids, callbacks, and what commit
// and abort write: commit/abort records, WAL flush, clog, pending file deletions, redo.
#include "storage/txn/xact.h"

#include <filesystem>

#include <gtest/gtest.h>

#include "storage/lmgr/lock_manager.h"
#include "storage/smgr/smgr.h"
#include "storage/txn/clog.h"
#include "storage/txn/proc_array.h"
#include "storage/txn/transam.h"
#include "storage/txn/xact_record.h"
#include "storage/txn/xact_redo.h"
#include "tests/unit/storage/txn/txn_test_env.h"
#include "tests/unit/storage/txn/xact_test_support.h"

namespace hyrax::storage {
namespace {

using testing::NoticeCollector;
using testing::RunStatement;
using testing::TxnTestEnv;
using testing::Write;

class XactTest : public TxnTestEnv {
 protected:
  void TearDown() override {
    // Leave no transaction behind for the next test.
    if (TransactionBlockStatus() != 'I' || IsTransactionState()) {
      AbortCurrentTransaction();
      if (TransactionBlockStatus() != 'I') {
        UserAbortTransactionBlock();
        CommitTransactionCommand();
      }
    }
    g_synchronous_commit = true;
    g_default_isolation_level = IsolationLevel::kReadCommitted;
    g_default_transaction_read_only = false;
    TxnTestEnv::TearDown();
  }

  void SetUp() override {
    TxnTestEnv::SetUp();
    wal_start_ = wal::GetXLogInsertRecPtr();
  }

  // Transaction records this test wrote (flushes WAL).
  std::vector<XactRecordView> Records() const { return XactRecordsSince(wal_start_); }

  // Every WAL record this test wrote with `rmid` and `info`, as main data (flushes WAL).
  std::vector<std::string> RecordsOf(wal::RmgrId rmid, uint8_t info) const {
    wal::XLogFlush(wal::GetXLogInsertRecPtr());
    std::vector<std::string> out;
    wal::WalReader reader;
    for (const wal::DecodedRecord* rec = reader.ReadRecord(wal_start_); rec != nullptr;
         rec = reader.ReadNext()) {
      if (rec->rmid() == rmid && rec->info() == info) out.emplace_back(rec->main_data());
    }
    return out;
  }

  Lsn wal_start_ = kInvalidLsn;
};

const RelFileLocator kDropped{kDefaultTablespaceOid, 5, 16400};
const RelFileLocator kCreated{kDefaultTablespaceOid, 5, 16401};

TEST_F(XactTest, ImplicitTransactionCommitsAtStatementEnd) {
  EXPECT_EQ(TransactionBlockStatus(), 'I');
  TransactionId xid = kInvalidTransactionId;
  ASSERT_FALSE(RunStatement([&] {
    EXPECT_TRUE(IsTransactionState());
    EXPECT_FALSE(IsTransactionBlock());
    EXPECT_EQ(TransactionBlockStatus(), 'I');
    xid = Write();
  }));
  EXPECT_EQ(TransactionBlockStatus(), 'I');
  EXPECT_FALSE(IsTransactionState());
  EXPECT_TRUE(TransactionIdDidCommit(xid));
  EXPECT_FALSE(TransactionIdIsInProgress(xid));
}

TEST_F(XactTest, BeginCommitBlockGoesThroughT) {
  ASSERT_FALSE(RunStatement([] { BeginTransactionBlock(); }));
  EXPECT_EQ(TransactionBlockStatus(), 'T');
  EXPECT_TRUE(IsTransactionBlock());
  TransactionId xid = kInvalidTransactionId;
  ASSERT_FALSE(RunStatement([&] { xid = Write(); }));
  EXPECT_EQ(TransactionBlockStatus(), 'T');
  EXPECT_TRUE(TransactionIdIsInProgress(xid));
  EXPECT_TRUE(TransactionIdIsCurrentTransactionId(xid));
  bool committed = false;
  ASSERT_FALSE(RunStatement([&] { committed = EndTransactionBlock(); }));
  EXPECT_TRUE(committed);
  EXPECT_EQ(TransactionBlockStatus(), 'I');
  EXPECT_TRUE(TransactionIdDidCommit(xid));
  EXPECT_FALSE(TransactionIdIsCurrentTransactionId(xid));
}

TEST_F(XactTest, ErrorInBlockFailsItUntilRollbackAndCommitReportsRollback) {
  ASSERT_FALSE(RunStatement([] { BeginTransactionBlock(); }));
  TransactionId xid = kInvalidTransactionId;
  auto error = RunStatement([&] {
    xid = Write();
    throw Error(errcode::kDivisionByZero, "division by zero");
  });
  ASSERT_TRUE(error);
  EXPECT_EQ(TransactionBlockStatus(), 'E');
  EXPECT_TRUE(IsAbortedTransactionBlockState());
  EXPECT_FALSE(IsTransactionState());
  // The transaction is over for everyone else already.
  EXPECT_TRUE(TransactionIdDidAbort(xid));
  EXPECT_FALSE(TransactionIdIsInProgress(xid));
  EXPECT_FALSE(TransactionIdIsCurrentTransactionId(xid));
  // A further error keeps the block failed.
  ASSERT_TRUE(RunStatement([] { throw Error(errcode::kInFailedSqlTransaction, "again"); }));
  EXPECT_EQ(TransactionBlockStatus(), 'E');
  bool committed = true;
  ASSERT_FALSE(RunStatement([&] { committed = EndTransactionBlock(); }));
  EXPECT_FALSE(committed);  // COMMIT of a failed block is a ROLLBACK
  EXPECT_EQ(TransactionBlockStatus(), 'I');
  EXPECT_FALSE(TransactionIdDidCommit(xid));
}

TEST_F(XactTest, RollbackOfLiveBlockAbortsIt) {
  ASSERT_FALSE(RunStatement([] { BeginTransactionBlock(); }));
  TransactionId xid = kInvalidTransactionId;
  ASSERT_FALSE(RunStatement([&] { xid = Write(); }));
  ASSERT_FALSE(RunStatement([] { UserAbortTransactionBlock(); }));
  EXPECT_EQ(TransactionBlockStatus(), 'I');
  EXPECT_TRUE(TransactionIdDidAbort(xid));
  auto records = Records();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].info, kXlogXactAbort);
  EXPECT_EQ(records[0].xid, xid);
}

TEST_F(XactTest, BeginInsideBlockWarnsWithActiveSqlTransaction) {
  NoticeCollector notices;
  ASSERT_FALSE(RunStatement([] { BeginTransactionBlock(); }));
  ASSERT_FALSE(RunStatement([] { BeginTransactionBlock(); }));
  ASSERT_EQ(notices.notices().size(), 1u);
  EXPECT_EQ(notices.notices()[0].severity(), Severity::kWarning);
  EXPECT_EQ(notices.notices()[0].code(), errcode::kActiveSqlTransaction);
  EXPECT_EQ(notices.notices()[0].message(), "there is already a transaction in progress");
  EXPECT_EQ(TransactionBlockStatus(), 'T');
}

TEST_F(XactTest, CommitAndRollbackOutsideBlockWarnNoTransactionInProgress) {
  NoticeCollector notices;
  bool committed = false;
  ASSERT_FALSE(RunStatement([&] { committed = EndTransactionBlock(); }));
  EXPECT_TRUE(committed);
  ASSERT_FALSE(RunStatement([] { UserAbortTransactionBlock(); }));
  ASSERT_EQ(notices.notices().size(), 2u);
  for (const Error& notice : notices.notices()) {
    EXPECT_EQ(notice.severity(), Severity::kWarning);
    EXPECT_EQ(notice.code(), errcode::kNoActiveSqlTransaction);
    EXPECT_EQ(notice.message(), "there is no transaction in progress");
  }
  EXPECT_EQ(TransactionBlockStatus(), 'I');
}

TEST_F(XactTest, ImplicitBlockRunsStatementsInOneTransaction) {
  NoticeCollector notices;
  StartTransactionCommand();
  BeginImplicitTransactionBlock();
  TransactionId xid = Write();
  CommitTransactionCommand();
  EXPECT_TRUE(TransactionIdIsInProgress(xid));  // still the same transaction
  StartTransactionCommand();
  try {
    DefineSavepoint("s");
    FAIL() << "SAVEPOINT in an implicit block must fail";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), errcode::kNoActiveSqlTransaction);
    EXPECT_EQ(e.message(), "SAVEPOINT can only be used in transaction blocks");
  }
  EXPECT_EQ(GetCurrentTransactionId(), xid);
  EXPECT_TRUE(EndTransactionBlock());  // COMMIT inside: warns, then commits
  CommitTransactionCommand();
  EXPECT_TRUE(TransactionIdDidCommit(xid));
  ASSERT_EQ(notices.notices().size(), 1u);
  EXPECT_EQ(notices.notices()[0].code(), errcode::kNoActiveSqlTransaction);
}

TEST_F(XactTest, ErrorInImplicitBlockAbortsEverything) {
  StartTransactionCommand();
  BeginImplicitTransactionBlock();
  TransactionId xid = Write();
  CommitTransactionCommand();
  StartTransactionCommand();
  AbortCurrentTransaction();
  EXPECT_EQ(TransactionBlockStatus(), 'I');
  EXPECT_TRUE(TransactionIdDidAbort(xid));
}

TEST_F(XactTest, CommitWritesAFlushedCommitRecordBeforeClog) {
  TransactionId xid = kInvalidTransactionId;
  ASSERT_FALSE(RunStatement([&] { xid = Write(); }));
  EXPECT_FALSE(wal::XLogNeedsFlush(wal::GetXLogInsertRecPtr()));  // durable at commit
  EXPECT_EQ(Clog::GetStatus(xid), XidStatus::kCommitted);
  EXPECT_EQ(ProcArray::MyProc()->xid.load(), kInvalidTransactionId);
  EXPECT_FALSE(LockManager::HeldByMe(LockTag::Transaction(xid), LockMode::kExclusive));
  auto records = Records();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].info, kXlogXactCommit);
  EXPECT_EQ(records[0].xid, xid);
  EXPECT_TRUE(records[0].record.subxids.empty());
  EXPECT_TRUE(records[0].record.rels.empty());
  EXPECT_GT(records[0].record.xact_time, 0);
}
TEST_F(XactTest, AsynchronousCommitDoesNotFlush) {
  g_synchronous_commit = false;
  TransactionId xid = kInvalidTransactionId;
  ASSERT_FALSE(RunStatement([&] { xid = Write(); }));
  Lsn commit_end = wal::GetXLogInsertRecPtr();
  EXPECT_TRUE(wal::XLogNeedsFlush(commit_end));
  EXPECT_TRUE(TransactionIdDidCommit(xid));
  // The clog page carries the commit LSN: writing it flushes WAL first.
  Clog::Flush();
  EXPECT_FALSE(wal::XLogNeedsFlush(commit_end));
  ASSERT_EQ(Records().size(), 1u);
}
TEST_F(XactTest, TransactionWithoutXidWritesNothing) {
  ASSERT_FALSE(RunStatement([] { GetTransactionSnapshot(); }));
  ASSERT_FALSE(RunStatement([] { BeginTransactionBlock(); }));
  ASSERT_FALSE(RunStatement([] { GetTransactionSnapshot(); }));
  ASSERT_FALSE(RunStatement([] { UserAbortTransactionBlock(); }));
  EXPECT_EQ(wal::GetXLogInsertRecPtr(), wal_start_);
}
TEST_F(XactTest, XidIsLockedUntilTransactionEnd) {
  ASSERT_FALSE(RunStatement([] { BeginTransactionBlock(); }));
  TransactionId xid = kInvalidTransactionId;
  ASSERT_FALSE(RunStatement([&] { xid = Write(); }));
  EXPECT_TRUE(LockManager::HeldByMe(LockTag::Transaction(xid), LockMode::kExclusive));
  EXPECT_EQ(ProcArray::MyProc()->xid.load(), xid);
  EXPECT_EQ(GetTopTransactionIdIfAny(), xid);
  ASSERT_FALSE(RunStatement([] { EndTransactionBlock(); }));
  EXPECT_FALSE(LockManager::HeldByMe(LockTag::Transaction(xid), LockMode::kExclusive));
  EXPECT_EQ(GetTopTransactionIdIfAny(), kInvalidTransactionId);
}

TEST_F(XactTest, ReadOnlyTransactionRefusesWrites) {
  ASSERT_FALSE(RunStatement([] { BeginTransactionBlock(); }));
  ASSERT_FALSE(RunStatement([] { SetTransactionReadOnly(true); }));
  EXPECT_TRUE(TransactionReadOnly());
  auto error = RunStatement([] { PreventCommandIfReadOnly("INSERT"); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code(), errcode::kReadOnlySqlTransaction);
  EXPECT_EQ(error->message(), "cannot execute INSERT in a read-only transaction");
  ASSERT_FALSE(RunStatement([] { UserAbortTransactionBlock(); }));

  g_default_transaction_read_only = true;
  error = RunStatement([] { Write(); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code(), errcode::kReadOnlySqlTransaction);
  EXPECT_EQ(wal::GetXLogInsertRecPtr(), wal_start_);
}

TEST_F(XactTest, ReadWriteAfterFirstSnapshotIsRefused) {
  g_default_transaction_read_only = true;
  ASSERT_FALSE(RunStatement([] { BeginTransactionBlock(); }));
  ASSERT_FALSE(RunStatement([] { GetTransactionSnapshot(); }));
  auto error = RunStatement([] { SetTransactionReadOnly(false); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code(), errcode::kActiveSqlTransaction);
  EXPECT_EQ(error->message(), "transaction read-write mode must be set before any query");
}

TEST_F(XactTest, IsolationLevelMustBeSetBeforeAnyQuery) {
  ASSERT_FALSE(RunStatement([] { BeginTransactionBlock(); }));
  ASSERT_FALSE(RunStatement([] { SetTransactionIsolation(IsolationLevel::kRepeatableRead); }));
  EXPECT_EQ(CurrentIsolationLevel(), IsolationLevel::kRepeatableRead);
  EXPECT_TRUE(IsolationUsesXactSnapshot());
  ASSERT_FALSE(RunStatement([] { GetTransactionSnapshot(); }));
  auto error = RunStatement([] { SetTransactionIsolation(IsolationLevel::kSerializable); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code(), errcode::kActiveSqlTransaction);
  EXPECT_EQ(error->message(), "SET TRANSACTION ISOLATION LEVEL must be called before any query");
  EXPECT_EQ(TransactionBlockStatus(), 'E');
  ASSERT_FALSE(RunStatement([] { UserAbortTransactionBlock(); }));
  // The next transaction starts from the default again.
  ASSERT_FALSE(
      RunStatement([] { EXPECT_EQ(CurrentIsolationLevel(), IsolationLevel::kReadCommitted); }));
}

TEST_F(XactTest, PreventAndRequireTransactionBlock) {
  ASSERT_FALSE(RunStatement([] { PreventInTransactionBlock("VACUUM"); }));
  auto error = RunStatement([] { RequireTransactionBlock("LOCK TABLE"); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code(), errcode::kNoActiveSqlTransaction);
  EXPECT_EQ(error->message(), "LOCK TABLE can only be used in transaction blocks");
  {
    NoticeCollector notices;
    ASSERT_FALSE(RunStatement([] { WarnNoTransactionBlock("SET TRANSACTION"); }));
    ASSERT_EQ(notices.notices().size(), 1u);
    EXPECT_EQ(notices.notices()[0].message(),
              "SET TRANSACTION can only be used in transaction blocks");
  }
  ASSERT_FALSE(RunStatement([] { BeginTransactionBlock(); }));
  error = RunStatement([] { PreventInTransactionBlock("VACUUM"); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code(), errcode::kActiveSqlTransaction);
  EXPECT_EQ(error->message(), "VACUUM cannot run inside a transaction block");
}

TEST_F(XactTest, CommandCounterAdvancesOnlyWhenUsed) {
  // Hooks stay registered for the life of the process: count into a static.
  static int calls = 0;
  static bool registered = false;
  if (!registered) {
    RegisterCommandCounterHook([] { ++calls; });
    registered = true;
  }
  calls = 0;
  ASSERT_FALSE(RunStatement([] { BeginTransactionBlock(); }));
  ASSERT_FALSE(RunStatement([] { EXPECT_EQ(GetCurrentCommandId(false), 0u); }));
  EXPECT_EQ(calls, 0);
  ASSERT_FALSE(RunStatement([] { EXPECT_EQ(GetCurrentCommandId(true), 0u); }));
  EXPECT_EQ(calls, 1);
  ASSERT_FALSE(RunStatement([] {
    EXPECT_EQ(GetCurrentCommandId(false), 1u);
    Snapshot snapshot = GetTransactionSnapshot();
    EXPECT_EQ(snapshot->curcid, 1u);
    GetCurrentCommandId(true);
    CommandCounterIncrement();
    EXPECT_EQ(snapshot->curcid, 2u);  // the active snapshot follows
  }));
  ASSERT_FALSE(RunStatement([] { UserAbortTransactionBlock(); }));
  ASSERT_FALSE(RunStatement([] { EXPECT_EQ(GetCurrentCommandId(false), 0u); }));
}

TEST_F(XactTest, CallbacksRunInOrderAtCommitAndAbort) {
  static std::vector<XactEvent>* events_ptr = nullptr;
  std::vector<XactEvent> events;
  events_ptr = &events;
  static bool registered = false;
  if (!registered) {
    RegisterXactCallback([](XactEvent event) {
      if (events_ptr != nullptr) events_ptr->push_back(event);
    });
    registered = true;
  }
  ASSERT_FALSE(RunStatement([] { Write(); }));
  ASSERT_TRUE(RunStatement([] { throw Error(errcode::kDivisionByZero, "boom"); }));
  events_ptr = nullptr;
  std::vector<XactEvent> expected = {XactEvent::kPreCommit, XactEvent::kCommit, XactEvent::kAbort};
  EXPECT_EQ(events, expected);
}

TEST_F(XactTest, PendingDeletesRunAtTheRightEnd) {
  Smgr::Create(kDropped, ForkNumber::kMain, false);
  Smgr::Create(kCreated, ForkNumber::kMain, false);
  ASSERT_FALSE(RunStatement([&] {
    Write();
    ScheduleRelationDelete(kDropped, /*at_commit=*/true);
    ScheduleRelationDelete(kCreated, /*at_commit=*/false);
  }));
  EXPECT_FALSE(Smgr::Exists(kDropped, ForkNumber::kMain));
  EXPECT_TRUE(Smgr::Exists(kCreated, ForkNumber::kMain));
  auto records = Records();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].record.rels, std::vector<RelFileLocator>{kDropped});

  Smgr::Create(kDropped, ForkNumber::kMain, false);
  ASSERT_TRUE(RunStatement([&] {
    Write();
    ScheduleRelationDelete(kDropped, /*at_commit=*/true);
    ScheduleRelationDelete(kCreated, /*at_commit=*/false);
    throw Error(errcode::kDivisionByZero, "boom");
  }));
  EXPECT_TRUE(Smgr::Exists(kDropped, ForkNumber::kMain));
  EXPECT_FALSE(Smgr::Exists(kCreated, ForkNumber::kMain));
  records = Records();
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1].info, kXlogXactAbort);
  EXPECT_EQ(records[1].record.rels, std::vector<RelFileLocator>{kCreated});
}
TEST_F(XactTest, StartTimestampIsTheFirstStatementsStart) {
  SetCurrentStatementStartTimestamp();
  ASSERT_FALSE(RunStatement([] { BeginTransactionBlock(); }));
  int64_t start = GetCurrentTransactionStartTimestamp();
  EXPECT_GT(start, 0);
  SetCurrentStatementStartTimestamp();
  ASSERT_FALSE(RunStatement([&] {
    EXPECT_EQ(GetCurrentTransactionStartTimestamp(), start);
    EXPECT_GE(GetCurrentStatementStartTimestamp(), start);
  }));
  EXPECT_EQ(ProcArray::MyProc()->xact_start, start);
  ASSERT_FALSE(RunStatement([] { EndTransactionBlock(); }));
  EXPECT_EQ(ProcArray::MyProc()->xact_start, 0);
}

TEST_F(XactTest, CrashRecoveryReplaysCommitAndAbortRecords) {
  Smgr::Create(kDropped, ForkNumber::kMain, false);
  TransactionId committed = kInvalidTransactionId;
  TransactionId aborted = kInvalidTransactionId;
  TransactionId last = kInvalidTransactionId;
  ASSERT_FALSE(RunStatement([&] {
    committed = Write();
    ScheduleRelationDelete(kDropped, true);
  }));
  ASSERT_TRUE(RunStatement([&] {
    aborted = Write();
    throw Error(errcode::kDivisionByZero, "boom");
  }));
  ASSERT_FALSE(RunStatement([&] { last = Write(); }));  // its flush covers the abort record
  // Pretend the crash came before the file removal, and before clog reached disk.
  Smgr::Create(kDropped, ForkNumber::kMain, false);
  wal::StartupResult startup = CrashAndRestart();
  EXPECT_TRUE(startup.performed_recovery);
  EXPECT_TRUE(TransactionIdDidCommit(committed));
  EXPECT_TRUE(TransactionIdDidAbort(aborted));
  EXPECT_TRUE(TransactionIdDidCommit(last));
  EXPECT_FALSE(Smgr::Exists(kDropped, ForkNumber::kMain));
  EXPECT_TRUE(TransactionIdFollows(ReadNextTransactionId(), last));
  ASSERT_FALSE(RunStatement([&] { EXPECT_TRUE(TransactionIdFollows(Write(), last)); }));
}

TEST_F(XactTest, UnflushedAsyncCommitIsLostInACrash) {
  g_synchronous_commit = false;
  TransactionId xid = kInvalidTransactionId;
  ASSERT_FALSE(RunStatement([&] { xid = Write(); }));
  EXPECT_TRUE(TransactionIdDidCommit(xid));
  CrashAndRestart();
  EXPECT_FALSE(TransactionIdDidCommit(xid));  // neither WAL nor clog made it to disk
}

TEST_F(XactTest, RedoAdvancesTheXidCounterPastSubtransactionXids) {
  ASSERT_FALSE(RunStatement([] { BeginTransactionBlock(); }));
  ASSERT_FALSE(RunStatement([] { DefineSavepoint("a"); }));
  TransactionId sub = kInvalidTransactionId;
  ASSERT_FALSE(RunStatement([&] { sub = Write(); }));  // no record carries it in its header
  ASSERT_FALSE(RunStatement([] { EXPECT_TRUE(EndTransactionBlock()); }));
  CrashAndRestart();
  EXPECT_TRUE(TransactionIdDidCommit(sub));
  EXPECT_TRUE(TransactionIdFollows(ReadNextTransactionId(), sub));
}

TEST_F(XactTest, XactRecordsHaveADescription) {
  TransactionId xid = kInvalidTransactionId;
  ASSERT_FALSE(RunStatement([&] {
    xid = Write();
    ScheduleRelationDelete(kDropped, true);
  }));
  const wal::RmgrOps* ops = wal::GetRmgr(wal::RmgrId::kXact);
  ASSERT_NE(ops, nullptr);
  wal::WalReader reader;
  const wal::DecodedRecord* rec = reader.ReadRecord(wal_start_);
  while (rec != nullptr && rec->rmid() != wal::RmgrId::kXact) rec = reader.ReadNext();
  ASSERT_NE(rec, nullptr);
  EXPECT_EQ(ops->describe(*rec), fmt::format("COMMIT xid {}; rels: 1663/5/16400", xid));
}
TEST_F(XactTest, OidsAreLoggedAheadInRangesAndNeverReissuedAfterACrash) {
  Oid first = GetNewObjectId();
  EXPECT_EQ(first, kFirstNormalObjectId);
  for (int i = 1; i < 8192; ++i) GetNewObjectId();
  EXPECT_EQ(RecordsOf(wal::RmgrId::kXlog, wal::kXlogNextOid).size(), 1u);
  Oid last = GetNewObjectId();
  EXPECT_EQ(last, kFirstNormalObjectId + 8192);
  EXPECT_EQ(RecordsOf(wal::RmgrId::kXlog, wal::kXlogNextOid).size(), 2u);
  wal::CheckpointData counters;
  FillCheckpointCounters(counters);
  EXPECT_EQ(counters.next_oid, kFirstNormalObjectId + 2 * 8192);
  EXPECT_EQ(counters.next_xid, ReadNextTransactionId());
  // RecordsOf flushed WAL; after a crash, allocation resumes past everything handed out.
  CrashAndRestart();
  EXPECT_GT(GetNewObjectId(), last);
}
}  // namespace
}  // namespace hyrax::storage

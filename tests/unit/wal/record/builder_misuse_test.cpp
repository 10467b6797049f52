// Misuse of the record-building API is caught before anything reaches the WAL: a second
// XLogBeginInsert, data for an unregistered block, a block id registered twice, an image
// requested without a page, an oversized record, and insertion before StartupXLog.
#include <gtest/gtest.h>

#include "common/error.h"
#include "common/shmem/shmem.h"
#include "tests/unit/wal/wal_test_env.h"
#include "wal/record/record_format.h"

namespace hyrax::wal::testing {
namespace {

template <typename Fn>
SqlState ErrorCodeOf(Fn fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.code();
  }
  return errcode::kSuccessfulCompletion;
}

class BuilderMisuseTest : public WalTest {};

TEST_F(BuilderMisuseTest, RegistrationErrorsAreInternalErrorsAndResetRecovers) {
  BlockRef ref;
  ref.block = 1;
  XLogBeginInsert();
  EXPECT_EQ(ErrorCodeOf([] { XLogBeginInsert(); }), errcode::kInternalError);
  EXPECT_EQ(ErrorCodeOf([] { XLogRegisterBlockData(2, "x", 1); }), errcode::kInternalError);
  XLogRegisterBlock(0, ref, nullptr, kRegbufNoImage);
  EXPECT_EQ(ErrorCodeOf([&] { XLogRegisterBlock(0, ref, nullptr, kRegbufNoImage); }),
            errcode::kInternalError);
  EXPECT_EQ(ErrorCodeOf([&] { XLogRegisterBlock(1, ref, nullptr, kRegbufForceImage); }),
            errcode::kInternalError);
  EXPECT_EQ(ErrorCodeOf([&] { XLogRegisterBlock(kMaxBlockRefs, ref, nullptr, kRegbufNoImage); }),
            errcode::kInternalError);
  XLogResetInsertion();
  Lsn before = GetXLogInsertRecPtr();
  EXPECT_GT(InsertTestRecord("after reset"), before);
}

TEST_F(BuilderMisuseTest, OversizedRecordIsRejectedAtRegistration) {
  static const char byte = 0;
  XLogBeginInsert();
  // Only the length is looked at: registration keeps pointers and checks the total.
  EXPECT_EQ(ErrorCodeOf([] { XLogRegisterData(&byte, kMaxRecordSize); }),
            errcode::kProgramLimitExceeded);
  XLogResetInsertion();
}

TEST_F(BuilderMisuseTest, InsertBeforeStartupIsRefused) {
  Crash();  // fresh shared memory: StartupXLog has not run
  EXPECT_EQ(ErrorCodeOf([] { InsertTestRecord("too early"); }), errcode::kInternalError);
  StartupXLog();
  EXPECT_EQ(ErrorCodeOf([] { InsertTestRecord("in production"); }), errcode::kSuccessfulCompletion);
}

}  // namespace
}  // namespace hyrax::wal::testing

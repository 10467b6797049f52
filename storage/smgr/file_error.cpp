// errno classification for file errors (see storage/smgr/file_error.h).
#include "storage/smgr/file_error.h"

#include <cerrno>
#include <cstring>

#include "common/interrupts.h"

namespace hyrax::storage {

SqlState ErrcodeForFileAccess(int saved_errno) {
  switch (saved_errno) {
    case EPERM:
    case EACCES:
    case EROFS:
      return errcode::kInsufficientPrivilege;
    case ENOENT:
      return errcode::kUndefinedFile;
    case EEXIST:
      return errcode::kDuplicateFile;
    case ENOTDIR:
    case EISDIR:
    case ENOTEMPTY:
      return errcode::kWrongObjectType;
    case ENOSPC:
      return errcode::kDiskFull;
    case ENFILE:
    case EMFILE:
      return errcode::kInsufficientResources;
    case EIO:
      return errcode::kIoError;
    default:
      return errcode::kInternalError;
  }
}

Error FileAccessError(int saved_errno, const std::string& what) {
  return Error(ErrcodeForFileAccess(saved_errno),
               fmt::format("{}: {}", what, std::strerror(saved_errno)));
}

void PanicFileError(int saved_errno, const std::string& what) {
  Panic(fmt::format("{}: {}", what, std::strerror(saved_errno)).c_str());
}

}  // namespace hyrax::storage

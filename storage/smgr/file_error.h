// Errors for failed file operations, classified by errno as PostgreSQL's
// errcode_for_file_access does (ENOENT -> 58P01, EACCES -> 42501, ENOSPC -> 53100, ...).
#pragma once

#include <string>

#include "common/error.h"

namespace hyrax::storage {

SqlState ErrcodeForFileAccess(int saved_errno);
// An Error whose message is "<what>: <strerror(saved_errno)>" (PostgreSQL's "%m").
Error FileAccessError(int saved_errno, const std::string& what);
// Logs "<what>: <strerror>" at PANIC and aborts the process (fsync failures of data files).
[[noreturn]] void PanicFileError(int saved_errno, const std::string& what);

}  // namespace hyrax::storage

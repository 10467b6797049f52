// Temporary files (see temp_file.h). Sizes are tracked per file and for the whole process,
// as PostgreSQL's fd.c does for temp_file_limit (temporary_files_size).
#include "storage/file/temp_file.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <set>
#include <unistd.h>

#include <sys/stat.h>

#include "common/assert.h"
#include "common/error.h"
#include "common/ids.h"
#include "common/logging.h"
#include "storage/smgr/file_error.h"

namespace hyrax::storage {

int g_temp_file_limit_kb = -1;

namespace {

uint64_t g_bytes_in_use = 0;
uint64_t g_next_file_number = 0;
std::set<TempFile*> g_open_files;  // for RemoveOpenTempFiles

void EnsureDirectory() {
  if (mkdir("base", 0700) != 0 && errno != EEXIST) {
    throw FileAccessError(errno, "could not create directory \"base\"");
  }
  if (mkdir(kTempFileDirectory, 0700) != 0 && errno != EEXIST) {
    throw FileAccessError(errno,
                          std::string("could not create directory \"") + kTempFileDirectory + "\"");
  }
}

}  // namespace

TempFile::TempFile() {
  EnsureDirectory();
  path_ = std::string(kTempFileDirectory) + "/pgsql_tmp" + std::to_string(getpid()) + "." +
          std::to_string(g_next_file_number++);
  fd_ = open(path_.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd_ < 0) throw FileAccessError(errno, "could not create temporary file \"" + path_ + "\"");
  g_open_files.insert(this);
  buffer_.reserve(kBlockSize);
}

TempFile::~TempFile() {
  g_bytes_in_use -= size();
  g_open_files.erase(this);
  close(fd_);
  unlink(path_.c_str());
}

// Counts `bytes` more against temp_file_limit (PostgreSQL checks when a write extends a
// temporary file).
void TempFile::Grow(uint64_t bytes) {
  if (g_temp_file_limit_kb >= 0 &&
      g_bytes_in_use + bytes > static_cast<uint64_t>(g_temp_file_limit_kb) * 1024) {
    throw MakeError(errcode::kConfigurationLimitExceeded,
                    "temporary file size exceeds temp_file_limit ({}kB)", g_temp_file_limit_kb);
  }
  g_bytes_in_use += bytes;
}

uint64_t TempFile::Append(const void* data, size_t len) {
  uint64_t offset = size();
  Grow(len);
  const char* bytes = static_cast<const char*>(data);
  while (len > 0) {
    size_t room = kBlockSize - buffer_.size();
    size_t chunk = std::min(room, len);
    buffer_.insert(buffer_.end(), bytes, bytes + chunk);
    bytes += chunk;
    len -= chunk;
    if (buffer_.size() == static_cast<size_t>(kBlockSize)) FlushBuffer();
  }
  return offset;
}

void TempFile::FlushBuffer() {
  size_t done = 0;
  while (done < buffer_.size()) {
    ssize_t n = pwrite(fd_, buffer_.data() + done, buffer_.size() - done,
                       static_cast<off_t>(flushed_size_ + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int saved = n < 0 ? errno : ENOSPC;
      throw FileAccessError(saved, "could not write to temporary file \"" + path_ + "\"");
    }
    done += static_cast<size_t>(n);
  }
  flushed_size_ += buffer_.size();
  buffer_.clear();
}

void TempFile::ReadAt(uint64_t offset, void* out, size_t len) {
  HYRAX_CHECK(offset + len <= size(), "read past the end of a temporary file");
  char* dest = static_cast<char*>(out);
  // The tail may still be in the write buffer.
  while (len > 0 && offset < flushed_size_) {
    size_t want = static_cast<size_t>(std::min<uint64_t>(len, flushed_size_ - offset));
    ssize_t n = pread(fd_, dest, want, static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw FileAccessError(errno, "could not read temporary file \"" + path_ + "\"");
    HYRAX_CHECK(n > 0, "unexpected end of a temporary file");
    dest += n;
    offset += static_cast<uint64_t>(n);
    len -= static_cast<size_t>(n);
  }
  if (len > 0) std::memcpy(dest, buffer_.data() + (offset - flushed_size_), len);
}

void TempFile::Truncate() {
  g_bytes_in_use -= size();
  buffer_.clear();
  flushed_size_ = 0;
  if (ftruncate(fd_, 0) != 0) {
    throw FileAccessError(errno, "could not truncate temporary file \"" + path_ + "\"");
  }
}

TempFileReader::TempFileReader(TempFile* file, uint64_t begin, uint64_t end)
    : file_(file), position_(begin), end_(end) {}

void TempFileReader::Seek(uint64_t offset) {
  position_ = offset;
}

bool TempFileReader::Read(void* out, size_t len) {
  if (position_ + len > end_) return false;
  char* dest = static_cast<char*>(out);
  while (len > 0) {
    if (position_ < block_start_ || position_ >= block_start_ + block_.size()) {
      // Refill from the block boundary at or before the position, up to the region's end.
      block_start_ = position_;
      size_t fill = static_cast<size_t>(std::min<uint64_t>(kBlockSize, end_ - position_));
      block_.resize(fill);
      file_->ReadAt(block_start_, block_.data(), fill);
    }
    size_t in_block = static_cast<size_t>(position_ - block_start_);
    size_t chunk = std::min(len, block_.size() - in_block);
    std::memcpy(dest, block_.data() + in_block, chunk);
    dest += chunk;
    len -= chunk;
    position_ += chunk;
  }
  return true;
}

uint64_t TempFileBytesInUse() {
  return g_bytes_in_use;
}

int OpenTempFileCount() {
  return static_cast<int>(g_open_files.size());
}

void RemoveOpenTempFiles() {
  for (TempFile* file : g_open_files) unlink(file->path().c_str());
}

void RemovePgsqlTmpFiles() {
  std::error_code ec;
  std::filesystem::directory_iterator it(kTempFileDirectory, ec);
  if (ec) return;  // no directory: nothing was ever spilled
  for (const auto& entry : it) {
    if (entry.path().filename().string().rfind("pgsql_tmp", 0) != 0) continue;
    std::filesystem::remove(entry.path(), ec);
    if (ec) {
      log::Emit(Severity::kLog, "could not remove temporary file \"" + entry.path().string() +
                                    "\": " + ec.message());
    }
  }
}

}  // namespace hyrax::storage

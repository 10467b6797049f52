// Temporary files for executor operators that spill past work_mem (PostgreSQL's fd.c
// temporary files with buffile.c's block buffering): each file is
// `base/pgsql_tmp/pgsql_tmp<pid>.<n>` under the data directory, written through one
// kBlockSize buffer, read back through TempFileReader, and removed by the destructor (so an
// error that unwinds the operator tree removes it too). Every byte counts against
// temp_file_limit for the whole process. storage/file/README.md has the details.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace hyrax::storage {

// temp_file_limit in kB; -1 = unlimited (PostgreSQL's default).
extern int g_temp_file_limit_kb;

// Directory of temporary files, relative to the data directory (the process's cwd).
inline constexpr char kTempFileDirectory[] = "base/pgsql_tmp";

class TempFile {
 public:
  // Creates a new, empty file (and the directory when missing).
  // Throws the errno's SQLSTATE (58P01, 53100, 42501, ...) when it cannot be created.
  TempFile();
  // Closes and unlinks the file; its bytes no longer count against temp_file_limit.
  ~TempFile();
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  // Appends `len` bytes (buffered) and returns the offset where they start.
  // Throws 53400 "temporary file size exceeds temp_file_limit (NkB)" when this process's
  // temporary files would grow past the limit, or an I/O error.
  uint64_t Append(const void* data, size_t len);
  // Copies `len` bytes at `offset` into `out`. Requires: offset + len <= size().
  // Throws XX000 on a short read, the errno's SQLSTATE on a failed one.
  void ReadAt(uint64_t offset, void* out, size_t len);
  // Forgets the contents (the file is truncated; its bytes are given back to the limit).
  void Truncate();
  // Logical size: everything appended so far, buffered bytes included.
  uint64_t size() const { return flushed_size_ + buffer_.size(); }
  const std::string& path() const { return path_; }

 private:
  void FlushBuffer();
  void Grow(uint64_t bytes);

  int fd_ = -1;
  std::string path_;
  std::vector<char> buffer_;   // not yet written bytes, at most kBlockSize
  uint64_t flushed_size_ = 0;  // bytes in the file itself
};

// Sequential, block-buffered reader of the bytes [begin, end) of a TempFile. Several
// readers may read one file at the same time (k-way merges, batch files).
class TempFileReader {
 public:
  TempFileReader(TempFile* file, uint64_t begin, uint64_t end);
  // Copies the next `len` bytes into `out`; false (nothing copied) when fewer remain.
  bool Read(void* out, size_t len);
  // Offset of the next byte Read returns.
  uint64_t position() const { return position_; }
  // Continues at `offset` (in [begin, end]).
  void Seek(uint64_t offset);

 private:
  TempFile* file_;
  uint64_t position_;
  uint64_t end_;
  std::vector<char> block_;
  uint64_t block_start_ = 0;  // file offset of block_[0]
};

// Bytes all open temporary files of this process hold (what temp_file_limit limits).
uint64_t TempFileBytesInUse();
// Temporary files this process has open (tests and leak checks).
int OpenTempFileCount();
// Unlinks the files of every TempFile still open in this process: called when a backend
// process ends, whatever state its operators were left in (PostgreSQL's AtProcExit_Files).
void RemoveOpenTempFiles();
// Removes every file in base/pgsql_tmp: leftovers of a crashed backend (PostgreSQL's
// RemovePgTempFiles at start and after a crash restart). Errors are logged, not thrown.
void RemovePgsqlTmpFiles();

}  // namespace hyrax::storage

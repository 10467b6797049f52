// The postmaster lock file (see server/postmaster/pid_file.h); the stale-file rules follow
// PostgreSQL's CreateLockFile.
#include "server/postmaster/pid_file.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include <fmt/format.h>

#include "common/error.h"

namespace hyrax::server::postmaster {

namespace {

[[noreturn]] void ThrowLockError(std::string message, std::string hint = {}) {
  Error error(errcode::kLockFileExists, std::move(message), Severity::kFatal);
  if (!hint.empty()) std::move(error).Hint(std::move(hint));
  throw error;
}

// Decides what to do about an existing lock file: returns normally when it is stale.
void CheckExisting(const std::string& path, const std::string& data_directory) {
  std::ifstream in(path);
  std::string first_line;
  std::getline(in, first_line);
  if (first_line.empty()) {
    ThrowLockError(fmt::format("lock file \"{}\" is empty", path),
                   "Either another server is starting, or the lock file is the remnant of a "
                   "previous server startup crash.");
  }
  long other_pid = std::strtol(first_line.c_str(), nullptr, 10);
  if (other_pid <= 0) {
    ThrowLockError(fmt::format("bogus data in lock file \"{}\": \"{}\"", path, first_line));
  }
  // Our own pid or our parent's can be left over from a container restart.
  if (other_pid == getpid() || other_pid == getppid()) return;
  if (kill(static_cast<pid_t>(other_pid), 0) == 0 || errno != ESRCH) {
    ThrowLockError(fmt::format("lock file \"{}\" already exists", path),
                   fmt::format("Is another postmaster (PID {}) running in data directory \"{}\"?",
                               other_pid, data_directory));
  }
}

}  // namespace

PidFile::PidFile(std::string data_directory, int port, std::string listen_address)
    : path_(data_directory + "/postmaster.pid"),
      data_directory_(std::move(data_directory)),
      port_(port),
      listen_address_(std::move(listen_address)),
      start_time_(static_cast<long>(std::time(nullptr))),
      status_(kStatusStarting),
      owner_pid_(getpid()) {
  for (int attempt = 0; attempt < 100; ++attempt) {
    int fd = open(path_.c_str(), O_RDWR | O_CREAT | O_EXCL, 0600);
    if (fd >= 0) {
      close(fd);
      Write();
      return;
    }
    if (errno != EEXIST) {
      throw Error(errcode::kIoError,
                  fmt::format("could not create lock file \"{}\": {}", path_, std::strerror(errno)),
                  Severity::kFatal);
    }
    CheckExisting(path_, data_directory_);
    if (unlink(path_.c_str()) != 0 && errno != ENOENT) {
      throw Error(
          errcode::kIoError,
          fmt::format("could not remove old lock file \"{}\": {}", path_, std::strerror(errno)),
          Severity::kFatal);
    }
  }
  ThrowLockError(fmt::format("could not create lock file \"{}\"", path_));
}

PidFile::~PidFile() {
  if (getpid() == owner_pid_) unlink(path_.c_str());
}

void PidFile::SetStatus(std::string_view status) {
  status_ = std::string(status);
  Write();
}

void PidFile::Write() const {
  std::string content =
      fmt::format("{}\n{}\n{}\n{}\n\n{}\n{:>9} {:>9}\n{}\n", owner_pid_, data_directory_,
                  start_time_, port_, listen_address_, 0, 0, status_);
  std::string temp = path_ + ".tmp";
  std::ofstream out(temp, std::ios::trunc);
  out << content;
  out.close();
  if (!out || rename(temp.c_str(), path_.c_str()) != 0) {
    throw Error(errcode::kIoError,
                fmt::format("could not write lock file \"{}\": {}", path_, std::strerror(errno)),
                Severity::kFatal);
  }
}

}  // namespace hyrax::server::postmaster

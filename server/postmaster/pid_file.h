// postmaster.pid, the data directory's lock file, with PostgreSQL's line layout: pid, data
// directory, start time (epoch seconds), port, Unix socket directory, first listen
// address, shared memory key, status ("starting", "ready   ", "stopping"). A file left by a
// dead postmaster is replaced; one whose pid is alive refuses the start.
#pragma once

#include <string>
#include <string_view>

namespace hyrax::server::postmaster {

inline constexpr std::string_view kStatusStarting = "starting";
inline constexpr std::string_view kStatusReady = "ready   ";
inline constexpr std::string_view kStatusStopping = "stopping";

class PidFile {
 public:
  // Creates `data_directory`/postmaster.pid for this process. Throws Error FATAL F0001
  // "lock file \"%s\" already exists" (hint: "Is another postmaster (PID %d) running in
  // data directory \"%s\"?") when the recorded process is alive, F0001 for an empty or
  // bogus file, 58030 when the file cannot be written.
  PidFile(std::string data_directory, int port, std::string listen_address);
  // Removes the file (only the process that created it does; children never run this).
  ~PidFile();
  PidFile(const PidFile&) = delete;
  PidFile& operator=(const PidFile&) = delete;

  void SetStatus(std::string_view status);
  const std::string& path() const { return path_; }

 private:
  void Write() const;

  std::string path_;
  std::string data_directory_;
  int port_;
  std::string listen_address_;
  long start_time_;
  std::string status_;
  int owner_pid_;
};

}  // namespace hyrax::server::postmaster

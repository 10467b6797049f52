// A test fixture that runs a real postmaster (forked from the test process) on a free
// port with the fake engine and fake ServerHooks, in a temporary data directory with a
// trust hba.conf; it waits for postmaster.pid to say "ready" and shuts the server down
// (fast) after the test, checking that it exited cleanly.
#pragma once

#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <poll.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "common/guc/guc.h"
#include "common/logging.h"
#include "server/config/conf_file.h"
#include "server/config/guc_table.h"
#include "server/postmaster/postmaster.h"
#include "server/protocol/error_messages.h"
#include "server/protocol/session_messages.h"
#include "tests/unit/server/fake/fake_engine.h"
#include "tests/unit/server/fake/fake_shared.h"
#include "tests/unit/server/fake/test_client.h"

namespace hyrax::server::testing {

class ServerFixture : public ::testing::Test {
 public:
  static const protocol::RawMessage* Find(const std::vector<protocol::RawMessage>& messages,
                                          char type) {
    for (const protocol::RawMessage& message : messages) {
      if (message.type == type) return &message;
    }
    return nullptr;
  }

 protected:
  static constexpr int kDeadlineMs = 30000;

  void SetUp() override {
    g_fake_roles.clear();
    shared_ = g_fake_shared ? g_fake_shared : CreateFakeShared();
    shared_->~FakeShared();
    new (shared_) FakeShared();
    char dir_template[] = "/tmp/hyrax_server_test_XXXXXX";
    data_dir_ = mkdtemp(dir_template);
    WriteFile("hba.conf",
              "host all rejectme 127.0.0.1/32 reject\n"
              "host all all 127.0.0.1/32 trust\n"
              "host all all ::1/128 trust\n");
    WriteFile("hyrax.conf", "# test configuration\nmax_connections = 20\n");
    port_ = FreePort();
    PrepareDataDirectory();
    StartPostmaster();
  }

  // Runs after the default hba.conf and hyrax.conf are written, before the postmaster
  // starts: fixtures override it to write their own files (certificates, rules, settings)
  // and set g_fake_roles, which the forked server inherits.
  virtual void PrepareDataDirectory() {}

  void TearDown() override {
    if (postmaster_pid_ > 0) {
      kill(postmaster_pid_, SIGINT);
      int status = 0;
      waitpid(postmaster_pid_, &status, 0);
      EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "status " << status;
    }
    std::filesystem::remove_all(data_dir_);
  }

  void WriteFile(const std::string& name, const std::string& text) {
    std::ofstream(data_dir_ + "/" + name) << text;
  }

  static int FreePort() {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address));
    socklen_t length = sizeof(address);
    getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    close(fd);
    return ntohs(address.sin_port);
  }

  void StartPostmaster() {
    std::fflush(nullptr);  // or the child would print the test's buffered output again
    postmaster_pid_ = fork();
    if (postmaster_pid_ == 0) RunPostmasterChild();
    ASSERT_GT(postmaster_pid_, 0);
    ASSERT_TRUE(WaitFor([&] { return PidFileStatus() == "ready"; })) << "postmaster not ready";
  }

  [[noreturn]] void RunPostmasterChild() {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    guc::ResetRegistryForTesting();
    config::RegisterServerGucs();
    auto set = [](const char* name, const std::string& value) {
      guc::SetConfigOption(
          name, value, {.context = guc::GucContext::kPostmaster, .source = guc::GucSource::kArgv});
    };
    set("port", std::to_string(port_));
    set("listen_addresses", "127.0.0.1");
    set("data_directory", data_dir_);
    set("config_file", data_dir_ + "/hyrax.conf");
    set("hba_file", data_dir_ + "/hba.conf");
    config::ProcessConfigFile(data_dir_ + "/hyrax.conf", guc::GucContext::kPostmaster);
    config::ResolveDynamicDefaults();
    log::Init();
    postmaster::PostmasterOptions options{data_dir_, MakeFakeHooks(),
                                          [] { return std::make_unique<FakeEngine>(); }};
    _exit(postmaster::RunPostmaster(options));
  }

  // Polls `condition` (5 ms apart) until it holds or the deadline passes.
  template <typename Fn>
  static bool WaitFor(Fn&& condition) {
    for (int waited = 0; waited < kDeadlineMs; waited += 5) {
      if (condition()) return true;
      poll(nullptr, 0, 5);
    }
    return false;
  }

  std::string PidFileStatus() const {
    std::ifstream in(data_dir_ + "/postmaster.pid");
    std::string line, last;
    int count = 0;
    while (std::getline(in, line)) {
      last = line;
      ++count;
    }
    return count == 8 ? last.substr(0, last.find(' ')) : "";
  }

  // Waits for the postmaster to exit and returns its wait status.
  int WaitPostmasterExit() {
    int status = 0;
    waitpid(postmaster_pid_, &status, 0);
    postmaster_pid_ = -1;
    return status;
  }

  static std::map<char, std::string> ErrorFields(const protocol::RawMessage& message) {
    return protocol::DecodeErrorFields(message.body);
  }
  static std::string FirstValue(const std::vector<protocol::RawMessage>& messages) {
    const protocol::RawMessage* row = Find(messages, 'D');
    if (!row) return "<no row>";
    return std::string(*protocol::DecodeDataRow(row->body).at(0));
  }

  FakeShared* shared_ = nullptr;
  std::string data_dir_;
  int port_ = 0;
  pid_t postmaster_pid_ = -1;
};

}  // namespace hyrax::server::testing

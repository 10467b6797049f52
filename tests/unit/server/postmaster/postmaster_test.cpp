// The postmaster's process model against a real forked server with the fake engine:
// one forked process per connection, crash reset after a backend is killed (other
// sessions end, connections meanwhile get 57P03, the hooks run again, new connections
// work), the smart / fast / immediate shutdowns, SIGHUP reload, and psql against it.
#include <cstdio>
#include <fstream>

#include "tests/unit/server/fake/server_fixture.h"

namespace hyrax::server::testing {
namespace {

using PostmasterTest = ServerFixture;

pid_t ParentOf(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // "pid (comm) state ppid ...": comm may hold spaces, so parse after the last ')'.
  size_t close_paren = stat.rfind(')');
  int parent = 0;
  char state = 0;
  std::sscanf(stat.c_str() + close_paren + 1, " %c %d", &state, &parent);
  return parent;
}

std::string CommOf(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/comm");
  std::string comm;
  std::getline(in, comm);
  return comm;
}

TEST_F(PostmasterTest, EachConnectionIsServedByItsOwnForkedProcess) {
  TestClient first(port_);
  TestClient second(port_);
  ASSERT_EQ(Types(first.Login()).back(), 'Z');
  ASSERT_EQ(Types(second.Login()).back(), 'Z');
  pid_t first_pid = std::stoi(FirstValue(first.Query("pid")));
  pid_t second_pid = std::stoi(FirstValue(second.Query("pid")));
  EXPECT_NE(first_pid, second_pid);
  EXPECT_NE(first_pid, postmaster_pid_);
  EXPECT_EQ(ParentOf(first_pid), postmaster_pid_);
  EXPECT_EQ(ParentOf(second_pid), postmaster_pid_);
  EXPECT_EQ(CommOf(first_pid).rfind("hyrax: tester", 0), 0u) << CommOf(first_pid);
}

TEST_F(PostmasterTest, StartupAndCheckpointerHooksRunOnce) {
  EXPECT_EQ(shared_->shmem_init_calls.load(), 1);
  EXPECT_EQ(shared_->startup_calls.load(), 1);
  EXPECT_TRUE(WaitFor([&] { return shared_->checkpointer_steps.load() >= 1; }));
}

TEST_F(PostmasterTest, KilledBackendTriggersCrashResetAndServiceResumes) {
  TestClient victim(port_);
  TestClient bystander(port_);
  victim.Login();
  bystander.Login();
  pid_t victim_pid = std::stoi(FirstValue(victim.Query("pid")));
  shared_->hold_startup = 1;
  kill(victim_pid, SIGKILL);
  // The postmaster sends SIGQUIT to every other child: the bystander's session ends.
  EXPECT_TRUE(bystander.WaitClosed());
  // While the new startup process runs, connections are refused as in PostgreSQL.
  TestClient during(port_);
  std::vector<protocol::RawMessage> refused = during.Login();
  ASSERT_EQ(Types(refused), "E");
  EXPECT_EQ(ErrorFields(refused[0])['C'], "57P03");
  EXPECT_EQ(ErrorFields(refused[0])['M'], "the database system is in recovery mode");
  EXPECT_EQ(ErrorFields(refused[0])['S'], "FATAL");
  shared_->hold_startup = 0;
  ASSERT_TRUE(WaitFor([&] { return PidFileStatus() == "ready"; }));
  TestClient after(port_);
  EXPECT_EQ(Types(after.Login()).back(), 'Z');
  EXPECT_EQ(FirstValue(after.Query("select 7")), "7");
  EXPECT_EQ(shared_->shmem_init_calls.load(), 2);
  EXPECT_EQ(shared_->startup_calls.load(), 2);
}

TEST_F(PostmasterTest, FatalAndNormalExitsDoNotResetSharedMemory) {
  {
    TestClient client(port_);
    client.Login();
    std::vector<protocol::RawMessage> messages = client.Query("fatal");
    ASSERT_EQ(Types(messages), "E");
    EXPECT_EQ(ErrorFields(messages[0])['S'], "FATAL");
    EXPECT_TRUE(client.WaitClosed());
  }
  TestClient client(port_);
  client.Login();
  std::string terminate;
  protocol::WriteEmpty(terminate, 'X');
  client.Send(terminate);
  EXPECT_TRUE(client.WaitClosed());
  TestClient next(port_);
  EXPECT_EQ(Types(next.Login()).back(), 'Z');
  EXPECT_EQ(shared_->startup_calls.load(), 1);
}

TEST_F(PostmasterTest, SmartShutdownWaitsForSessionsThenCheckpoints) {
  TestClient session(port_);
  session.Login();
  kill(postmaster_pid_, SIGTERM);
  ASSERT_TRUE(WaitFor([&] { return PidFileStatus() == "stopping"; }));
  TestClient refused(port_);
  std::vector<protocol::RawMessage> messages = refused.Login();
  ASSERT_EQ(Types(messages), "E");
  EXPECT_EQ(ErrorFields(messages[0])['M'], "the database system is shutting down");
  EXPECT_EQ(FirstValue(session.Query("select 1")), "1");  // existing sessions go on
  std::string terminate;
  protocol::WriteEmpty(terminate, 'X');
  session.Send(terminate);
  int status = WaitPostmasterExit();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_EQ(shared_->shutdown_checkpoints.load(), 1);
  EXPECT_FALSE(std::filesystem::exists(data_dir_ + "/postmaster.pid"));
}

TEST_F(PostmasterTest, FastShutdownTerminatesSessions) {
  TestClient session(port_);
  session.Login();
  kill(postmaster_pid_, SIGINT);
  std::optional<protocol::RawMessage> message = session.ReadMessage();
  ASSERT_TRUE(message);
  EXPECT_EQ(ErrorFields(*message)['C'], "57P01");
  EXPECT_EQ(ErrorFields(*message)['M'], "terminating connection due to administrator command");
  EXPECT_TRUE(session.WaitClosed());
  int status = WaitPostmasterExit();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_EQ(shared_->shutdown_checkpoints.load(), 1);
}

TEST_F(PostmasterTest, ImmediateShutdownSkipsTheCheckpoint) {
  TestClient session(port_);
  session.Login();
  kill(postmaster_pid_, SIGQUIT);
  EXPECT_TRUE(session.WaitClosed());
  int status = WaitPostmasterExit();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_EQ(shared_->shutdown_checkpoints.load(), 0);
}

TEST_F(PostmasterTest, SighupReloadsConfigurationForNewAndExistingSessions) {
  TestClient existing(port_);
  existing.Login();
  WriteFile("hyrax.conf", "max_connections = 20\nwork_mem = 8MB\n");
  kill(postmaster_pid_, SIGHUP);
  EXPECT_TRUE(WaitFor([&] {
    TestClient fresh(port_);
    fresh.Login();
    return FirstValue(fresh.Query("show work_mem")) == "8MB";
  }));
  EXPECT_TRUE(WaitFor([&] { return FirstValue(existing.Query("show work_mem")) == "8MB"; }));
}

TEST_F(PostmasterTest, RefusesASecondPostmasterOnTheSameDataDirectory) {
  std::fflush(nullptr);
  pid_t second = fork();
  if (second == 0) RunPostmasterChild();
  int status = 0;
  waitpid(second, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 1);
  TestClient client(port_);
  EXPECT_EQ(Types(client.Login()).back(), 'Z');
}

TEST_F(PostmasterTest, PsqlRunsAQueryAgainstTheFakeEngine) {
  if (access("/usr/bin/psql", X_OK) != 0) GTEST_SKIP() << "psql is not installed";
  std::string command = "PGCONNECT_TIMEOUT=10 /usr/bin/psql -X -h 127.0.0.1 -p " +
                        std::to_string(port_) + " -U tester -d postgres -At -c 'select 1' 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buffer[256];
  while (size_t count = fread(buffer, 1, sizeof(buffer), pipe)) output.append(buffer, count);
  int status = pclose(pipe);
  EXPECT_EQ(output, "1\n");
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

}  // namespace
}  // namespace hyrax::server::testing

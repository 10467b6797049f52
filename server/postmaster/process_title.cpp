// Process-title rewriting (see server/postmaster/process_title.h). Follows the approach of
// PostgreSQL's save_ps_display_args: the argv strings and the environment strings that
// follow them are one contiguous area; the environment is copied elsewhere first.
#include "server/postmaster/process_title.h"

#include <algorithm>
#include <cstring>
#include <string>

#include <sys/prctl.h>

extern char** environ;

namespace hyrax::server::postmaster {

namespace {
char* g_title_area = nullptr;
size_t g_title_size = 0;
}  // namespace

void InitProcessTitle(int argc, char** argv) {
  if (argc <= 0 || !argv || !argv[0]) return;
  char* area_start = argv[0];
  char* end = argv[0] + std::strlen(argv[0]);
  for (int idx = 1; idx < argc; ++idx) {
    if (argv[idx] != end + 1) return;  // not contiguous: leave argv alone
    end = argv[idx] + std::strlen(argv[idx]);
  }
  size_t env_count = 0;
  while (environ && environ[env_count]) ++env_count;
  for (size_t idx = 0; idx < env_count; ++idx) {
    if (environ[idx] == end + 1) end = environ[idx] + std::strlen(environ[idx]);
  }
  // Move the environment and argv out of the area about to be overwritten; the copies
  // are intentionally never freed, as they back environ and argv for the whole process.
  char** new_environ = new char*[env_count + 1];
  for (size_t idx = 0; idx < env_count; ++idx) new_environ[idx] = strdup(environ[idx]);
  new_environ[env_count] = nullptr;
  environ = new_environ;
  for (int idx = 0; idx < argc; ++idx) argv[idx] = strdup(argv[idx]);
  g_title_area = area_start;
  g_title_size = static_cast<size_t>(end - area_start) + 1;
}

void SetProcessTitle(std::string_view title) {
  std::string comm(title.substr(0, 15));
  prctl(PR_SET_NAME, comm.c_str(), 0, 0, 0);
  if (!g_title_area || g_title_size == 0) return;
  size_t length = std::min(title.size(), g_title_size - 1);
  std::memcpy(g_title_area, title.data(), length);
  std::memset(g_title_area + length, '\0', g_title_size - length);
}

}  // namespace hyrax::server::postmaster

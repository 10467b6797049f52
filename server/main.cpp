// The `hyrax` binary: subcommands init, start, --version (server/README.md). Kept thin:
// everything lives in server/cli/.
#include "common/stack_depth.h"
#include "server/cli/cli_main.h"
#include "server/postmaster/process_title.h"

int main(int argc, char** argv) {
  // Deeply nested statements end with ERROR 54001 at max_stack_depth (checked in our
  // recursive code); the real stack limit is raised far above it so libpg_query and
  // protobuf-c, which we cannot instrument, never overflow first.
  hyrax::SetStackBase();
  hyrax::RaiseStackLimit(1L << 30);
  hyrax::server::postmaster::InitProcessTitle(argc, argv);
  return hyrax::server::cli::Main(argc, argv);
}

// The `hyrax` binary: subcommands init, start, --version (server/README.md). Kept thin:
// everything lives in server/cli/.
#include "server/cli/cli_main.h"
#include "server/postmaster/process_title.h"

int main(int argc, char** argv) {
  hyrax::server::postmaster::InitProcessTitle(argc, argv);
  return hyrax::server::cli::Main(argc, argv);
}

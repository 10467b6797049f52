// The body of the `hyrax` binary's main(): parses the command line and runs init or
// start with the production engine (MakeEngine) and hooks (MakeServerHooks), which the
// lead provides; main.cpp only forwards to it.
#pragma once

namespace hyrax::server::cli {

// Returns the process exit code. Requires: postmaster::InitProcessTitle ran first.
int Main(int argc, char** argv);

}  // namespace hyrax::server::cli

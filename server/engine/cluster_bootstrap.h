// `hyrax init`'s work after the directory and configuration files exist: start WAL, fill
// the system catalogs of template1, create the system views, clone template1 into
// template0 and postgres, and finish with a shutdown checkpoint, all in one process.
#pragma once

#include <string>

namespace hyrax::server::engine {

// Requires: cwd = the new data directory; shared memory created and laid out.
void BootstrapCluster(const std::string& superuser);

}  // namespace hyrax::server::engine

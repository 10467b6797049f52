// Test support: the process SysCache for the function tests: the embedded PostgreSQL 15
// catalog data (storage/catalog/bootstrap_catalog.h) plus pg_class rows of a few system
// catalogs. InstallTestSysCache() installs one process-wide instance.
#pragma once

#include "storage/catalog/syscache.h"

namespace hyrax::executor::testing {

// Installs (once) and returns the TSV-backed test catalog.
catalog::SysCache& InstallTestSysCache();

}  // namespace hyrax::executor::testing

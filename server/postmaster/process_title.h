// Process titles as `ps` shows them ("hyrax: alice shop 127.0.0.1(5432) idle"), like
// PostgreSQL's ps_status.c: the argv area (extended over the environment strings, which
// are moved away first) is overwritten, and the kernel's 15-character comm name is set
// with prctl(PR_SET_NAME). Without InitProcessTitle only the comm name changes.
#pragma once

#include <string_view>

namespace hyrax::server::postmaster {

// Call once from main() before anything reads argv or environ: moves the environment so
// its space can hold titles. argv strings stay readable until the first SetProcessTitle.
void InitProcessTitle(int argc, char** argv);

// Replaces the title ("hyrax: " is not added). Truncated to the space available.
void SetProcessTitle(std::string_view title);

}  // namespace hyrax::server::postmaster

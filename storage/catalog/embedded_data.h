// Access to the catalog data files of storage/catalog/data/ (PostgreSQL 15 catalog rows in
// COPY text format with a header line), compiled into the binary.
#pragma once

#include <optional>
#include <string_view>

namespace hyrax::catalog {

// The contents of e.g. "pg_proc.tsv", or nullopt when there is no such file.
std::optional<std::string_view> EmbeddedCatalogFile(std::string_view name);

}  // namespace hyrax::catalog

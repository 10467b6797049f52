// Reader for catalog data files in PostgreSQL's COPY text format (tab-separated, \N for
// NULL, backslash escapes) with a header line naming the columns, plus parsers for the
// array literals that appear in them ({a,"b c"}, oidvector "23 25").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/ids.h"

namespace hyrax::catalog {

class TsvTable {
 public:
  // Parses `content`; the first line is the header. Throws XX000 on a malformed file.
  explicit TsvTable(std::string_view content);

  size_t num_rows() const { return rows_.size(); }
  // Index of a column by name; throws XX000 when absent.
  int Column(std::string_view name) const;
  bool HasColumn(std::string_view name) const;
  // nullopt for \N.
  const std::optional<std::string>& Get(size_t row, int column) const { return rows_[row][column]; }

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::optional<std::string>>> rows_;
};

// One row's fields by column name, with typed accessors (NULL reads as the default).
class TsvRow {
 public:
  TsvRow(const TsvTable& table, size_t row) : table_(table), row_(row) {}
  std::optional<std::string> Opt(std::string_view column) const;
  std::string Str(std::string_view column) const;
  int64_t Int(std::string_view column) const;
  Oid OidValue(std::string_view column) const { return static_cast<Oid>(Int(column)); }
  float Float(std::string_view column) const;
  bool Bool(std::string_view column) const;
  char Char(std::string_view column) const;
  // "23 25" (oidvector / int2vector).
  std::vector<int64_t> IntVector(std::string_view column) const;
  // {a,"b c",NULL} (text[], char[], oid[], int2[]); NULL elements become "".
  std::vector<std::string> Array(std::string_view column) const;

 private:
  const TsvTable& table_;
  size_t row_;
};

// Parses a one-dimensional array literal in PostgreSQL's text form.
std::vector<std::string> ParseArrayLiteral(std::string_view text);

}  // namespace hyrax::catalog

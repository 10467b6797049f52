// Simple-query and result messages: Query ('Q') from the client; RowDescription ('T'),
// DataRow ('D'), CommandComplete ('C') and EmptyQueryResponse ('I') from the server. Row
// and column types are shared with the extended protocol.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hyrax::server::protocol {

struct Query {
  std::string text;
};

// One column of a RowDescription: name, source table OID and attribute number (0 when the
// column is not a plain table column), type OID, type length (-1 varlena, -2 cstring),
// type modifier and format code (0 text, 1 binary).
struct FieldDescription {
  std::string name;
  uint32_t table_oid = 0;
  int16_t column_attnum = 0;
  uint32_t type_oid = 0;
  int16_t type_size = -1;
  int32_t type_modifier = -1;
  int16_t format = 0;
  bool operator==(const FieldDescription&) const = default;
};

// A DataRow value: bytes in the column's format, nullopt for NULL.
using FieldValue = std::optional<std::string_view>;

// Throws Error 08P01 on a malformed body and 22021 when the text is not valid UTF-8.
Query DecodeQuery(std::string_view body);
void WriteQuery(std::string& out, std::string_view text);

void WriteRowDescription(std::string& out, std::span<const FieldDescription> fields);
std::vector<FieldDescription> DecodeRowDescription(std::string_view body);
void WriteDataRow(std::string& out, std::span<const FieldValue> values);
// The returned views point into `body`.
std::vector<FieldValue> DecodeDataRow(std::string_view body);
void WriteCommandComplete(std::string& out, std::string_view tag);
std::string DecodeCommandComplete(std::string_view body);
void WriteEmptyQueryResponse(std::string& out);

}  // namespace hyrax::server::protocol

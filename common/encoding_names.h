// PostgreSQL's server encodings by number (pg_enc: SQL_ASCII = 0 ... UTF8 = 6 ...), as stored
// in pg_database.encoding and shown by pg_encoding_to_char(). Hyrax runs in UTF8 only; the
// other names are known so that clients asking for them get PostgreSQL's answers.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace hyrax {

inline constexpr int kUtf8Encoding = 6;

// Every encoding name, indexed by encoding number.
std::span<const std::string_view> EncodingNames();

// The name of encoding `encoding`, or "" for a number that is not an encoding (as
// pg_encoding_to_char).
std::string_view EncodingName(int encoding);

// PostgreSQL's clean_encoding_name: lower case, letters and digits only ("UTF-8" -> "utf8").
std::string CleanEncodingName(std::string_view name);

// The number of the encoding called `name`, ignoring case and punctuation as PostgreSQL's
// clean_encoding_name does ("utf-8" is UTF8), or nullopt. Aliases ("unicode") are not known.
std::optional<int> EncodingNumber(std::string_view name);

}  // namespace hyrax

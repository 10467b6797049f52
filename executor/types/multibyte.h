// UTF-8 character arithmetic for the string types (the server encoding is always UTF8).
// Like PostgreSQL's pg_mblen family, lengths are derived from lead bytes only; input
// validation happens where text enters the server. See README.md "Strings".
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace hyrax::executor {

// Byte length of the UTF-8 character starting with `lead` (1 for invalid lead bytes).
inline int Utf8CharLen(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  if ((lead & 0xF8) == 0xF0) return 4;
  return 1;
}

// Number of characters in `s` (PostgreSQL's pg_mbstrlen_with_len).
int64_t CharCount(std::string_view s);

// Bytes taken by the first `nchars` characters of `s` (all of `s` if it is shorter;
// PostgreSQL's pg_mbcharcliplen).
size_t BytesForChars(std::string_view s, int64_t nchars);

// The longest prefix of `s` of at most `max_bytes` bytes that ends on a character boundary
// (PostgreSQL's pg_mbcliplen).
size_t ClipToBytes(std::string_view s, size_t max_bytes);

// Whether `s` is well-formed UTF-8 (no overlongs, surrogates or code points > U+10FFFF).
bool IsValidUtf8(std::string_view s);

// Appends the UTF-8 encoding of `code_point` (requires a valid scalar value).
void AppendUtf8(std::string* out, uint32_t code_point);

// Decodes the character at the start of `s` (requires valid UTF-8, s not empty).
uint32_t DecodeUtf8(std::string_view s);

}  // namespace hyrax::executor

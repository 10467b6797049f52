// bytea text formats: hex ("\x0102ff", the default output) and escape (printable ASCII as
// is, backslash doubled, other bytes as \ooo), selected for output by bytea_output, and
// both accepted on input. Also the hex/escape/base64 codecs behind encode()/decode().
// See README.md "bytea".
#pragma once

#include <string>
#include <string_view>

namespace hyrax::executor {

// byteain: "\x..." is hex, anything else escape format. Throws 22023 for bad hex digits or
// an odd digit count, 22P02 "invalid input syntax for type bytea" for bad escapes.
std::string ParseBytea(std::string_view text);
// byteaout in the given style.
std::string FormatByteaHex(std::string_view bytes);
std::string FormatByteaEscape(std::string_view bytes);

// encode()/decode() codecs. Decoders throw 22023 with PostgreSQL's messages.
std::string HexEncode(std::string_view bytes);
std::string HexDecode(std::string_view text);
std::string Base64Encode(std::string_view bytes);
std::string Base64Decode(std::string_view text);
std::string EscapeEncode(std::string_view bytes);
std::string EscapeDecode(std::string_view text);

}  // namespace hyrax::executor

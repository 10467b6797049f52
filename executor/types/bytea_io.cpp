// bytea text formats and encode()/decode() codecs (see bytea_io.h), following PostgreSQL's
// byteain/byteaout and encode.c behaviour, including their error messages.
#include "executor/types/bytea_io.h"

#include <cstdio>
#include <cstring>

#include "common/error.h"
#include "executor/types/multibyte.h"

namespace hyrax::executor {

namespace {

constexpr char kHexDigits[] = "0123456789abcdef";
constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int HexValue(std::string_view text, size_t pos) {
  char c = text[pos];
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  size_t len = Utf8CharLen(static_cast<unsigned char>(c));
  throw MakeError(errcode::kInvalidParameterValue, "invalid hexadecimal digit: \"{}\"",
                  text.substr(pos, len));
}

bool IsOctal(char c, char max = '7') {
  return c >= '0' && c <= max;
}

// Decodes escape format; returns false on a malformed escape.
bool DecodeEscape(std::string_view text, std::string* out) {
  for (size_t i = 0; i < text.size();) {
    if (text[i] != '\\') {
      out->push_back(text[i++]);
    } else if (i + 4 <= text.size() && IsOctal(text[i + 1], '3') && IsOctal(text[i + 2]) &&
               IsOctal(text[i + 3])) {
      int v = ((text[i + 1] - '0') << 6) | ((text[i + 2] - '0') << 3) | (text[i + 3] - '0');
      out->push_back(static_cast<char>(v));
      i += 4;
    } else if (i + 1 < text.size() && text[i + 1] == '\\') {
      out->push_back('\\');
      i += 2;
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string HexDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size() / 2);
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      ++i;
      continue;
    }
    int hi = HexValue(text, i++);
    if (i >= text.size()) {
      throw Error(errcode::kInvalidParameterValue,
                  "invalid hexadecimal data: odd number of digits");
    }
    int lo = HexValue(text, i++);
    out.push_back(static_cast<char>((hi << 4) | lo));
  }
  return out;
}

std::string HexEncode(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char b : bytes) {
    out.push_back(kHexDigits[b >> 4]);
    out.push_back(kHexDigits[b & 0xF]);
  }
  return out;
}

std::string ParseBytea(std::string_view text) {
  if (text.size() >= 2 && text[0] == '\\' && text[1] == 'x') return HexDecode(text.substr(2));
  std::string out;
  if (!DecodeEscape(text, &out)) {
    throw Error(errcode::kInvalidTextRepresentation, "invalid input syntax for type bytea");
  }
  return out;
}

std::string FormatByteaHex(std::string_view bytes) {
  return "\\x" + HexEncode(bytes);
}

std::string FormatByteaEscape(std::string_view bytes) {
  std::string out;
  for (unsigned char b : bytes) {
    if (b == '\\') {
      out += "\\\\";
    } else if (b < 0x20 || b > 0x7e) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\%03o", b);
      out += buf;
    } else {
      out.push_back(static_cast<char>(b));
    }
  }
  return out;
}

// encode(..., 'escape') escapes NUL and bytes with the high bit set as \ooo, doubles
// backslashes, and copies everything else (control characters included).
std::string EscapeEncode(std::string_view bytes) {
  std::string out;
  for (char b : bytes) {
    auto u = static_cast<unsigned char>(b);
    if (u == 0 || u >= 0x80) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\%03o", u);
      out += buf;
    } else if (b == '\\') {
      out += "\\\\";
    } else {
      out.push_back(b);
    }
  }
  return out;
}

std::string EscapeDecode(std::string_view text) {
  std::string out;
  if (!DecodeEscape(text, &out)) {
    throw Error(errcode::kInvalidTextRepresentation, "invalid input syntax for type bytea");
  }
  return out;
}

// Lines of 76 characters separated by newlines, as PostgreSQL's pg_base64_encode.
std::string Base64Encode(std::string_view bytes) {
  std::string out;
  size_t line_start = 0;
  uint32_t buf = 0;
  int pos = 2;
  for (unsigned char b : bytes) {
    buf |= static_cast<uint32_t>(b) << (pos * 8);
    if (--pos < 0) {
      for (int shift = 18; shift >= 0; shift -= 6) out.push_back(kBase64[(buf >> shift) & 0x3F]);
      pos = 2;
      buf = 0;
    }
    if (out.size() - line_start >= 76) {
      out.push_back('\n');
      line_start = out.size();
    }
  }
  if (pos != 2) {
    out.push_back(kBase64[(buf >> 18) & 0x3F]);
    out.push_back(kBase64[(buf >> 12) & 0x3F]);
    out.push_back(pos == 0 ? kBase64[(buf >> 6) & 0x3F] : '=');
    out.push_back('=');
  }
  return out;
}

std::string Base64Decode(std::string_view text) {
  std::string out;
  uint32_t buf = 0;
  int pos = 0;
  int end = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    int value = 0;
    if (c == '=') {
      if (end == 0) {
        if (pos == 2) {
          end = 1;
        } else if (pos == 3) {
          end = 2;
        } else {
          throw Error(errcode::kInvalidParameterValue,
                      "unexpected \"=\" while decoding base64 sequence");
        }
      }
    } else {
      const char* found = c > 0 ? std::strchr(kBase64, c) : nullptr;
      if (found == nullptr || c == '\0') {
        size_t len = Utf8CharLen(static_cast<unsigned char>(c));
        throw MakeError(errcode::kInvalidParameterValue,
                        "invalid symbol \"{}\" found while decoding base64 sequence",
                        text.substr(i, len));
      }
      value = static_cast<int>(found - kBase64);
    }
    buf = (buf << 6) + static_cast<uint32_t>(value);
    if (++pos == 4) {
      out.push_back(static_cast<char>((buf >> 16) & 0xFF));
      if (end == 0 || end > 1) out.push_back(static_cast<char>((buf >> 8) & 0xFF));
      if (end == 0 || end > 2) out.push_back(static_cast<char>(buf & 0xFF));
      buf = 0;
      pos = 0;
    }
  }
  if (pos != 0) {
    throw Error(errcode::kInvalidParameterValue, "invalid base64 end sequence")
        .Hint("Input data is missing padding, is truncated, or is otherwise corrupted.");
  }
  return out;
}

}  // namespace hyrax::executor

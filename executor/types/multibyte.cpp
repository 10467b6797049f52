// UTF-8 helpers (see multibyte.h).
#include "executor/types/multibyte.h"

namespace hyrax::executor {

int64_t CharCount(std::string_view s) {
  int64_t count = 0;
  size_t i = 0;
  while (i < s.size()) {
    i += Utf8CharLen(static_cast<unsigned char>(s[i]));
    ++count;
  }
  return count;
}

size_t BytesForChars(std::string_view s, int64_t nchars) {
  size_t i = 0;
  while (nchars > 0 && i < s.size()) {
    i += Utf8CharLen(static_cast<unsigned char>(s[i]));
    --nchars;
  }
  return i < s.size() ? i : s.size();
}

size_t ClipToBytes(std::string_view s, size_t max_bytes) {
  if (s.size() <= max_bytes) return s.size();
  size_t i = 0;
  while (i < s.size()) {
    size_t next = i + Utf8CharLen(static_cast<unsigned char>(s[i]));
    if (next > max_bytes) break;
    i = next;
  }
  return i;
}

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    int len = Utf8CharLen(c);
    if (c >= 0x80 && len == 1) return false;
    if (c == 0) return false;
    if (i + len > s.size()) return false;
    for (int k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    if (len > 1) {
      uint32_t cp = DecodeUtf8(s.substr(i, len));
      if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
          cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return false;
      }
    }
    i += len;
  }
  return true;
}

void AppendUtf8(std::string* out, uint32_t cp) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

uint32_t DecodeUtf8(std::string_view s) {
  auto c = static_cast<unsigned char>(s[0]);
  int len = Utf8CharLen(c);
  if (len == 1 || s.size() < static_cast<size_t>(len)) return c;
  uint32_t cp = c & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
  for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[k]) & 0x3F);
  return cp;
}

}  // namespace hyrax::executor

// A five-character SQLSTATE code. The constants live in the generated common/errcodes.h
// (from common/errcodes.tsv); no other file spells a SQLSTATE literal.
#pragma once

#include <cstring>
#include <string_view>

namespace hyrax {

struct SqlState {
  char code[6] = {'0', '0', '0', '0', '0', '\0'};

  constexpr SqlState() = default;
  // Requires: `text` has exactly five characters.
  constexpr explicit SqlState(const char (&text)[6]) {
    for (int i = 0; i < 6; ++i) code[i] = text[i];
  }
  std::string_view view() const { return std::string_view(code, 5); }
  // The two-character class ("42" for 42P01).
  std::string_view class_code() const { return std::string_view(code, 2); }
  bool operator==(const SqlState& other) const { return std::memcmp(code, other.code, 5) == 0; }
};

}  // namespace hyrax

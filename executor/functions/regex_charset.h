// Sets of characters for the regular-expression translator (regex_translate.cpp): bracket
// expressions, class escapes (\d \w \s) and [:class:] names with PostgreSQL's C-locale
// meaning (ASCII only), ASCII case folding for 'i', and their rendering as a POSIX bracket
// expression the C library's regcomp understands. See README.md "Regular expressions".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hyrax::executor {

class RegexCharSet {
 public:
  // Adds the code points lo..hi (requires lo <= hi).
  void AddRange(uint32_t lo, uint32_t hi);
  void Add(uint32_t c) { AddRange(c, c); }
  // Adds a [:name:] class (alnum alpha ascii blank cntrl digit graph lower print punct space
  // upper word xdigit); false when the name is unknown.
  bool AddClass(std::string_view name);
  // Adds the other case of every ASCII letter in the set.
  void AddCaseCounterparts();
  bool Empty() const { return ranges_.empty(); }

  // The set as a bracket expression for regcomp ("[...]" or "[^...]"). Code points above
  // ASCII are listed one by one (the C library rejects non-ASCII range ends); throws 0A000
  // when that would list more than a few thousand of them.
  std::string ToBracket(bool negated) const;

 private:
  struct Range {
    uint32_t lo;
    uint32_t hi;
  };
  std::vector<Range> Normalized() const;

  std::vector<Range> ranges_;
};

// The set behind a class escape letter d, s, w (and, negated, D, S, W); false otherwise.
bool ClassEscapeSet(char letter, RegexCharSet* set, bool* negated);

}  // namespace hyrax::executor

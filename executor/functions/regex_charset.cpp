// Character sets of the regular-expression translator (see regex_charset.h). Classes follow
// PostgreSQL's behaviour under the C ctype: only ASCII characters belong to them.
#include "executor/functions/regex_charset.h"

#include <algorithm>

#include "common/error.h"
#include "executor/types/multibyte.h"

namespace hyrax::executor {

namespace {

// Above this many listed non-ASCII characters a bracket gets too big to compile quickly.
constexpr uint32_t kMaxListedNonAscii = 4096;

struct NamedClass {
  std::string_view name;
  std::string_view ranges;  // pairs of (lo, hi) characters
};

// clang-format off
constexpr NamedClass kClasses[] = {
    {"alpha", "azAZ"},
    {"upper", "AZ"},
    {"lower", "az"},
    {"digit", "09"},
    {"xdigit", "09afAF"},
    {"alnum", "azAZ09"},
    {"word", "azAZ09__"},
    {"space", "\t\r  "},
    {"blank", "\t\t  "},
    {"cntrl", "\x01\x1f\x7f\x7f"},
    {"print", " ~"},
    {"graph", "!~"},
    {"punct", "!/:@[`{~"},
    {"ascii", "\x01\x7f"},
};
// clang-format on

// A character the C library's bracket syntax treats specially, written as a collating
// element so it means itself wherever it stands.
void AppendBracketChar(std::string* out, uint32_t c) {
  if (c == ']' || c == '^' || c == '-' || c == '[') {
    *out += "[.";
    *out += static_cast<char>(c);
    *out += ".]";
    return;
  }
  AppendUtf8(out, c);
}

}  // namespace

void RegexCharSet::AddRange(uint32_t lo, uint32_t hi) {
  ranges_.push_back({lo, hi});
}

bool RegexCharSet::AddClass(std::string_view name) {
  for (const NamedClass& cls : kClasses) {
    if (cls.name != name) continue;
    for (size_t i = 0; i + 1 < cls.ranges.size(); i += 2) {
      AddRange(static_cast<unsigned char>(cls.ranges[i]),
               static_cast<unsigned char>(cls.ranges[i + 1]));
    }
    return true;
  }
  return false;
}

void RegexCharSet::AddCaseCounterparts() {
  std::vector<Range> added;
  for (const Range& r : ranges_) {
    uint32_t lo = std::max<uint32_t>(r.lo, 'a');
    uint32_t hi = std::min<uint32_t>(r.hi, 'z');
    if (lo <= hi) added.push_back({lo - 'a' + 'A', hi - 'a' + 'A'});
    lo = std::max<uint32_t>(r.lo, 'A');
    hi = std::min<uint32_t>(r.hi, 'Z');
    if (lo <= hi) added.push_back({lo - 'A' + 'a', hi - 'A' + 'a'});
  }
  ranges_.insert(ranges_.end(), added.begin(), added.end());
}

std::vector<RegexCharSet::Range> RegexCharSet::Normalized() const {
  std::vector<Range> sorted = ranges_;
  std::sort(sorted.begin(), sorted.end(),
            [](const Range& a, const Range& b) { return a.lo < b.lo; });
  std::vector<Range> merged;
  for (const Range& r : sorted) {
    if (!merged.empty() && r.lo <= merged.back().hi + 1) {
      merged.back().hi = std::max(merged.back().hi, r.hi);
    } else {
      merged.push_back(r);
    }
  }
  return merged;
}

std::string RegexCharSet::ToBracket(bool negated) const {
  std::string out = negated ? "[^" : "[";
  uint32_t listed = 0;
  for (Range r : Normalized()) {
    r.lo = std::max<uint32_t>(r.lo, 1);  // NUL cannot occur in text (or in a C pattern)
    if (r.lo > r.hi) continue;
    uint32_t ascii_hi = std::min<uint32_t>(r.hi, 0x7F);
    if (r.lo <= ascii_hi) {
      AppendBracketChar(&out, r.lo);
      if (ascii_hi > r.lo) {
        out += '-';
        AppendBracketChar(&out, ascii_hi);
      }
    }
    for (uint32_t c = std::max<uint32_t>(r.lo, 0x80); c <= r.hi; ++c) {
      if (c >= 0xD800 && c <= 0xDFFF) continue;  // surrogates are not characters
      if (++listed > kMaxListedNonAscii) {
        throw Error(errcode::kFeatureNotSupported,
                    "regular expression bracket expressions with more than 4096 non-ASCII "
                    "characters are not supported yet");
      }
      AppendUtf8(&out, c);
    }
  }
  return out + "]";
}

bool ClassEscapeSet(char letter, RegexCharSet* set, bool* negated) {
  const char* name = nullptr;
  switch (letter) {
    case 'd':
    case 'D':
      name = "digit";
      break;
    case 's':
    case 'S':
      name = "space";
      break;
    case 'w':
    case 'W':
      name = "word";
      break;
    default:
      return false;
  }
  set->AddClass(name);
  *negated = letter >= 'A' && letter <= 'Z';
  return true;
}

}  // namespace hyrax::executor

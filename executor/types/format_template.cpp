// Keyword tables and template splitting for to_char and friends. The tables list keywords
// so that, among those sharing a first character, longer ones come first: the first entry
// that matches at a position wins (PostgreSQL's index_seq_search). See format_template.h.
#include "executor/types/format_template.h"

#include <cstring>
#include <string>

#include "common/error.h"
#include "executor/types/multibyte.h"

namespace hyrax::executor {

namespace {

using K = DchKey;
constexpr DateMode kN = DateMode::kNone;
constexpr DateMode kG = DateMode::kGregorian;
constexpr DateMode kIso = DateMode::kIsoWeek;

constexpr FormatKeyword Dch(const char* name, DchKey id, bool digit, DateMode mode) {
  return FormatKeyword{name, static_cast<uint8_t>(std::char_traits<char>::length(name)),
                       static_cast<uint8_t>(id), digit, mode};
}

const FormatKeyword kDchKeywords[] = {
    Dch("A.D.", K::kADDots, false, kN), Dch("A.M.", K::kAMDots, false, kN),
    Dch("AD", K::kAD, false, kN),       Dch("AM", K::kAM, false, kN),
    Dch("B.C.", K::kBCDots, false, kN), Dch("BC", K::kBC, false, kN),
    Dch("CC", K::kCC, true, kN),        Dch("DAY", K::kDAY, false, kN),
    Dch("DDD", K::kDDD, true, kG),      Dch("DD", K::kDD, true, kG),
    Dch("DY", K::kDY, false, kN),       Dch("Day", K::kDay, false, kN),
    Dch("Dy", K::kDy, false, kN),       Dch("D", K::kD, true, kG),
    Dch("FF1", K::kFF1, true, kN),      Dch("FF2", K::kFF2, true, kN),
    Dch("FF3", K::kFF3, true, kN),      Dch("FF4", K::kFF4, true, kN),
    Dch("FF5", K::kFF5, true, kN),      Dch("FF6", K::kFF6, true, kN),
    Dch("FX", K::kFX, false, kN),       Dch("HH24", K::kHH24, true, kN),
    Dch("HH12", K::kHH12, true, kN),    Dch("HH", K::kHH, true, kN),
    Dch("IDDD", K::kIDDD, true, kIso),  Dch("ID", K::kID, true, kIso),
    Dch("IW", K::kIW, true, kIso),      Dch("IYYY", K::kIYYY, true, kIso),
    Dch("IYY", K::kIYY, true, kIso),    Dch("IY", K::kIY, true, kIso),
    Dch("I", K::kI, true, kIso),        Dch("J", K::kJ, true, kN),
    Dch("MI", K::kMI, true, kN),        Dch("MM", K::kMM, true, kG),
    Dch("MONTH", K::kMONTH, false, kG), Dch("MON", K::kMON, false, kG),
    Dch("MS", K::kMS, true, kN),        Dch("Month", K::kMonth, false, kG),
    Dch("Mon", K::kMon, false, kG),     Dch("OF", K::kOF, false, kN),
    Dch("P.M.", K::kPMDots, false, kN), Dch("PM", K::kPM, false, kN),
    Dch("Q", K::kQ, true, kN),          Dch("RM", K::kRM, false, kG),
    Dch("SSSSS", K::kSSSSS, true, kN),  Dch("SSSS", K::kSSSS, true, kN),
    Dch("SS", K::kSS, true, kN),        Dch("TZH", K::kTZH, false, kN),
    Dch("TZM", K::kTZM, true, kN),      Dch("TZ", K::kTZ, false, kN),
    Dch("US", K::kUS, true, kN),        Dch("WW", K::kWW, true, kG),
    Dch("W", K::kW, true, kG),          Dch("Y,YYY", K::kY_YYY, true, kG),
    Dch("YYYY", K::kYYYY, true, kG),    Dch("YYY", K::kYYY, true, kG),
    Dch("YY", K::kYY, true, kG),        Dch("Y", K::kY, true, kG),
    Dch("a.d.", K::kadDots, false, kN), Dch("a.m.", K::kamDots, false, kN),
    Dch("ad", K::kad, false, kN),       Dch("am", K::kam, false, kN),
    Dch("b.c.", K::kbcDots, false, kN), Dch("bc", K::kbc, false, kN),
    Dch("cc", K::kCC, true, kN),        Dch("day", K::kday, false, kN),
    Dch("ddd", K::kDDD, true, kG),      Dch("dd", K::kDD, true, kG),
    Dch("dy", K::kdy, false, kN),       Dch("d", K::kD, true, kG),
    Dch("ff1", K::kFF1, true, kN),      Dch("ff2", K::kFF2, true, kN),
    Dch("ff3", K::kFF3, true, kN),      Dch("ff4", K::kFF4, true, kN),
    Dch("ff5", K::kFF5, true, kN),      Dch("ff6", K::kFF6, true, kN),
    Dch("fx", K::kFX, false, kN),       Dch("hh24", K::kHH24, true, kN),
    Dch("hh12", K::kHH12, true, kN),    Dch("hh", K::kHH, true, kN),
    Dch("iddd", K::kIDDD, true, kIso),  Dch("id", K::kID, true, kIso),
    Dch("iw", K::kIW, true, kIso),      Dch("iyyy", K::kIYYY, true, kIso),
    Dch("iyy", K::kIYY, true, kIso),    Dch("iy", K::kIY, true, kIso),
    Dch("i", K::kI, true, kIso),        Dch("j", K::kJ, true, kN),
    Dch("mi", K::kMI, true, kN),        Dch("mm", K::kMM, true, kG),
    Dch("month", K::kmonth, false, kG), Dch("mon", K::kmon, false, kG),
    Dch("ms", K::kMS, true, kN),        Dch("of", K::kOF, false, kN),
    Dch("p.m.", K::kpmDots, false, kN), Dch("pm", K::kpm, false, kN),
    Dch("q", K::kQ, true, kN),          Dch("rm", K::krm, false, kG),
    Dch("sssss", K::kSSSSS, true, kN),  Dch("ssss", K::kSSSS, true, kN),
    Dch("ss", K::kSS, true, kN),        Dch("tzh", K::kTZH, false, kN),
    Dch("tzm", K::kTZM, true, kN),      Dch("tz", K::ktz, false, kN),
    Dch("us", K::kUS, true, kN),        Dch("ww", K::kWW, true, kG),
    Dch("w", K::kW, true, kG),          Dch("y,yyy", K::kY_YYY, true, kG),
    Dch("yyyy", K::kYYYY, true, kG),    Dch("yyy", K::kYYY, true, kG),
    Dch("yy", K::kYY, true, kG),        Dch("y", K::kY, true, kG),
};

using NK = NumKey;
constexpr FormatKeyword Num(const char* name, NumKey id) {
  return FormatKeyword{name, static_cast<uint8_t>(std::char_traits<char>::length(name)),
                       static_cast<uint8_t>(id), false, DateMode::kNone};
}

const FormatKeyword kNumKeywords[] = {
    Num(",", NK::kComma), Num(".", NK::kDec), Num("0", NK::k0),   Num("9", NK::k9),
    Num("B", NK::kB),     Num("C", NK::kC),   Num("D", NK::kD),   Num("EEEE", NK::kE),
    Num("FM", NK::kFM),   Num("G", NK::kG),   Num("L", NK::kL),   Num("MI", NK::kMI),
    Num("PL", NK::kPL),   Num("PR", NK::kPR), Num("RN", NK::kRN), Num("SG", NK::kSG),
    Num("SP", NK::kSP),   Num("S", NK::kS),   Num("TH", NK::kTH), Num("V", NK::kV),
    Num("b", NK::kB),     Num("c", NK::kC),   Num("d", NK::kD),   Num("eeee", NK::kE),
    Num("fm", NK::kFM),   Num("g", NK::kG),   Num("l", NK::kL),   Num("mi", NK::kMI),
    Num("pl", NK::kPL),   Num("pr", NK::kPR), Num("rn", NK::krn), Num("sg", NK::kSG),
    Num("sp", NK::kSP),   Num("s", NK::kS),   Num("th", NK::kth), Num("v", NK::kV),
};

template <size_t N>
const FormatKeyword* FindKeyword(const FormatKeyword (&table)[N], std::string_view s) {
  for (const FormatKeyword& kw : table) {
    if (s.size() >= kw.len && std::memcmp(s.data(), kw.name, kw.len) == 0) return &kw;
  }
  return nullptr;
}

// Printable ASCII that is neither a letter nor a digit.
bool IsSeparatorChar(char c) {
  return c > 0x20 && c < 0x7F && !(c >= 'A' && c <= 'Z') && !(c >= 'a' && c <= 'z') &&
         !(c >= '0' && c <= '9');
}

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

struct Suffix {
  const char* name;
  uint8_t bit;
};
constexpr Suffix kPrefixes[] = {
    {"FM", kSuffixFM}, {"fm", kSuffixFM}, {"TM", kSuffixTM}, {"tm", kSuffixTM}};
constexpr Suffix kPostfixes[] = {{"TH", kSuffixThUpper}, {"th", kSuffixThLower}, {"SP", kSuffixSP}};

template <size_t N>
uint8_t TakeSuffix(const Suffix (&table)[N], std::string_view* s) {
  for (const Suffix& suffix : table) {
    if (s->size() >= 2 && s->substr(0, 2) == suffix.name) {
      s->remove_prefix(2);
      return suffix.bit;
    }
  }
  return 0;
}

// Appends literal node(s) for the text at the front of *s: a double-quoted string (with
// backslash quoting inside it) or one character (a backslash only escapes a double quote).
void TakeLiteral(std::string_view* s, bool date_template, std::vector<FormatNode>* out) {
  auto add = [&](std::string_view ch, FormatNode::Type type) {
    FormatNode node;
    node.type = type;
    node.text = std::string(ch);
    out->push_back(std::move(node));
  };
  if (s->front() == '"') {
    s->remove_prefix(1);
    while (!s->empty()) {
      if (s->front() == '"') {
        s->remove_prefix(1);
        return;
      }
      if (s->front() == '\\' && s->size() > 1) s->remove_prefix(1);
      size_t len = std::min<size_t>(Utf8CharLen(static_cast<unsigned char>(s->front())), s->size());
      add(s->substr(0, len), FormatNode::Type::kChar);
      s->remove_prefix(len);
    }
    return;
  }
  if (s->front() == '\\' && s->size() > 1 && (*s)[1] == '"') s->remove_prefix(1);
  size_t len = std::min<size_t>(Utf8CharLen(static_cast<unsigned char>(s->front())), s->size());
  FormatNode::Type type = FormatNode::Type::kChar;
  if (date_template && IsSeparatorChar(s->front())) {
    type = FormatNode::Type::kSeparator;
  } else if (IsAsciiSpace(s->front())) {
    type = FormatNode::Type::kSpace;
  }
  add(s->substr(0, len), type);
  s->remove_prefix(len);
}

[[noreturn]] void ThrowSyntax(const char* message) {
  throw Error(errcode::kSyntaxError, message);
}

// PostgreSQL's NUMDesc_prepare: records what one number keyword means for the template.
void PrepareNumberKeyword(NumKey key, NumberFormat* num) {
  if (num->eeee && key != NumKey::kE) ThrowSyntax("\"EEEE\" must be the last pattern used");
  switch (key) {
    case NumKey::k9:
      if (num->bracket) ThrowSyntax("\"9\" must be ahead of \"PR\"");
      if (num->multi_set) {
        ++num->multi;
        break;
      }
      if (num->decimal) {
        ++num->post;
      } else {
        ++num->pre;
      }
      break;
    case NumKey::k0:
      if (num->bracket) ThrowSyntax("\"0\" must be ahead of \"PR\"");
      if (!num->zero && !num->decimal) {
        num->zero = true;
        num->zero_start = num->pre + 1;
      }
      if (!num->decimal) {
        ++num->pre;
      } else {
        ++num->post;
      }
      num->zero_end = num->pre + num->post;
      break;
    case NumKey::kB:
      if (num->pre == 0 && num->post == 0 && !num->zero) num->blank = true;
      break;
    case NumKey::kD:
    case NumKey::kDec:
      if (num->decimal) ThrowSyntax("multiple decimal points");
      if (num->multi_set) ThrowSyntax("cannot use \"V\" and decimal point together");
      num->decimal = true;
      break;
    case NumKey::kFM:
      num->fill = true;
      break;
    case NumKey::kS:
      if (num->lsign != 0) ThrowSyntax("cannot use \"S\" twice");
      if (num->plus || num->minus || num->bracket) {
        ThrowSyntax("cannot use \"S\" and \"PL\"/\"MI\"/\"SG\"/\"PR\" together");
      }
      if (!num->decimal) {
        num->lsign = 1;
        num->pre_lsign_num = num->pre;
      } else {
        num->lsign = 2;
      }
      break;
    case NumKey::kMI:
      if (num->lsign != 0) ThrowSyntax("cannot use \"S\" and \"MI\" together");
      num->minus = true;
      if (num->decimal) num->minus_post = true;
      break;
    case NumKey::kPL:
      if (num->lsign != 0) ThrowSyntax("cannot use \"S\" and \"PL\" together");
      num->plus = true;
      if (num->decimal) num->plus_post = true;
      break;
    case NumKey::kSG:
      if (num->lsign != 0) ThrowSyntax("cannot use \"S\" and \"SG\" together");
      num->minus = num->plus = true;
      break;
    case NumKey::kPR:
      if (num->lsign != 0 || num->plus || num->minus) {
        ThrowSyntax("cannot use \"PR\" and \"S\"/\"PL\"/\"MI\"/\"SG\" together");
      }
      num->bracket = true;
      break;
    case NumKey::kRN:
    case NumKey::krn:
      num->roman = true;
      break;
    case NumKey::kV:
      if (num->decimal) ThrowSyntax("cannot use \"V\" and decimal point together");
      num->multi_set = true;
      break;
    case NumKey::kE:
      if (num->eeee) ThrowSyntax("cannot use \"EEEE\" twice");
      if (num->blank || num->fill || num->lsign != 0 || num->bracket || num->minus || num->plus ||
          num->roman || num->multi_set) {
        throw Error(errcode::kSyntaxError, "\"EEEE\" is incompatible with other formats")
            .Detail("\"EEEE\" may only be used together with digit and decimal point patterns.");
      }
      num->eeee = true;
      break;
    default:
      break;
  }
}

}  // namespace

std::vector<FormatNode> ParseDateTimeTemplate(std::string_view format) {
  std::vector<FormatNode> nodes;
  std::string_view s = format;
  while (!s.empty()) {
    uint8_t suffix = TakeSuffix(kPrefixes, &s);
    const FormatKeyword* kw = s.empty() ? nullptr : FindKeyword(kDchKeywords, s);
    if (kw != nullptr) {
      s.remove_prefix(kw->len);
      FormatNode node;
      node.type = FormatNode::Type::kAction;
      node.key = kw;
      node.suffix = static_cast<uint8_t>(suffix | TakeSuffix(kPostfixes, &s));
      nodes.push_back(std::move(node));
    } else if (!s.empty()) {
      TakeLiteral(&s, true, &nodes);
    }
  }
  return nodes;
}

NumberFormat ParseNumberTemplate(std::string_view format) {
  NumberFormat num;
  std::string_view s = format;
  while (!s.empty()) {
    const FormatKeyword* kw = FindKeyword(kNumKeywords, s);
    if (kw != nullptr) {
      s.remove_prefix(kw->len);
      FormatNode node;
      node.type = FormatNode::Type::kAction;
      node.key = kw;
      num.nodes.push_back(std::move(node));
      PrepareNumberKeyword(static_cast<NumKey>(kw->id), &num);
    } else {
      TakeLiteral(&s, false, &num.nodes);
    }
  }
  return num;
}

}  // namespace hyrax::executor

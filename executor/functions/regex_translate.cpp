// ARE -> POSIX ERE translation (see regex_translate.h). A single left-to-right pass over the
// pattern with a small parser state: open groups, the kind of the last item (quantifiers
// need an atom before them) and the counts of PostgreSQL and regcomp groups. Error texts are
// those of PostgreSQL's regerror table.
#include "executor/functions/regex_translate.h"

#include <cstdint>

#include "common/error.h"
#include "executor/functions/regex_charset.h"
#include "executor/types/multibyte.h"

namespace hyrax::executor {

namespace {

constexpr int kMaxRepeat = 255;        // PostgreSQL's DUPMAX
constexpr int kMaxLibraryBackref = 9;  // regcomp knows \1 .. \9
constexpr uint32_t kMaxCodePoint = 0x10FFFF;

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}
bool IsAsciiAlnum(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
int HexValue(char c) {
  if (IsDigit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
bool IsPatternSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

class Translator {
 public:
  Translator(std::string_view pattern, const RegexOptions& options) : p_(pattern), o_(options) {}

  TranslatedRegex Run();

 private:
  enum class Last : uint8_t { kNothing, kAtom, kQuantifier, kAssertion };

  bool AtEnd() const { return pos_ >= p_.size(); }
  char Peek(size_t ahead = 0) const { return pos_ + ahead < p_.size() ? p_[pos_ + ahead] : '\0'; }
  uint32_t NextCodePoint();

  void ReadDirectorAndOptions();
  void ApplyEmbeddedOption(char letter);
  void TranslateLiteral();
  void TranslateAre();
  void SkipExpandedSpace();
  void OpenGroup();
  void CloseGroup();
  void Quantifier(char op);
  void Bound();
  void NonGreedySuffix();
  void Escape();
  bool CharEntryEscape(char letter, uint32_t* c);
  void BackReference();
  void Bracket();
  uint32_t BracketChar(RegexCharSet* set, std::vector<char>* negated_classes, bool* is_class);
  void EmitBracket(RegexCharSet set, bool negated, const std::vector<char>& negated_classes);
  void EmitLiteral(uint32_t c);
  void EmitDot();
  void EmitAtom(std::string_view text) {
    out_.pattern += text;
    last_ = Last::kAtom;
  }
  void OpenHiddenGroup() {
    out_.pattern += '(';
    ++library_groups_;
  }

  std::string_view p_;
  RegexOptions o_;
  size_t pos_ = 0;
  TranslatedRegex out_;
  Last last_ = Last::kNothing;
  int library_groups_ = 0;
  int closed_groups_ = 0;  // PostgreSQL capture groups closed so far
  std::vector<int> open_;  // per open group: its PostgreSQL number, or 0 when hidden
};

TranslatedRegex Translator::Run() {
  if (o_.syntax == RegexSyntax::kAdvanced) ReadDirectorAndOptions();
  out_.newline = o_.anchors_at_newlines;
  if (o_.syntax == RegexSyntax::kBasic) {
    // Basic syntax is rare; regcomp reads it itself.
    out_.extended = false;
    out_.library_icase = o_.icase;
    out_.pattern = std::string(p_.substr(pos_));
    return std::move(out_);
  }
  if (o_.syntax == RegexSyntax::kLiteral) {
    TranslateLiteral();
  } else {
    TranslateAre();
  }
  return std::move(out_);
}

void Translator::ReadDirectorAndOptions() {
  if (p_.starts_with("***:")) {
    pos_ = 4;
  } else if (p_.starts_with("***=")) {
    pos_ = 4;
    o_.syntax = RegexSyntax::kLiteral;
    return;
  }
  if (Peek() != '(' || Peek(1) != '?' || !(Peek(2) >= 'a' && Peek(2) <= 'z')) return;
  pos_ += 2;
  while (!AtEnd() && Peek() != ')') ApplyEmbeddedOption(p_[pos_++]);
  if (AtEnd()) ThrowInvalidRegex("invalid embedded option");
  ++pos_;
}

void Translator::ApplyEmbeddedOption(char letter) {
  switch (letter) {
    case 'b':
      o_.syntax = RegexSyntax::kBasic;
      break;
    case 'e':
      o_.syntax = RegexSyntax::kExtended;
      break;
    case 'q':
      o_.syntax = RegexSyntax::kLiteral;
      break;
    case 'c':
      o_.icase = false;
      break;
    case 'i':
      o_.icase = true;
      break;
    case 'm':
    case 'n':
      o_.dot_excludes_newline = o_.anchors_at_newlines = true;
      break;
    case 'p':
      o_.dot_excludes_newline = true;
      o_.anchors_at_newlines = false;
      break;
    case 's':
      o_.dot_excludes_newline = o_.anchors_at_newlines = false;
      break;
    case 'w':
      o_.dot_excludes_newline = false;
      o_.anchors_at_newlines = true;
      break;
    case 't':
      o_.expanded = false;
      break;
    case 'x':
      o_.expanded = true;
      break;
    default:
      ThrowInvalidRegex("invalid embedded option");
  }
}

uint32_t Translator::NextCodePoint() {
  auto lead = static_cast<unsigned char>(p_[pos_]);
  size_t len = std::min<size_t>(Utf8CharLen(lead), p_.size() - pos_);
  uint32_t c = len == 1 ? lead : DecodeUtf8(p_.substr(pos_, len));
  pos_ += len;
  return c;
}

void Translator::TranslateLiteral() {
  while (!AtEnd()) EmitLiteral(NextCodePoint());
}

void Translator::SkipExpandedSpace() {
  if (!o_.expanded) return;
  while (!AtEnd()) {
    if (IsPatternSpace(Peek())) {
      ++pos_;
    } else if (Peek() == '#') {
      while (!AtEnd() && Peek() != '\n') ++pos_;
    } else {
      return;
    }
  }
}

void Translator::TranslateAre() {
  for (SkipExpandedSpace(); !AtEnd(); SkipExpandedSpace()) {
    char c = Peek();
    switch (c) {
      case '(':
        OpenGroup();
        break;
      case ')':
        CloseGroup();
        break;
      case '|':
        ++pos_;
        out_.pattern += '|';
        last_ = Last::kNothing;
        break;
      case '*':
      case '+':
      case '?':
        Quantifier(c);
        break;
      case '{':
        if (IsDigit(Peek(1))) {
          Bound();
        } else {
          ++pos_;
          EmitAtom("\\{");
        }
        break;
      case '^':
      case '$':
        ++pos_;
        out_.pattern += c;
        last_ = Last::kAssertion;
        break;
      case '.':
        ++pos_;
        EmitDot();
        break;
      case '[':
        Bracket();
        break;
      case '\\':
        Escape();
        break;
      default:
        EmitLiteral(NextCodePoint());
        break;
    }
  }
  if (!open_.empty()) ThrowInvalidRegex("parentheses () not balanced");
}

void Translator::OpenGroup() {
  ++pos_;
  if (Peek() == '?' && o_.syntax == RegexSyntax::kAdvanced) {
    char kind = Peek(1);
    if (kind == ':') {
      pos_ += 2;
      OpenHiddenGroup();
      open_.push_back(0);
      last_ = Last::kNothing;
      return;
    }
    if (kind == '#') {  // (?#comment)
      size_t close = p_.find(')', pos_);
      if (close == std::string_view::npos) ThrowInvalidRegex("parentheses () not balanced");
      pos_ = close + 1;
      return;
    }
    if (kind == '=' || kind == '!' || (kind == '<' && (Peek(2) == '=' || Peek(2) == '!'))) {
      throw Error(errcode::kFeatureNotSupported,
                  "lookahead and lookbehind constraints in regular expressions are not "
                  "supported yet");
    }
    ThrowInvalidRegex("quantifier operand invalid");
  }
  out_.pattern += '(';
  ++library_groups_;
  out_.library_group.push_back(library_groups_);
  open_.push_back(static_cast<int>(out_.library_group.size()));
  last_ = Last::kNothing;
}

void Translator::CloseGroup() {
  if (open_.empty()) ThrowInvalidRegex("parentheses () not balanced");
  ++pos_;
  if (open_.back() != 0) ++closed_groups_;
  open_.pop_back();
  EmitAtom(")");
}

void Translator::Quantifier(char op) {
  ++pos_;
  if (last_ != Last::kAtom) ThrowInvalidRegex("quantifier operand invalid");
  out_.pattern += op;
  last_ = Last::kQuantifier;
  NonGreedySuffix();
}

void Translator::Bound() {
  if (last_ != Last::kAtom) ThrowInvalidRegex("quantifier operand invalid");
  ++pos_;  // '{'
  auto read_count = [this]() {
    int value = 0;
    while (IsDigit(Peek())) {
      value = std::min(value * 10 + (Peek() - '0'), kMaxRepeat + 1);
      ++pos_;
    }
    return value;
  };
  int min = read_count();
  int max = min;
  bool unbounded = false;
  if (Peek() == ',') {
    ++pos_;
    unbounded = !IsDigit(Peek());
    if (!unbounded) max = read_count();
  }
  if (Peek() != '}') ThrowInvalidRegex("braces {} not balanced");
  ++pos_;
  if (min > kMaxRepeat || max > kMaxRepeat || (!unbounded && min > max)) {
    ThrowInvalidRegex("invalid repetition count(s)");
  }
  out_.pattern += "{" + std::to_string(min);
  if (unbounded) {
    out_.pattern += ",";
  } else if (max != min) {
    out_.pattern += "," + std::to_string(max);
  }
  out_.pattern += "}";
  last_ = Last::kQuantifier;
  NonGreedySuffix();
}

void Translator::NonGreedySuffix() {
  if (Peek() == '?' && o_.syntax == RegexSyntax::kAdvanced) {
    ++pos_;
    out_.has_non_greedy = true;
  }
}

void Translator::Escape() {
  ++pos_;
  if (AtEnd()) ThrowInvalidRegex("invalid escape \\ sequence");
  char letter = Peek();
  if (!IsAsciiAlnum(letter)) {
    EmitLiteral(NextCodePoint());
    return;
  }
  RegexCharSet set;
  bool negated = false;
  if (ClassEscapeSet(letter, &set, &negated)) {
    ++pos_;
    EmitBracket(std::move(set), negated, {});
    return;
  }
  const char* assertion = nullptr;
  switch (letter) {
    case 'A':
      assertion = "\\`";
      break;
    case 'Z':
      assertion = "\\'";
      break;
    case 'm':
      assertion = "\\<";
      break;
    case 'M':
      assertion = "\\>";
      break;
    case 'y':
      assertion = "\\b";
      break;
    case 'Y':
      assertion = "\\B";
      break;
    default:
      break;
  }
  if (assertion != nullptr) {
    ++pos_;
    out_.pattern += assertion;
    last_ = Last::kAssertion;
    return;
  }
  if (letter >= '1' && letter <= '9') {
    BackReference();
    return;
  }
  uint32_t c = 0;
  if (!CharEntryEscape(letter, &c)) ThrowInvalidRegex("invalid escape \\ sequence");
  EmitLiteral(c);
}

// Character-entry escapes (\n \t \x41 \u00e9 \012 ...), `letter` at pos_. Consumes them.
bool Translator::CharEntryEscape(char letter, uint32_t* c) {
  ++pos_;
  switch (letter) {
    case 'a':
      *c = 0x07;
      return true;
    case 'b':
      *c = 0x08;
      return true;
    case 'B':
      *c = '\\';
      return true;
    case 'e':
      *c = 0x1B;
      return true;
    case 'f':
      *c = 0x0C;
      return true;
    case 'n':
      *c = 0x0A;
      return true;
    case 'r':
      *c = 0x0D;
      return true;
    case 't':
      *c = 0x09;
      return true;
    case 'v':
      *c = 0x0B;
      return true;
    case 'c':
      if (AtEnd()) return false;
      *c = static_cast<unsigned char>(p_[pos_++]) & 0x1F;
      break;
    case 'x':
    case 'u':
    case 'U': {
      size_t want = letter == 'u' ? 4 : letter == 'U' ? 8 : SIZE_MAX;
      uint64_t value = 0;
      size_t digits = 0;
      while (digits < want && HexValue(Peek()) >= 0) {
        value = std::min<uint64_t>(value * 16 + HexValue(Peek()), kMaxCodePoint + 1);
        ++pos_;
        ++digits;
      }
      if (digits == 0 || (want != SIZE_MAX && digits != want)) return false;
      *c = static_cast<uint32_t>(value);
      break;
    }
    case '0': {
      uint32_t value = 0;
      for (int i = 0; i < 2 && Peek() >= '0' && Peek() <= '7'; ++i)
        value = value * 8 + (p_[pos_++] - '0');
      *c = value;
      break;
    }
    default:
      return false;
  }
  if (*c == 0 || *c > kMaxCodePoint || (*c >= 0xD800 && *c <= 0xDFFF)) return false;
  return true;
}

void Translator::BackReference() {
  int group = p_[pos_++] - '0';
  while (IsDigit(Peek()) && group * 10 + (Peek() - '0') <= closed_groups_) {
    group = group * 10 + (p_[pos_++] - '0');
  }
  if (group > closed_groups_) ThrowInvalidRegex("invalid backreference number");
  int library = out_.library_group[group - 1];
  if (library > kMaxLibraryBackref) {
    throw Error(errcode::kFeatureNotSupported,
                "regular expression back-references to groups past the ninth parenthesis are "
                "not supported yet");
  }
  out_.pattern += "\\" + std::to_string(library);
  out_.library_icase = o_.icase;  // regcomp must compare the referenced text caselessly
  last_ = Last::kAtom;
}

void Translator::Bracket() {
  ++pos_;  // '['
  bool negated = false;
  if (Peek() == '^') {
    negated = true;
    ++pos_;
  }
  RegexCharSet set;
  std::vector<char> negated_classes;
  bool first = true;
  while (true) {
    if (AtEnd()) ThrowInvalidRegex("brackets [] not balanced");
    if (Peek() == ']' && !first) {
      ++pos_;
      break;
    }
    first = false;
    bool is_class = false;
    uint32_t lo = BracketChar(&set, &negated_classes, &is_class);
    if (is_class) continue;
    if (Peek() == '-' && Peek(1) != ']' && pos_ + 1 < p_.size()) {
      ++pos_;
      uint32_t hi = BracketChar(&set, &negated_classes, &is_class);
      if (is_class || hi < lo) ThrowInvalidRegex("invalid character range");
      set.AddRange(lo, hi);
    } else {
      set.Add(lo);
    }
  }
  EmitBracket(std::move(set), negated, negated_classes);
}

// One element of a bracket expression at pos_: a character (returned), or a class added to
// `set` / `negated_classes` (*is_class set).
uint32_t Translator::BracketChar(RegexCharSet* set, std::vector<char>* negated_classes,
                                 bool* is_class) {
  *is_class = false;
  char c = Peek();
  if (c == '[' && (Peek(1) == ':' || Peek(1) == '.' || Peek(1) == '=')) {
    char kind = Peek(1);
    char terminator[3] = {kind, ']', '\0'};
    size_t end = p_.find(terminator, pos_ + 2);
    if (end == std::string_view::npos) ThrowInvalidRegex("brackets [] not balanced");
    std::string_view name = p_.substr(pos_ + 2, end - pos_ - 2);
    pos_ = end + 2;
    if (kind == ':') {
      if (!set->AddClass(name)) ThrowInvalidRegex("invalid character class");
      *is_class = true;
      return 0;
    }
    // [.x.] and [=x=]: single characters only (no multi-character collating elements).
    if (name.empty() ||
        static_cast<size_t>(Utf8CharLen(static_cast<unsigned char>(name[0]))) != name.size()) {
      ThrowInvalidRegex("invalid collating element");
    }
    return name.size() == 1 ? static_cast<unsigned char>(name[0]) : DecodeUtf8(name);
  }
  if (c == '\\' && o_.syntax == RegexSyntax::kAdvanced) {
    ++pos_;
    if (AtEnd()) ThrowInvalidRegex("brackets [] not balanced");
    char letter = Peek();
    if (!IsAsciiAlnum(letter)) return NextCodePoint();
    bool negated = false;
    RegexCharSet class_set;
    if (ClassEscapeSet(letter, &class_set, &negated)) {
      ++pos_;
      if (negated) {
        negated_classes->push_back(letter);
      } else {
        set->AddClass(letter == 'd' ? "digit" : letter == 's' ? "space" : "word");
      }
      *is_class = true;
      return 0;
    }
    uint32_t value = 0;
    if (!CharEntryEscape(letter, &value)) ThrowInvalidRegex("invalid escape \\ sequence");
    return value;
  }
  return NextCodePoint();
}

// Writes a bracket expression; a negated class escape inside a positive bracket ([a\D])
// becomes an alternation in a hidden group.
void Translator::EmitBracket(RegexCharSet set, bool negated,
                             const std::vector<char>& negated_classes) {
  if (o_.icase) set.AddCaseCounterparts();
  if (!negated_classes.empty() && negated) {
    throw Error(errcode::kFeatureNotSupported,
                "negated class escapes inside negated bracket expressions are not supported "
                "yet");
  }
  // 'p' mode: [^...] must not match a newline, which regcomp only does with REG_NEWLINE.
  if (negated && o_.dot_excludes_newline && !out_.newline) set.Add('\n');
  // 'w' mode: the reverse; REG_NEWLINE keeps [^...] off newlines, so add them back.
  bool newline_back = !o_.dot_excludes_newline && out_.newline;
  bool wrap = !negated_classes.empty() || (negated && newline_back);
  if (!wrap) {
    EmitAtom(set.ToBracket(negated));
    return;
  }
  std::vector<std::string> alternatives;
  if (!set.Empty()) alternatives.push_back(set.ToBracket(negated));
  for (char letter : negated_classes) {
    RegexCharSet class_set;
    bool ignored = false;
    ClassEscapeSet(letter, &class_set, &ignored);
    alternatives.push_back(class_set.ToBracket(true));
  }
  if (newline_back) alternatives.emplace_back("\n");
  OpenHiddenGroup();
  for (size_t i = 0; i < alternatives.size(); ++i) {
    if (i > 0) out_.pattern += '|';
    out_.pattern += alternatives[i];
  }
  EmitAtom(")");
}

void Translator::EmitDot() {
  if (o_.dot_excludes_newline && !out_.newline) {
    EmitAtom("[^\n]");
  } else if (!o_.dot_excludes_newline && out_.newline) {
    OpenHiddenGroup();
    EmitAtom(".|\n)");
  } else {
    EmitAtom(".");
  }
}

void Translator::EmitLiteral(uint32_t c) {
  bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  if (o_.icase && letter) {
    RegexCharSet set;
    set.Add(c);
    set.AddCaseCounterparts();
    EmitAtom(set.ToBracket(false));
    return;
  }
  std::string text;
  if (c < 0x80 &&
      std::string_view(".[]()*+?{}|^$\\").find(static_cast<char>(c)) != std::string_view::npos) {
    text += '\\';
  }
  AppendUtf8(&text, c);
  EmitAtom(text);
}

}  // namespace

void ThrowInvalidRegex(std::string_view reason) {
  throw MakeError(errcode::kInvalidRegularExpression, "invalid regular expression: {}", reason);
}

TranslatedRegex TranslateRegex(std::string_view pattern, const RegexOptions& options) {
  return Translator(pattern, options).Run();
}

}  // namespace hyrax::executor

// Number pictures for to_char and to_number (PostgreSQL's NUM_processor). to_char first
// renders the value as plain digits rounded to the template's decimal places ("#" when the
// integer part does not fit), then walks the template placing digits, padding, signs and
// separators; to_number walks the template over the input and collects sign and digits.
// See to_char.h.
#include <cctype>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>

#include "common/error.h"
#include "executor/types/format_template.h"
#include "executor/types/multibyte.h"
#include "executor/types/numeric_io.h"
#include "executor/types/to_char.h"

namespace hyrax::executor {

namespace {

constexpr size_t kNone = std::string::npos;
constexpr int kSignPre = 1;
constexpr int kSignPost = 2;

// C-locale symbols.
constexpr char kDecimal[] = ".";
constexpr char kThousands[] = ",";
constexpr char kCurrency[] = " ";

std::string RomanNumeral(int64_t number) {
  static const char* const kOnes[] = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"};
  static const char* const kTens[] = {"X", "XX", "XXX", "XL", "L", "LX", "LXX", "LXXX", "XC"};
  static const char* const kHundreds[] = {"C", "CC", "CCC", "CD", "D", "DC", "DCC", "DCCC", "CM"};
  if (number > 3999 || number < 1) return std::string(15, '#');
  std::string digits = std::to_string(number);
  std::string out;
  size_t len = digits.size();
  for (char c : digits) {
    int d = c - '1';
    if (d >= 0) {
      if (len > 3) {
        out.append(static_cast<size_t>(d + 1), 'M');
      } else {
        out += (len == 3 ? kHundreds : len == 2 ? kTens : kOnes)[d];
      }
    }
    --len;
  }
  return out;
}

// "st", "nd", "rd" or "th" for the number's last digits (PostgreSQL's get_th).
std::string OrdinalSuffix(const std::string& number, bool upper) {
  if (number.empty() || number.back() < '0' || number.back() > '9') {
    throw MakeError(errcode::kInvalidTextRepresentation, "\"{}\" is not a number", number);
  }
  char last = number.back();
  if (number.size() > 1 && number[number.size() - 2] == '1') last = 0;
  const char* suffix = last == '1' ? "st" : last == '2' ? "nd" : last == '3' ? "rd" : "th";
  std::string s(suffix);
  if (upper) {
    for (char& c : s) c = static_cast<char>(c - 'a' + 'A');
  }
  return s;
}

// The last non-zero digit after the decimal point, or the point itself (get_last_relevant_decnum).
size_t LastRelevantDecimal(const std::string& number) {
  size_t point = number.find('.');
  if (point == kNone) return kNone;
  size_t result = point;
  for (size_t i = point + 1; i < number.size(); ++i) {
    if (number[i] != '0') result = i;
  }
  return result;
}

// One to_char run over a prepared digit string.
class ToCharProcessor {
 public:
  ToCharProcessor(NumberFormat num, std::string number, int out_pre_spaces, char sign)
      : num_(std::move(num)), number_(std::move(number)), out_pre_spaces_(out_pre_spaces) {
    if (num_.zero_start) --num_.zero_start;
    if (num_.roman) {
      bool fill = num_.fill;
      NumberFormat reset;
      reset.nodes = std::move(num_.nodes);
      reset.multi = num_.multi;
      reset.zero_start = num_.zero_start;
      reset.zero_end = num_.zero_end;
      reset.fill = fill;
      reset.roman = true;
      num_ = std::move(reset);
      out_pre_spaces_ = 0;
      sign = 0;
    }
    sign_ = sign;
    if (num_.plus || num_.minus) {
      sign_wrote_ = !(num_.plus && !num_.minus);
    } else {
      if (sign_ != '-' && num_.fill) num_.bracket = false;
      sign_wrote_ = sign_ == '+' && num_.fill && num_.lsign == 0;
      if (num_.lsign == kSignPre && num_.pre == num_.pre_lsign_num) num_.lsign = kSignPost;
    }
    num_count_ = num_.post + num_.pre - 1;
    if (num_.fill && num_.decimal) {
      last_relevant_ = LastRelevantDecimal(number_);
      if (last_relevant_ != kNone && num_.zero_end > out_pre_spaces_) {
        size_t last_zero = std::min<size_t>(number_.size() - 1,
                                            static_cast<size_t>(num_.zero_end - out_pre_spaces_));
        if (last_relevant_ < last_zero) last_relevant_ = last_zero;
      }
    }
    if (!sign_wrote_ && out_pre_spaces_ == 0) ++num_count_;
  }

  std::string Run() {
    if (num_.eeee) return number_;
    for (const FormatNode& node : num_.nodes) {
      if (node.type != FormatNode::Type::kAction) {
        out_ += node.text;
        continue;
      }
      switch (static_cast<NumKey>(node.key->id)) {
        case NumKey::k9:
        case NumKey::k0:
        case NumKey::kDec:
        case NumKey::kD:
          NumPart(static_cast<NumKey>(node.key->id));
          break;
        case NumKey::kComma:
        case NumKey::kG:
          if (num_in_) {
            out_ += kThousands;
          } else if (!num_.fill) {
            out_ += ' ';
          }
          break;
        case NumKey::kL:
          out_ += kCurrency;
          break;
        case NumKey::kRN:
        case NumKey::krn: {
          std::string text = number_;
          if (static_cast<NumKey>(node.key->id) == NumKey::krn) {
            for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          }
          if (!num_.fill && text.size() < 15) text.insert(0, 15 - text.size(), ' ');
          out_ += text;
          break;
        }
        case NumKey::kTH:
        case NumKey::kth:
          if (num_.roman || number_.front() == '#' || sign_ == '-' || num_.decimal) break;
          out_ += OrdinalSuffix(number_, static_cast<NumKey>(node.key->id) == NumKey::kTH);
          break;
        case NumKey::kMI:
          if (sign_ == '-') {
            out_ += '-';
          } else if (!num_.fill) {
            out_ += ' ';
          }
          break;
        case NumKey::kPL:
          if (sign_ == '+') {
            out_ += '+';
          } else if (!num_.fill) {
            out_ += ' ';
          }
          break;
        case NumKey::kSG:
          if (sign_ != 0) out_ += sign_;
          break;
        default:
          break;
      }
    }
    // PostgreSQL writes into a C string: a NUL written for a missing digit ends the output.
    out_.resize(std::strlen(out_.c_str()));
    return out_;
  }

 private:
  char NumberAt(size_t i) const { return i < number_.size() ? number_[i] : '\0'; }

  // "0.5" under "9.9": the leading zero becomes a space (PostgreSQL's IS_PREDEC_SPACE).
  bool PredecSpace() const {
    return !num_.zero && number_p_ == 0 && NumberAt(0) == '0' && num_.post != 0;
  }
  bool LastRelevantIsPoint() const {
    return last_relevant_ != kNone && number_[last_relevant_] == '.';
  }

  void NumPart(NumKey id) {
    if (num_.roman) return;
    num_in_ = false;
    // The sign goes just before the first digit actually written.
    if (!sign_wrote_ &&
        (num_curr_ >= out_pre_spaces_ || (num_.zero && num_.zero_start == num_curr_)) &&
        (!PredecSpace() || LastRelevantIsPoint())) {
      if (num_.lsign != 0) {
        if (num_.lsign == kSignPre) {
          out_ += sign_ == '-' ? '-' : '+';
          sign_wrote_ = true;
        }
      } else if (num_.bracket) {
        out_ += sign_ == '+' ? ' ' : '<';
        sign_wrote_ = true;
      } else if (sign_ == '+') {
        if (!num_.fill) out_ += ' ';
        sign_wrote_ = true;
      } else if (sign_ == '-') {
        out_ += '-';
        sign_wrote_ = true;
      }
    }
    if (num_curr_ < out_pre_spaces_ && (num_.zero_start > num_curr_ || !num_.zero)) {
      if (!num_.fill) out_ += ' ';
    } else if (num_.zero && num_curr_ < out_pre_spaces_ && num_.zero_start <= num_curr_) {
      out_ += '0';
      num_in_ = true;
    } else {
      if (NumberAt(number_p_) == '.') {
        if (!LastRelevantIsPoint() || num_.fill) out_ += kDecimal;
      } else if (last_relevant_ != kNone && number_p_ > last_relevant_ && id != NumKey::k0) {
        // trailing zero dropped by FM
      } else if (PredecSpace()) {
        if (!num_.fill) {
          out_ += ' ';
        } else if (LastRelevantIsPoint()) {
          out_ += '0';
        }
      } else {
        out_ += NumberAt(number_p_);
        num_in_ = true;
      }
      if (NumberAt(number_p_) != '\0') ++number_p_;
    }
    int end = num_count_ + (out_pre_spaces_ ? 1 : 0) + (num_.decimal ? 1 : 0);
    if (last_relevant_ != kNone && last_relevant_ == number_p_) end = num_curr_;
    if (num_curr_ + 1 == end) {
      if (sign_wrote_ && num_.bracket) {
        out_ += sign_ == '+' ? ' ' : '>';
      } else if (num_.lsign == kSignPost) {
        out_ += sign_ == '-' ? '-' : '+';
      }
    }
    ++num_curr_;
  }

  NumberFormat num_;
  std::string number_;
  int out_pre_spaces_;
  char sign_ = 0;
  bool sign_wrote_ = false;
  int num_count_ = 0;
  int num_curr_ = 0;
  bool num_in_ = false;
  size_t number_p_ = 0;
  size_t last_relevant_ = kNone;
  std::string out_;
};

// Splits a plain rendering ("-12.50") into sign and digits and pads or overflows it against
// the template's integer positions.
std::string FinishPlain(NumberFormat num, const std::string& rendered) {
  char sign = '+';
  std::string digits = rendered;
  if (!digits.empty() && digits[0] == '-') {
    sign = '-';
    digits.erase(0, 1);
  }
  size_t point = digits.find('.');
  int pre_len = static_cast<int>(point == kNone ? digits.size() : point);
  int out_pre_spaces = 0;
  if (pre_len < num.pre) {
    out_pre_spaces = num.pre - pre_len;
  } else if (pre_len > num.pre) {
    digits.assign(static_cast<size_t>(num.pre + num.post + 1), '#');
    digits[static_cast<size_t>(num.pre)] = '.';
  }
  return ToCharProcessor(std::move(num), std::move(digits), out_pre_spaces, sign).Run();
}

// "#.###e+##"-style placeholder for NaN/Infinity under EEEE.
std::string EeeeOverflow(const NumberFormat& num) {
  std::string s(static_cast<size_t>(num.pre + num.post + 6), '#');
  s[0] = ' ';
  s[static_cast<size_t>(num.pre + 1)] = '.';
  return s;
}

std::string FormatE(double value, int post) {
  char buf[512];
  std::snprintf(buf, sizeof(buf), "%+.*e", post, value);
  if (buf[0] == '+') buf[0] = ' ';
  return buf;
}

std::string RunRoman(NumberFormat num, int64_t value) {
  return ToCharProcessor(std::move(num), RomanNumeral(value), 0, 0).Run();
}

int32_t ToInt32OrThrow(int64_t v) {
  if (v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<int32_t>::max()) {
    throw Error(errcode::kNumericValueOutOfRange, "integer out of range");
  }
  return static_cast<int32_t>(v);
}

NumericVar PowerOfTen(int exponent) {
  return ParseNumeric("1e" + std::to_string(exponent));
}

}  // namespace

std::string NumericToChar(const NumericVar& value, std::string_view format) {
  if (format.empty()) return "";
  NumberFormat num = ParseNumberTemplate(format);
  if (num.roman) {
    if (value.IsNaN()) throw Error(errcode::kFeatureNotSupported, "cannot convert NaN to integer");
    if (value.IsInf()) {
      throw Error(errcode::kFeatureNotSupported, "cannot convert infinity to integer");
    }
    NumericVar rounded = value;
    RoundVar(&rounded, 0);
    int64_t v = 0;
    if (!NumericToInt64(rounded, &v)) {
      throw Error(errcode::kNumericValueOutOfRange, "integer out of range");
    }
    return RunRoman(std::move(num), ToInt32OrThrow(v));
  }
  if (num.eeee) {
    std::string number;
    if (!value.IsFinite()) {
      number = EeeeOverflow(num);
    } else {
      number = FormatNumericSci(value, num.post);
      if (number[0] != '-') number.insert(0, " ");
    }
    return ToCharProcessor(std::move(num), std::move(number), 0, 0).Run();
  }
  NumericVar val = value;
  if (num.multi_set) {
    if (val.IsFinite()) val = MulVar(val, PowerOfTen(num.multi), val.dscale);
    num.pre += num.multi;
  }
  if (val.IsFinite()) RoundVar(&val, num.post);
  return FinishPlain(std::move(num), FormatNumeric(val));
}

std::string IntToChar(int64_t value, bool is_int8, std::string_view format) {
  if (format.empty()) return "";
  NumberFormat num = ParseNumberTemplate(format);
  if (num.roman) return RunRoman(std::move(num), ToInt32OrThrow(value));
  if (num.eeee) {
    std::string number;
    if (is_int8) {
      number = FormatNumericSci(NumericVar::FromInt64(value), num.post);
      if (number[0] != '-') number.insert(0, " ");
    } else {
      number = FormatE(static_cast<double>(value), num.post);
    }
    return ToCharProcessor(std::move(num), std::move(number), 0, 0).Run();
  }
  if (num.multi_set) {
    double factor = std::pow(10.0, num.multi);
    if (is_int8) {
      // int8mul(value, dtoi8(10^multi)) with its overflow checks.
      if (!(factor < 9223372036854775808.0)) {
        throw Error(errcode::kNumericValueOutOfRange, "bigint out of range");
      }
      int64_t product;
      if (__builtin_mul_overflow(value, static_cast<int64_t>(factor), &product)) {
        throw Error(errcode::kNumericValueOutOfRange, "bigint out of range");
      }
      value = product;
    } else {
      // int4 arithmetic wraps here, as PostgreSQL's plain C multiplication does.
      auto wrapped = static_cast<uint32_t>(static_cast<int32_t>(value)) *
                     static_cast<uint32_t>(static_cast<int32_t>(factor));
      value = static_cast<int32_t>(wrapped);
    }
    num.pre += num.multi;
  }
  std::string rendered = std::to_string(value);
  if (num.post > 0) rendered += "." + std::string(static_cast<size_t>(num.post), '0');
  return FinishPlain(std::move(num), rendered);
}

namespace {

// printf("%.*f") as PostgreSQL's own snprintf does it: NaN and infinities are spelled
// "NaN", "Infinity", "-Infinity".
std::string FixedPoint(double value, int decimals) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  char buf[512];
  std::snprintf(buf, sizeof(buf), "%.*f", decimals, value);
  return buf;
}

template <typename F>
std::string FloatToChar(F value, std::string_view format, int max_digits) {
  if (format.empty()) return "";
  NumberFormat num = ParseNumberTemplate(format);
  if (num.roman) {
    double r = std::rint(static_cast<double>(value));
    int64_t v = r >= -2147483648.0 && r < 2147483648.0 ? static_cast<int64_t>(r)
                                                       : std::numeric_limits<int32_t>::min();
    return RunRoman(std::move(num), v);
  }
  if (num.eeee) {
    std::string number = std::isnan(value) || std::isinf(value)
                             ? EeeeOverflow(num)
                             : FormatE(static_cast<double>(value), num.post);
    return ToCharProcessor(std::move(num), std::move(number), 0, 0).Run();
  }
  F val = value;
  if (num.multi_set) {
    val = static_cast<F>(value * static_cast<F>(std::pow(10.0, num.multi)));
    num.pre += num.multi;
  }
  int pre_len = static_cast<int>(FixedPoint(std::fabs(static_cast<double>(val)), 0).size());
  if (pre_len >= max_digits) {
    num.post = 0;
  } else if (pre_len + num.post > max_digits) {
    num.post = max_digits - pre_len;
  }
  return FinishPlain(std::move(num), FixedPoint(static_cast<double>(val), num.post));
}

}  // namespace

std::string Float8ToChar(double value, std::string_view format) {
  return FloatToChar<double>(value, format, DBL_DIG);
}

std::string Float4ToChar(float value, std::string_view format) {
  return FloatToChar<float>(value, format, FLT_DIG);
}

// ---- to_number ----

namespace {

class FromCharProcessor {
 public:
  FromCharProcessor(NumberFormat num, std::string_view input)
      : num_(std::move(num)), input_(input) {}

  NumberFromChar Run() {
    if (num_.eeee) throw Error(errcode::kFeatureNotSupported, "\"EEEE\" not supported for input");
    if (num_.roman) throw Error(errcode::kFeatureNotSupported, "\"RN\" not supported for input");
    number_ = " ";
    for (const FormatNode& node : num_.nodes) {
      if (pos_ >= input_.size()) break;
      if (node.type != FormatNode::Type::kAction) {
        pos_ += Utf8CharLen(static_cast<unsigned char>(input_[pos_]));
        continue;
      }
      bool advance = true;
      switch (static_cast<NumKey>(node.key->id)) {
        case NumKey::k9:
        case NumKey::k0:
        case NumKey::kDec:
        case NumKey::kD:
          NumPart(static_cast<NumKey>(node.key->id));
          break;
        case NumKey::kComma:
          advance = input_[pos_] == ',';
          break;
        case NumKey::kG:
          advance = input_.substr(pos_, 1) == kThousands;
          break;
        case NumKey::kL:
          EatNonDataChars(1);  // the currency symbol's length
          advance = false;
          break;
        case NumKey::kTH:
        case NumKey::kth:
          if (!num_.decimal) EatNonDataChars(2);
          advance = false;
          break;
        case NumKey::kMI:
        case NumKey::kPL:
        case NumKey::kSG: {
          auto key = static_cast<NumKey>(node.key->id);
          char c = input_[pos_];
          if ((c == '-' && key != NumKey::kPL) || (c == '+' && key != NumKey::kMI)) {
            number_[0] = c;
          } else {
            EatNonDataChars(1);
            advance = false;
          }
          break;
        }
        default:
          advance = false;
          break;
      }
      if (advance) ++pos_;
    }
    if (number_.back() == '.') number_.pop_back();
    NumberFromChar result;
    result.scale = read_post_;
    result.precision = num_.pre + num_.multi + read_post_;
    result.multi = num_.multi_set ? num_.multi : 0;
    result.digits = number_;
    return result;
  }

 private:
  bool AtEnd() const { return pos_ >= input_.size(); }

  // Non-data template patterns (L, TH, an unmatched MI/PL/SG) skip up to `n` input
  // characters, stopping at digits, signs, decimal points and commas.
  void EatNonDataChars(int n) {
    while (n-- > 0 && !AtEnd()) {
      if (std::strchr("0123456789.,+-", input_[pos_]) != nullptr) break;
      pos_ += Utf8CharLen(static_cast<unsigned char>(input_[pos_]));
    }
  }
  bool Remaining(size_t n) const { return pos_ + n <= input_.size(); }

  void NumPart(NumKey id) {
    if (AtEnd()) return;
    if (input_[pos_] == ' ') ++pos_;
    if (AtEnd()) return;
    if (number_[0] == ' ' && (id == NumKey::k0 || id == NumKey::k9) &&
        read_pre_ + read_post_ == 0) {
      char c = input_[pos_];
      if (num_.lsign == kSignPre) {
        if (c == '-' || c == '+') {
          number_[0] = c;
          ++pos_;
        }
      } else if (c == '-' || (num_.bracket && c == '<')) {
        number_[0] = '-';
        ++pos_;
      } else if (c == '+') {
        number_[0] = '+';
        ++pos_;
      }
    }
    if (AtEnd()) return;
    bool read = false;
    char c = input_[pos_];
    if (c >= '0' && c <= '9') {
      if (read_dec_ && read_post_ == num_.post) return;
      number_ += c;
      if (read_dec_) {
        ++read_post_;
      } else {
        ++read_pre_;
      }
      read = true;
    } else if (num_.decimal && !read_dec_ && c == kDecimal[0]) {
      number_ += '.';
      read_dec_ = true;
      read = true;
    }
    if (AtEnd()) return;
    // A sign after the last digit read (e.g. "5.01-" for FM9.999999MI or "123S").
    if (number_[0] == ' ' && read_pre_ + read_post_ > 0) {
      if (num_.lsign != 0 && read && pos_ + 1 < input_.size() &&
          !(input_[pos_ + 1] >= '0' && input_[pos_ + 1] <= '9')) {
        size_t saved = pos_++;
        if (Remaining(1) && (input_[pos_] == '-' || input_[pos_] == '+')) {
          number_[0] = input_[pos_];
        }
        if (number_[0] == ' ') pos_ = saved;
      } else if (!read && num_.lsign == 0 && (num_.plus || num_.minus)) {
        if (input_[pos_] == '-' || input_[pos_] == '+') number_[0] = input_[pos_];
      }
    }
  }

  NumberFormat num_;
  std::string_view input_;
  size_t pos_ = 0;
  std::string number_;
  bool read_dec_ = false;
  int read_pre_ = 0;
  int read_post_ = 0;
};

}  // namespace

NumberFromChar ParseNumberWithTemplate(std::string_view input, std::string_view format) {
  return FromCharProcessor(ParseNumberTemplate(format), input).Run();
}

}  // namespace hyrax::executor

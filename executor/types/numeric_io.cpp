// numeric text parsing/formatting, typmod application and varlena packing (see numeric_io.h).
#include "executor/types/numeric_io.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <strings.h>

#include "common/error.h"
#include "common/memory_context.h"
#include "common/varlena.h"
#include "executor/types/int_io.h"

namespace hyrax::executor {

namespace {

// Header bits of the packed format (PostgreSQL's numeric.h layout).
constexpr uint16_t kSignMask = 0xC000;
constexpr uint16_t kPos = 0x0000;
constexpr uint16_t kNeg = 0x4000;
constexpr uint16_t kShort = 0x8000;
constexpr uint16_t kSpecial = 0xC000;
constexpr uint16_t kNaNHeader = 0xC000;
constexpr uint16_t kPinfHeader = 0xD000;
constexpr uint16_t kNinfHeader = 0xF000;
constexpr uint16_t kShortSignMask = 0x2000;
constexpr uint16_t kShortDscaleMask = 0x1F80;
constexpr int kShortDscaleShift = 7;
constexpr int kShortDscaleMax = 63;
constexpr uint16_t kShortWeightSignMask = 0x0040;
constexpr uint16_t kShortWeightMask = 0x003F;
constexpr int kShortWeightMax = 63;
constexpr int kShortWeightMin = -64;
constexpr uint16_t kDscaleMask = 0x3FFF;

[[noreturn]] void ThrowSyntax(std::string_view text) {
  throw MakeError(errcode::kInvalidTextRepresentation,
                  "invalid input syntax for type numeric: \"{}\"", text);
}

uint16_t ReadHeader(const char* p) {
  uint16_t h;
  std::memcpy(&h, p + kVarHeaderSize, sizeof(h));
  return h;
}

// Parses the finite number at `cp` (PostgreSQL's set_var_from_str); returns the end position.
const char* ParseFinite(std::string_view whole, const char* cp, NumericVar* out) {
  bool negative = false;
  if (*cp == '+') {
    ++cp;
  } else if (*cp == '-') {
    negative = true;
    ++cp;
  }
  bool have_dp = false;
  if (*cp == '.') {
    have_dp = true;
    ++cp;
  }
  if (!(*cp >= '0' && *cp <= '9')) ThrowSyntax(whole);
  std::vector<int8_t> dec;
  int64_t dweight = -1;
  int64_t dscale = 0;
  while (*cp != '\0') {
    if (*cp >= '0' && *cp <= '9') {
      dec.push_back(static_cast<int8_t>(*cp++ - '0'));
      if (have_dp) {
        ++dscale;
      } else {
        ++dweight;
      }
    } else if (*cp == '.') {
      if (have_dp) ThrowSyntax(whole);
      have_dp = true;
      ++cp;
    } else {
      break;
    }
  }
  if (*cp == 'e' || *cp == 'E') {
    ++cp;
    char* end = nullptr;
    errno = 0;
    long exponent = std::strtol(cp, &end, 10);
    if (end == cp) ThrowSyntax(whole);
    cp = end;
    if (exponent >= INT_MAX / 2 || exponent <= -(INT_MAX / 2)) {
      throw Error(errcode::kNumericValueOutOfRange, "value overflows numeric format");
    }
    dweight += exponent;
    dscale = std::max<int64_t>(dscale - exponent, 0);
  }
  // Group the decimal digits into base-10000 digits aligned on the decimal point.
  int64_t weight = dweight >= 0 ? (dweight + kNumericDecDigits) / kNumericDecDigits - 1
                                : -((-dweight - 1) / kNumericDecDigits + 1);
  int64_t offset = (weight + 1) * kNumericDecDigits - (dweight + 1);
  size_t ndigits = (dec.size() + offset + kNumericDecDigits - 1) / kNumericDecDigits;
  std::vector<int8_t> padded(offset, 0);
  padded.insert(padded.end(), dec.begin(), dec.end());
  padded.resize(ndigits * kNumericDecDigits, 0);
  NumericVar v;
  v.negative = negative;
  v.weight = static_cast<int>(weight);
  v.dscale = static_cast<int>(std::min<int64_t>(dscale, INT_MAX / 2));
  v.digits.resize(ndigits);
  for (size_t i = 0; i < ndigits; ++i) {
    const int8_t* g = &padded[i * kNumericDecDigits];
    v.digits[i] = static_cast<int16_t>(((g[0] * 10 + g[1]) * 10 + g[2]) * 10 + g[3]);
  }
  StripVar(&v);
  *out = std::move(v);
  return cp;
}

void AppendDigits4(std::string* out, int digit) {
  char buf[4] = {static_cast<char>('0' + digit / 1000), static_cast<char>('0' + digit / 100 % 10),
                 static_cast<char>('0' + digit / 10 % 10), static_cast<char>('0' + digit % 10)};
  out->append(buf, 4);
}

}  // namespace

NumericVar ParseNumeric(std::string_view text) {
  std::string copy(text);
  const char* cp = copy.c_str();
  while (*cp != '\0' && IsPgSpace(*cp)) ++cp;
  static const struct {
    const char* word;
    NumericVar::Kind kind;
  } kSpecials[] = {
      {"NaN", NumericVar::Kind::kNaN},          {"Infinity", NumericVar::Kind::kPosInf},
      {"+Infinity", NumericVar::Kind::kPosInf}, {"-Infinity", NumericVar::Kind::kNegInf},
      {"inf", NumericVar::Kind::kPosInf},       {"+inf", NumericVar::Kind::kPosInf},
      {"-inf", NumericVar::Kind::kNegInf}};
  NumericVar v;
  bool special = false;
  for (const auto& s : kSpecials) {
    size_t n = std::strlen(s.word);
    if (strncasecmp(cp, s.word, n) == 0) {
      v.kind = s.kind;
      cp += n;
      special = true;
      break;
    }
  }
  if (!special) cp = ParseFinite(text, cp, &v);
  while (*cp != '\0') {
    if (!IsPgSpace(*cp)) ThrowSyntax(text);
    ++cp;
  }
  return v;
}

std::string FormatNumeric(const NumericVar& v) {
  switch (v.kind) {
    case NumericVar::Kind::kNaN:
      return "NaN";
    case NumericVar::Kind::kPosInf:
      return "Infinity";
    case NumericVar::Kind::kNegInf:
      return "-Infinity";
    case NumericVar::Kind::kFinite:
      break;
  }
  std::string out;
  if (v.negative) out += '-';
  int ndigits = static_cast<int>(v.digits.size());
  int d;
  if (v.weight < 0) {
    d = v.weight + 1;
    out += '0';
  } else {
    for (d = 0; d <= v.weight; ++d) {
      int dig = d < ndigits ? v.digits[d] : 0;
      if (d == 0) {
        out += std::to_string(dig);
      } else {
        AppendDigits4(&out, dig);
      }
    }
  }
  if (v.dscale > 0) {
    out += '.';
    size_t start = out.size();
    for (int i = 0; i < v.dscale; ++d, i += kNumericDecDigits) {
      int dig = d >= 0 && d < ndigits ? v.digits[d] : 0;
      AppendDigits4(&out, dig);
    }
    out.resize(start + v.dscale);
  }
  return out;
}

std::string FormatNumericSci(const NumericVar& v, int rscale) {
  if (!v.IsFinite()) return FormatNumeric(v);
  // Decimal exponent of the first significant digit.
  int exponent = 0;
  if (!v.digits.empty()) {
    exponent = (v.weight + 1) * kNumericDecDigits;
    int first = v.digits[0];
    exponent -= first >= 1000 ? 1 : first >= 100 ? 2 : first >= 10 ? 3 : 4;
  }
  // Divide by 10^exponent rounding to rscale places; like PostgreSQL's numeric_out_sci, a
  // carry to 10.0 is not renormalized.
  NumericVar pow10 = ParseNumeric("1e" + std::to_string(exponent));
  NumericVar scaled = DivVar(v, pow10, rscale, true);
  scaled.dscale = std::max(rscale, 0);
  char exp_buf[16];
  std::snprintf(exp_buf, sizeof(exp_buf), "e%+03d", exponent);
  return FormatNumeric(scaled) + exp_buf;
}

bool IsValidNumericTypmod(int32_t typmod) {
  return typmod >= static_cast<int32_t>(kVarHeaderSize);
}

int NumericTypmodPrecision(int32_t typmod) {
  return ((typmod - static_cast<int32_t>(kVarHeaderSize)) >> 16) & 0xFFFF;
}

int NumericTypmodScale(int32_t typmod) {
  return (((typmod - static_cast<int32_t>(kVarHeaderSize)) & 0x7FF) ^ 1024) - 1024;
}

int32_t MakeNumericTypmod(int precision, int scale) {
  return ((precision << 16) | (scale & 0x7FF)) + static_cast<int32_t>(kVarHeaderSize);
}

void ApplyNumericTypmod(NumericVar* v, int32_t typmod) {
  if (!IsValidNumericTypmod(typmod)) return;
  int precision = NumericTypmodPrecision(typmod);
  int scale = NumericTypmodScale(typmod);
  if (v->IsNaN()) return;
  if (v->IsInf()) {
    throw Error(errcode::kNumericValueOutOfRange, "numeric field overflow")
        .Detail(fmt::format("A field with precision {}, scale {} cannot hold an infinite value.",
                            precision, scale));
  }
  int maxdigits = precision - scale;
  RoundVar(v, scale);
  if (v->dscale < 0) v->dscale = 0;
  if (v->digits.empty()) return;
  int ddigits = (v->weight + 1) * kNumericDecDigits;
  int first = v->digits[0];
  ddigits -= first < 10 ? 3 : first < 100 ? 2 : first < 1000 ? 1 : 0;
  if (ddigits > maxdigits) {
    throw Error(errcode::kNumericValueOutOfRange, "numeric field overflow")
        .Detail(fmt::format(
            "A field with precision {}, scale {} must round to an absolute value less than {}{}.",
            precision, scale, maxdigits != 0 ? "10^" : "", maxdigits != 0 ? maxdigits : 1));
  }
}

Datum MakeNumericDatum(const NumericVar& in) {
  if (!in.IsFinite()) {
    Varlena* r = AllocVarlena(sizeof(uint16_t));
    uint16_t header = in.IsNaN()
                          ? kNaNHeader
                          : (in.kind == NumericVar::Kind::kPosInf ? kPinfHeader : kNinfHeader);
    std::memcpy(VarData(r), &header, sizeof(header));
    return PointerGetDatum(r);
  }
  NumericVar v = in;
  StripVar(&v);
  size_t n = v.digits.size();
  bool can_be_short =
      v.dscale <= kShortDscaleMax && v.weight >= kShortWeightMin && v.weight <= kShortWeightMax;
  if (v.weight > INT16_MAX || v.weight < INT16_MIN || v.dscale > kDscaleMask) {
    throw Error(errcode::kNumericValueOutOfRange, "value overflows numeric format");
  }
  size_t header_len = can_be_short ? 2 : 4;
  Varlena* r = AllocVarlena(static_cast<uint32_t>(header_len + n * sizeof(int16_t)));
  char* p = VarData(r);
  if (can_be_short) {
    uint16_t header = static_cast<uint16_t>(
        kShort | (v.negative ? kShortSignMask : 0) | (v.dscale << kShortDscaleShift) |
        (v.weight < 0 ? kShortWeightSignMask : 0) | (v.weight & kShortWeightMask));
    std::memcpy(p, &header, 2);
  } else {
    uint16_t sign_dscale =
        static_cast<uint16_t>((v.negative ? kNeg : kPos) | (v.dscale & kDscaleMask));
    int16_t weight = static_cast<int16_t>(v.weight);
    std::memcpy(p, &sign_dscale, 2);
    std::memcpy(p + 2, &weight, 2);
  }
  std::memcpy(p + header_len, v.digits.data(), n * sizeof(int16_t));
  return PointerGetDatum(r);
}

NumericVar NumericDatumToVar(Datum d) {
  const char* p = DatumGetPointer<const char>(d);
  uint16_t header = ReadHeader(p);
  NumericVar v;
  if ((header & kSignMask) == kSpecial) {
    v.kind = header == kPinfHeader   ? NumericVar::Kind::kPosInf
             : header == kNinfHeader ? NumericVar::Kind::kNegInf
                                     : NumericVar::Kind::kNaN;
    return v;
  }
  size_t header_len;
  if (header & kShort) {
    header_len = 2;
    v.negative = (header & kShortSignMask) != 0;
    v.dscale = (header & kShortDscaleMask) >> kShortDscaleShift;
    v.weight = (header & kShortWeightSignMask ? ~static_cast<int>(kShortWeightMask) : 0) |
               (header & kShortWeightMask);
  } else {
    header_len = 4;
    v.negative = (header & kSignMask) == kNeg;
    v.dscale = header & kDscaleMask;
    int16_t weight;
    std::memcpy(&weight, p + kVarHeaderSize + 2, 2);
    v.weight = weight;
  }
  size_t n = (VarDataLen(p) - header_len) / sizeof(int16_t);
  v.digits.resize(n);
  std::memcpy(v.digits.data(), p + kVarHeaderSize + header_len, n * sizeof(int16_t));
  return v;
}

bool NumericDatumIsNaN(Datum d) {
  return ReadHeader(DatumGetPointer<const char>(d)) == kNaNHeader;
}

bool NumericDatumIsSpecial(Datum d) {
  return (ReadHeader(DatumGetPointer<const char>(d)) & kSignMask) == kSpecial;
}

NumericVar NumericFromDouble(double value, int significant_digits) {
  if (std::isnan(value)) return NumericVar::NaN();
  if (std::isinf(value)) return NumericVar::Inf(value < 0);
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.*g", significant_digits, value);
  return ParseNumeric(buf);
}

}  // namespace hyrax::executor

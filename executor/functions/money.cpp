// money: a 64-bit count of cents, read and written as PostgreSQL 15 does under lc_monetary
// C ("$1,234.56", "-$0.05"; input also takes parentheses for negatives, a trailing sign,
// thousands separators, and rounds at the third decimal), with comparison, btree ordering,
// +/-, multiplication and division by integers and floats, min/max support and the casts
// from int4/int8. Other locales' formats and numeric <-> money are not built.
#include <cctype>
#include <cmath>
#include <cstring>
#include <string>

#include "common/error.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/datum_traits.h"

namespace hyrax::executor {

namespace {

constexpr int kFracDigits = 2;
constexpr int64_t kScale = 100;

[[noreturn]] void OutOfRange() {
  throw Error(errcode::kNumericValueOutOfRange, "money out of range");
}

[[noreturn]] void DivisionByZero() {
  throw Error(errcode::kDivisionByZero, "division by zero");
}

// cash_in: the value is built negative (to reach INT64_MIN), its sign flipped at the end.
Datum CashIn(FunctionCallInfo* f) {
  const char* str = f->ArgCString(0);
  auto out_of_range = [&]() {
    throw MakeError(errcode::kNumericValueOutOfRange, "value \"{}\" is out of range for type money",
                    str);
  };
  const char* s = str;
  auto skip_blanks = [&]() {
    while (std::isspace(static_cast<unsigned char>(*s))) ++s;
  };
  skip_blanks();
  if (*s == '$') ++s;
  skip_blanks();
  int sign = 1;
  if (*s == '-') {
    sign = -1;
    ++s;
  } else if (*s == '(') {
    sign = -1;
    ++s;
  } else if (*s == '+') {
    ++s;
  }
  skip_blanks();
  if (*s == '$') ++s;
  skip_blanks();
  int64_t value = 0;
  bool seen_dot = false;
  int decimals = 0;
  for (; *s; ++s) {
    if (std::isdigit(static_cast<unsigned char>(*s)) && (!seen_dot || decimals < kFracDigits)) {
      if (__builtin_mul_overflow(value, 10, &value) ||
          __builtin_sub_overflow(value, static_cast<int64_t>(*s - '0'), &value)) {
        out_of_range();
      }
      if (seen_dot) ++decimals;
    } else if (*s == '.' && !seen_dot) {
      seen_dot = true;
    } else if (*s != ',') {
      break;
    }
  }
  if (std::isdigit(static_cast<unsigned char>(*s)) && *s >= '5') {
    if (__builtin_sub_overflow(value, 1, &value)) out_of_range();
  }
  for (; decimals < kFracDigits; ++decimals) {
    if (__builtin_mul_overflow(value, 10, &value)) out_of_range();
  }
  while (std::isdigit(static_cast<unsigned char>(*s))) ++s;
  while (*s) {
    if (std::isspace(static_cast<unsigned char>(*s)) || *s == ')' || *s == '+' || *s == '$') {
      ++s;
    } else if (*s == '-') {
      sign = -1;
      ++s;
    } else {
      throw MakeError(errcode::kInvalidTextRepresentation,
                      "invalid input syntax for type money: \"{}\"", str);
    }
  }
  if (sign > 0) {
    if (value == INT64_MIN) out_of_range();
    value = -value;
  }
  return Int64GetDatum(value);
}

// cash_out: digits right to left with "," every three digits left of the point.
Datum CashOut(FunctionCallInfo* f) {
  int64_t value = f->ArgInt64(0);
  bool negative = value < 0;
  uint64_t rest = negative ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  std::string digits;
  int pos = kFracDigits;  // 0: the digit left of the point; negative further left
  do {
    if (pos == 0) {
      digits.push_back('.');
    } else if (pos < 0 && pos % 3 == 0) {
      digits.push_back(',');
    }
    digits.push_back(static_cast<char>('0' + rest % 10));
    rest /= 10;
    --pos;
  } while (rest != 0 || pos >= 0);
  std::string out = negative ? "-$" : "$";
  out.append(digits.rbegin(), digits.rend());
  return CStringDatum(out);
}

Datum CashRecv(FunctionCallInfo* f) {
  return Int64GetDatum(RecvArg(f, 0)->GetInt64());
}

Datum CashSend(FunctionCallInfo* f) {
  SendBuffer buf;
  buf.PutInt64(f->ArgInt64(0));
  return buf.Finish();
}

int Compare(FunctionCallInfo* f) {
  int64_t a = f->ArgInt64(0), b = f->ArgInt64(1);
  return a < b ? -1 : (a > b ? 1 : 0);
}
Datum CashEq(FunctionCallInfo* f) {
  return BoolGetDatum(Compare(f) == 0);
}
Datum CashNe(FunctionCallInfo* f) {
  return BoolGetDatum(Compare(f) != 0);
}
Datum CashLt(FunctionCallInfo* f) {
  return BoolGetDatum(Compare(f) < 0);
}
Datum CashLe(FunctionCallInfo* f) {
  return BoolGetDatum(Compare(f) <= 0);
}
Datum CashGt(FunctionCallInfo* f) {
  return BoolGetDatum(Compare(f) > 0);
}
Datum CashGe(FunctionCallInfo* f) {
  return BoolGetDatum(Compare(f) >= 0);
}
Datum CashCmp(FunctionCallInfo* f) {
  return Int32GetDatum(Compare(f));
}
Datum CashLarger(FunctionCallInfo* f) {
  return f->args[Compare(f) >= 0 ? 0 : 1].value;
}
Datum CashSmaller(FunctionCallInfo* f) {
  return f->args[Compare(f) <= 0 ? 0 : 1].value;
}

Datum CashPl(FunctionCallInfo* f) {
  int64_t out;
  if (__builtin_add_overflow(f->ArgInt64(0), f->ArgInt64(1), &out)) OutOfRange();
  return Int64GetDatum(out);
}

Datum CashMi(FunctionCallInfo* f) {
  int64_t out;
  if (__builtin_sub_overflow(f->ArgInt64(0), f->ArgInt64(1), &out)) OutOfRange();
  return Int64GetDatum(out);
}

Datum MulInt(int64_t cash, int64_t factor) {
  int64_t out;
  if (__builtin_mul_overflow(cash, factor, &out)) OutOfRange();
  return Int64GetDatum(out);
}

Datum DivInt(int64_t cash, int64_t divisor) {
  if (divisor == 0) DivisionByZero();
  if (divisor == -1 && cash == INT64_MIN) OutOfRange();
  return Int64GetDatum(cash / divisor);
}

// PostgreSQL rounds float products and quotients to the nearest cent (rint).
Datum FromDouble(double v) {
  v = std::rint(v);
  if (std::isnan(v) || v < -9223372036854775808.0 || v >= 9223372036854775808.0) OutOfRange();
  return Int64GetDatum(static_cast<int64_t>(v));
}

Datum CashMulInt8(FunctionCallInfo* f) {
  return MulInt(f->ArgInt64(0), f->ArgInt64(1));
}
Datum CashMulInt4(FunctionCallInfo* f) {
  return MulInt(f->ArgInt64(0), f->ArgInt32(1));
}
Datum CashMulInt2(FunctionCallInfo* f) {
  return MulInt(f->ArgInt64(0), f->ArgInt16(1));
}
Datum CashDivInt8(FunctionCallInfo* f) {
  return DivInt(f->ArgInt64(0), f->ArgInt64(1));
}
Datum CashDivInt4(FunctionCallInfo* f) {
  return DivInt(f->ArgInt64(0), f->ArgInt32(1));
}
Datum CashDivInt2(FunctionCallInfo* f) {
  return DivInt(f->ArgInt64(0), f->ArgInt16(1));
}
Datum CashMulFlt8(FunctionCallInfo* f) {
  return FromDouble(static_cast<double>(f->ArgInt64(0)) * f->ArgFloat8(1));
}
Datum CashMulFlt4(FunctionCallInfo* f) {
  return FromDouble(static_cast<double>(f->ArgInt64(0)) * f->ArgFloat4(1));
}
Datum CashDivFlt8(FunctionCallInfo* f) {
  if (f->ArgFloat8(1) == 0) DivisionByZero();
  return FromDouble(static_cast<double>(f->ArgInt64(0)) / f->ArgFloat8(1));
}
Datum CashDivFlt4(FunctionCallInfo* f) {
  if (f->ArgFloat4(1) == 0) DivisionByZero();
  return FromDouble(static_cast<double>(f->ArgInt64(0)) / f->ArgFloat4(1));
}
Datum CashDivCash(FunctionCallInfo* f) {
  if (f->ArgInt64(1) == 0) DivisionByZero();
  return Float8GetDatum(static_cast<double>(f->ArgInt64(0)) / static_cast<double>(f->ArgInt64(1)));
}

Datum Int4Cash(FunctionCallInfo* f) {
  return MulInt(f->ArgInt32(0), kScale);
}
Datum Int8Cash(FunctionCallInfo* f) {
  return MulInt(f->ArgInt64(0), kScale);
}

const BuiltinFunction kMoneyBuiltins[] = {
    {"cash_in", CashIn, 1},
    {"cash_out", CashOut, 1},
    {"cash_recv", CashRecv, 1},
    {"cash_send", CashSend, 1},
    {"cash_eq", CashEq, 2},
    {"cash_ne", CashNe, 2},
    {"cash_lt", CashLt, 2},
    {"cash_le", CashLe, 2},
    {"cash_gt", CashGt, 2},
    {"cash_ge", CashGe, 2},
    {"cash_cmp", CashCmp, 2},
    {"cashlarger", CashLarger, 2},
    {"cashsmaller", CashSmaller, 2},
    {"cash_pl", CashPl, 2},
    {"cash_mi", CashMi, 2},
    {"cash_mul_int8", CashMulInt8, 2},
    {"cash_mul_int4", CashMulInt4, 2},
    {"cash_mul_int2", CashMulInt2, 2},
    {"cash_div_int8", CashDivInt8, 2},
    {"cash_div_int4", CashDivInt4, 2},
    {"cash_div_int2", CashDivInt2, 2},
    {"cash_mul_flt8", CashMulFlt8, 2},
    {"cash_mul_flt4", CashMulFlt4, 2},
    {"cash_div_flt8", CashDivFlt8, 2},
    {"cash_div_flt4", CashDivFlt4, 2},
    {"cash_div_cash", CashDivCash, 2},
    {"int4_cash", Int4Cash, 1},
    {"int8_cash", Int8Cash, 1},
};

}  // namespace

std::span<const BuiltinFunction> MoneyBuiltins() {
  return kMoneyBuiltins;
}

}  // namespace hyrax::executor

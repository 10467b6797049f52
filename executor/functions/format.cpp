// format(), concat() and concat_ws(): functions over "any" arguments that print each
// argument with its type's output function, so they need the call site's argument types
// (FmgrInfo::fn_argtypes). format() supports %s %I %L %%, positions (%2$s), the '-' flag and
// widths (%5s, %*s, %*2$s) with PostgreSQL's messages. Only the spread form is supported;
// calls with VARIADIC arrays must be expanded by the caller. See README.md "Strings".
#include <climits>
#include <cstring>
#include <string>

#include "common/error.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/datum_traits.h"
#include "executor/functions/type_io.h"
#include "executor/types/int_io.h"
#include "executor/types/multibyte.h"
#include "executor/types/quote_ident.h"
#include "executor/types/type_oids.h"

namespace hyrax::executor {

namespace {

// Text of argument `i` through its type's output function.
std::string ArgText(FunctionCallInfo* f, int i) {
  Oid type = f->ArgType(i);
  if (type == kInvalidOid) {
    throw Error(errcode::kInternalError, "could not determine data type of concat() input");
  }
  if (type == kTextOid || type == kVarcharOid) return std::string(f->ArgText(i));
  return OutputByType(type, f->Arg(i));
}

std::string Concat(FunctionCallInfo* f, std::string_view sep, int first) {
  std::string out;
  bool first_value = true;
  for (int i = first; i < f->nargs; ++i) {
    if (f->ArgIsNull(i)) continue;
    if (!first_value) out.append(sep);
    first_value = false;
    out += ArgText(f, i);
  }
  return out;
}

Datum TextConcat(FunctionCallInfo* f) {
  return TextDatum(Concat(f, "", 0));
}

Datum TextConcatWs(FunctionCallInfo* f) {
  if (f->ArgIsNull(0)) return f->ReturnNull();
  return TextDatum(Concat(f, f->ArgText(0), 1));
}

[[noreturn]] void ThrowParam(const char* message) {
  throw Error(errcode::kInvalidParameterValue, message);
}

// The format string being scanned.
struct FormatCursor {
  const char* cp;
  const char* end;

  void Advance() {
    if (++cp >= end) {
      throw Error(errcode::kInvalidParameterValue, "unterminated format() type specifier")
          .Hint("For a single \"%\" use \"%%\".");
    }
  }
  bool Digits(int* value) {
    bool found = false;
    int v = 0;
    while (*cp >= '0' && *cp <= '9') {
      int next = v * 10 + (*cp - '0');
      if (next / 10 != v) throw Error(errcode::kNumericValueOutOfRange, "number is out of range");
      v = next;
      Advance();
      found = true;
    }
    *value = v;
    return found;
  }
};

struct Spec {
  int argpos = -1;    // explicit %n$ position, -1 none
  int widthpos = -1;  // -1 no indirect width, 0 next argument, n explicit
  bool minus = false;
  int width = 0;
};

// PostgreSQL's text_format_parse_format.
Spec ParseSpec(FormatCursor* c) {
  Spec s;
  int n;
  if (c->Digits(&n)) {
    if (*c->cp != '$') {
      s.width = n;
      return s;
    }
    s.argpos = n;
    if (n == 0) ThrowParam("format specifies argument 0, but arguments are numbered from 1");
    c->Advance();
  }
  while (*c->cp == '-') {
    s.minus = true;
    c->Advance();
  }
  if (*c->cp == '*') {
    c->Advance();
    if (c->Digits(&n)) {
      if (*c->cp != '$') ThrowParam("width argument position must be ended by \"$\"");
      s.widthpos = n;
      if (n == 0) ThrowParam("format specifies argument 0, but arguments are numbered from 1");
      c->Advance();
    } else {
      s.widthpos = 0;
    }
  } else if (c->Digits(&n)) {
    s.width = n;
  }
  return s;
}

void AppendPadded(std::string* out, const std::string& value, bool minus, int width) {
  if (width == 0) {
    *out += value;
    return;
  }
  bool left = minus;
  if (width < 0) {
    if (width <= INT_MIN) throw Error(errcode::kProgramLimitExceeded, "number is out of range");
    left = true;
    width = -width;
  }
  int64_t len = CharCount(value);
  std::string pad = len < width ? std::string(width - len, ' ') : std::string();
  *out += left ? value + pad : pad + value;
}

int WidthFromArg(FunctionCallInfo* f, int arg) {
  if (f->ArgIsNull(arg)) return 0;
  Oid type = f->ArgType(arg);
  if (type == kInt4Oid) return f->ArgInt32(arg);
  if (type == kInt2Oid) return f->ArgInt16(arg);
  return ParseInt32(ArgText(f, arg));
}

Datum TextFormat(FunctionCallInfo* f) {
  if (f->ArgIsNull(0)) return f->ReturnNull();
  std::string_view fmt = f->ArgText(0);
  std::string out;
  int arg = 1;
  FormatCursor c{fmt.data(), fmt.data() + fmt.size()};
  for (; c.cp < c.end; ++c.cp) {
    if (*c.cp != '%') {
      out += *c.cp;
      continue;
    }
    c.Advance();
    if (*c.cp == '%') {
      out += '%';
      continue;
    }
    Spec spec = ParseSpec(&c);
    char conv = *c.cp;
    if (std::strchr("sIL", conv) == nullptr || conv == '\0') {
      size_t len = std::min<size_t>(Utf8CharLen(static_cast<unsigned char>(conv)), c.end - c.cp);
      throw MakeError(errcode::kInvalidParameterValue,
                      "unrecognized format() type specifier \"{}\"", std::string_view(c.cp, len))
          .Hint("For a single \"%\" use \"%%\".");
    }
    int width = spec.width;
    if (spec.widthpos >= 0) {
      if (spec.widthpos > 0) arg = spec.widthpos;
      if (arg >= f->nargs) ThrowParam("too few arguments for format()");
      width = WidthFromArg(f, arg);
      ++arg;
    }
    if (spec.argpos > 0) arg = spec.argpos;
    if (arg >= f->nargs) ThrowParam("too few arguments for format()");
    bool isnull = f->ArgIsNull(arg);
    std::string value;
    if (isnull) {
      if (conv == 'I') {
        throw Error(errcode::kNullValueNotAllowed,
                    "null values cannot be formatted as an SQL identifier");
      }
      value = conv == 'L' ? "NULL" : "";
    } else {
      value = ArgText(f, arg);
      if (conv == 'I') value = QuoteIdentifier(value);
      if (conv == 'L') value = QuoteLiteral(value);
    }
    ++arg;
    AppendPadded(&out, value, spec.minus, width);
  }
  return TextDatum(out);
}

const BuiltinFunction kFormatBuiltins[] = {
    {"text_concat", TextConcat, 1},
    {"text_concat_ws", TextConcatWs, 2},
    {"text_format", TextFormat, 2},
    {"text_format_nv", TextFormat, 1},
};

}  // namespace

std::span<const BuiltinFunction> FormatBuiltins() {
  return kFormatBuiltins;
}

}  // namespace hyrax::executor

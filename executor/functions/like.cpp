// LIKE / NOT LIKE / ILIKE / NOT ILIKE for text, bpchar, name and bytea, and like_escape
// (the ESCAPE clause): PostgreSQL's MatchText algorithm ('%' any run, '_' one character,
// backslash escapes the next byte; a trailing escape is 22025), byte-wise comparison as
// under the C collation, ASCII case folding for ILIKE. See README.md "Strings".
#include <string>

#include "common/error.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/datum_traits.h"
#include "executor/types/multibyte.h"
#include "executor/types/name_type.h"

namespace hyrax::executor {

namespace {

enum class Like { kTrue, kFalse, kAbort };

[[noreturn]] void ThrowTrailingEscape() {
  throw Error(errcode::kInvalidEscapeSequence, "LIKE pattern must not end with escape character");
}

// `multibyte`: '_' and the % scan advance by UTF-8 characters (text); bytea uses bytes.
Like MatchText(std::string_view t, std::string_view p, bool multibyte) {
  auto next_char = [multibyte](std::string_view& s) {
    size_t n = multibyte ? Utf8CharLen(static_cast<unsigned char>(s[0])) : 1;
    s.remove_prefix(std::min(n, s.size()));
  };
  if (p.size() == 1 && p[0] == '%') return Like::kTrue;
  while (!t.empty() && !p.empty()) {
    if (p[0] == '\\') {
      p.remove_prefix(1);
      if (p.empty()) ThrowTrailingEscape();
      if (p[0] != t[0]) return Like::kFalse;
    } else if (p[0] == '%') {
      p.remove_prefix(1);
      while (!p.empty()) {
        if (p[0] == '%') {
          p.remove_prefix(1);
        } else if (p[0] == '_') {
          if (t.empty()) return Like::kAbort;
          next_char(t);
          p.remove_prefix(1);
        } else {
          break;
        }
      }
      if (p.empty()) return Like::kTrue;
      char first;
      if (p[0] == '\\') {
        if (p.size() < 2) ThrowTrailingEscape();
        first = p[1];
      } else {
        first = p[0];
      }
      while (!t.empty()) {
        if (t[0] == first) {
          Like matched = MatchText(t, p, multibyte);
          if (matched != Like::kFalse) return matched;
        }
        next_char(t);
      }
      return Like::kAbort;
    } else if (p[0] == '_') {
      next_char(t);
      p.remove_prefix(1);
      continue;
    } else if (p[0] != t[0]) {
      return Like::kFalse;
    }
    t.remove_prefix(1);
    p.remove_prefix(1);
  }
  if (!t.empty()) return Like::kFalse;
  while (!p.empty() && p[0] == '%') p.remove_prefix(1);
  return p.empty() ? Like::kTrue : Like::kAbort;
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + ('a' - 'A'));
  }
  return out;
}

Datum TextLike(FunctionCallInfo* f) {
  return BoolGetDatum(MatchText(f->ArgText(0), f->ArgText(1), true) == Like::kTrue);
}
Datum TextNotLike(FunctionCallInfo* f) {
  return BoolGetDatum(MatchText(f->ArgText(0), f->ArgText(1), true) != Like::kTrue);
}
Datum TextIcLike(FunctionCallInfo* f) {
  return BoolGetDatum(MatchText(AsciiLower(f->ArgText(0)), AsciiLower(f->ArgText(1)), true) ==
                      Like::kTrue);
}
Datum TextIcNotLike(FunctionCallInfo* f) {
  return BoolGetDatum(MatchText(AsciiLower(f->ArgText(0)), AsciiLower(f->ArgText(1)), true) !=
                      Like::kTrue);
}
Datum NameLike(FunctionCallInfo* f) {
  return BoolGetDatum(MatchText(NameView(f->Arg(0)), f->ArgText(1), true) == Like::kTrue);
}
Datum NameNotLike(FunctionCallInfo* f) {
  return BoolGetDatum(MatchText(NameView(f->Arg(0)), f->ArgText(1), true) != Like::kTrue);
}
Datum NameIcLike(FunctionCallInfo* f) {
  return BoolGetDatum(MatchText(AsciiLower(NameView(f->Arg(0))), AsciiLower(f->ArgText(1)), true) ==
                      Like::kTrue);
}
Datum NameIcNotLike(FunctionCallInfo* f) {
  return BoolGetDatum(MatchText(AsciiLower(NameView(f->Arg(0))), AsciiLower(f->ArgText(1)), true) !=
                      Like::kTrue);
}
Datum ByteaLike(FunctionCallInfo* f) {
  return BoolGetDatum(MatchText(f->ArgText(0), f->ArgText(1), false) == Like::kTrue);
}
Datum ByteaNotLike(FunctionCallInfo* f) {
  return BoolGetDatum(MatchText(f->ArgText(0), f->ArgText(1), false) != Like::kTrue);
}

// Rewrites a pattern written with escape character `esc` into backslash-escape form
// (PostgreSQL's do_like_escape).
std::string LikeEscape(std::string_view pattern, std::string_view esc, bool multibyte) {
  auto char_len = [multibyte](std::string_view s) {
    return multibyte ? std::min<size_t>(Utf8CharLen(static_cast<unsigned char>(s[0])), s.size())
                     : size_t{1};
  };
  std::string out;
  if (esc.empty()) {
    for (char c : pattern) {
      if (c == '\\') out += '\\';
      out += c;
    }
    return out;
  }
  size_t esc_len = char_len(esc);
  if (esc_len != esc.size()) {
    throw Error(errcode::kInvalidEscapeSequence, "invalid escape string")
        .Hint("Escape string must be empty or one character.");
  }
  if (esc == "\\") return std::string(pattern);
  bool after_escape = false;
  while (!pattern.empty()) {
    size_t n = char_len(pattern);
    std::string_view c = pattern.substr(0, n);
    if (c == esc && !after_escape) {
      out += '\\';
      after_escape = true;
    } else if (c == "\\") {
      out += '\\';
      if (!after_escape) out += '\\';
      after_escape = false;
    } else {
      out.append(c);
      after_escape = false;
    }
    pattern.remove_prefix(n);
  }
  return out;
}

Datum LikeEscapeText(FunctionCallInfo* f) {
  return TextDatum(LikeEscape(f->ArgText(0), f->ArgText(1), true));
}
Datum LikeEscapeBytea(FunctionCallInfo* f) {
  return TextDatum(LikeEscape(f->ArgText(0), f->ArgText(1), false));
}

const BuiltinFunction kLikeBuiltins[] = {
    {"textlike", TextLike, 2},          {"textnlike", TextNotLike, 2},
    {"texticlike", TextIcLike, 2},      {"texticnlike", TextIcNotLike, 2},
    {"namelike", NameLike, 2},          {"namenlike", NameNotLike, 2},
    {"nameiclike", NameIcLike, 2},      {"nameicnlike", NameIcNotLike, 2},
    {"bytealike", ByteaLike, 2},        {"byteanlike", ByteaNotLike, 2},
    {"like_escape", LikeEscapeText, 2}, {"like_escape_bytea", LikeEscapeBytea, 2},
};

}  // namespace

std::span<const BuiltinFunction> LikeBuiltins() {
  return kLikeBuiltins;
}

}  // namespace hyrax::executor

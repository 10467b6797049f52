// Parsing of regexp flags strings (see regex_flags.h); letters as in PostgreSQL's
// parse_re_flags, messages as PostgreSQL's.
#include "executor/functions/regex_flags.h"

#include <string>

#include "common/error.h"
#include "executor/types/multibyte.h"

namespace hyrax::executor {

namespace {

void SetNewlineMode(RegexOptions* options, bool dot_excludes, bool anchors) {
  options->dot_excludes_newline = dot_excludes;
  options->anchors_at_newlines = anchors;
}

}  // namespace

RegexFlags ParseRegexFlags(std::string_view flags) {
  RegexFlags result;
  RegexOptions& o = result.options;
  for (size_t i = 0; i < flags.size(); ++i) {
    switch (flags[i]) {
      case 'g':
        result.global = true;
        break;
      case 'b':
        o.syntax = RegexSyntax::kBasic;
        break;
      case 'c':
        o.icase = false;
        break;
      case 'e':
        o.syntax = RegexSyntax::kExtended;
        break;
      case 'i':
        o.icase = true;
        break;
      case 'm':
      case 'n':
        SetNewlineMode(&o, true, true);
        break;
      case 'p':
        SetNewlineMode(&o, true, false);
        break;
      case 'q':
        o.syntax = RegexSyntax::kLiteral;
        break;
      case 's':
        SetNewlineMode(&o, false, false);
        break;
      case 't':
        o.expanded = false;
        break;
      case 'w':
        SetNewlineMode(&o, false, true);
        break;
      case 'x':
        o.expanded = true;
        break;
      default: {
        size_t len =
            std::min(flags.size() - i,
                     static_cast<size_t>(Utf8CharLen(static_cast<unsigned char>(flags[i]))));
        throw MakeError(errcode::kInvalidParameterValue,
                        "invalid regular expression option: \"{}\"", flags.substr(i, len));
      }
    }
  }
  return result;
}

void RejectGlobal(const RegexFlags& flags, std::string_view function, std::string_view hint) {
  if (!flags.global) return;
  Error error = MakeError(errcode::kInvalidParameterValue,
                          "{}() does not support the \"global\" option", function);
  if (!hint.empty()) throw std::move(error).Hint(std::string(hint));
  throw error;
}

}  // namespace hyrax::executor

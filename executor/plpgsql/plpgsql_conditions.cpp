// Condition names and RAISE formatting (see plpgsql_conditions.h).
#include "executor/plpgsql/plpgsql_conditions.h"

#include <cctype>

namespace hyrax::executor::plpgsql {

namespace {

bool LooksLikeSqlState(const std::string& text) {
  if (text.size() != 5) return false;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c)) &&
        !std::isupper(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return true;
}

SqlState FromText(const std::string& text) {
  char code[6] = {};
  for (int i = 0; i < 5; ++i) code[i] = text[i];
  return SqlState(code);
}

}  // namespace

std::optional<SqlState> SqlStateForCondition(const std::string& name) {
  if (LooksLikeSqlState(name)) return FromText(name);
  for (const auto& entry : errcode::kAllSqlStates) {
    if (name == entry.condition) return FromText(entry.code);
  }
  return std::nullopt;
}

bool ConditionCatches(const std::string& condname, const Error& error) {
  if (condname == "others") {
    return !(error.code() == errcode::kQueryCanceled || error.code() == errcode::kAssertFailure);
  }
  std::optional<SqlState> wanted = SqlStateForCondition(condname);
  if (!wanted) return false;
  if (*wanted == error.code()) return true;
  // A class code (ending in 000) catches every code of its class.
  std::string_view w = wanted->view();
  return w.substr(2) == "000" && error.code().class_code() == w.substr(0, 2);
}

std::string FormatRaiseMessage(const std::string& format,
                               const std::vector<std::optional<std::string>>& args) {
  std::string out;
  size_t next = 0;
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%') {
      out += format[i];
      continue;
    }
    if (i + 1 < format.size() && format[i + 1] == '%') {
      out += '%';
      ++i;
      continue;
    }
    if (next >= args.size()) {
      throw Error(errcode::kSyntaxError, "too few parameters specified for RAISE");
    }
    out += args[next] ? *args[next] : "<NULL>";
    ++next;
  }
  if (next < args.size()) {
    throw Error(errcode::kSyntaxError, "too many parameters specified for RAISE");
  }
  return out;
}

}  // namespace hyrax::executor::plpgsql

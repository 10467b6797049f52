// The one exception type, hyrax::Error, carrying exactly the fields of a PostgreSQL
// ErrorResponse (SQLSTATE, severity, message, detail, hint, context, position, object names).
// Build it at the throw site with the fluent setters; see docs/architecture.md "Errors".
#pragma once

#include <exception>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "common/errcodes.h"
#include "common/sqlstate.h"

namespace hyrax {

// Ordered by increasing severity, like PostgreSQL's elevels.
enum class Severity { kDebug, kLog, kInfo, kNotice, kWarning, kError, kFatal, kPanic };

// The severity word PostgreSQL sends in the S and V fields ("ERROR", "FATAL", ...).
const char* SeverityName(Severity severity);

class Error : public std::exception {
 public:
  Error(SqlState code, std::string message, Severity severity = Severity::kError)
      : code_(code), severity_(severity), message_(std::move(message)) {}

  // Fluent setters, usable on a temporary at the throw site:
  //   throw Error(errcode::kUndefinedTable, "relation \"t\" does not exist").Position(15);
  Error&& Detail(std::string text) && {
    detail_ = std::move(text);
    return std::move(*this);
  }
  Error&& Hint(std::string text) && {
    hint_ = std::move(text);
    return std::move(*this);
  }
  Error&& Context(std::string text) && {
    context_ = std::move(text);
    return std::move(*this);
  }
  // 1-based character position in the query text, 0 = none.
  Error&& Position(int pos) && {
    position_ = pos;
    return std::move(*this);
  }
  Error&& InternalQuery(std::string query, int pos) && {
    internal_query_ = std::move(query);
    internal_position_ = pos;
    return std::move(*this);
  }
  Error&& Schema(std::string name) && {
    schema_ = std::move(name);
    return std::move(*this);
  }
  Error&& Table(std::string name) && {
    table_ = std::move(name);
    return std::move(*this);
  }
  Error&& Column(std::string name) && {
    column_ = std::move(name);
    return std::move(*this);
  }
  Error&& DataType(std::string name) && {
    datatype_ = std::move(name);
    return std::move(*this);
  }
  Error&& Constraint(std::string name) && {
    constraint_ = std::move(name);
    return std::move(*this);
  }
  Error&& WithSeverity(Severity severity) && {
    severity_ = severity;
    return std::move(*this);
  }

  // Lvalue variants for code that amends an error while it propagates (e.g. adding context).
  void SetPosition(int pos) { position_ = pos; }
  void AppendContext(const std::string& text);
  void SetSeverity(Severity severity) { severity_ = severity; }

  const char* what() const noexcept override { return message_.c_str(); }

  SqlState code() const { return code_; }
  Severity severity() const { return severity_; }
  const std::string& message() const { return message_; }
  const std::string& detail() const { return detail_; }
  const std::string& hint() const { return hint_; }
  const std::string& context() const { return context_; }
  int position() const { return position_; }
  const std::string& internal_query() const { return internal_query_; }
  int internal_position() const { return internal_position_; }
  const std::string& schema() const { return schema_; }
  const std::string& table() const { return table_; }
  const std::string& column() const { return column_; }
  const std::string& datatype() const { return datatype_; }
  const std::string& constraint() const { return constraint_; }

 private:
  SqlState code_;
  Severity severity_;
  std::string message_;
  std::string detail_;
  std::string hint_;
  std::string context_;
  int position_ = 0;
  std::string internal_query_;
  int internal_position_ = 0;
  std::string schema_;
  std::string table_;
  std::string column_;
  std::string datatype_;
  std::string constraint_;
};

// Shorthand for the common case of a formatted primary message:
//   throw MakeError(errcode::kUndefinedColumn, "column \"{}\" does not exist", name);
template <typename... Args>
Error MakeError(SqlState code, fmt::format_string<Args...> format, Args&&... args) {
  return Error(code, fmt::format(format, std::forward<Args>(args)...));
}

// Raised for "cannot happen" conditions that user input must never reach (XX000).
[[noreturn]] void ThrowInternalError(const char* file, int line, const std::string& message);

}  // namespace hyrax

// libpg_query wrapper (see raw_parser.h): parse to protobuf, unpack with protobuf-c, split
// into statements, and turn parser errors into hyrax::Error.
#include "parser/raw/raw_parser.h"

#include <string>

#include "common/error.h"
#include "common/guc/guc.h"
#include "parser/raw/raw_nodes.h"

// libpg_query's copy of PostgreSQL's scanner setting (a thread-local C global there): with it
// off, backslashes escape in '...' literals and U&'...' literals are refused.
extern "C" __thread bool standard_conforming_strings;

namespace hyrax::parser::raw {

namespace {

// Grammar errors carry no SQLSTATE in libpg_query's result; nearly all are syntax errors
// (42601), a few are PostgreSQL's "not supported" reports (0A000).
// Grammar errors whose SQLSTATE is not 42601 or whose PostgreSQL report carries a hint
// libpg_query does not return, by message prefix.
struct ParserMessageInfo {
  std::string_view prefix;
  SqlState code;
  std::string_view hint;
};
constexpr ParserMessageInfo kParserMessages[] = {
    {"LIMIT #,# syntax is not supported", errcode::kSyntaxError,
     "Use separate LIMIT and OFFSET clauses."},
    {"subquery in FROM must have an alias", errcode::kSyntaxError,
     "For example, FROM (SELECT ...) [AS] foo."},
    {"VALUES in FROM must have an alias", errcode::kSyntaxError,
     "For example, FROM (VALUES ...) [AS] foo."},
    {"missing argument", errcode::kSyntaxError,
     "Use NONE to denote the missing argument of a unary operator."},
    {"precision for type float must be", errcode::kInvalidParameterValue, ""},
    {"frame start cannot be", errcode::kWindowingError, ""},
    {"frame end cannot be", errcode::kWindowingError, ""},
    {"frame starting from", errcode::kWindowingError, ""},
    {"CREATE ASSERTION is not yet implemented", errcode::kFeatureNotSupported, ""},
    {"unsafe use of string constant with Unicode escapes", errcode::kFeatureNotSupported, ""},
    {"VARIADIC parameter must be the last", errcode::kInvalidFunctionDefinition, ""},
    {"UNENCRYPTED PASSWORD is no longer supported", errcode::kFeatureNotSupported,
     "Remove UNENCRYPTED to store the password in encrypted form instead."},
    {"role name \"", errcode::kReservedName, ""},  // "public" / "none" ... is reserved
};

const ParserMessageInfo* FindParserMessage(std::string_view message) {
  for (const ParserMessageInfo& info : kParserMessages) {
    if (message.starts_with(info.prefix)) return &info;
  }
  return nullptr;
}

SqlState CodeForParserMessage(std::string_view message) {
  if (const ParserMessageInfo* info = FindParserMessage(message)) return info->code;
  // processCASbits: "<kind> constraints cannot be marked DEFERRABLE/NOT VALID/NO INHERIT".
  if (message.find("not supported") != std::string_view::npos ||
      message.find("not implemented") != std::string_view::npos ||
      message.find("constraints cannot be marked") != std::string_view::npos) {
    return errcode::kFeatureNotSupported;
  }
  return errcode::kSyntaxError;
}

std::string HintForParserMessage(std::string_view message) {
  const ParserMessageInfo* info = FindParserMessage(message);
  return info ? std::string(info->hint) : std::string();
}

// Whether the escape at 1-based character position `cursor` is a \u or \U escape of an
// E'...' string (rather than one of a U&'...' string).
bool IsExtendedStringEscape(const std::string& sql, int cursor) {
  size_t byte = 0;
  for (int chars = 1; chars < cursor && byte < sql.size(); ++chars) {
    ++byte;
    while (byte < sql.size() && (static_cast<unsigned char>(sql[byte]) & 0xC0) == 0x80) ++byte;
  }
  return byte + 1 < sql.size() && sql[byte] == '\\' &&
         (sql[byte + 1] == 'u' || sql[byte + 1] == 'U');
}

struct ParseResultDeleter {
  void operator()(const PgQuery__ParseResult* result) const {
    pg_query__parse_result__free_unpacked(const_cast<PgQuery__ParseResult*>(result), nullptr);
  }
};

}  // namespace

std::string_view RawStatement::Text() const {
  std::string_view all(*source);
  size_t start = static_cast<size_t>(stmt_location);
  if (start > all.size()) return {};
  size_t len = stmt_len == 0 ? all.size() - start : static_cast<size_t>(stmt_len);
  return all.substr(start, len);
}

std::vector<RawStatement> RawParse(std::string_view sql) {
  auto source = std::make_shared<const std::string>(sql);
  standard_conforming_strings = guc::GetConfigOption("standard_conforming_strings") != "off";
  PgQueryProtobufParseResult result = pg_query_parse_protobuf(source->c_str());
  if (result.error != nullptr) {
    std::string message = result.error->message ? result.error->message : "syntax error";
    int cursor = result.error->cursorpos;
    pg_query_free_protobuf_parse_result(result);
    std::string hint = HintForParserMessage(message);
    SqlState code = CodeForParserMessage(message);
    if (message == "invalid Unicode escape") {
      // E'\u...' strings report 22025 with their own hint; U&'...' strings 42601.
      bool e_string = IsExtendedStringEscape(*source, cursor);
      code = e_string ? errcode::kInvalidEscapeSequence : errcode::kSyntaxError;
      hint = e_string ? "Unicode escapes must be \\uXXXX or \\UXXXXXXXX."
                      : "Unicode escapes must be \\XXXX or \\+XXXXXX.";
    }
    throw Error(code, message).Position(cursor).Hint(hint);
  }
  PgQuery__ParseResult* unpacked = pg_query__parse_result__unpack(
      nullptr, result.parse_tree.len, reinterpret_cast<const uint8_t*>(result.parse_tree.data));
  pg_query_free_protobuf_parse_result(result);
  if (unpacked == nullptr) {
    throw Error(errcode::kInternalError, "could not unpack the parse tree");
  }
  std::shared_ptr<const PgQuery__ParseResult> tree(unpacked, ParseResultDeleter());
  std::vector<RawStatement> statements;
  for (size_t i = 0; i < unpacked->n_stmts; ++i) {
    const PgQuery__RawStmt* raw = unpacked->stmts[i];
    if (raw == nullptr || raw->stmt == nullptr) continue;
    RawStatement stmt;
    stmt.tree = tree;
    stmt.stmt = raw->stmt;
    stmt.stmt_location = raw->stmt_location;
    stmt.stmt_len = raw->stmt_len;
    stmt.source = source;
    statements.push_back(std::move(stmt));
  }
  return statements;
}

}  // namespace hyrax::parser::raw

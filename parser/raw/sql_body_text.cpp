// Cutting SQL-standard function bodies out of CREATE FUNCTION (see sql_body_text.h). The
// scanner gives keyword tokens with byte offsets, so quoted text, comments and identifiers
// that merely look like keywords never confuse the search.
#include "parser/raw/sql_body_text.h"

#include <memory>
#include <pg_query.h>
#include <vector>

#include <pg_query/pg_query.pb-c.h>

namespace hyrax::parser::raw {

namespace {

struct Token {
  int start;
  int end;
  PgQuery__Token kind;
};

std::vector<Token> ScanTokens(const std::string& text) {
  std::vector<Token> out;
  PgQueryScanResult result = pg_query_scan(text.c_str());
  std::unique_ptr<PgQueryScanResult, void (*)(PgQueryScanResult*)> guard(
      &result, [](PgQueryScanResult* r) { pg_query_free_scan_result(*r); });
  if (result.error != nullptr) return out;
  PgQuery__ScanResult* scan = pg_query__scan_result__unpack(
      nullptr, result.pbuf.len, reinterpret_cast<const uint8_t*>(result.pbuf.data));
  if (scan == nullptr) return out;
  for (size_t i = 0; i < scan->n_tokens; ++i) {
    const PgQuery__ScanToken* t = scan->tokens[i];
    out.push_back({t->start, t->end, t->token});
  }
  pg_query__scan_result__free_unpacked(scan, nullptr);
  return out;
}

// `text` without leading and trailing white space (and trailing semicolons unless
// `keep_semicolons`).
std::string Trimmed(std::string_view text, bool keep_semicolons) {
  size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return "";
  size_t end = text.find_last_not_of(keep_semicolons ? " \t\r\n" : " \t\r\n;");
  return std::string(text.substr(begin, end + 1 - begin));
}

}  // namespace

std::optional<std::string> SqlStandardBodyText(std::string_view statement) {
  std::string text(statement);
  std::vector<Token> tokens = ScanTokens(text);
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].kind == PG_QUERY__TOKEN__RETURN && i + 1 < tokens.size()) {
      size_t end = text.size();
      for (size_t j = i + 1; j < tokens.size(); ++j) {
        if (tokens[j].kind == PG_QUERY__TOKEN__ASCII_59) {
          end = static_cast<size_t>(tokens[j].start);
          break;
        }
      }
      size_t begin = static_cast<size_t>(tokens[i + 1].start);
      return "SELECT " + Trimmed(std::string_view(text).substr(begin, end - begin), false);
    }
    if (tokens[i].kind != PG_QUERY__TOKEN__BEGIN_P || i + 1 >= tokens.size() ||
        tokens[i + 1].kind != PG_QUERY__TOKEN__ATOMIC) {
      continue;
    }
    // The END that closes the block: CASE ... END pairs inside the statements nest.
    int depth = 0;
    size_t begin = static_cast<size_t>(tokens[i + 1].end);
    for (size_t j = i + 2; j < tokens.size(); ++j) {
      if (tokens[j].kind == PG_QUERY__TOKEN__CASE) ++depth;
      if (tokens[j].kind != PG_QUERY__TOKEN__END_P) continue;
      if (depth-- > 0) continue;
      size_t end = static_cast<size_t>(tokens[j].start);
      return Trimmed(std::string_view(text).substr(begin, end - begin), true);
    }
    return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace hyrax::parser::raw

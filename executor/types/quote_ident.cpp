// Identifier quoting (see quote_ident.h). The keyword list is PostgreSQL 15's keywords whose
// category is not "unreserved" (pg_get_keywords() with catcode <> 'U').
#include "executor/types/quote_ident.h"

#include <algorithm>
#include <array>

namespace hyrax::executor {

namespace {

// clang-format off
constexpr std::string_view kQuotedKeywords[] = {
    "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric",
    "authorization", "between", "bigint", "binary", "bit", "boolean", "both", "case", "cast",
    "char", "character", "check", "coalesce", "collate", "collation", "column", "concurrently",
    "constraint", "create", "cross", "current_catalog", "current_date", "current_role",
    "current_schema", "current_time", "current_timestamp", "current_user", "dec", "decimal",
    "default", "deferrable", "desc", "distinct", "do", "else", "end", "except", "exists",
    "extract", "false", "fetch", "float", "for", "foreign", "freeze", "from", "full", "grant",
    "greatest", "group", "grouping", "having", "ilike", "in", "initially", "inner", "inout",
    "int", "integer", "intersect", "interval", "into", "is", "isnull", "join", "lateral",
    "leading", "least", "left", "like", "limit", "localtime", "localtimestamp", "national",
    "natural", "nchar", "none", "normalize", "not", "notnull", "null", "nullif", "numeric",
    "offset", "on", "only", "or", "order", "out", "outer", "overlaps", "overlay", "placing",
    "position", "precision", "primary", "real", "references", "returning", "right", "row",
    "select", "session_user", "setof", "similar", "smallint", "some", "substring", "symmetric",
    "table", "tablesample", "then", "time", "timestamp", "to", "trailing", "treat", "trim",
    "true", "union", "unique", "user", "using", "values", "varchar", "variadic", "verbose",
    "when", "where", "window", "with", "xmlattributes", "xmlconcat", "xmlelement", "xmlexists",
    "xmlforest", "xmlnamespaces", "xmlparse", "xmlpi", "xmlroot", "xmlserialize", "xmltable",
};
// clang-format on

}  // namespace

bool IsQuotedKeyword(std::string_view word) {
  return std::binary_search(std::begin(kQuotedKeywords), std::end(kQuotedKeywords), word);
}

std::string QuoteIdentifier(std::string_view ident) {
  bool safe = !ident.empty() && ((ident[0] >= 'a' && ident[0] <= 'z') || ident[0] == '_');
  for (char c : ident) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) safe = false;
  }
  if (safe && !IsQuotedKeyword(ident)) return std::string(ident);
  std::string out = "\"";
  for (char c : ident) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string QuoteLiteral(std::string_view s) {
  std::string out = s.find('\\') != std::string_view::npos ? "E'" : "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out += c;
    out += c;
  }
  return out + "'";
}

std::string QuoteQualifiedIdentifier(std::string_view schema, std::string_view ident) {
  if (schema.empty()) return QuoteIdentifier(ident);
  return QuoteIdentifier(schema) + "." + QuoteIdentifier(ident);
}

}  // namespace hyrax::executor

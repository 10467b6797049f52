// Type and qualified-name resolution for reg* input (see catalog_names.h).
#include "executor/functions/catalog_names.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "common/error.h"
#include "executor/types/int_io.h"
#include "executor/types/qualified_name.h"
#include "storage/catalog/catalog_rows.h"
#include "storage/catalog/namespace.h"
#include "storage/catalog/syscache.h"

namespace hyrax::executor {

namespace {

struct Token {
  std::string text;
  bool quoted = false;
  bool ident = false;  // identifier or keyword (else punctuation / number)
};

std::vector<Token> Tokenize(std::string_view s) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (IsPgSpace(c)) {
      ++i;
    } else if (c == '"') {
      size_t end = s.find('"', i + 1);
      if (end == std::string_view::npos)
        throw Error(errcode::kSyntaxError, "unterminated quoted identifier");
      tokens.push_back({std::string(s.substr(i + 1, end - i - 1)), true, true});
      i = end + 1;
    } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_' ||
               static_cast<unsigned char>(c) >= 0x80) {
      size_t start = i;
      while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_' ||
                              s[i] == '$' || static_cast<unsigned char>(s[i]) >= 0x80)) {
        ++i;
      }
      tokens.push_back({DowncaseIdentifier(s.substr(start, i - start)), false, true});
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      size_t start = i;
      while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
      tokens.push_back({std::string(s.substr(start, i - start)), false, false});
    } else {
      tokens.push_back({std::string(1, c), false, false});
      ++i;
    }
  }
  return tokens;
}

class TypeNameParser {
 public:
  explicit TypeNameParser(std::string_view text) : text_(text), tokens_(Tokenize(text)) {}

  // Returns the catalog type name (possibly schema-qualified) and array depth.
  void Parse(std::string* schema, std::string* name, bool* quoted, int* array_depth) {
    if (tokens_.empty()) SyntaxError();
    ParseBaseName(schema, name, quoted);
    SkipTypmod();
    *array_depth = 0;
    while (Peek("[")) {
      ++pos_;
      if (pos_ < tokens_.size() && !tokens_[pos_].ident && std::isdigit(tokens_[pos_].text[0]))
        ++pos_;
      Expect("]");
      ++*array_depth;
    }
    if (pos_ != tokens_.size()) SyntaxError();
  }

 private:
  [[noreturn]] void SyntaxError() {
    throw Error(errcode::kSyntaxError, "syntax error")
        .Context("invalid type name \"" + std::string(text_) + "\"");
  }
  bool Peek(const char* text) const {
    return pos_ < tokens_.size() && !tokens_[pos_].quoted && tokens_[pos_].text == text;
  }
  bool Accept(const char* text) {
    if (!Peek(text)) return false;
    ++pos_;
    return true;
  }
  void Expect(const char* text) {
    if (!Accept(text)) SyntaxError();
  }
  void SkipTypmod() {
    if (!Accept("(")) return;
    while (pos_ < tokens_.size() && !Peek(")")) ++pos_;
    Expect(")");
  }
  void SkipTimeZone() {
    if (Accept("with") || Accept("without")) {
      Expect("time");
      Expect("zone");
    }
  }

  // SQL-standard spellings map to catalog names; anything else is a (qualified) name.
  void ParseBaseName(std::string* schema, std::string* name, bool* quoted) {
    const Token& first = tokens_[pos_];
    *quoted = first.quoted;
    if (!first.ident) SyntaxError();
    ++pos_;
    if (!first.quoted) {
      static const std::map<std::string, std::string> kAliases = {
          {"int", "int4"},    {"integer", "int4"}, {"smallint", "int2"},
          {"bigint", "int8"}, {"real", "float4"},  {"decimal", "numeric"},
          {"dec", "numeric"}, {"boolean", "bool"}, {"numeric", "numeric"}};
      const std::string& w = first.text;
      if (auto it = kAliases.find(w); it != kAliases.end() && !Peek(".")) {
        *name = it->second;
        return;
      }
      if (w == "double" && Accept("precision")) {
        *name = "float8";
        return;
      }
      if (w == "float" && !Peek(".")) {
        *name = "float8";
        if (Accept("(")) {
          if (pos_ < tokens_.size() && !tokens_[pos_].ident &&
              std::stoi(tokens_[pos_].text) <= 24) {
            *name = "float4";
          }
          while (pos_ < tokens_.size() && !Peek(")")) ++pos_;
          Expect(")");
        }
        return;
      }
      if ((w == "character" || w == "char" || w == "national" || w == "nchar") && !Peek(".")) {
        if (w == "national" && !Accept("character")) Accept("char");
        *name = Accept("varying") ? "varchar" : "bpchar";
        return;
      }
      if (w == "bit" && !Peek(".")) {
        *name = Accept("varying") ? "varbit" : "bit";
        return;
      }
      if ((w == "time" || w == "timestamp") && !Peek(".")) {
        SkipTypmod();
        bool with_tz = Peek("with");
        SkipTimeZone();
        *name = with_tz ? (w == "time" ? "timetz" : "timestamptz") : w;
        return;
      }
      if (w == "interval" && !Peek(".")) {
        while (pos_ < tokens_.size() && tokens_[pos_].ident && !tokens_[pos_].quoted) ++pos_;
        *name = "interval";
        return;
      }
    }
    *name = first.text;
    if (Accept(".")) {
      if (pos_ >= tokens_.size() || !tokens_[pos_].ident) SyntaxError();
      *schema = *name;
      *name = tokens_[pos_].text;
      *quoted = tokens_[pos_].quoted;
      ++pos_;
    }
  }

  std::string_view text_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
};

}  // namespace

std::vector<Oid> SearchPathNamespaces() {
  return catalog::RelationSearchPath();
}

bool IsVisibleNamespace(Oid namespace_oid) {
  std::vector<Oid> path = catalog::RelationSearchPath();
  return std::find(path.begin(), path.end(), namespace_oid) != path.end();
}

std::optional<Oid> LookupTypeName(std::string_view text, bool missing_ok) {
  std::string schema, name;
  bool quoted = false;
  int array_depth = 0;
  TypeNameParser(text).Parse(&schema, &name, &quoted, &array_depth);
  std::optional<catalog::PgType> type;
  if (!schema.empty()) {
    if (auto ns = catalog::Syscache().NamespaceByName(schema)) {
      type = catalog::Syscache().TypeByName(name, ns->oid);
    }
  } else {
    for (Oid ns : SearchPathNamespaces()) {
      if ((type = catalog::Syscache().TypeByName(name, ns))) break;
    }
  }
  if (type && array_depth > 0) {
    Oid array = type->typelem != kInvalidOid && type->typlen == -1 ? type->oid : type->typarray;
    type = array == kInvalidOid ? std::nullopt : catalog::Syscache().TypeByOid(array);
  }
  if (!type) {
    if (missing_ok) return std::nullopt;
    std::string shown = schema.empty() ? name : schema + "." + name;
    throw MakeError(errcode::kUndefinedObject, "type \"{}\" does not exist",
                    shown + std::string(array_depth > 0 ? "[]" : ""));
  }
  return type->oid;
}

void SplitNameAndArgs(std::string_view text, std::string* name, std::vector<std::string>* args) {
  size_t open = std::string_view::npos;
  bool in_quote = false;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '"') in_quote = !in_quote;
    if (!in_quote && text[i] == '(') {
      open = i;
      break;
    }
  }
  if (open == std::string_view::npos) {
    throw Error(errcode::kInvalidTextRepresentation, "expected a left parenthesis");
  }
  size_t close = text.rfind(')');
  if (close == std::string_view::npos || close < open) {
    throw Error(errcode::kInvalidTextRepresentation, "expected a right parenthesis");
  }
  for (size_t i = close + 1; i < text.size(); ++i) {
    if (!IsPgSpace(text[i]))
      throw Error(errcode::kInvalidTextRepresentation, "expected a right parenthesis");
  }
  *name = std::string(text.substr(0, open));
  args->clear();
  std::string_view inner = text.substr(open + 1, close - open - 1);
  int depth = 0;
  size_t start = 0;
  bool any = false;
  for (size_t i = 0; i <= inner.size(); ++i) {
    if (i < inner.size() && inner[i] == '(') ++depth;
    if (i < inner.size() && inner[i] == ')') --depth;
    if (i == inner.size() || (inner[i] == ',' && depth == 0)) {
      std::string part(inner.substr(start, i - start));
      size_t b = part.find_first_not_of(" \t\n\r\v\f");
      size_t e = part.find_last_not_of(" \t\n\r\v\f");
      part = b == std::string::npos ? "" : part.substr(b, e - b + 1);
      if (!part.empty() || any || i < inner.size()) {
        if (part.empty()) throw Error(errcode::kInvalidTextRepresentation, "expected a type name");
        args->push_back(part);
      }
      any = true;
      start = i + 1;
    }
  }
}

}  // namespace hyrax::executor

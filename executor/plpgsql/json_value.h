// A small read-only JSON document model: enough to read the PL/pgSQL statement tree that
// libpg_query's pg_query_parse_plpgsql returns (objects, arrays, strings, numbers, booleans,
// null). The interpreter (plpgsql_exec.cpp) walks these values directly; nothing here knows
// about PL/pgSQL.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace hyrax::executor::plpgsql {

class JsonValue {
 public:
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };

  // Parses `text`; throws XX000 on malformed input (libpg_query never produces it).
  static std::shared_ptr<const JsonValue> Parse(std::string_view text);

  Kind kind() const { return kind_; }
  bool IsObject() const { return kind_ == Kind::kObject; }
  bool IsArray() const { return kind_ == Kind::kArray; }

  // Member of an object, or nullptr when absent (or this is not an object).
  const JsonValue* Get(std::string_view key) const;
  // Member helpers with defaults for absent keys.
  std::string GetString(std::string_view key, std::string fallback = "") const;
  int64_t GetInt(std::string_view key, int64_t fallback = 0) const;
  bool GetBool(std::string_view key) const;

  // An object with exactly one member ({"PLpgSQL_stmt_if": {...}}): its key and value.
  const std::string& TagName() const;
  const JsonValue& TagBody() const;

  const std::vector<JsonValue>& items() const { return items_; }  // arrays
  const std::string& str() const { return string_; }              // strings
  double number() const { return number_; }
  bool boolean() const { return bool_; }

 private:
  friend class JsonParser;
  Kind kind_ = Kind::kNull;
  bool bool_ = false;
  double number_ = 0;
  std::string string_;
  std::vector<JsonValue> items_;
  std::vector<std::pair<std::string, JsonValue>> members_;
};

}  // namespace hyrax::executor::plpgsql

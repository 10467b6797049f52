// A recursive-descent reader for the JSON that libpg_query emits (see json_value.h).
#include "executor/plpgsql/json_value.h"

#include <cctype>
#include <cstdlib>

#include "common/error.h"

namespace hyrax::executor::plpgsql {

class JsonParser {
 public:
  explicit JsonParser(std::string_view text) : text_(text) {}

  JsonValue ParseDocument() {
    JsonValue value = ParseValue();
    SkipSpace();
    if (pos_ != text_.size()) Fail();
    return value;
  }

 private:
  [[noreturn]] void Fail() const {
    throw MakeError(errcode::kInternalError, "malformed PL/pgSQL parse tree at offset {}", pos_);
  }

  void SkipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\n' ||
                                   text_[pos_] == '\t' || text_[pos_] == '\r')) {
      ++pos_;
    }
  }

  char Peek() {
    SkipSpace();
    if (pos_ >= text_.size()) Fail();
    return text_[pos_];
  }

  void Expect(char c) {
    if (Peek() != c) Fail();
    ++pos_;
  }

  bool ConsumeWord(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  static void AppendUtf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  uint32_t ReadHex4() {
    if (pos_ + 4 > text_.size()) Fail();
    uint32_t v = static_cast<uint32_t>(
        std::strtoul(std::string(text_.substr(pos_, 4)).c_str(), nullptr, 16));
    pos_ += 4;
    return v;
  }

  std::string ParseString() {
    Expect('"');
    std::string out;
    while (pos_ < text_.size() && text_[pos_] != '"') {
      char c = text_[pos_++];
      if (c != '\\') {
        out += c;
        continue;
      }
      if (pos_ >= text_.size()) Fail();
      char e = text_[pos_++];
      switch (e) {
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'r':
          out += '\r';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'u': {
          uint32_t cp = ReadHex4();
          if (cp >= 0xD800 && cp < 0xDC00 && ConsumeWord("\\u")) {
            uint32_t low = ReadHex4();
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          }
          AppendUtf8(out, cp);
          break;
        }
        default:
          out += e;
          break;
      }
    }
    Expect('"');
    return out;
  }

  JsonValue ParseValue() {
    JsonValue v;
    char c = Peek();
    if (c == '{') {
      ++pos_;
      v.kind_ = JsonValue::Kind::kObject;
      if (Peek() == '}') {
        ++pos_;
        return v;
      }
      for (;;) {
        std::string key = ParseString();
        Expect(':');
        v.members_.emplace_back(std::move(key), ParseValue());
        if (Peek() == ',') {
          ++pos_;
          continue;
        }
        Expect('}');
        return v;
      }
    }
    if (c == '[') {
      ++pos_;
      v.kind_ = JsonValue::Kind::kArray;
      if (Peek() == ']') {
        ++pos_;
        return v;
      }
      for (;;) {
        v.items_.push_back(ParseValue());
        if (Peek() == ',') {
          ++pos_;
          continue;
        }
        Expect(']');
        return v;
      }
    }
    if (c == '"') {
      v.kind_ = JsonValue::Kind::kString;
      v.string_ = ParseString();
      return v;
    }
    if (ConsumeWord("true")) {
      v.kind_ = JsonValue::Kind::kBool;
      v.bool_ = true;
      return v;
    }
    if (ConsumeWord("false")) {
      v.kind_ = JsonValue::Kind::kBool;
      return v;
    }
    if (ConsumeWord("null")) return v;
    size_t start = pos_;
    while (pos_ < text_.size() &&
           (std::isdigit(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '-' ||
            text_[pos_] == '+' || text_[pos_] == '.' || text_[pos_] == 'e' || text_[pos_] == 'E')) {
      ++pos_;
    }
    if (start == pos_) Fail();
    v.kind_ = JsonValue::Kind::kNumber;
    v.number_ = std::strtod(std::string(text_.substr(start, pos_ - start)).c_str(), nullptr);
    return v;
  }

  std::string_view text_;
  size_t pos_ = 0;
};

std::shared_ptr<const JsonValue> JsonValue::Parse(std::string_view text) {
  JsonParser parser(text);
  return std::make_shared<const JsonValue>(parser.ParseDocument());
}

const JsonValue* JsonValue::Get(std::string_view key) const {
  for (const auto& [name, value] : members_) {
    if (name == key) return &value;
  }
  return nullptr;
}

std::string JsonValue::GetString(std::string_view key, std::string fallback) const {
  const JsonValue* v = Get(key);
  return v != nullptr && v->kind_ == Kind::kString ? v->string_ : fallback;
}

int64_t JsonValue::GetInt(std::string_view key, int64_t fallback) const {
  const JsonValue* v = Get(key);
  return v != nullptr && v->kind_ == Kind::kNumber ? static_cast<int64_t>(v->number_) : fallback;
}

bool JsonValue::GetBool(std::string_view key) const {
  const JsonValue* v = Get(key);
  return v != nullptr && v->kind_ == Kind::kBool && v->bool_;
}

const std::string& JsonValue::TagName() const {
  if (members_.size() != 1) {
    throw Error(errcode::kInternalError, "malformed PL/pgSQL parse tree node");
  }
  return members_[0].first;
}

const JsonValue& JsonValue::TagBody() const {
  if (members_.size() != 1) {
    throw Error(errcode::kInternalError, "malformed PL/pgSQL parse tree node");
  }
  return members_[0].second;
}

}  // namespace hyrax::executor::plpgsql

// Reading expression trees and Queries back from text (serialize.h). Fields are read in
// field-list order; a field absent from the text keeps its default, and fields the reader
// does not know are skipped, so stored text survives fields being added.
#include <cstdlib>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "common/error.h"
#include "nodes/node_dispatch.h"
#include "nodes/node_fields_query.h"
#include "nodes/node_funcs.h"
#include "nodes/serialize.h"

namespace hyrax::nodes {

namespace {

using fields::ConstValueRef;
using fields::Fields;
using fields::HasFields;
using fields::IsOptional;
using fields::IsSharedPtr;
using fields::IsVector;

[[noreturn]] void Malformed(std::string_view what) {
  throw Error(errcode::kInternalError, "invalid serialized node tree: " + std::string(what));
}

const std::unordered_map<std::string, NodeTag>& TagsByName() {
  static const auto* map = [] {
    auto* m = new std::unordered_map<std::string, NodeTag>();
    for (int t = 0; t <= static_cast<int>(NodeTag::kPlaceHolderVar); ++t) {
      auto tag = static_cast<NodeTag>(t);
      m->emplace(NodeTagName(tag), tag);
    }
    return m;
  }();
  return *map;
}

// The field names of T (expression base fields first for Expr types), so the reader can
// tell a field it does not know (skipped) from one that is merely absent (default).
struct NameCollector {
  std::vector<std::string_view> names;
  template <typename F>
  void operator()(const char* name, F&&) {
    names.emplace_back(name);
  }
};
template <typename T>
const std::vector<std::string_view>& KnownNames() {
  static const std::vector<std::string_view> names = [] {
    NameCollector c;
    T probe{};
    if constexpr (std::is_base_of_v<Expr, T>) fields::ApplyExprBase(c, probe);
    Fields<T>::Apply(c, probe);
    return c.names;
  }();
  return names;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  Malformed("bad hex digit");
}

class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  // Called by Fields<T>::Apply for each expected field.
  template <typename F>
  void operator()(const char* name, F&& field) {
    for (;;) {
      SkipSpace();
      if (pos_ >= text_.size() || text_[pos_] != ':') return;
      std::string_view found = WordAt(pos_ + 1);
      if (found == name) {
        pos_ += 1 + found.size();
        Value(field);
        return;
      }
      if (IsKnown(found)) return;  // `name` is absent; `found` comes later
      pos_ += 1 + found.size();    // a field this reader does not know
      SkipValue();
    }
  }

  template <typename T>
  void Value(T& field) {
    if constexpr (std::is_same_v<T, bool>) {
      field = Word() == "true";
    } else if constexpr (std::is_enum_v<T>) {
      field = static_cast<T>(std::strtoll(std::string(Word()).c_str(), nullptr, 10));
    } else if constexpr (std::is_floating_point_v<T>) {
      field = static_cast<T>(std::strtod(std::string(Word()).c_str(), nullptr));
    } else if constexpr (std::is_integral_v<T>) {
      field = static_cast<T>(std::strtoll(std::string(Word()).c_str(), nullptr, 10));
    } else if constexpr (std::is_same_v<T, std::string>) {
      field = String();
    } else if constexpr (std::is_same_v<T, ConstValueRef<Const>>) {
      ConstValue(*field.node);
    } else if constexpr (std::is_same_v<T, ExprPtr>) {
      field = TakeNull() ? nullptr : ReadExpr();
    } else if constexpr (std::is_same_v<T, JoinTreeNodePtr>) {
      field = TakeNull() ? nullptr : ReadJoinTree();
    } else if constexpr (IsSharedPtr<T>::value) {
      if (TakeNull()) {
        field = nullptr;
      } else {
        auto value = std::make_shared<typename T::element_type>();
        Value(*value);
        field = value;
      }
    } else if constexpr (IsOptional<T>::value) {
      if (TakeNull()) {
        field.reset();
      } else {
        field.emplace();
        Value(*field);
      }
    } else if constexpr (IsVector<T>::value) {
      Expect('(');
      field.clear();
      while (!TakeChar(')')) {
        field.emplace_back();
        Value(field.back());
      }
    } else if constexpr (HasFields<T>) {
      Expect('{');
      if (Word() != Fields<T>::kName) Malformed("unexpected node name");
      known_.push_back(&KnownNames<T>());
      Fields<T>::Apply(*this, field);
      known_.pop_back();
      EndNode();
    } else {
      static_assert(sizeof(T) == 0, "field type without a text form");
    }
  }

  void Finish() {
    SkipSpace();
    if (pos_ != text_.size()) Malformed("trailing characters");
  }

 private:
  void SkipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\n')) ++pos_;
  }
  std::string_view WordAt(size_t p) const {
    size_t end = p;
    while (end < text_.size() && text_[end] != ' ' && text_[end] != '{' && text_[end] != '}' &&
           text_[end] != '(' && text_[end] != ')' && text_[end] != '\n') {
      ++end;
    }
    return text_.substr(p, end - p);
  }
  std::string_view Word() {
    SkipSpace();
    std::string_view w = WordAt(pos_);
    if (w.empty()) Malformed("missing value");
    pos_ += w.size();
    return w;
  }
  bool TakeChar(char c) {
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  void Expect(char c) {
    if (!TakeChar(c)) Malformed(std::string("expected '") + c + "'");
  }
  bool TakeNull() {
    SkipSpace();
    if (text_.substr(pos_, 2) == "<>") {
      pos_ += 2;
      return true;
    }
    return false;
  }
  std::string String() {
    Expect('"');
    std::string s;
    while (pos_ < text_.size() && text_[pos_] != '"') {
      if (text_[pos_] == '\\') ++pos_;
      if (pos_ >= text_.size()) break;
      s += text_[pos_++];
    }
    Expect('"');
    return s;
  }
  // Skips one value of any shape (a field this reader does not know).
  void SkipValue() {
    SkipSpace();
    if (pos_ >= text_.size()) Malformed("missing value");
    char c = text_[pos_];
    if (c == '"') {
      String();
    } else if (c == '{' || c == '(') {
      char close = c == '{' ? '}' : ')';
      ++pos_;
      while (!TakeChar(close)) {
        SkipSpace();
        if (pos_ < text_.size() && text_[pos_] == ':') {
          Word();
        } else {
          SkipValue();
        }
      }
    } else if (!TakeNull()) {
      Word();
    }
  }
  // Skips unknown trailing fields, then the closing brace.
  void EndNode() {
    for (;;) {
      SkipSpace();
      if (pos_ >= text_.size()) Malformed("unterminated node");
      if (text_[pos_] == '}') break;
      if (text_[pos_] != ':') Malformed("expected a field name");
      Word();
      SkipValue();
    }
    ++pos_;
  }

  void ConstValue(Const& c) {
    if (TakeNull()) {
      c.constisnull = true;
      c.constvalue = 0;
      return;
    }
    std::string_view w = Word();
    if (c.constbyval) {
      c.constvalue = std::strtoull(std::string(w).c_str(), nullptr, 10);
      return;
    }
    if (w.empty() || w[0] != 'x' || w.size() % 2 == 0) Malformed("bad constant bytes");
    c.storage.clear();
    for (size_t i = 1; i + 1 < w.size(); i += 2) {
      c.storage += static_cast<char>(HexDigit(w[i]) * 16 + HexDigit(w[i + 1]));
    }
    c.constvalue = PointerGetDatum(c.storage.data());
  }

  ExprPtr ReadExpr() {
    Expect('{');
    std::string name(Word());
    auto it = TagsByName().find(name);
    if (it == TagsByName().end()) Malformed("unknown node type " + name);
    NodeTag tag = it->second;
    ExprPtr node = DispatchTagType(tag, [&](auto* type_tag) -> ExprPtr {
      using T = std::remove_pointer_t<decltype(type_tag)>;
      auto typed = std::make_shared<T>();
      typed->tag = tag;
      known_.push_back(&KnownNames<T>());
      fields::ApplyExprBase(*this, *typed);
      Fields<T>::Apply(*this, *typed);
      known_.pop_back();
      return typed;
    });
    EndNode();
    return node;
  }

  JoinTreeNodePtr ReadJoinTree() {
    SkipSpace();
    std::string_view name = WordAt(pos_ + 1);
    if (name == Fields<RangeTblRef>::kName) return ReadStruct<RangeTblRef>();
    if (name == Fields<JoinExpr>::kName) return ReadStruct<JoinExpr>();
    if (name == Fields<FromExpr>::kName) return ReadStruct<FromExpr>();
    Malformed("unknown join tree node");
  }

  template <typename T>
  std::shared_ptr<T> ReadStruct() {
    auto node = std::make_shared<T>();
    Value(*node);
    return node;
  }

  bool IsKnown(std::string_view name) const {
    if (known_.empty()) return false;
    for (auto n : *known_.back()) {
      if (n == name) return true;
    }
    return false;
  }

  std::string_view text_;
  size_t pos_ = 0;
  std::vector<const std::vector<std::string_view>*> known_;  // field names per open node
};

}  // namespace

ExprPtr StringToNode(std::string_view text) {
  Reader r(text);
  ExprPtr node;
  r.Value(node);
  r.Finish();
  return node;
}

QueryPtr StringToQuery(std::string_view text) {
  Reader r(text);
  auto query = std::make_shared<Query>();
  r.Value(*query);
  r.Finish();
  return query;
}

ExprList StringToNodeList(std::string_view text) {
  Reader r(text);
  ExprList list;
  r.Value(list);
  r.Finish();
  return list;
}

}  // namespace hyrax::nodes

// Writing expression trees and Queries as text (serialize.h). Every field of every node is
// written in field-list order (node_fields.h), as ":name value".
#include <cstdio>
#include <type_traits>

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

class Writer {
 public:
  std::string out;

  template <typename F>
  void operator()(const char* name, F&& field) {
    out += " :";
    out += name;
    out += ' ';
    Value(field);
  }

  void Expr(const nodes::Expr& node) {
    out += '{';
    out += NodeTagName(node.tag);
    fields::ApplyExprBase(*this, node);
    DispatchExpr(node, [&](const auto& typed) {
      using T = std::remove_cvref_t<decltype(typed)>;
      Fields<T>::Apply(*this, typed);
    });
    out += '}';
  }

  template <typename T>
  void Struct(const T& value) {
    out += '{';
    out += Fields<T>::kName;
    Fields<T>::Apply(*this, value);
    out += '}';
  }

  template <typename T>
  void Value(const T& field) {
    if constexpr (std::is_same_v<T, bool>) {
      out += field ? "true" : "false";
    } else if constexpr (std::is_enum_v<T>) {
      out += std::to_string(static_cast<int64_t>(field));
    } else if constexpr (std::is_floating_point_v<T>) {
      char buf[40];
      std::snprintf(buf, sizeof(buf), "%.17g", static_cast<double>(field));
      out += buf;
    } else if constexpr (std::is_integral_v<T>) {
      out += std::to_string(static_cast<int64_t>(field));
    } else if constexpr (std::is_same_v<T, std::string>) {
      String(field);
    } else if constexpr (std::is_same_v<T, ConstValueRef<const Const>>) {
      ConstValue(*field.node);
    } else if constexpr (std::is_same_v<T, ExprPtr>) {
      if (field) {
        Expr(*field);
      } else {
        out += "<>";
      }
    } else if constexpr (std::is_same_v<T, QueryPtr>) {
      if (field) {
        Struct(*field);
      } else {
        out += "<>";
      }
    } else if constexpr (std::is_same_v<T, JoinTreeNodePtr>) {
      if (!field) {
        out += "<>";
        return;
      }
      fields::DispatchJoinTree(*field, [&](const auto& typed) { Struct(typed); });
    } else if constexpr (IsSharedPtr<T>::value) {
      if (field) {
        Value(*field);
      } else {
        out += "<>";
      }
    } else if constexpr (IsOptional<T>::value) {
      if (field) {
        Value(*field);
      } else {
        out += "<>";
      }
    } else if constexpr (IsVector<T>::value) {
      out += '(';
      bool first = true;
      for (const auto& element : field) {
        if (!first) out += ' ';
        first = false;
        Value(element);
      }
      out += ')';
    } else if constexpr (HasFields<T>) {
      Struct(field);
    } else {
      static_assert(sizeof(T) == 0, "field type without a text form");
    }
  }

 private:
  void String(const std::string& s) {
    out += '"';
    for (char c : s) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }

  // Null: <>. By value: the Datum as an unsigned integer. By reference: x + hex bytes.
  void ConstValue(const Const& c) {
    if (c.constisnull) {
      out += "<>";
    } else if (c.constbyval) {
      out += std::to_string(static_cast<uint64_t>(c.constvalue));
    } else {
      static const char kHex[] = "0123456789abcdef";
      out += 'x';
      for (unsigned char b : c.storage) {
        out += kHex[b >> 4];
        out += kHex[b & 15];
      }
    }
  }
};

}  // namespace

std::string NodeToString(const ExprPtr& expr) {
  Writer w;
  w.Value(expr);
  return std::move(w.out);
}

std::string QueryToString(const Query& query) {
  Writer w;
  w.Struct(query);
  return std::move(w.out);
}

std::string NodeListToString(const ExprList& list) {
  Writer w;
  w.Value(list);
  return std::move(w.out);
}

}  // namespace hyrax::nodes

// Deep copy and structural equality of expression trees and Queries (PostgreSQL's
// copyObject and equal()), driven by the field lists in node_fields.h/node_fields_query.h.
#include <cstring>
#include <string_view>
#include <type_traits>

#include "common/stack_depth.h"
#include "nodes/node_dispatch.h"
#include "nodes/node_fields_query.h"
#include "nodes/node_funcs.h"

namespace hyrax::nodes {

namespace {

using fields::ConstValueRef;
using fields::Fields;
using fields::HasFields;
using fields::IsOptional;
using fields::IsSharedPtr;
using fields::IsVector;
using fields::ScalarField;

// Replaces every pointer field of a freshly made shallow copy with a deep copy.
struct DeepCopyVisitor {
  template <typename F>
  void operator()(const char*, F&& field) {
    using T = std::remove_cvref_t<F>;
    if constexpr (std::is_same_v<T, ExprPtr>) {
      field = CopyExpr(field);
    } else if constexpr (std::is_same_v<T, QueryPtr>) {
      if (field) field = CopyQuery(*field);
    } else if constexpr (std::is_same_v<T, FromExprPtr>) {
      if (!field) return;
      auto copy = std::make_shared<FromExpr>(*field);
      Fields<FromExpr>::Apply(*this, *copy);
      field = copy;
    } else if constexpr (std::is_same_v<T, JoinTreeNodePtr>) {
      if (!field) return;
      fields::DispatchJoinTree(*field, [&](auto& typed) {
        using J = std::remove_cvref_t<decltype(typed)>;
        auto copy = std::make_shared<J>(typed);
        Fields<J>::Apply(*this, *copy);
        field = copy;
      });
    } else if constexpr (IsSharedPtr<T>::value) {
      // shared_ptr<TargetList>, shared_ptr<SetOperationStmt>, shared_ptr<OnConflictExpr>
      if (!field) return;
      auto copy = std::make_shared<typename T::element_type>(*field);
      (*this)("", *copy);
      field = copy;
    } else if constexpr (IsVector<T>::value) {
      for (auto& element : field) (*this)("", element);
    } else if constexpr (IsOptional<T>::value) {
      if (field) (*this)("", *field);
    } else if constexpr (HasFields<T>) {
      Fields<T>::Apply(*this, field);
    }
    // Scalars, strings and Const values are copied by the shallow copy already.
  }
};

bool DatumBytesEqual(const Const& a, const Const& b) {
  if (a.constisnull || b.constisnull) return a.constisnull == b.constisnull;
  if (a.constbyval) return a.constvalue == b.constvalue;
  return a.storage == b.storage;
}

struct EqualVisitor {
  bool equal = true;

  template <typename T>
  void operator()(const char* name, const T& a, const T& b) {
    if (!equal) return;
    if constexpr (ScalarField<T> || std::is_same_v<T, std::string>) {
      if (std::string_view(name) == "location") return;
      equal = a == b;
    } else if constexpr (std::is_same_v<T, ExprPtr>) {
      equal = ExprEqual(a.get(), b.get());
    } else if constexpr (std::is_same_v<T, QueryPtr>) {
      equal = (a && b) ? QueryEqual(*a, *b) : a == b;
    } else if constexpr (std::is_same_v<T, ConstValueRef<const Const>>) {
      equal = DatumBytesEqual(*a.node, *b.node);
    } else if constexpr (std::is_same_v<T, FromExprPtr>) {
      if (!a || !b) {
        equal = a == b;
        return;
      }
      Fields<FromExpr>::Apply(*this, *a, *b);
    } else if constexpr (std::is_same_v<T, JoinTreeNodePtr>) {
      if (!a || !b) {
        equal = a == b;
        return;
      }
      if (a->tag != b->tag) {
        equal = false;
        return;
      }
      fields::DispatchJoinTree(*a, [&](const auto& ta) {
        using J = std::remove_cvref_t<decltype(ta)>;
        Fields<J>::Apply(*this, ta, static_cast<const J&>(*b));
      });
    } else if constexpr (IsSharedPtr<T>::value) {
      if (!a || !b) {
        equal = a == b;
        return;
      }
      (*this)(name, *a, *b);
    } else if constexpr (IsVector<T>::value) {
      if (a.size() != b.size()) {
        equal = false;
        return;
      }
      for (size_t i = 0; i < a.size() && equal; ++i) (*this)(name, a[i], b[i]);
    } else if constexpr (IsOptional<T>::value) {
      if (a.has_value() != b.has_value()) {
        equal = false;
        return;
      }
      if (a) (*this)(name, *a, *b);
    } else if constexpr (HasFields<T>) {
      Fields<T>::Apply(*this, a, b);
    } else {
      static_assert(sizeof(T) == 0, "field type without an equality rule");
    }
  }
};

}  // namespace

ExprPtr CopyExprShallow(const Expr& node) {
  return DispatchExpr(node, [](const auto& typed) -> ExprPtr {
    using T = std::remove_cvref_t<decltype(typed)>;
    return std::make_shared<T>(typed);
  });
}

ExprPtr CopyExpr(const ExprPtr& node) {
  CheckStackDepth();
  if (!node) return nullptr;
  ExprPtr copy = CopyExprShallow(*node);
  DeepCopyVisitor visitor;
  DispatchExpr(*copy, [&](auto& typed) {
    using T = std::remove_cvref_t<decltype(typed)>;
    Fields<T>::Apply(visitor, typed);
  });
  return copy;
}

QueryPtr CopyQuery(const Query& query) {
  auto copy = std::make_shared<Query>(query);
  DeepCopyVisitor visitor;
  Fields<Query>::Apply(visitor, *copy);
  return copy;
}

bool ExprEqual(const Expr* a, const Expr* b) {
  if (a == b) return true;
  if (a == nullptr || b == nullptr) return false;
  if (a->tag != b->tag) return false;
  EqualVisitor visitor;
  fields::ApplyExprBase(visitor, *a, *b);
  if (!visitor.equal) return false;
  DispatchExpr(*a, [&](const auto& ta) {
    using T = std::remove_cvref_t<decltype(ta)>;
    Fields<T>::Apply(visitor, ta, static_cast<const T&>(*b));
  });
  return visitor.equal;
}

bool QueryEqual(const Query& a, const Query& b) {
  if (&a == &b) return true;
  EqualVisitor visitor;
  Fields<Query>::Apply(visitor, a, b);
  return visitor.equal && a.utilityStmt == b.utilityStmt;
}

}  // namespace hyrax::nodes

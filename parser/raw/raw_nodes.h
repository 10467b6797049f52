// The raw parse tree as the analyzer reads it: libpg_query's protobuf-c structs
// (PgQuery__SelectStmt, PgQuery__AExpr, ...) plus small helpers for their repeated fields
// and value nodes. Including this header is how code outside parser/raw sees pg_query
// types; nothing after the analyzer does. Protobuf enums are PostgreSQL's C enums shifted
// by one (0 = "undefined"), e.g. PG_QUERY__A__EXPR__KIND__AEXPR_OP.
#pragma once

#include <pg_query.h>
#include <string>
#include <string_view>
#include <vector>

#include <pg_query/pg_query.pb-c.h>

namespace hyrax::parser::raw {

using Node = PgQuery__Node;

// Read-only view over a repeated Node field (n_x, x).
class NodeSpan {
 public:
  NodeSpan() = default;
  NodeSpan(size_t n, Node* const* items) : items_(items), n_(items ? n : 0) {}
  Node* const* begin() const { return items_; }
  Node* const* end() const { return items_ + n_; }
  size_t size() const { return n_; }
  bool empty() const { return n_ == 0; }
  const Node* operator[](size_t i) const { return items_[i]; }
  const Node* front() const { return items_[0]; }
  const Node* back() const { return items_[n_ - 1]; }
  // Items [start, start + count).
  NodeSpan Sub(size_t start, size_t count) const { return NodeSpan(count, items_ + start); }

 private:
  Node* const* items_ = nullptr;
  size_t n_ = 0;
};

// NodeSpan over a repeated field: Span(stmt->n_target_list, stmt->target_list).
inline NodeSpan Span(size_t n, Node* const* items) {
  return NodeSpan(n, items);
}
// The items of a List node (empty for null or other nodes).
inline NodeSpan ListItems(const Node* n) {
  if (n == nullptr || n->node_case != PG_QUERY__NODE__NODE_LIST) return {};
  return NodeSpan(n->list->n_items, n->list->items);
}

inline bool Is(const Node* n, PgQuery__Node__NodeCase c) {
  return n != nullptr && n->node_case == c;
}
// The text of a String node ("" for anything else).
inline std::string_view StrVal(const Node* n) {
  if (!Is(n, PG_QUERY__NODE__NODE_STRING) || n->string->sval == nullptr) return {};
  return n->string->sval;
}
// A protobuf string field (never null in protobuf-c, but be safe).
inline std::string_view Str(const char* s) {
  return s ? std::string_view(s) : std::string_view();
}
// The strings of a list of String nodes (qualified names, column name lists).
inline std::vector<std::string> StringList(NodeSpan items) {
  std::vector<std::string> out;
  out.reserve(items.size());
  for (const Node* n : items) out.emplace_back(StrVal(n));
  return out;
}
// Dotted form of a qualified name ("a.b.c"), unquoted, for messages.
inline std::string JoinName(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += '.';
    out += p;
  }
  return out;
}

// Structural equality of two raw parse nodes (any protobuf message), ignoring `location`
// fields, like PostgreSQL's equal() on raw trees. Either may be null.
bool RawEqual(const ProtobufCMessage* a, const ProtobufCMessage* b);
inline bool RawEqual(const Node* a, const Node* b) {
  return RawEqual(reinterpret_cast<const ProtobufCMessage*>(a),
                  reinterpret_cast<const ProtobufCMessage*>(b));
}

// The byte offset a raw expression starts at, like PostgreSQL's exprLocation on raw trees:
// the node's `location` field, or for operators and casts the leftmost of it and the
// (left) operand's. -1 when unknown.
int RawLocation(const Node* node);

}  // namespace hyrax::parser::raw

// Structural equality and locations of raw parse nodes (see raw_nodes.h), driven by the
// protobuf-c message descriptors so they cover every node type libpg_query has.
#include <cstring>

#include "common/stack_depth.h"
#include "parser/raw/raw_nodes.h"

namespace hyrax::parser::raw {

namespace {

template <typename T>
const T& At(const void* base, unsigned offset) {
  return *reinterpret_cast<const T*>(static_cast<const char*>(base) + offset);
}

bool ValueEqual(const ProtobufCFieldDescriptor& f, const void* a, const void* b) {
  switch (f.type) {
    case PROTOBUF_C_TYPE_INT32:
    case PROTOBUF_C_TYPE_SINT32:
    case PROTOBUF_C_TYPE_SFIXED32:
    case PROTOBUF_C_TYPE_UINT32:
    case PROTOBUF_C_TYPE_FIXED32:
    case PROTOBUF_C_TYPE_ENUM:
      return *static_cast<const uint32_t*>(a) == *static_cast<const uint32_t*>(b);
    case PROTOBUF_C_TYPE_INT64:
    case PROTOBUF_C_TYPE_SINT64:
    case PROTOBUF_C_TYPE_SFIXED64:
    case PROTOBUF_C_TYPE_UINT64:
    case PROTOBUF_C_TYPE_FIXED64:
    case PROTOBUF_C_TYPE_DOUBLE:
      return *static_cast<const uint64_t*>(a) == *static_cast<const uint64_t*>(b);
    case PROTOBUF_C_TYPE_FLOAT:
      return *static_cast<const uint32_t*>(a) == *static_cast<const uint32_t*>(b);
    case PROTOBUF_C_TYPE_BOOL:
      return *static_cast<const protobuf_c_boolean*>(a) ==
             *static_cast<const protobuf_c_boolean*>(b);
    case PROTOBUF_C_TYPE_STRING: {
      const char* sa = *static_cast<const char* const*>(a);
      const char* sb = *static_cast<const char* const*>(b);
      return std::strcmp(sa ? sa : "", sb ? sb : "") == 0;
    }
    case PROTOBUF_C_TYPE_MESSAGE:
      return RawEqual(*static_cast<const ProtobufCMessage* const*>(a),
                      *static_cast<const ProtobufCMessage* const*>(b));
    case PROTOBUF_C_TYPE_BYTES: {
      const auto& ba = *static_cast<const ProtobufCBinaryData*>(a);
      const auto& bb = *static_cast<const ProtobufCBinaryData*>(b);
      return ba.len == bb.len && (ba.len == 0 || std::memcmp(ba.data, bb.data, ba.len) == 0);
    }
  }
  return false;
}

size_t ElementSize(ProtobufCType type) {
  switch (type) {
    case PROTOBUF_C_TYPE_INT64:
    case PROTOBUF_C_TYPE_SINT64:
    case PROTOBUF_C_TYPE_SFIXED64:
    case PROTOBUF_C_TYPE_UINT64:
    case PROTOBUF_C_TYPE_FIXED64:
    case PROTOBUF_C_TYPE_DOUBLE:
      return 8;
    case PROTOBUF_C_TYPE_BOOL:
      return sizeof(protobuf_c_boolean);
    case PROTOBUF_C_TYPE_STRING:
    case PROTOBUF_C_TYPE_MESSAGE:
      return sizeof(void*);
    case PROTOBUF_C_TYPE_BYTES:
      return sizeof(ProtobufCBinaryData);
    default:
      return 4;
  }
}

}  // namespace

bool RawEqual(const ProtobufCMessage* a, const ProtobufCMessage* b) {
  CheckStackDepth();
  if (a == nullptr || b == nullptr) return a == b;
  const ProtobufCMessageDescriptor* d = a->descriptor;
  if (d != b->descriptor) return false;
  for (unsigned i = 0; i < d->n_fields; ++i) {
    const ProtobufCFieldDescriptor& f = d->fields[i];
    if (std::strcmp(f.name, "location") == 0) continue;
    if (f.flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
      uint32_t ca = At<uint32_t>(a, f.quantifier_offset);
      uint32_t cb = At<uint32_t>(b, f.quantifier_offset);
      if (ca != cb) return false;
      if (ca != f.id) continue;
    }
    if (f.label == PROTOBUF_C_LABEL_REPEATED) {
      size_t na = At<size_t>(a, f.quantifier_offset);
      size_t nb = At<size_t>(b, f.quantifier_offset);
      if (na != nb) return false;
      const char* ea = At<const char*>(a, f.offset);
      const char* eb = At<const char*>(b, f.offset);
      size_t size = ElementSize(f.type);
      for (size_t k = 0; k < na; ++k) {
        if (!ValueEqual(f, ea + k * size, eb + k * size)) return false;
      }
      continue;
    }
    if (!ValueEqual(f, reinterpret_cast<const char*>(a) + f.offset,
                    reinterpret_cast<const char*>(b) + f.offset)) {
      return false;
    }
  }
  return true;
}

namespace {

int Leftmost(int a, int b) {
  if (a < 0) return b;
  if (b < 0) return a;
  return a < b ? a : b;
}

}  // namespace

int RawLocation(const Node* node) {
  CheckStackDepth();
  if (node == nullptr) return -1;
  if (node->node_case == PG_QUERY__NODE__NODE_A_EXPR) {
    return Leftmost(node->a_expr->location, RawLocation(node->a_expr->lexpr));
  }
  if (node->node_case == PG_QUERY__NODE__NODE_TYPE_CAST) {
    return Leftmost(node->type_cast->location, RawLocation(node->type_cast->arg));
  }
  // The Node message is a oneof of pointers to the concrete messages.
  const auto* base = reinterpret_cast<const ProtobufCMessage*>(node);
  const ProtobufCMessageDescriptor* d = base->descriptor;
  for (unsigned i = 0; i < d->n_fields; ++i) {
    const ProtobufCFieldDescriptor& f = d->fields[i];
    if (f.type != PROTOBUF_C_TYPE_MESSAGE || f.quantifier_offset == 0) continue;
    if (At<uint32_t>(base, f.quantifier_offset) != f.id) continue;
    const auto* inner = At<const ProtobufCMessage*>(base, f.offset);
    if (inner == nullptr) return -1;
    const ProtobufCFieldDescriptor* loc =
        protobuf_c_message_descriptor_get_field_by_name(inner->descriptor, "location");
    if (loc == nullptr) return -1;
    return At<int32_t>(inner, loc->offset);
  }
  return -1;
}

}  // namespace hyrax::parser::raw

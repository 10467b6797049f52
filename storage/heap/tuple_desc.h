// Tuple descriptors: the physical column list of a relation or a row type — name, type,
// attlen/attbyval/attalign (how the value is laid out), typmod, NOT NULL, dropped. Built
// by the relcache from pg_attribute, or by the planner/executor for intermediate rows.
// Also caches each attribute's fixed byte offset when only fixed-width attributes precede
// it (PostgreSQL's attcacheoff), for fast deforming (storage/heap/README.md "Tuple format").
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/datum.h"
#include "common/ids.h"

namespace hyrax::storage {

struct AttributeDesc {
  std::string name;
  Oid type_oid = kInvalidOid;
  int32_t typmod = -1;
  int16_t len = -1;  // > 0 fixed width; -1 varlena; -2 NUL-terminated C string
  bool byval = false;
  char align = 'i';    // 'c' char, 's' int2, 'i' int4, 'd' double alignment
  char storage = 'p';  // 'p' plain, 'e' external, 'm' main, 'x' extended
  bool not_null = false;
  bool dropped = false;
  bool has_default = false;
  char identity = '\0';   // 'a' ALWAYS, 'd' BY DEFAULT, '\0' none
  char generated = '\0';  // 's' STORED, '\0' none
  Oid collation = kInvalidOid;
  int16_t attnum = 0;  // 1-based position in the relation
  // PostgreSQL's attmissingval ("fast default" of ALTER TABLE ADD COLUMN ... DEFAULT): the
  // value a stored tuple with fewer attributes than this column's attnum reads for it (NULL
  // when !has_missing). A by-reference value points into missing_storage.
  bool has_missing = false;
  Datum missing_value = 0;
  std::shared_ptr<const void> missing_storage;
};

class TupleDesc {
 public:
  TupleDesc() = default;
  explicit TupleDesc(std::vector<AttributeDesc> attrs, Oid composite_type = kInvalidOid)
      : attrs_(std::move(attrs)), composite_type_(composite_type) {}

  int natts() const { return static_cast<int>(attrs_.size()); }
  // 0-based index.
  const AttributeDesc& attr(int index) const { return attrs_[index]; }
  // Changing an attribute (or adding one) discards the cached offsets.
  AttributeDesc& mutable_attr(int index) {
    offsets_ready_ = false;
    return attrs_[index];
  }
  const std::vector<AttributeDesc>& attrs() const { return attrs_; }
  void Add(AttributeDesc attr) {
    offsets_ready_ = false;
    attrs_.push_back(std::move(attr));
  }
  // pg_type OID of the row type (the relation's reltype), or RECORD for anonymous rows.
  Oid composite_type() const { return composite_type_; }
  // True when every attribute is fixed-width and not null (fast deforming path).
  bool AllFixedNotNull() const;
  // PostgreSQL's attcacheoff: the offset of attribute `index` (0-based) from the start of a
  // tuple's data area when no attribute before it is NULL, or -1 when a variable-width
  // attribute precedes it (or it is a varlena that may start unaligned). Computed on first
  // use; not thread-safe (one process per session).
  int32_t CachedOffset(int index) const {
    if (!offsets_ready_) ComputeOffsets();
    return cached_offsets_[index];
  }

 private:
  void ComputeOffsets() const;

  std::vector<AttributeDesc> attrs_;
  Oid composite_type_ = kInvalidOid;
  // Lazily computed from attrs_; invalidated by mutable_attr() and Add().
  mutable std::vector<int32_t> cached_offsets_;
  mutable bool all_fixed_not_null_ = false;
  mutable bool offsets_ready_ = false;
};

// Alignment of an attribute start for typalign `align` ('c', 's', 'i', 'd'), PostgreSQL's
// att_align_nominal.
inline size_t AlignForAttribute(size_t offset, char align) {
  switch (align) {
    case 's':
      return (offset + 1) & ~size_t{1};
    case 'i':
      return (offset + 3) & ~size_t{3};
    case 'd':
      return (offset + 7) & ~size_t{7};
    default:
      return offset;
  }
}

using TupleDescPtr = std::shared_ptr<const TupleDesc>;

}  // namespace hyrax::storage

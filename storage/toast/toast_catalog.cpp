// TOAST table creation and removal (see toast_catalog.h); PostgreSQL's create_toast_table
// and needs_toast_table, without the (chunk_id, chunk_seq) index for now.
#include "storage/toast/toast_catalog.h"

#include <string>

#include "storage/catalog/catalog_desc.h"
#include "storage/catalog/catalog_scan.h"
#include "storage/catalog/heap_create.h"
#include "storage/catalog/inval.h"
#include "storage/catalog/storage_create.h"
#include "storage/heap/heap_tuple.h"
#include "storage/page/page.h"
#include "storage/toast/toast_chunk_index.h"
#include "storage/toast/toast_format.h"
#include "storage/toast/toast_relation.h"
#include "storage/txn/transam.h"

namespace hyrax::storage {
namespace {

constexpr Oid kBpcharTypeOid = 1042;
constexpr Oid kVarcharTypeOid = 1043;
constexpr Oid kBitTypeOid = 1560;
constexpr Oid kVarbitTypeOid = 1562;
constexpr Oid kNumericTypeOid = 1700;
// Databases are UTF8, whose characters take up to 4 bytes (pg_encoding_max_length).
constexpr int32_t kMaxEncodingLength = 4;

// Widest stored form of a varlena column, or -1 when unbounded (PostgreSQL's
// type_maximum_size).
int32_t TypeMaximumSize(Oid type_oid, int32_t typmod) {
  if (typmod < 0) return -1;
  switch (type_oid) {
    case kBpcharTypeOid:
    case kVarcharTypeOid:
      // typmod counts characters plus the 4-byte header.
      return (typmod - 4) * kMaxEncodingLength + 4;
    case kBitTypeOid:
    case kVarbitTypeOid:
      // typmod counts bits; a bit string has a header and a bit-length word.
      return (typmod + 7) / 8 + 8;
    case kNumericTypeOid: {
      if (typmod < 4) return -1;
      int32_t precision = ((typmod - 4) >> 16) & 0xFFFF;
      // Base-10000 digits for `precision` decimal digits when the first holds only one,
      // behind the 8-byte long numeric header.
      int32_t digits = (precision + 2 * 3) / 4;
      return 8 + digits * 2;
    }
    default:
      return -1;
  }
}

}  // namespace

bool NeedsToastTable(const std::vector<catalog::PgAttribute>& columns) {
  size_t data_length = 0;
  bool unbounded = false;
  bool has_toastable = false;
  int natts = 0;
  for (const auto& col : columns) {
    if (col.attnum <= 0) continue;
    ++natts;
    if (col.attisdropped) continue;
    data_length = AlignForAttribute(data_length, col.attalign);
    if (col.attlen > 0) {
      data_length += static_cast<size_t>(col.attlen);
      continue;
    }
    int32_t max_len = TypeMaximumSize(col.atttypid, col.atttypmod);
    if (max_len < 0) {
      unbounded = true;
    } else {
      data_length += static_cast<size_t>(max_len);
    }
    if (col.attstorage != 'p') has_toastable = true;
  }
  if (!has_toastable) return false;
  if (unbounded) return true;
  size_t tuple_length =
      MaxAlign(kHeapTupleHeaderSize + HeapBitmapLen(natts)) + MaxAlign(data_length);
  return tuple_length > kToastTupleThreshold;
}

catalog::PgClass ToastPgClass(const catalog::PgClass& parent) {
  catalog::PgClass rel;
  rel.oid = parent.reltoastrelid;
  rel.relname = "pg_toast_" + std::to_string(parent.oid);
  rel.relnamespace = catalog::kPgToastNamespace;
  rel.reltype = kInvalidOid;
  rel.relowner = parent.relowner;
  rel.relam = catalog::kHeapAmOid;
  rel.relfilenode = parent.reltoastrelid;
  rel.reltablespace = parent.reltablespace;
  rel.relisshared = parent.relisshared;
  rel.relpersistence = parent.relpersistence;
  rel.relkind = 't';
  rel.relnatts = static_cast<int16_t>(ToastTupleDesc().natts());
  rel.relfrozenxid = parent.relfrozenxid;
  return rel;
}

std::vector<catalog::PgAttribute> ToastPgAttributes(Oid toast_oid) {
  std::vector<catalog::PgAttribute> out;
  const TupleDesc& desc = ToastTupleDesc();
  for (int att_idx = 0; att_idx < desc.natts(); ++att_idx) {
    const AttributeDesc& att = desc.attr(att_idx);
    catalog::PgAttribute a;
    a.attrelid = toast_oid;
    a.attname = att.name;
    a.atttypid = att.type_oid;
    a.attlen = att.len;
    a.attnum = att.attnum;
    a.attbyval = att.byval;
    a.attalign = att.align;
    a.attstorage = att.storage;
    out.push_back(a);
  }
  for (const auto& a : catalog::SystemAttributes(toast_oid)) out.push_back(a);
  return out;
}

void DescribeToastTable(const catalog::PgClass& parent) {
  catalog::InsertCatalogRow(ToastPgClass(parent));
  for (const auto& a : ToastPgAttributes(parent.reltoastrelid)) catalog::InsertCatalogRow(a);
  catalog::CacheInvalidateRelation(parent.reltoastrelid);
}

void CreateToastTable(const catalog::PgClass& parent) {
  // TODO(#4): create the unique (chunk_id, chunk_seq) B+tree index pg_toast_<relid>_index
  // here (and for the catalogs' TOAST tables at bootstrap) once the B+tree lands.
  DescribeToastTable(parent);
  catalog::RelationCreateStorage(catalog::HeapRelationFor(parent).toast_locator);
}

void DropToastTable(const catalog::PgClass& parent) {
  Oid toast_oid = parent.reltoastrelid;
  std::optional<catalog::PgClass> toast;
  for (const auto& ref : catalog::ScanCatalog<catalog::PgClass>()) {
    if (ref.row.oid != toast_oid) continue;
    toast = ref.row;
    catalog::DeleteCatalogRow<catalog::PgClass>(ref.ctid);
  }
  catalog::DeleteCatalogRows<catalog::PgAttribute>(
      [&](const catalog::PgAttribute& a) { return a.attrelid == toast_oid; });
  RelFileLocator locator = catalog::HeapRelationFor(parent).toast_locator;
  if (toast) locator.rel_number = toast->relfilenode;
  catalog::RelationDropStorage(locator);
  ToastForgetChunkIndex(locator);
  catalog::CacheInvalidateRelation(toast_oid);
}

}  // namespace hyrax::storage

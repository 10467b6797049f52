// The catalog side of TOAST tables (PostgreSQL's toasting.c): whether CREATE TABLE gives a
// table one, and the pg_class / pg_attribute rows and file of pg_toast.pg_toast_<relid>,
// created with the table (or at bootstrap for system catalogs) and dropped with it.
// storage/toast/README.md "TOAST tables".
#pragma once

#include <vector>

#include "storage/catalog/catalog_rows.h"

namespace hyrax::storage {

// PostgreSQL's needs_toast_table: true when some live column is a varlena with storage
// other than 'p' and the widest possible row could exceed kToastTupleThreshold (a column
// of unbounded width, such as text, always could; varchar(n), char(n), bit(n), varbit(n)
// and numeric(p,s) have a maximum size).
bool NeedsToastTable(const std::vector<catalog::PgAttribute>& columns);

// The pg_class row of TOAST table `parent.reltoastrelid`: pg_toast_<parent oid> in pg_toast,
// relkind 't', heap access method, no row type, the parent's tablespace, sharing and
// persistence, relfilenode = its OID.
catalog::PgClass ToastPgClass(const catalog::PgClass& parent);
// Its pg_attribute rows: chunk_id oid, chunk_seq int4, chunk_data bytea (storage 'p'), then
// the system columns.
std::vector<catalog::PgAttribute> ToastPgAttributes(Oid toast_oid);

// Inserts the TOAST table's pg_class and pg_attribute rows (no file). Bootstrap uses this
// for the system catalogs' TOAST tables, whose files it creates itself.
// Requires: parent.reltoastrelid set, an open transaction.
void DescribeToastTable(const catalog::PgClass& parent);
// CREATE TABLE: DescribeToastTable and the TOAST table's file (WAL-logged, removed if the
// transaction aborts). Requires: as DescribeToastTable, the parent's lock.
void CreateToastTable(const catalog::PgClass& parent);
// DROP TABLE: removes the TOAST table's catalog rows, schedules its file's removal at
// commit and forgets this backend's chunk cache of it. Requires: parent.reltoastrelid set,
// AccessExclusiveLock on the parent.
void DropToastTable(const catalog::PgClass& parent);

}  // namespace hyrax::storage

// Catalog side of CREATE TABLE and DROP TABLE (PostgreSQL's heap.c): the pg_class row, the
// pg_attribute rows (user and system columns), the table's composite row type and its
// array type in pg_type, defaults in pg_attrdef, the relation's file, and its TOAST table
// when its rows may outgrow a page (storage/toast/toast_catalog.h). DDL commands in
// executor/commands call these inside a transaction while holding the relation's lock.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "storage/catalog/catalog_rows.h"

namespace hyrax::catalog {

struct NewColumn {
  std::string name;
  Oid type_oid = kInvalidOid;
  int32_t typmod = -1;
  Oid collation = kInvalidOid;  // kInvalidOid: the type's default collation
  bool not_null = false;
  int32_t ndims = 0;
  char identity = '\0';
  char generated = '\0';
  int32_t inhcount = 0;  // inherited from this many parents (attinhcount)
  bool is_local = true;  // also defined by the relation itself (attislocal)
};

struct NewRelation {
  std::string name;
  Oid namespace_oid = kPublicNamespace;
  char relkind = 'r';
  char persistence = 'p';
  Oid owner = kBootstrapSuperuserId;
  std::vector<NewColumn> columns;
  std::vector<std::string> reloptions;  // "fillfactor=100"
  // System views made by `hyrax init` keep PostgreSQL's OIDs: their row and array types are
  // already in pg_type.tsv, so with `fixed_relid` set no types are created and `reltype` is
  // used as the row type.
  Oid fixed_relid = kInvalidOid;
  Oid reltype = kInvalidOid;
  // A partition: its bound text (relpartbound; relispartition is set).
  std::optional<std::string> partbound;
};

// Creates the relation; returns its OID. Throws 42P07 when a relation of that name exists
// in the namespace, 42710 when its row type name is taken, 42701 for a duplicate column
// name, 54011 for more than 1600 columns, 42704 for an unknown type.
Oid CreateHeapRelation(const NewRelation& spec);

// Removes the relation's catalog rows (and its TOAST table's, its comments, its
// pg_inherits links and partition key, and the pg_depend rows of the relation and of its
// column defaults) and schedules their files for removal
// at commit. Requires: AccessExclusiveLock on the relation.
void DropHeapRelation(Oid relid);

// Removes the comments (pg_description rows) of object `objoid` of catalog `classoid`,
// including its columns' (DROP of a relation, index or schema).
void DeleteDescriptions(Oid classoid, Oid objoid);

// The pg_attribute rows of a table's system columns (ctid, xmin, cmin, xmax, cmax, tableoid).
std::vector<PgAttribute> SystemAttributes(Oid relid);

// Appends `columns` after the relation's existing ones (pg_attribute rows, relnatts), as
// CREATE OR REPLACE VIEW does when the new query has more columns. Throws 42701 for a name
// already used. Requires: AccessExclusiveLock on the relation.
void AddRelationColumns(Oid relid, const std::vector<NewColumn>& columns);

// Records a column default (serialized expression) and sets atthasdef; returns the
// pg_attrdef row's OID.
Oid StoreAttrDefault(Oid relid, int16_t attnum, const std::string& adbin);

}  // namespace hyrax::catalog

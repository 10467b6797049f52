// Converts rows of the catalog data files (TsvRow) into typed catalog rows.
#pragma once

#include "storage/catalog/catalog_rows.h"
#include "storage/catalog/tsv_reader.h"

namespace hyrax::catalog {

PgType PgTypeFromTsv(const TsvRow& r);
PgProc PgProcFromTsv(const TsvRow& r);
PgOperator PgOperatorFromTsv(const TsvRow& r);
PgCast PgCastFromTsv(const TsvRow& r);
PgAggregate PgAggregateFromTsv(const TsvRow& r);
PgNamespace PgNamespaceFromTsv(const TsvRow& r);
PgAm PgAmFromTsv(const TsvRow& r);
PgOpclass PgOpclassFromTsv(const TsvRow& r);
PgOpfamily PgOpfamilyFromTsv(const TsvRow& r);
PgAmop PgAmopFromTsv(const TsvRow& r);
PgAmproc PgAmprocFromTsv(const TsvRow& r);
PgCollation PgCollationFromTsv(const TsvRow& r);
PgAuthId PgAuthIdFromTsv(const TsvRow& r);
PgDatabase PgDatabaseFromTsv(const TsvRow& r);

}  // namespace hyrax::catalog

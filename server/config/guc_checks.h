// Check hooks of the server's GUC table: the validation and canonical spelling PostgreSQL
// applies to client_encoding (UTF8 only), DateStyle ("ISO, MDY"), TimeZone (zoneinfo names
// and UTC offsets), application_name (printable ASCII), the lc_* locales and the default
// table access method / tablespace. Each has the common/guc CheckHook signature.
#pragma once

#include <string>

#include "common/guc/guc_types.h"

namespace hyrax::server::config {

// Accepts every spelling PostgreSQL accepts for UTF8 ("utf8", "UTF-8", "unicode") and
// stores "UTF8"; other known encodings fail with 0A000 and "Conversion between X and UTF8
// is not supported.", unknown names with the plain invalid-value error.
bool CheckClientEncoding(std::string& value, guc::CheckFailure& failure);

// PostgreSQL's check_datestyle: a list of output style (ISO, SQL, Postgres, German) and
// field order (YMD, DMY/Euro/European, MDY/US/NonEuro/NonEuropean), canonicalised to
// "<Style>, <Order>"; a missing part keeps the current one (German implies DMY).
bool CheckDateStyle(std::string& value, guc::CheckFailure& failure);

// A zone name under /usr/share/zoneinfo (matched case-insensitively and stored with the
// directory's spelling), "UTC"/"GMT", or a numeric offset such as "+05:30".
bool CheckTimeZone(std::string& value, guc::CheckFailure& failure);

// Replaces bytes outside printable ASCII with '?', as PostgreSQL 15 does.
bool CheckPrintableAscii(std::string& value, guc::CheckFailure& failure);

// A locale name that newlocale() accepts, or "" (inherit the environment).
bool CheckLocaleName(std::string& value, guc::CheckFailure& failure);

// Only the heap access method exists.
bool CheckTableAccessMethod(std::string& value, guc::CheckFailure& failure);

// "" (the database's default) and pg_default are the only tablespaces.
bool CheckTablespace(std::string& value, guc::CheckFailure& failure);

}  // namespace hyrax::server::config

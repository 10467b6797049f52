// Sequence functions (PostgreSQL's sequence.c and pg_get_serial_sequence in ruleutils.c):
// nextval, currval, setval (2 and 3 arguments), lastval, pg_sequence_last_value and
// pg_get_serial_sequence. The work is in storage/sequence/sequence.h; these adapt the
// arguments (a regclass OID, a table name as text) and results.
#include <optional>

#include "common/error.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/datum_traits.h"
#include "executor/functions/type_io.h"
#include "executor/types/qualified_name.h"
#include "executor/types/quote_ident.h"
#include "storage/catalog/namespace.h"
#include "storage/catalog/sequence_owner.h"
#include "storage/catalog/syscache.h"
#include "storage/lmgr/lock_manager.h"
#include "storage/sequence/sequence.h"

namespace hyrax::executor {

namespace {

Datum NextvalOid(FunctionCallInfo* f) {
  return Int64GetDatum(storage::SequenceNextValue(ArgAs<Oid>(f, 0)));
}

Datum CurrvalOid(FunctionCallInfo* f) {
  return Int64GetDatum(storage::SequenceCurrentValue(ArgAs<Oid>(f, 0)));
}

Datum Lastval(FunctionCallInfo*) {
  return Int64GetDatum(storage::SequenceLastValue());
}

Datum SetvalOid(FunctionCallInfo* f) {
  int64_t value = ArgAs<int64_t>(f, 1);
  storage::SequenceSetValue(ArgAs<Oid>(f, 0), value, true);
  return Int64GetDatum(value);
}

Datum Setval3Oid(FunctionCallInfo* f) {
  int64_t value = ArgAs<int64_t>(f, 1);
  storage::SequenceSetValue(ArgAs<Oid>(f, 0), value, ArgAs<bool>(f, 2));
  return Int64GetDatum(value);
}

Datum PgSequenceLastValue(FunctionCallInfo* f) {
  std::optional<int64_t> value = storage::SequencePageLastValue(ArgAs<Oid>(f, 0));
  if (!value) {
    f->isnull = true;
    return Datum{0};
  }
  return Int64GetDatum(*value);
}

// pg_get_serial_sequence(table, column): the sequence owned by the column (serial or
// identity) as a qualified, quoted name, or NULL. The table name is parsed as SQL (case
// folded unless quoted); the column name is taken literally, as PostgreSQL does.
Datum PgGetSerialSequence(FunctionCallInfo* f) {
  std::vector<std::string> table_name = ParseQualifiedName(f->ArgText(0));
  std::string column(f->ArgText(1));
  Oid relid = catalog::RangeVarGetRelid(catalog::MakeQualifiedName(table_name), false);
  storage::LockRelationOid(relid, storage::LockMode::kAccessShare);
  int16_t attnum = 0;
  for (const auto& att : catalog::Syscache().AttributesOf(relid)) {
    if (!att.attisdropped && att.attname == column) attnum = att.attnum;
  }
  if (attnum == 0) {
    throw MakeError(errcode::kUndefinedColumn, "column \"{}\" of relation \"{}\" does not exist",
                    column, table_name.back());
  }
  std::vector<Oid> owned = catalog::OwnedSequences(relid, attnum);
  std::optional<catalog::PgClass> seq;
  if (!owned.empty()) seq = catalog::Syscache().RelationByOid(owned.front());
  if (!seq) {
    f->isnull = true;
    return Datum{0};
  }
  auto nsp = catalog::Syscache().NamespaceByOid(seq->relnamespace);
  std::string qualified =
      QuoteIdentifier(nsp ? nsp->nspname : "") + "." + QuoteIdentifier(seq->relname);
  return TextDatum(qualified);
}

const BuiltinFunction kSequenceBuiltins[] = {
    {"nextval_oid", NextvalOid, 1},
    {"currval_oid", CurrvalOid, 1},
    {"lastval", Lastval, 0},
    {"setval_oid", SetvalOid, 2},
    {"setval3_oid", Setval3Oid, 3},
    {"pg_sequence_last_value", PgSequenceLastValue, 1},
    {"pg_get_serial_sequence", PgGetSerialSequence, 2},
};

}  // namespace

std::span<const BuiltinFunction> SequenceBuiltins() {
  return kSequenceBuiltins;
}

}  // namespace hyrax::executor

// Binding tables between catalog columns and catalog_rows.h fields (see catalog_codec.h).
#include "storage/catalog/catalog_codec.h"

#include <functional>
#include <optional>
#include <string>

#include "common/assert.h"
#include "common/varlena.h"
#include "storage/catalog/catalog_values.h"
#include "storage/catalog/pg_enum.h"

namespace hyrax::catalog {

namespace {

using namespace typeoid;

// ---- Field conversions, chosen by the C++ field type and the column's type OID ----

void FromDatum(bool& out, Datum d, Oid) {
  out = DatumGetBool(d);
}
void FromDatum(char& out, Datum d, Oid) {
  out = DatumGetChar(d);
}
void FromDatum(int16_t& out, Datum d, Oid) {
  out = DatumGetInt16(d);
}
void FromDatum(int32_t& out, Datum d, Oid) {
  out = DatumGetInt32(d);
}
void FromDatum(int64_t& out, Datum d, Oid) {
  out = DatumGetInt64(d);
}
void FromDatum(uint32_t& out, Datum d, Oid) {
  out = DatumGetUInt32(d);
}
void FromDatum(float& out, Datum d, Oid) {
  out = DatumGetFloat4(d);
}
void FromDatum(std::string& out, Datum d, Oid type) {
  out = type == kName ? NameDatumToString(d) : DatumGetString(d);
}
void FromDatum(std::optional<std::string>& out, Datum d, Oid type) {
  std::string s;
  FromDatum(s, d, type);
  out = std::move(s);
}
void FromDatum(std::optional<int64_t>& out, Datum d, Oid) {
  out = DatumGetInt64(d);
}
void FromDatum(std::vector<Oid>& out, Datum d, Oid type) {
  auto v = IntVectorFromDatum(d, type);
  out.assign(v.begin(), v.end());
}
void FromDatum(std::vector<int16_t>& out, Datum d, Oid type) {
  auto v = IntVectorFromDatum(d, type);
  out.assign(v.begin(), v.end());
}
void FromDatum(std::vector<std::string>& out, Datum d, Oid) {
  out = TextArrayFromDatum(d);
}
void FromDatum(std::vector<char>& out, Datum d, Oid) {
  out = CharArrayFromDatum(d);
}

template <typename T>
void ClearIfNull(T& out) {
  out = T();
}

Datum ToDatum(bool v, Oid, bool*) {
  return BoolGetDatum(v);
}
Datum ToDatum(char v, Oid, bool*) {
  return CharGetDatum(v);
}
Datum ToDatum(int16_t v, Oid, bool*) {
  return Int16GetDatum(v);
}
Datum ToDatum(int32_t v, Oid, bool*) {
  return Int32GetDatum(v);
}
Datum ToDatum(int64_t v, Oid, bool*) {
  return Int64GetDatum(v);
}
Datum ToDatum(uint32_t v, Oid, bool*) {
  return UInt32GetDatum(v);
}
Datum ToDatum(float v, Oid, bool*) {
  return Float4GetDatum(v);
}
Datum ToDatum(const std::string& v, Oid type, bool*) {
  return type == kName ? StringToNameDatum(v) : CStringGetTextDatum(v);
}
Datum ToDatum(const std::optional<std::string>& v, Oid type, bool* isnull) {
  if (!v) {
    *isnull = true;
    return 0;
  }
  return ToDatum(*v, type, isnull);
}
Datum ToDatum(const std::optional<int64_t>& v, Oid, bool* isnull) {
  if (!v) {
    *isnull = true;
    return 0;
  }
  return Int64GetDatum(*v);
}
Datum ToDatum(const std::vector<Oid>& v, Oid type, bool* isnull) {
  if (type == kOidVector) return OidVectorDatum(v);
  if (v.empty()) {
    *isnull = true;  // optional array columns (proallargtypes, conpfeqop ...) are NULL when empty
    return 0;
  }
  return OidArrayDatum(v);
}
Datum ToDatum(const std::vector<int16_t>& v, Oid type, bool* isnull) {
  if (type == kInt2Vector) return Int2VectorDatum(v);
  if (v.empty()) {
    *isnull = true;
    return 0;
  }
  return Int2ArrayDatum(v);
}
Datum ToDatum(const std::vector<std::string>& v, Oid, bool* isnull) {
  if (v.empty()) {
    *isnull = true;
    return 0;
  }
  return TextArrayDatum(v);
}
Datum ToDatum(const std::vector<char>& v, Oid, bool* isnull) {
  if (v.empty()) {
    *isnull = true;
    return 0;
  }
  return CharArrayDatum(v);
}

// ---- Binding tables ----

template <typename Row>
struct Binding {
  const char* column;
  std::function<void(Row&, Datum, bool, Oid)> get;
  std::function<Datum(const Row&, Oid, bool*)> put;
};

template <typename Row, typename T>
Binding<Row> Bind(const char* column, T Row::*member) {
  return Binding<Row>{column,
                      [member](Row& row, Datum d, bool isnull, Oid type) {
                        if (isnull) {
                          ClearIfNull(row.*member);
                        } else {
                          FromDatum(row.*member, d, type);
                        }
                      },
                      [member](const Row& row, Oid type, bool* isnull) {
                        return ToDatum(row.*member, type, isnull);
                      }};
}

template <typename Row>
struct Codec {
  const CatalogSchema* schema;
  std::vector<std::pair<int, Binding<Row>>> bound;  // column index, binding

  Codec(const char* catalog, std::vector<Binding<Row>> bindings) {
    schema = FindCatalogSchema(catalog);
    HYRAX_CHECK(schema != nullptr, std::string("no system catalog ") + catalog);
    for (auto& b : bindings) {
      int index = -1;
      for (size_t i = 0; i < schema->columns.size(); ++i) {
        if (schema->columns[i].attname == b.column) index = static_cast<int>(i);
      }
      HYRAX_CHECK(index >= 0, std::string("no column ") + b.column + " in " + catalog);
      bound.emplace_back(index, std::move(b));
    }
  }
};

template <typename Row>
const Codec<Row>& GetCodec();

#define HYRAX_CODEC(Row, catalog, ...)                     \
  template <>                                              \
  const Codec<Row>& GetCodec<Row>() {                      \
    static const Codec<Row> codec(catalog, {__VA_ARGS__}); \
    return codec;                                          \
  }

HYRAX_CODEC(PgStatistic, "pg_statistic", Bind("starelid", &PgStatistic::starelid),
            Bind("staattnum", &PgStatistic::staattnum),
            Bind("stainherit", &PgStatistic::stainherit),
            Bind("stanullfrac", &PgStatistic::stanullfrac),
            Bind("stawidth", &PgStatistic::stawidth),
            Bind("stadistinct", &PgStatistic::stadistinct),
            Bind("stakind1", &PgStatistic::stakind1), Bind("stakind2", &PgStatistic::stakind2),
            Bind("stakind3", &PgStatistic::stakind3), Bind("stakind4", &PgStatistic::stakind4),
            Bind("stakind5", &PgStatistic::stakind5), Bind("staop1", &PgStatistic::staop1),
            Bind("staop2", &PgStatistic::staop2), Bind("staop3", &PgStatistic::staop3),
            Bind("staop4", &PgStatistic::staop4), Bind("staop5", &PgStatistic::staop5),
            Bind("stacoll1", &PgStatistic::stacoll1), Bind("stacoll2", &PgStatistic::stacoll2),
            Bind("stacoll3", &PgStatistic::stacoll3), Bind("stacoll4", &PgStatistic::stacoll4),
            Bind("stacoll5", &PgStatistic::stacoll5))

HYRAX_CODEC(PgType, "pg_type", Bind("oid", &PgType::oid), Bind("typname", &PgType::typname),
            Bind("typnamespace", &PgType::typnamespace), Bind("typowner", &PgType::typowner),
            Bind("typlen", &PgType::typlen), Bind("typbyval", &PgType::typbyval),
            Bind("typtype", &PgType::typtype), Bind("typcategory", &PgType::typcategory),
            Bind("typispreferred", &PgType::typispreferred), Bind("typdelim", &PgType::typdelim),
            Bind("typrelid", &PgType::typrelid), Bind("typsubscript", &PgType::typsubscript),
            Bind("typelem", &PgType::typelem), Bind("typarray", &PgType::typarray),
            Bind("typinput", &PgType::typinput), Bind("typoutput", &PgType::typoutput),
            Bind("typreceive", &PgType::typreceive), Bind("typsend", &PgType::typsend),
            Bind("typmodin", &PgType::typmodin), Bind("typmodout", &PgType::typmodout),
            Bind("typalign", &PgType::typalign), Bind("typstorage", &PgType::typstorage),
            Bind("typnotnull", &PgType::typnotnull), Bind("typbasetype", &PgType::typbasetype),
            Bind("typtypmod", &PgType::typtypmod), Bind("typndims", &PgType::typndims),
            Bind("typcollation", &PgType::typcollation), Bind("typdefault", &PgType::typdefault))

HYRAX_CODEC(PgProc, "pg_proc", Bind("oid", &PgProc::oid), Bind("proname", &PgProc::proname),
            Bind("pronamespace", &PgProc::pronamespace), Bind("proowner", &PgProc::proowner),
            Bind("prolang", &PgProc::prolang), Bind("procost", &PgProc::procost),
            Bind("prorows", &PgProc::prorows), Bind("provariadic", &PgProc::provariadic),
            Bind("prokind", &PgProc::prokind), Bind("proisstrict", &PgProc::proisstrict),
            Bind("proretset", &PgProc::proretset), Bind("provolatile", &PgProc::provolatile),
            Bind("proparallel", &PgProc::proparallel), Bind("pronargs", &PgProc::pronargs),
            Bind("pronargdefaults", &PgProc::pronargdefaults),
            Bind("prorettype", &PgProc::prorettype), Bind("proargtypes", &PgProc::proargtypes),
            Bind("proallargtypes", &PgProc::proallargtypes),
            Bind("proargmodes", &PgProc::proargmodes), Bind("proargnames", &PgProc::proargnames),
            Bind("proargdefaults", &PgProc::proargdefaults), Bind("prosrc", &PgProc::prosrc),
            Bind("probin", &PgProc::probin), Bind("prosqlbody", &PgProc::prosqlbody))

HYRAX_CODEC(PgOperator, "pg_operator", Bind("oid", &PgOperator::oid),
            Bind("oprname", &PgOperator::oprname), Bind("oprnamespace", &PgOperator::oprnamespace),
            Bind("oprkind", &PgOperator::oprkind), Bind("oprcanmerge", &PgOperator::oprcanmerge),
            Bind("oprcanhash", &PgOperator::oprcanhash), Bind("oprleft", &PgOperator::oprleft),
            Bind("oprright", &PgOperator::oprright), Bind("oprresult", &PgOperator::oprresult),
            Bind("oprcom", &PgOperator::oprcom), Bind("oprnegate", &PgOperator::oprnegate),
            Bind("oprcode", &PgOperator::oprcode), Bind("oprrest", &PgOperator::oprrest),
            Bind("oprjoin", &PgOperator::oprjoin))

HYRAX_CODEC(PgCast, "pg_cast", Bind("oid", &PgCast::oid), Bind("castsource", &PgCast::castsource),
            Bind("casttarget", &PgCast::casttarget), Bind("castfunc", &PgCast::castfunc),
            Bind("castcontext", &PgCast::castcontext), Bind("castmethod", &PgCast::castmethod))

HYRAX_CODEC(PgAggregate, "pg_aggregate", Bind("aggfnoid", &PgAggregate::aggfnoid),
            Bind("aggkind", &PgAggregate::aggkind),
            Bind("aggnumdirectargs", &PgAggregate::aggnumdirectargs),
            Bind("aggtransfn", &PgAggregate::aggtransfn),
            Bind("aggfinalfn", &PgAggregate::aggfinalfn),
            Bind("aggcombinefn", &PgAggregate::aggcombinefn),
            Bind("aggserialfn", &PgAggregate::aggserialfn),
            Bind("aggdeserialfn", &PgAggregate::aggdeserialfn),
            Bind("aggmtransfn", &PgAggregate::aggmtransfn),
            Bind("aggminvtransfn", &PgAggregate::aggminvtransfn),
            Bind("aggmfinalfn", &PgAggregate::aggmfinalfn),
            Bind("aggfinalextra", &PgAggregate::aggfinalextra),
            Bind("aggfinalmodify", &PgAggregate::aggfinalmodify),
            Bind("aggsortop", &PgAggregate::aggsortop),
            Bind("aggtranstype", &PgAggregate::aggtranstype),
            Bind("aggtransspace", &PgAggregate::aggtransspace),
            Bind("agginitval", &PgAggregate::agginitval))

HYRAX_CODEC(PgNamespace, "pg_namespace", Bind("oid", &PgNamespace::oid),
            Bind("nspname", &PgNamespace::nspname), Bind("nspowner", &PgNamespace::nspowner))

HYRAX_CODEC(
    PgClass, "pg_class", Bind("oid", &PgClass::oid), Bind("relname", &PgClass::relname),
    Bind("relnamespace", &PgClass::relnamespace), Bind("reltype", &PgClass::reltype),
    Bind("relowner", &PgClass::relowner), Bind("relam", &PgClass::relam),
    Bind("relfilenode", &PgClass::relfilenode), Bind("reltablespace", &PgClass::reltablespace),
    Bind("relpages", &PgClass::relpages), Bind("reltuples", &PgClass::reltuples),
    Bind("relallvisible", &PgClass::relallvisible), Bind("reltoastrelid", &PgClass::reltoastrelid),
    Bind("relhasindex", &PgClass::relhasindex), Bind("relisshared", &PgClass::relisshared),
    Bind("relpersistence", &PgClass::relpersistence), Bind("relkind", &PgClass::relkind),
    Bind("relnatts", &PgClass::relnatts), Bind("relchecks", &PgClass::relchecks),
    Bind("relhasrules", &PgClass::relhasrules), Bind("relhastriggers", &PgClass::relhastriggers),
    Bind("relhassubclass", &PgClass::relhassubclass), Bind("relreplident", &PgClass::relreplident),
    Bind("relispartition", &PgClass::relispartition), Bind("relfrozenxid", &PgClass::relfrozenxid),
    Bind("reloptions", &PgClass::reloptions), Bind("relpartbound", &PgClass::relpartbound))

HYRAX_CODEC(PgAttribute, "pg_attribute", Bind("attrelid", &PgAttribute::attrelid),
            Bind("attname", &PgAttribute::attname), Bind("atttypid", &PgAttribute::atttypid),
            Bind("attstattarget", &PgAttribute::attstattarget),
            Bind("attlen", &PgAttribute::attlen), Bind("attnum", &PgAttribute::attnum),
            Bind("attndims", &PgAttribute::attndims), Bind("atttypmod", &PgAttribute::atttypmod),
            Bind("attbyval", &PgAttribute::attbyval), Bind("attalign", &PgAttribute::attalign),
            Bind("attstorage", &PgAttribute::attstorage),
            Bind("attnotnull", &PgAttribute::attnotnull),
            Bind("atthasdef", &PgAttribute::atthasdef),
            Bind("atthasmissing", &PgAttribute::atthasmissing),
            Bind("attidentity", &PgAttribute::attidentity),
            Bind("attgenerated", &PgAttribute::attgenerated),
            Bind("attisdropped", &PgAttribute::attisdropped),
            Bind("attislocal", &PgAttribute::attislocal),
            Bind("attinhcount", &PgAttribute::attinhcount),
            Bind("attcollation", &PgAttribute::attcollation),
            Bind("attmissingval", &PgAttribute::attmissingval))

HYRAX_CODEC(PgSequence, "pg_sequence", Bind("seqrelid", &PgSequence::seqrelid),
            Bind("seqtypid", &PgSequence::seqtypid), Bind("seqstart", &PgSequence::seqstart),
            Bind("seqincrement", &PgSequence::seqincrement), Bind("seqmax", &PgSequence::seqmax),
            Bind("seqmin", &PgSequence::seqmin), Bind("seqcache", &PgSequence::seqcache),
            Bind("seqcycle", &PgSequence::seqcycle))

HYRAX_CODEC(PgRewrite, "pg_rewrite", Bind("oid", &PgRewrite::oid),
            Bind("rulename", &PgRewrite::rulename), Bind("ev_class", &PgRewrite::ev_class),
            Bind("ev_type", &PgRewrite::ev_type), Bind("ev_enabled", &PgRewrite::ev_enabled),
            Bind("is_instead", &PgRewrite::is_instead), Bind("ev_qual", &PgRewrite::ev_qual),
            Bind("ev_action", &PgRewrite::ev_action))

HYRAX_CODEC(PgDepend, "pg_depend", Bind("classid", &PgDepend::classid),
            Bind("objid", &PgDepend::objid), Bind("objsubid", &PgDepend::objsubid),
            Bind("refclassid", &PgDepend::refclassid), Bind("refobjid", &PgDepend::refobjid),
            Bind("refobjsubid", &PgDepend::refobjsubid), Bind("deptype", &PgDepend::deptype))

HYRAX_CODEC(PgInherits, "pg_inherits", Bind("inhrelid", &PgInherits::inhrelid),
            Bind("inhparent", &PgInherits::inhparent), Bind("inhseqno", &PgInherits::inhseqno),
            Bind("inhdetachpending", &PgInherits::inhdetachpending))

HYRAX_CODEC(PgPartitionedTable, "pg_partitioned_table",
            Bind("partrelid", &PgPartitionedTable::partrelid),
            Bind("partstrat", &PgPartitionedTable::partstrat),
            Bind("partnatts", &PgPartitionedTable::partnatts),
            Bind("partdefid", &PgPartitionedTable::partdefid),
            Bind("partattrs", &PgPartitionedTable::partattrs),
            Bind("partclass", &PgPartitionedTable::partclass),
            Bind("partcollation", &PgPartitionedTable::partcollation),
            Bind("partexprs", &PgPartitionedTable::partexprs))

HYRAX_CODEC(PgAttrDef, "pg_attrdef", Bind("oid", &PgAttrDef::oid),
            Bind("adrelid", &PgAttrDef::adrelid), Bind("adnum", &PgAttrDef::adnum),
            Bind("adbin", &PgAttrDef::adbin))

HYRAX_CODEC(
    PgConstraint, "pg_constraint", Bind("oid", &PgConstraint::oid),
    Bind("conname", &PgConstraint::conname), Bind("connamespace", &PgConstraint::connamespace),
    Bind("contype", &PgConstraint::contype), Bind("condeferrable", &PgConstraint::condeferrable),
    Bind("condeferred", &PgConstraint::condeferred),
    Bind("convalidated", &PgConstraint::convalidated), Bind("conrelid", &PgConstraint::conrelid),
    Bind("contypid", &PgConstraint::contypid), Bind("conindid", &PgConstraint::conindid),
    Bind("confrelid", &PgConstraint::confrelid), Bind("confupdtype", &PgConstraint::confupdtype),
    Bind("confdeltype", &PgConstraint::confdeltype),
    Bind("confmatchtype", &PgConstraint::confmatchtype),
    Bind("conislocal", &PgConstraint::conislocal), Bind("coninhcount", &PgConstraint::coninhcount),
    Bind("connoinherit", &PgConstraint::connoinherit), Bind("conkey", &PgConstraint::conkey),
    Bind("confkey", &PgConstraint::confkey), Bind("conpfeqop", &PgConstraint::conpfeqop),
    Bind("conppeqop", &PgConstraint::conppeqop), Bind("conffeqop", &PgConstraint::conffeqop),
    Bind("confdelsetcols", &PgConstraint::confdelsetcols), Bind("conbin", &PgConstraint::conbin))

HYRAX_CODEC(PgIndex, "pg_index", Bind("indexrelid", &PgIndex::indexrelid),
            Bind("indrelid", &PgIndex::indrelid), Bind("indnatts", &PgIndex::indnatts),
            Bind("indnkeyatts", &PgIndex::indnkeyatts), Bind("indisunique", &PgIndex::indisunique),
            Bind("indnullsnotdistinct", &PgIndex::indnullsnotdistinct),
            Bind("indisprimary", &PgIndex::indisprimary),
            Bind("indisexclusion", &PgIndex::indisexclusion),
            Bind("indimmediate", &PgIndex::indimmediate),
            Bind("indisclustered", &PgIndex::indisclustered),
            Bind("indisvalid", &PgIndex::indisvalid), Bind("indisready", &PgIndex::indisready),
            Bind("indislive", &PgIndex::indislive), Bind("indcheckxmin", &PgIndex::indcheckxmin),
            Bind("indkey", &PgIndex::indkey), Bind("indcollation", &PgIndex::indcollation),
            Bind("indclass", &PgIndex::indclass), Bind("indoption", &PgIndex::indoption),
            Bind("indexprs", &PgIndex::indexprs), Bind("indpred", &PgIndex::indpred))

HYRAX_CODEC(PgAm, "pg_am", Bind("oid", &PgAm::oid), Bind("amname", &PgAm::amname),
            Bind("amtype", &PgAm::amtype))

HYRAX_CODEC(PgOpclass, "pg_opclass", Bind("oid", &PgOpclass::oid),
            Bind("opcmethod", &PgOpclass::opcmethod), Bind("opcname", &PgOpclass::opcname),
            Bind("opcnamespace", &PgOpclass::opcnamespace),
            Bind("opcfamily", &PgOpclass::opcfamily), Bind("opcintype", &PgOpclass::opcintype),
            Bind("opcdefault", &PgOpclass::opcdefault), Bind("opckeytype", &PgOpclass::opckeytype))

HYRAX_CODEC(PgOpfamily, "pg_opfamily", Bind("oid", &PgOpfamily::oid),
            Bind("opfmethod", &PgOpfamily::opfmethod), Bind("opfname", &PgOpfamily::opfname),
            Bind("opfnamespace", &PgOpfamily::opfnamespace))

HYRAX_CODEC(PgAmop, "pg_amop", Bind("oid", &PgAmop::oid), Bind("amopfamily", &PgAmop::amopfamily),
            Bind("amoplefttype", &PgAmop::amoplefttype),
            Bind("amoprighttype", &PgAmop::amoprighttype),
            Bind("amopstrategy", &PgAmop::amopstrategy), Bind("amoppurpose", &PgAmop::amoppurpose),
            Bind("amopopr", &PgAmop::amopopr), Bind("amopmethod", &PgAmop::amopmethod),
            Bind("amopsortfamily", &PgAmop::amopsortfamily))

HYRAX_CODEC(PgAmproc, "pg_amproc", Bind("oid", &PgAmproc::oid),
            Bind("amprocfamily", &PgAmproc::amprocfamily),
            Bind("amproclefttype", &PgAmproc::amproclefttype),
            Bind("amprocrighttype", &PgAmproc::amprocrighttype),
            Bind("amprocnum", &PgAmproc::amprocnum), Bind("amproc", &PgAmproc::amproc))

HYRAX_CODEC(PgCollation, "pg_collation", Bind("oid", &PgCollation::oid),
            Bind("collname", &PgCollation::collname),
            Bind("collnamespace", &PgCollation::collnamespace),
            Bind("collprovider", &PgCollation::collprovider),
            Bind("collencoding", &PgCollation::collencoding))

HYRAX_CODEC(
    PgAuthId, "pg_authid", Bind("oid", &PgAuthId::oid), Bind("rolname", &PgAuthId::rolname),
    Bind("rolsuper", &PgAuthId::rolsuper), Bind("rolinherit", &PgAuthId::rolinherit),
    Bind("rolcreaterole", &PgAuthId::rolcreaterole), Bind("rolcreatedb", &PgAuthId::rolcreatedb),
    Bind("rolcanlogin", &PgAuthId::rolcanlogin), Bind("rolreplication", &PgAuthId::rolreplication),
    Bind("rolbypassrls", &PgAuthId::rolbypassrls), Bind("rolconnlimit", &PgAuthId::rolconnlimit),
    Bind("rolpassword", &PgAuthId::rolpassword), Bind("rolvaliduntil", &PgAuthId::rolvaliduntil))

HYRAX_CODEC(PgDatabase, "pg_database", Bind("oid", &PgDatabase::oid),
            Bind("datname", &PgDatabase::datname), Bind("datdba", &PgDatabase::datdba),
            Bind("encoding", &PgDatabase::encoding),
            Bind("datlocprovider", &PgDatabase::datlocprovider),
            Bind("datistemplate", &PgDatabase::datistemplate),
            Bind("datallowconn", &PgDatabase::datallowconn),
            Bind("datconnlimit", &PgDatabase::datconnlimit),
            Bind("datfrozenxid", &PgDatabase::datfrozenxid),
            Bind("dattablespace", &PgDatabase::dattablespace),
            Bind("datcollate", &PgDatabase::datcollate), Bind("datctype", &PgDatabase::datctype))

HYRAX_CODEC(PgDescription, "pg_description", Bind("objoid", &PgDescription::objoid),
            Bind("classoid", &PgDescription::classoid), Bind("objsubid", &PgDescription::objsubid),
            Bind("description", &PgDescription::description))

HYRAX_CODEC(PgEnum, "pg_enum", Bind("oid", &PgEnum::oid), Bind("enumtypid", &PgEnum::enumtypid),
            Bind("enumsortorder", &PgEnum::enumsortorder), Bind("enumlabel", &PgEnum::enumlabel))

HYRAX_CODEC(PgShDescription, "pg_shdescription", Bind("objoid", &PgShDescription::objoid),
            Bind("classoid", &PgShDescription::classoid),
            Bind("description", &PgShDescription::description))

#undef HYRAX_CODEC

// A zero value for a NOT NULL column without a bound field.
Datum ZeroValue(const PgAttribute& column) {
  switch (column.atttypid) {
    case kName:
      return StringToNameDatum("");
    case kText:
    case kPgNodeTree:
      return CStringGetTextDatum("");
    case kOidVector:
      return OidVectorDatum({});
    case kInt2Vector:
      return Int2VectorDatum({});
    case kChar:
      return CharGetDatum('\0');
    default:
      HYRAX_CHECK(column.attbyval, "no zero value for catalog column " + column.attname);
      return 0;
  }
}

}  // namespace

template <typename Row>
Row DecodeRow(const Datum* values, const bool* nulls) {
  const Codec<Row>& codec = GetCodec<Row>();
  Row row;
  for (const auto& [index, binding] : codec.bound) {
    binding.get(row, values[index], nulls[index], codec.schema->columns[index].atttypid);
  }
  return row;
}

template <typename Row>
void EncodeRow(const Row& row, Datum* values, bool* nulls) {
  const Codec<Row>& codec = GetCodec<Row>();
  const auto& columns = codec.schema->columns;
  for (size_t i = 0; i < columns.size(); ++i) {
    nulls[i] = !columns[i].attnotnull;
    values[i] = nulls[i] ? 0 : ZeroValue(columns[i]);
  }
  for (const auto& [index, binding] : codec.bound) {
    bool isnull = false;
    values[index] = binding.put(row, columns[index].atttypid, &isnull);
    nulls[index] = isnull;
  }
}

template <typename Row>
const CatalogSchema& SchemaOf() {
  return *GetCodec<Row>().schema;
}

template <typename Row>
std::vector<bool> BoundColumns() {
  const Codec<Row>& codec = GetCodec<Row>();
  std::vector<bool> mask(codec.schema->columns.size(), false);
  for (const auto& entry : codec.bound) mask[entry.first] = true;
  return mask;
}

#define HYRAX_INSTANTIATE(Row)                             \
  template Row DecodeRow<Row>(const Datum*, const bool*);  \
  template void EncodeRow<Row>(const Row&, Datum*, bool*); \
  template const CatalogSchema& SchemaOf<Row>();           \
  template std::vector<bool> BoundColumns<Row>();
HYRAX_INSTANTIATE(PgType)
HYRAX_INSTANTIATE(PgProc)
HYRAX_INSTANTIATE(PgOperator)
HYRAX_INSTANTIATE(PgCast)
HYRAX_INSTANTIATE(PgAggregate)
HYRAX_INSTANTIATE(PgNamespace)
HYRAX_INSTANTIATE(PgClass)
HYRAX_INSTANTIATE(PgAttribute)
HYRAX_INSTANTIATE(PgAttrDef)
HYRAX_INSTANTIATE(PgConstraint)
HYRAX_INSTANTIATE(PgIndex)
HYRAX_INSTANTIATE(PgAm)
HYRAX_INSTANTIATE(PgOpclass)
HYRAX_INSTANTIATE(PgOpfamily)
HYRAX_INSTANTIATE(PgAmop)
HYRAX_INSTANTIATE(PgAmproc)
HYRAX_INSTANTIATE(PgCollation)
HYRAX_INSTANTIATE(PgAuthId)
HYRAX_INSTANTIATE(PgDatabase)
HYRAX_INSTANTIATE(PgStatistic)
HYRAX_INSTANTIATE(PgSequence)
HYRAX_INSTANTIATE(PgRewrite)
HYRAX_INSTANTIATE(PgDepend)
HYRAX_INSTANTIATE(PgInherits)
HYRAX_INSTANTIATE(PgPartitionedTable)
HYRAX_INSTANTIATE(PgDescription)
HYRAX_INSTANTIATE(PgShDescription)
HYRAX_INSTANTIATE(PgEnum)
#undef HYRAX_INSTANTIATE

}  // namespace hyrax::catalog

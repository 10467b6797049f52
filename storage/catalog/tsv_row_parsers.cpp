// TsvRow -> typed catalog row conversions (see tsv_row_parsers.h). Column names are
// PostgreSQL's.
#include "storage/catalog/tsv_row_parsers.h"

namespace hyrax::catalog {

namespace {
std::vector<Oid> ToOids(const std::vector<int64_t>& v) {
  return std::vector<Oid>(v.begin(), v.end());
}
std::vector<Oid> ArrayToOids(const std::vector<std::string>& v) {
  std::vector<Oid> out;
  for (const auto& s : v) out.push_back(static_cast<Oid>(std::stoul(s)));
  return out;
}
}  // namespace

PgType PgTypeFromTsv(const TsvRow& r) {
  PgType t;
  t.oid = r.OidValue("oid");
  t.typname = r.Str("typname");
  t.typnamespace = r.OidValue("typnamespace");
  t.typowner = r.OidValue("typowner");
  t.typlen = static_cast<int16_t>(r.Int("typlen"));
  t.typbyval = r.Bool("typbyval");
  t.typtype = r.Char("typtype");
  t.typcategory = r.Char("typcategory");
  t.typispreferred = r.Bool("typispreferred");
  t.typdelim = r.Char("typdelim");
  t.typrelid = r.OidValue("typrelid");
  t.typsubscript = r.OidValue("typsubscript");
  t.typelem = r.OidValue("typelem");
  t.typarray = r.OidValue("typarray");
  t.typinput = r.OidValue("typinput");
  t.typoutput = r.OidValue("typoutput");
  t.typreceive = r.OidValue("typreceive");
  t.typsend = r.OidValue("typsend");
  t.typmodin = r.OidValue("typmodin");
  t.typmodout = r.OidValue("typmodout");
  t.typalign = r.Char("typalign");
  t.typstorage = r.Char("typstorage");
  t.typnotnull = r.Bool("typnotnull");
  t.typbasetype = r.OidValue("typbasetype");
  t.typtypmod = static_cast<int32_t>(r.Int("typtypmod"));
  t.typndims = static_cast<int32_t>(r.Int("typndims"));
  t.typcollation = r.OidValue("typcollation");
  t.typdefault = r.Opt("typdefault");
  return t;
}

PgProc PgProcFromTsv(const TsvRow& r) {
  PgProc p;
  p.oid = r.OidValue("oid");
  p.proname = r.Str("proname");
  p.pronamespace = r.OidValue("pronamespace");
  p.prolang = r.OidValue("prolang");
  p.procost = r.Float("procost");
  p.prorows = r.Float("prorows");
  p.provariadic = r.OidValue("provariadic");
  p.prokind = r.Char("prokind");
  p.proisstrict = r.Bool("proisstrict");
  p.proretset = r.Bool("proretset");
  p.provolatile = r.Char("provolatile");
  p.proparallel = r.Char("proparallel");
  p.pronargs = static_cast<int16_t>(r.Int("pronargs"));
  p.pronargdefaults = static_cast<int16_t>(r.Int("pronargdefaults"));
  p.prorettype = r.OidValue("prorettype");
  p.proargtypes = ToOids(r.IntVector("proargtypes"));
  p.proallargtypes = ArrayToOids(r.Array("proallargtypes"));
  for (const auto& m : r.Array("proargmodes")) p.proargmodes.push_back(m.empty() ? 'i' : m[0]);
  p.proargnames = r.Array("proargnames");
  p.proargdefaults = r.Opt("proargdefaults");
  p.prosrc = r.Str("prosrc");
  p.probin = r.Opt("probin");
  return p;
}

PgOperator PgOperatorFromTsv(const TsvRow& r) {
  PgOperator o;
  o.oid = r.OidValue("oid");
  o.oprname = r.Str("oprname");
  o.oprnamespace = r.OidValue("oprnamespace");
  o.oprkind = r.Char("oprkind");
  o.oprcanmerge = r.Bool("oprcanmerge");
  o.oprcanhash = r.Bool("oprcanhash");
  o.oprleft = r.OidValue("oprleft");
  o.oprright = r.OidValue("oprright");
  o.oprresult = r.OidValue("oprresult");
  o.oprcom = r.OidValue("oprcom");
  o.oprnegate = r.OidValue("oprnegate");
  o.oprcode = r.OidValue("oprcode");
  o.oprrest = r.OidValue("oprrest");
  o.oprjoin = r.OidValue("oprjoin");
  return o;
}

PgCast PgCastFromTsv(const TsvRow& r) {
  PgCast c;
  c.oid = r.OidValue("oid");
  c.castsource = r.OidValue("castsource");
  c.casttarget = r.OidValue("casttarget");
  c.castfunc = r.OidValue("castfunc");
  c.castcontext = r.Char("castcontext");
  c.castmethod = r.Char("castmethod");
  return c;
}

PgAggregate PgAggregateFromTsv(const TsvRow& r) {
  PgAggregate a;
  a.aggfnoid = r.OidValue("aggfnoid");
  a.aggkind = r.Char("aggkind");
  a.aggnumdirectargs = static_cast<int16_t>(r.Int("aggnumdirectargs"));
  a.aggtransfn = r.OidValue("aggtransfn");
  a.aggfinalfn = r.OidValue("aggfinalfn");
  a.aggcombinefn = r.OidValue("aggcombinefn");
  a.aggserialfn = r.OidValue("aggserialfn");
  a.aggdeserialfn = r.OidValue("aggdeserialfn");
  a.aggmtransfn = r.OidValue("aggmtransfn");
  a.aggminvtransfn = r.OidValue("aggminvtransfn");
  a.aggmfinalfn = r.OidValue("aggmfinalfn");
  a.aggfinalextra = r.Bool("aggfinalextra");
  a.aggfinalmodify = r.Char("aggfinalmodify");
  a.aggsortop = r.OidValue("aggsortop");
  a.aggtranstype = r.OidValue("aggtranstype");
  a.aggtransspace = static_cast<int32_t>(r.Int("aggtransspace"));
  a.agginitval = r.Opt("agginitval");
  return a;
}

PgNamespace PgNamespaceFromTsv(const TsvRow& r) {
  return {r.OidValue("oid"), r.Str("nspname"), r.OidValue("nspowner")};
}

PgAm PgAmFromTsv(const TsvRow& r) {
  return {r.OidValue("oid"), r.Str("amname"), r.Char("amtype")};
}

PgOpclass PgOpclassFromTsv(const TsvRow& r) {
  PgOpclass c;
  c.oid = r.OidValue("oid");
  c.opcmethod = r.OidValue("opcmethod");
  c.opcname = r.Str("opcname");
  c.opcnamespace = r.OidValue("opcnamespace");
  c.opcfamily = r.OidValue("opcfamily");
  c.opcintype = r.OidValue("opcintype");
  c.opcdefault = r.Bool("opcdefault");
  c.opckeytype = r.OidValue("opckeytype");
  return c;
}

PgOpfamily PgOpfamilyFromTsv(const TsvRow& r) {
  return {r.OidValue("oid"), r.OidValue("opfmethod"), r.Str("opfname"), r.OidValue("opfnamespace")};
}

PgAmop PgAmopFromTsv(const TsvRow& r) {
  PgAmop a;
  a.oid = r.OidValue("oid");
  a.amopfamily = r.OidValue("amopfamily");
  a.amoplefttype = r.OidValue("amoplefttype");
  a.amoprighttype = r.OidValue("amoprighttype");
  a.amopstrategy = static_cast<int16_t>(r.Int("amopstrategy"));
  a.amoppurpose = r.Char("amoppurpose");
  a.amopopr = r.OidValue("amopopr");
  a.amopmethod = r.OidValue("amopmethod");
  a.amopsortfamily = r.OidValue("amopsortfamily");
  return a;
}

PgAmproc PgAmprocFromTsv(const TsvRow& r) {
  PgAmproc a;
  a.oid = r.OidValue("oid");
  a.amprocfamily = r.OidValue("amprocfamily");
  a.amproclefttype = r.OidValue("amproclefttype");
  a.amprocrighttype = r.OidValue("amprocrighttype");
  a.amprocnum = static_cast<int16_t>(r.Int("amprocnum"));
  a.amproc = r.OidValue("amproc");
  return a;
}

PgCollation PgCollationFromTsv(const TsvRow& r) {
  PgCollation c;
  c.oid = r.OidValue("oid");
  c.collname = r.Str("collname");
  c.collnamespace = r.OidValue("collnamespace");
  c.collprovider = r.Char("collprovider");
  c.collencoding = static_cast<int32_t>(r.Int("collencoding"));
  return c;
}

PgAuthId PgAuthIdFromTsv(const TsvRow& r) {
  PgAuthId a;
  a.oid = r.OidValue("oid");
  a.rolname = r.Str("rolname");
  a.rolsuper = r.Bool("rolsuper");
  a.rolinherit = r.Bool("rolinherit");
  a.rolcreaterole = r.Bool("rolcreaterole");
  a.rolcreatedb = r.Bool("rolcreatedb");
  a.rolcanlogin = r.Bool("rolcanlogin");
  a.rolreplication = r.Bool("rolreplication");
  a.rolbypassrls = r.Bool("rolbypassrls");
  a.rolconnlimit = static_cast<int32_t>(r.Int("rolconnlimit"));
  a.rolpassword = r.Opt("rolpassword");
  return a;
}

PgDatabase PgDatabaseFromTsv(const TsvRow& r) {
  PgDatabase d;
  d.oid = r.OidValue("oid");
  d.datname = r.Str("datname");
  d.datdba = r.OidValue("datdba");
  d.encoding = static_cast<int32_t>(r.Int("encoding"));
  d.datlocprovider = r.Char("datlocprovider");
  d.datistemplate = r.Bool("datistemplate");
  d.datallowconn = r.Bool("datallowconn");
  d.datconnlimit = static_cast<int32_t>(r.Int("datconnlimit"));
  d.datfrozenxid = static_cast<TransactionId>(r.Int("datfrozenxid"));
  d.dattablespace = r.OidValue("dattablespace");
  d.datcollate = r.Str("datcollate");
  d.datctype = r.Str("datctype");
  return d;
}

}  // namespace hyrax::catalog

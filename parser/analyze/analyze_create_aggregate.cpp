// CREATE [OR REPLACE] AGGREGATE, new style `name(args) (SFUNC = ..., STYPE = ...)` and old
// style `name (BASETYPE = ..., SFUNC = ..., STYPE = ...)` (PostgreSQL's DefineAggregate in
// aggregatecmds.c and the support-function checks of AggregateCreate in pg_aggregate.c):
// support functions are found by overload resolution on the transition type and the
// aggregate's inputs, with PostgreSQL's messages. Moving-aggregate (MSFUNC ...) and parallel
// options are checked the same way and stored; the executor does not use them.
#include "common/notice.h"
#include "nodes/make_nodes.h"
#include "parser/analyze/analyze_stmt.h"
#include "parser/analyze/coerce.h"
#include "parser/analyze/def_elem.h"
#include "parser/analyze/format_type.h"
#include "parser/analyze/func_resolution.h"
#include "parser/analyze/type_info.h"
#include "parser/analyze/type_names.h"
#include "parser/analyze/type_oids.h"
#include "storage/catalog/namespace.h"
#include "storage/catalog/syscache.h"

namespace hyrax::parser {

namespace {

constexpr Oid kInternalLanguage = 12;
constexpr Oid kInternalTypeOid = 2281;

struct AggregateOptions {
  std::vector<std::string> sfunc, finalfunc, combinefunc, serialfunc, deserialfunc;
  std::vector<std::string> msfunc, minvfunc, mfinalfunc;
  Oid stype = kInvalidOid;
  Oid mstype = kInvalidOid;
  Oid basetype = kInvalidOid;
  std::optional<std::string> initcond, minitcond;
  bool finalextra = false;
  char finalmodify = 'r';
  char parallel = 'u';
  int32_t sspace = 0;
};

std::vector<std::string> FunctionNameArg(const PgQuery__DefElem* def) {
  if (raw::Is(def->arg, PG_QUERY__NODE__NODE_TYPE_NAME)) return TypeNameParts(def->arg->type_name);
  if (raw::Is(def->arg, PG_QUERY__NODE__NODE_LIST))
    return raw::StringList(raw::ListItems(def->arg));
  return {ConstText(def->arg)};
}

// A type option: a type name, or a string naming one ('ANY' in old-style BASETYPE).
Oid TypeArg(ParseState& ps, const PgQuery__DefElem* def) {
  if (raw::Is(def->arg, PG_QUERY__NODE__NODE_TYPE_NAME)) {
    return TypenameTypeIdAndMod(ps, def->arg->type_name).type;
  }
  std::string name = DefGetString(ps, def);
  std::string lower = name;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "any") return kAnyOid;
  Oid type = LookupTypeNameOid({name});
  if (type == kInvalidOid)
    throw MakeError(errcode::kUndefinedObject, "type \"{}\" does not exist", name);
  return type;
}

char FinalModify(const ParseState& ps, const PgQuery__DefElem* def) {
  std::string v = DefGetString(ps, def);
  if (v == "read_only") return 'r';
  if (v == "shareable") return 's';
  if (v == "read_write") return 'w';
  throw MakeError(errcode::kSyntaxError,
                  "parameter \"{}\" must be READ_ONLY, SHAREABLE, or READ_WRITE", DefName(def));
}

AggregateOptions ReadAggregateOptions(ParseState& ps, raw::NodeSpan definition) {
  AggregateOptions o;
  for (const raw::Node* n : definition) {
    const PgQuery__DefElem* def = n->def_elem;
    std::string name = DefName(def);
    if (name == "sfunc" || name == "sfunc1") {
      o.sfunc = FunctionNameArg(def);
    } else if (name == "stype" || name == "stype1") {
      o.stype = TypeArg(ps, def);
    } else if (name == "finalfunc" || name == "finalfunc1") {
      o.finalfunc = FunctionNameArg(def);
    } else if (name == "initcond" || name == "initcond1") {
      o.initcond = DefGetString(ps, def);
    } else if (name == "basetype") {
      o.basetype = TypeArg(ps, def);
    } else if (name == "combinefunc") {
      o.combinefunc = FunctionNameArg(def);
    } else if (name == "serialfunc") {
      o.serialfunc = FunctionNameArg(def);
    } else if (name == "deserialfunc") {
      o.deserialfunc = FunctionNameArg(def);
    } else if (name == "msfunc") {
      o.msfunc = FunctionNameArg(def);
    } else if (name == "minvfunc") {
      o.minvfunc = FunctionNameArg(def);
    } else if (name == "mfinalfunc") {
      o.mfinalfunc = FunctionNameArg(def);
    } else if (name == "mstype") {
      o.mstype = TypeArg(ps, def);
    } else if (name == "minitcond") {
      o.minitcond = DefGetString(ps, def);
    } else if (name == "finalfunc_extra") {
      o.finalextra = DefGetBoolean(ps, def);
    } else if (name == "finalfunc_modify") {
      o.finalmodify = FinalModify(ps, def);
    } else if (name == "sspace") {
      o.sspace = static_cast<int32_t>(DefGetInt64(ps, def));
    } else if (name == "parallel") {
      std::string v = DefGetString(ps, def);
      if (v != "safe" && v != "restricted" && v != "unsafe") {
        throw MakeError(errcode::kSyntaxError,
                        "parameter \"parallel\" must be SAFE, RESTRICTED, or UNSAFE");
      }
      o.parallel = v[0];
    } else if (name == "hypothetical" || name == "sortop" || name == "mfinalfunc_extra" ||
               name == "mfinalfunc_modify" || name == "msspace") {
      if (name == "hypothetical") {
        throw Error(errcode::kFeatureNotSupported,
                    "hypothetical-set aggregates are not supported yet");
      }
    } else {
      EmitNotice(Error(errcode::kSyntaxError,
                       fmt::format("aggregate attribute \"{}\" not recognized", name),
                       Severity::kWarning));
    }
  }
  if (o.stype == kInvalidOid) {
    throw Error(errcode::kInvalidFunctionDefinition, "aggregate stype must be specified");
  }
  if (o.sfunc.empty()) {
    throw Error(errcode::kInvalidFunctionDefinition, "aggregate sfunc must be specified");
  }
  return o;
}

// A support function called `names` with arguments `argtypes` (PostgreSQL's
// lookup_agg_function): overload resolution as for a call, but no run-time coercion.
catalog::PgProc LookupAggFunction(ParseState& ps, const std::vector<std::string>& names,
                                  const std::vector<Oid>& argtypes) {
  ExprList fargs;
  for (Oid t : argtypes) fargs.push_back(nodes::MakeNullConst(t, -1, kInvalidOid, -1, false));
  FuncDetail detail = FuncGetDetail(ps, names, fargs, {}, argtypes, false, false);
  if (detail.kind != FuncDetailKind::kNormal) {
    throw MakeError(errcode::kUndefinedFunction, "function {} does not exist",
                    FuncSignatureString(names, {}, argtypes));
  }
  if (detail.retset) {
    throw MakeError(errcode::kDatatypeMismatch, "function {} returns a set",
                    FuncSignatureString(names, {}, argtypes));
  }
  // Polymorphic parameters take the types the call would give them.
  std::vector<Oid> declared = detail.true_typeids;
  declared.resize(argtypes.size(), kInvalidOid);
  detail.proc.prorettype =
      EnforceGenericTypeConsistency(argtypes, declared, detail.proc.prorettype, true);
  for (size_t i = 0; i < argtypes.size(); ++i) {
    Oid want = declared[i];
    if (want != kAnyOid && !IsPolymorphicType(want) && !IsBinaryCoercible(argtypes[i], want)) {
      throw MakeError(errcode::kDatatypeMismatch, "function {} requires run-time type coercion",
                      FuncSignatureString(names, {}, declared));
    }
  }
  return detail.proc;
}

// The aggregate's input types: the parenthesized list, or old style's BASETYPE.
std::vector<Oid> AggregateArgTypes(ParseState& ps, const PgQuery__DefineStmt* s,
                                   const AggregateOptions& o, nodes::ProcDefinition& proc) {
  std::vector<Oid> types;
  if (s->oldstyle) {
    if (o.basetype == kInvalidOid) {
      throw Error(errcode::kInvalidFunctionDefinition, "aggregate input type must be specified");
    }
    if (o.basetype != kAnyOid) types.push_back(o.basetype);
    return types;
  }
  if (o.basetype != kInvalidOid) {
    throw Error(errcode::kInvalidFunctionDefinition,
                "basetype is redundant with aggregate input type specification");
  }
  raw::NodeSpan args = raw::Span(s->n_args, s->args);
  if (args.empty() || !raw::Is(args[0], PG_QUERY__NODE__NODE_LIST)) return types;
  if (args.size() > 1 && raw::Is(args[1], PG_QUERY__NODE__NODE_INTEGER) &&
      args[1]->integer->ival >= 0) {
    throw Error(errcode::kFeatureNotSupported, "ordered-set aggregates are not supported yet");
  }
  bool named = false;
  for (const raw::Node* n : raw::ListItems(args[0])) {
    const PgQuery__FunctionParameter* fp = n->function_parameter;
    if (fp->mode == PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_VARIADIC) {
      throw Error(errcode::kFeatureNotSupported, "VARIADIC aggregates are not supported yet");
    }
    types.push_back(TypenameTypeIdAndMod(ps, fp->arg_type).type);
    proc.argnames.emplace_back(raw::Str(fp->name));
    named |= !proc.argnames.back().empty();
  }
  if (!named) proc.argnames.clear();
  return types;
}

void CheckReturnType(const catalog::PgProc& fn, Oid type, const char* role) {
  if (fn.prorettype != type && !IsPolymorphicType(type)) {
    throw MakeError(errcode::kDatatypeMismatch, "return type of {} {} is not {}", role,
                    QuoteIdentifier(fn.proname), FormatTypeBe(type));
  }
}

// The moving-aggregate support functions (PostgreSQL's DefineAggregate and AggregateCreate
// checks); checked only, as the executor recomputes moving frames.
void CheckMovingAggregate(ParseState& ps, const AggregateOptions& o,
                          const std::vector<Oid>& argtypes) {
  if (o.mstype == kInvalidOid) {
    const char* given = !o.msfunc.empty()       ? "msfunc"
                        : !o.minvfunc.empty()   ? "minvfunc"
                        : !o.mfinalfunc.empty() ? "mfinalfunc"
                        : o.minitcond           ? "minitcond"
                                                : nullptr;
    if (given != nullptr) {
      throw MakeError(errcode::kInvalidFunctionDefinition,
                      "aggregate {} must not be specified without mstype", given);
    }
    return;
  }
  if (o.msfunc.empty() || o.minvfunc.empty()) {
    throw MakeError(errcode::kInvalidFunctionDefinition,
                    "aggregate {} must be specified when mstype is specified",
                    o.msfunc.empty() ? "msfunc" : "minvfunc");
  }
  std::vector<Oid> margs{o.mstype};
  margs.insert(margs.end(), argtypes.begin(), argtypes.end());
  catalog::PgProc msfunc = LookupAggFunction(ps, o.msfunc, margs);
  CheckReturnType(msfunc, o.mstype, "transition function");
  catalog::PgProc minvfunc = LookupAggFunction(ps, o.minvfunc, margs);
  CheckReturnType(minvfunc, o.mstype, "inverse transition function");
  if (msfunc.proisstrict != minvfunc.proisstrict) {
    throw Error(errcode::kInvalidFunctionDefinition,
                "strictness of aggregate's forward and inverse transition functions must match");
  }
  if (!o.mfinalfunc.empty()) LookupAggFunction(ps, o.mfinalfunc, {o.mstype});
}

void CheckTransitionFunction(const catalog::PgProc& fn, Oid transtype,
                             const std::vector<Oid>& argtypes,
                             const std::optional<std::string>& initcond) {
  CheckReturnType(fn, transtype, "transition function");
  if (fn.proisstrict && !initcond &&
      (argtypes.empty() || !IsBinaryCoercible(argtypes[0], transtype))) {
    throw Error(errcode::kInvalidFunctionDefinition,
                "must not omit initial value when transition function is strict and transition "
                "type is not compatible with input type");
  }
}

}  // namespace

nodes::UtilityStmtPtr TransformDefineAggregate(ParseState& ps, const PgQuery__DefineStmt* s) {
  auto stmt = std::make_shared<nodes::DefineAggregateStmt>();
  stmt->replace = s->replace;
  nodes::ProcDefinition& proc = stmt->proc;
  catalog::QualifiedName qname =
      catalog::MakeQualifiedName(raw::StringList(raw::Span(s->n_defnames, s->defnames)));
  char persistence = 'p';
  proc.name = qname.name;
  proc.namespace_oid = catalog::RangeVarGetCreationNamespace(qname, &persistence);
  proc.kind = 'a';
  proc.language = kInternalLanguage;
  proc.prosrc = "aggregate_dummy";
  proc.volatility = 'i';
  proc.cost = 1;
  AggregateOptions o = ReadAggregateOptions(ps, raw::Span(s->n_definition, s->definition));
  proc.parallel = o.parallel;
  proc.argtypes = AggregateArgTypes(ps, s, o, proc);
  stmt->transtype = o.stype;
  if (IsPseudoType(stmt->transtype) && stmt->transtype != kInternalTypeOid &&
      !IsPolymorphicType(stmt->transtype)) {
    throw MakeError(errcode::kInvalidFunctionDefinition,
                    "aggregate transition data type cannot be {}", FormatTypeBe(stmt->transtype));
  }
  stmt->initval = o.initcond;
  stmt->transspace = o.sspace;
  std::vector<Oid> trans_args{stmt->transtype};
  trans_args.insert(trans_args.end(), proc.argtypes.begin(), proc.argtypes.end());
  catalog::PgProc transfn = LookupAggFunction(ps, o.sfunc, trans_args);
  CheckTransitionFunction(transfn, stmt->transtype, proc.argtypes, o.initcond);
  stmt->transfn = transfn.oid;
  CheckMovingAggregate(ps, o, proc.argtypes);
  proc.rettype = stmt->transtype;
  if (!o.finalfunc.empty()) {
    std::vector<Oid> final_args{stmt->transtype};
    if (o.finalextra)
      final_args.insert(final_args.end(), proc.argtypes.begin(), proc.argtypes.end());
    catalog::PgProc finalfn = LookupAggFunction(ps, o.finalfunc, final_args);
    stmt->finalfn = finalfn.oid;
    stmt->finalextra = o.finalextra;
    proc.rettype = finalfn.prorettype;
  }
  stmt->finalmodify = o.finalmodify;
  if (proc.rettype == kInternalTypeOid) {
    throw Error(errcode::kInvalidFunctionDefinition,
                "aggregate final function must be specified when transition type is internal");
  }
  if (!o.combinefunc.empty()) {
    stmt->combinefn = LookupAggFunction(ps, o.combinefunc, {stmt->transtype, stmt->transtype}).oid;
  }
  if (!o.serialfunc.empty()) {
    stmt->serialfn = LookupAggFunction(ps, o.serialfunc, {stmt->transtype}).oid;
  }
  if (!o.deserialfunc.empty()) {
    stmt->deserialfn = LookupAggFunction(ps, o.deserialfunc, {kByteaOid, kInternalTypeOid}).oid;
  }
  for (Oid fn : {stmt->transfn, stmt->finalfn, stmt->combinefn}) {
    if (fn >= kFirstNormalObjectId) proc.referenced_functions.push_back(fn);
  }
  return stmt;
}

}  // namespace hyrax::parser

// User-defined functions and aggregates in the catalog (see function_commands.h).
#include "executor/commands/function_commands.h"

#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "common/error.h"
#include "common/notice.h"
#include "executor/commands/drop_relations.h"
#include "executor/commands/sequence_dependents.h"
#include "executor/commands/temp_namespace.h"
#include "executor/functions/fmgr_catalog.h"
#include "executor/types/format_type.h"
#include "storage/catalog/catalog_scan.h"
#include "storage/catalog/pg_depend.h"
#include "storage/catalog/syscache.h"
#include "storage/catalog/view_rule.h"
#include "storage/lmgr/lock_manager.h"
#include "storage/txn/transam.h"

namespace hyrax::executor::commands {

namespace {

catalog::PgProc ProcRow(const nodes::ProcDefinition& def, Oid owner) {
  catalog::PgProc row;
  row.proname = def.name;
  // pg_temp.f: the analyzer leaves the namespace unset until the session's temporary
  // schema exists. TODO(#5): drop temporary functions at session end with the relations.
  row.pronamespace = def.namespace_oid != kInvalidOid ? def.namespace_oid : EnsureTempNamespace();
  row.proowner = owner;
  row.prolang = def.language;
  row.procost = def.cost;
  row.prorows = def.rows;
  row.provariadic = def.variadic_type;
  row.prokind = def.kind;
  row.proisstrict = def.strict;
  row.proretset = def.retset;
  row.provolatile = def.volatility;
  row.proparallel = def.parallel;
  row.pronargs = static_cast<int16_t>(def.argtypes.size());
  row.pronargdefaults = def.nargdefaults;
  row.prorettype = def.rettype;
  row.proargtypes = def.argtypes;
  row.proallargtypes = def.allargtypes;
  row.proargmodes = def.argmodes;
  row.proargnames = def.argnames;
  row.proargdefaults = def.argdefaults;
  row.prosrc = def.prosrc;
  row.prosqlbody = def.sqlbody;
  return row;
}

std::optional<catalog::CatalogRowRef<catalog::PgProc>> FindExisting(const catalog::PgProc& row) {
  for (auto& ref : catalog::ScanCatalog<catalog::PgProc>()) {
    if (ref.row.proname == row.proname && ref.row.pronamespace == row.pronamespace &&
        ref.row.proargtypes == row.proargtypes) {
      return ref;
    }
  }
  return std::nullopt;
}

// Inserts `row` or replaces the existing function of that signature (OR REPLACE); returns
// the OID. PostgreSQL's ProcedureCreate checks.
Oid StoreProc(catalog::PgProc row, bool replace, const std::vector<Oid>& referenced) {
  auto existing = FindExisting(row);
  if (existing && !replace) {
    throw MakeError(errcode::kDuplicateFunction,
                    "function \"{}\" already exists with same argument types", row.proname);
  }
  if (existing) {
    const catalog::PgProc& old = existing->row;
    if (old.prokind != row.prokind) {
      throw Error(errcode::kWrongObjectType, "cannot change routine kind")
          .Detail(old.prokind == 'a' ? fmt::format("\"{}\" is an aggregate function.", old.proname)
                                     : fmt::format("\"{}\" is a function.", old.proname));
    }
    if (old.prorettype != row.prorettype || old.proretset != row.proretset) {
      throw Error(errcode::kInvalidFunctionDefinition,
                  "cannot change return type of existing function")
          .Hint(fmt::format("Use DROP {} {} first.", old.prokind == 'a' ? "AGGREGATE" : "FUNCTION",
                            FormatProcedure(old.oid)));
    }
    row.oid = old.oid;
    catalog::UpdateCatalogRow(existing->ctid, row);
    catalog::DeleteDependencies(catalog::kProcedureRelationId, row.oid);
  } else {
    row.oid = storage::GetNewObjectId();
    catalog::InsertCatalogRow(row);
  }
  RecordFunctionDependencies(catalog::kProcedureRelationId, row.oid, referenced);
  return row.oid;
}

// An object that depends on a function being dropped.
struct Dependent {
  Oid classid;
  Oid objid;
  std::string description;  // "view v", "function g(integer)", "default value for ..."
};

std::vector<Dependent> DirectDependents(Oid fn) {
  std::vector<Dependent> out;
  std::vector<Oid> defaults;
  for (const auto& d : catalog::DependentsOf(catalog::kProcedureRelationId, fn)) {
    if (d.classid == catalog::kRewriteRelationId) {
      auto rule = catalog::RuleByOid(d.objid);
      if (rule) {
        out.push_back(
            {catalog::kRelationRelationId, rule->ev_class, DescribeRelation(rule->ev_class)});
      }
    } else if (d.classid == catalog::kProcedureRelationId && d.objid != fn) {
      out.push_back({d.classid, d.objid, "function " + FormatProcedure(d.objid)});
    } else if (d.classid == catalog::kAttrDefaultRelationId) {
      defaults.push_back(d.objid);
    }
  }
  for (const auto& def : FindDependentDefaults(defaults)) {
    out.push_back({catalog::kAttrDefaultRelationId, def.ref.row.oid, def.description});
  }
  return out;
}

// Every object that depends on `fn`, directly or through dependent functions, depth first.
void CollectDependents(Oid fn, std::vector<Dependent>* out) {
  for (auto& d : DirectDependents(fn)) {
    bool seen = std::any_of(out->begin(), out->end(), [&](const Dependent& o) {
      return o.classid == d.classid && o.objid == d.objid;
    });
    if (seen) continue;
    out->push_back(d);
    if (d.classid == catalog::kProcedureRelationId) CollectDependents(d.objid, out);
  }
}

void RemoveProcRows(Oid fn) {
  catalog::DeleteCatalogRows<catalog::PgProc>(
      [&](const catalog::PgProc& p) { return p.oid == fn; });
  catalog::DeleteCatalogRows<catalog::PgAggregate>(
      [&](const catalog::PgAggregate& a) { return a.aggfnoid == fn; });
  catalog::DeleteDependencies(catalog::kProcedureRelationId, fn);
  catalog::DeleteCatalogRows<catalog::PgDescription>([&](const catalog::PgDescription& d) {
    return d.classoid == catalog::kProcedureRelationId && d.objoid == fn;
  });
}

void RemoveDependents(const std::vector<Dependent>& dependents) {
  std::vector<Oid> views;
  std::vector<Oid> default_oids;
  for (const auto& d : dependents) {
    if (d.classid == catalog::kRelationRelationId) views.push_back(d.objid);
    if (d.classid == catalog::kAttrDefaultRelationId) default_oids.push_back(d.objid);
  }
  if (!views.empty()) {
    for (Oid v : views) storage::LockRelationOid(v, storage::LockMode::kAccessExclusive);
    PerformRelationDeletions(views, /*cascade=*/true, /*quiet=*/true);
  }
  for (const auto& def : FindDependentDefaults(default_oids)) RemoveDefault(def.ref);
  for (const auto& d : dependents) {
    if (d.classid == catalog::kProcedureRelationId) RemoveProcRows(d.objid);
  }
}

void DropOneFunction(Oid fn, nodes::DropBehavior behavior) {
  std::vector<Dependent> dependents;
  CollectDependents(fn, &dependents);
  if (!dependents.empty() && behavior == nodes::DropBehavior::kRestrict) {
    std::string self = "function " + FormatProcedure(fn);
    std::string detail;
    for (const auto& d : DirectDependents(fn)) {
      if (!detail.empty()) detail += '\n';
      detail += fmt::format("{} depends on {}", d.description, self);
    }
    throw MakeError(errcode::kDependentObjectsStillExist,
                    "cannot drop {} because other objects depend on it", self)
        .Detail(detail)
        .Hint("Use DROP ... CASCADE to drop the dependent objects too.");
  }
  std::vector<std::string> lines;
  for (const auto& d : dependents) lines.push_back(d.description);
  ReportCascade(lines);
  RemoveDependents(dependents);
  RemoveProcRows(fn);
}

}  // namespace

void RecordFunctionDependencies(Oid classid, Oid depender, const std::vector<Oid>& functions) {
  std::vector<Oid> done;
  for (Oid fn : functions) {
    if (fn < kFirstNormalObjectId || fn == depender) continue;
    if (std::find(done.begin(), done.end(), fn) != done.end()) continue;
    done.push_back(fn);
    catalog::RecordDependency({classid, depender, 0}, {catalog::kProcedureRelationId, fn, 0},
                              catalog::kDependencyNormal);
  }
}

Oid CreateFunction(const nodes::CreateFunctionStmt& stmt, Oid owner) {
  return StoreProc(ProcRow(stmt.proc, owner), stmt.replace, stmt.proc.referenced_functions);
}

Oid DefineAggregate(const nodes::DefineAggregateStmt& stmt, Oid owner) {
  Oid oid = StoreProc(ProcRow(stmt.proc, owner), stmt.replace, stmt.proc.referenced_functions);
  catalog::DeleteCatalogRows<catalog::PgAggregate>(
      [&](const catalog::PgAggregate& a) { return a.aggfnoid == oid; });
  catalog::PgAggregate agg;
  agg.aggfnoid = oid;
  agg.aggtransfn = stmt.transfn;
  agg.aggfinalfn = stmt.finalfn;
  agg.aggcombinefn = stmt.combinefn;
  agg.aggserialfn = stmt.serialfn;
  agg.aggdeserialfn = stmt.deserialfn;
  agg.aggfinalextra = stmt.finalextra;
  agg.aggfinalmodify = stmt.finalmodify;
  agg.aggsortop = stmt.sortop;
  agg.aggtranstype = stmt.transtype;
  agg.aggtransspace = stmt.transspace;
  agg.agginitval = stmt.initval;
  catalog::InsertCatalogRow(agg);
  return oid;
}

void DropFunctions(const nodes::DropStmt& stmt) {
  std::vector<Oid> done;
  for (const auto& obj : stmt.objects) {
    if (obj.oid == kInvalidOid) {
      EmitNotice(Error(errcode::kSuccessfulCompletion, obj.missing_notice, Severity::kNotice));
      continue;
    }
    if (std::find(done.begin(), done.end(), obj.oid) != done.end()) continue;
    done.push_back(obj.oid);
    if (!catalog::Syscache().ProcByOid(obj.oid)) continue;  // dropped by an earlier cascade
    DropOneFunction(obj.oid, stmt.behavior);
  }
}

}  // namespace hyrax::executor::commands

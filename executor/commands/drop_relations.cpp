// Dependency-aware removal of relations (see drop_relations.h). Dependents are found by a
// depth-first walk over pg_depend (rule of view V → relation R), reported in the order
// found and dropped deepest first, as PostgreSQL's findDependentObjects does for these
// simple chains.
#include "executor/commands/drop_relations.h"

#include <algorithm>
#include <set>
#include <string>

#include <fmt/format.h>

#include "common/error.h"
#include "common/notice.h"
#include "executor/commands/foreign_key.h"
#include "executor/commands/index_commands.h"
#include "executor/commands/sequence_dependents.h"
#include "executor/types/quote_ident.h"
#include "storage/catalog/heap_create.h"
#include "storage/catalog/namespace.h"
#include "storage/catalog/pg_depend.h"
#include "storage/catalog/pg_inherits.h"
#include "storage/catalog/sequence_owner.h"
#include "storage/catalog/syscache.h"
#include "storage/catalog/view_rule.h"
#include "storage/lmgr/lock_manager.h"
#include "storage/txn/xact.h"

namespace hyrax::executor::commands {

std::string DescribeRelation(Oid relid) {
  auto rel = catalog::Syscache().RelationByOid(relid);
  if (!rel) return fmt::format("relation {}", relid);
  const char* kind = rel->relkind == 'v'   ? "view"
                     : rel->relkind == 'm' ? "materialized view"
                     : rel->relkind == 'i' ? "index"
                     : rel->relkind == 'S' ? "sequence"
                                           : "table";
  std::string name = QuoteIdentifier(rel->relname);
  if (!catalog::RelationIsVisible(relid)) {
    auto nsp = catalog::Syscache().NamespaceByOid(rel->relnamespace);
    if (nsp) name = QuoteIdentifier(nsp->nspname) + "." + name;
  }
  return fmt::format("{} {}", kind, name);
}

namespace {

// The views whose rule depends on `relid`, once each, in pg_depend order.
std::vector<Oid> DirectDependentViews(Oid relid) {
  std::vector<Oid> views;
  for (const auto& dep : catalog::DependentsOf(catalog::kRelationRelationId, relid)) {
    if (dep.classid != catalog::kRewriteRelationId || dep.deptype != 'n') continue;
    auto rule = catalog::RuleByOid(dep.objid);
    if (!rule || rule->ev_class == relid) continue;
    if (std::find(views.begin(), views.end(), rule->ev_class) == views.end()) {
      views.push_back(rule->ev_class);
    }
  }
  return views;
}

struct DependentSearch {
  std::set<Oid> targets;
  std::set<Oid> seen;
  std::vector<Oid> drop_order;      // dependents, deepest first
  std::vector<std::string> report;  // "view v depends on table t"

  void Visit(Oid relid) {
    // Inheritance children depend on their parents; partitions go with their partitioned
    // table without being reported (PostgreSQL's DEPENDENCY_AUTO).
    for (Oid child : catalog::InheritanceChildren(relid)) {
      if (!seen.insert(child).second) continue;
      auto rel = catalog::Syscache().RelationByOid(child);
      if (!targets.count(child)) {
        storage::LockRelationOid(child, storage::LockMode::kAccessExclusive);
        if (rel && !rel->relispartition) {
          report.push_back(
              fmt::format("{} depends on {}", DescribeRelation(child), DescribeRelation(relid)));
        }
      }
      Visit(child);
      if (!targets.count(child)) drop_order.push_back(child);
    }
    for (Oid view : DirectDependentViews(relid)) {
      if (!seen.insert(view).second) continue;
      if (!targets.count(view)) {
        storage::LockRelationOid(view, storage::LockMode::kAccessExclusive);
        report.push_back(
            fmt::format("{} depends on {}", DescribeRelation(view), DescribeRelation(relid)));
      }
      Visit(view);
      if (!targets.count(view)) drop_order.push_back(view);
    }
  }
};

std::string JoinLines(const std::vector<std::string>& lines, const char* prefix) {
  std::string out;
  for (const auto& line : lines) {
    if (!out.empty()) out += '\n';
    out += prefix + line;
  }
  return out;
}

// `target`: the description of the one object being dropped ("table t", "column a of table
// t"), or empty when several are.
void ReportDependents(const std::string& target, const DependentSearch& search, bool cascade,
                      bool quiet) {
  if (search.report.empty()) return;
  if (!cascade) {
    std::string message =
        !target.empty()
            ? fmt::format("cannot drop {} because other objects depend on it", target)
            : std::string("cannot drop desired object(s) because other objects depend on them");
    throw Error(errcode::kDependentObjectsStillExist, message)
        .Detail(JoinLines(search.report, ""))
        .Hint("Use DROP ... CASCADE to drop the dependent objects too.");
  }
  if (quiet) return;
  std::vector<std::string> dropped;
  for (const auto& line : search.report) {
    dropped.push_back(line.substr(0, line.find(" depends on ")));
  }
  ReportCascade(dropped);
}

// Drops a relation with its indexes, view rule and, for a table, the sequences its serial
// and identity columns own.
void DropOneRelation(Oid relid) {
  auto rel = catalog::Syscache().RelationByOid(relid);
  if (!rel) return;
  if (rel->relkind == 'v') catalog::DropViewRule(relid);
  for (const auto& idx : catalog::Syscache().IndexesOf(relid)) {
    storage::LockRelationOid(idx.indexrelid, storage::LockMode::kAccessExclusive);
    DropIndexRelation(idx.indexrelid);
  }
  std::vector<Oid> owned;
  if (rel->relkind != 'S') owned = catalog::OwnedSequences(relid);
  catalog::DropHeapRelation(relid);
  for (Oid seqid : owned) {
    storage::LockRelationOid(seqid, storage::LockMode::kAccessExclusive);
    if (catalog::Syscache().RelationByOid(seqid)) catalog::DropHeapRelation(seqid);
  }
  storage::CommandCounterIncrement();
}

}  // namespace

std::vector<std::string> MemberDependencyReport(const std::vector<Oid>& relids,
                                                const std::string& owner) {
  DependentSearch search;
  search.targets.insert(relids.begin(), relids.end());
  for (Oid relid : relids) {
    search.report.push_back(fmt::format("{} depends on {}", DescribeRelation(relid), owner));
    search.Visit(relid);
  }
  return search.report;
}

void PerformRelationDeletions(const std::vector<Oid>& relids, bool cascade, bool quiet) {
  DependentSearch search;
  search.targets.insert(relids.begin(), relids.end());
  for (Oid relid : relids) search.Visit(relid);
  // Foreign keys of other tables referencing one of them: dropped with CASCADE.
  std::vector<ForeignKeyDependent> foreign_keys = ForeignKeysDependingOn(relids);
  for (const auto& fk : foreign_keys) {
    search.report.push_back(fk.description + " depends on " + fk.referenced);
  }
  ReportDependents(relids.size() == 1 ? DescribeRelation(relids.front()) : "", search, cascade,
                   quiet);
  // Column defaults calling nextval on a sequence being dropped (2BP01, or removed under
  // CASCADE).
  for (Oid relid : relids) {
    auto rel = catalog::Syscache().RelationByOid(relid);
    if (rel && rel->relkind == 'S') {
      CheckSequenceDependents(
          *rel, cascade ? nodes::DropBehavior::kCascade : nodes::DropBehavior::kRestrict);
    }
  }
  // Nothing checks dependencies while the rows go, so the order only has to remove each
  // relation once: dependents (deepest first), then the targets as named.
  for (const auto& fk : foreign_keys) DropForeignKeyConstraint(fk.constraint_oid);
  for (Oid view : search.drop_order) DropOneRelation(view);
  for (Oid relid : relids) {
    DropForeignKeysOf(relid);
    DropOneRelation(relid);
  }
}

void DropColumnDependentViews(Oid relid, const std::string& column_name,
                              const std::vector<Oid>& views, bool cascade) {
  if (views.empty()) return;
  // PostgreSQL's getObjectDescription does not quote the column name.
  std::string column = fmt::format("column {} of {}", column_name, DescribeRelation(relid));
  DependentSearch search;
  for (Oid view : views) {
    if (!search.seen.insert(view).second) continue;
    storage::LockRelationOid(view, storage::LockMode::kAccessExclusive);
    search.report.push_back(fmt::format("{} depends on {}", DescribeRelation(view), column));
    search.Visit(view);
    search.drop_order.push_back(view);
  }
  ReportDependents(column, search, cascade, /*quiet=*/false);
  for (Oid view : search.drop_order) DropOneRelation(view);
}

void ReportCascade(const std::vector<std::string>& objects) {
  if (objects.empty()) return;
  if (objects.size() == 1) {
    EmitNotice(
        Error(errcode::kSuccessfulCompletion, "drop cascades to " + objects[0], Severity::kNotice));
    return;
  }
  EmitNotice(Error(errcode::kSuccessfulCompletion,
                   fmt::format("drop cascades to {} other objects", objects.size()),
                   Severity::kNotice)
                 .Detail(JoinLines(objects, "drop cascades to ")));
}

}  // namespace hyrax::executor::commands

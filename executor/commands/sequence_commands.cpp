// CREATE/ALTER SEQUENCE and OWNED BY (see sequence_commands.h).
#include "executor/commands/sequence_commands.h"

#include "common/assert.h"
#include "common/error.h"
#include "common/notice.h"
#include "executor/commands/sequence_options.h"
#include "executor/commands/temp_namespace.h"
#include "storage/catalog/catalog_desc.h"
#include "storage/catalog/catalog_scan.h"
#include "storage/catalog/heap_create.h"
#include "storage/catalog/inval.h"
#include "storage/catalog/namespace.h"
#include "storage/catalog/sequence_owner.h"
#include "storage/catalog/syscache.h"
#include "storage/lmgr/lock_manager.h"
#include "storage/sequence/sequence.h"
#include "storage/txn/xact.h"

namespace hyrax::executor::commands {

namespace {

constexpr Oid kInt8 = 20, kBool = 16;

catalog::NewColumn SequenceColumn(const char* name, Oid type) {
  catalog::NewColumn c;
  c.name = name;
  c.type_oid = type;
  c.not_null = true;
  return c;
}

// Replaces the pg_sequence row of `params.seqrelid`.
void UpdateSequenceRow(const catalog::PgSequence& params) {
  for (const auto& ref : catalog::ScanCatalog<catalog::PgSequence>()) {
    if (ref.row.seqrelid != params.seqrelid) continue;
    catalog::UpdateCatalogRow(ref.ctid, params);
    return;
  }
  throw MakeError(errcode::kInternalError, "cache lookup failed for sequence {}", params.seqrelid);
}

}  // namespace

Oid DefineSequence(const std::string& name, Oid namespace_oid, char persistence,
                   const nodes::SequenceOptions& options, Oid owner) {
  ResolvedSequence resolved = ResolveSequenceOptions(options, nullptr, nullptr);
  catalog::NewRelation spec;
  spec.name = name;
  spec.namespace_oid = namespace_oid;
  spec.relkind = 'S';
  spec.persistence = persistence;
  spec.owner = owner;
  spec.columns = {SequenceColumn("last_value", kInt8), SequenceColumn("log_cnt", kInt8),
                  SequenceColumn("is_called", kBool)};
  Oid seqid = catalog::CreateHeapRelation(spec);
  storage::LockRelationOid(seqid, storage::LockMode::kAccessExclusive);
  resolved.params.seqrelid = seqid;
  catalog::InsertCatalogRow(resolved.params);
  storage::CommandCounterIncrement();
  std::optional<catalog::PgClass> rel = catalog::Syscache().RelationByOid(seqid);
  HYRAX_CHECK(rel.has_value(), "new sequence is not visible");
  storage::InitSequencePage(seqid, catalog::HeapRelationFor(*rel).locator, *resolved.new_state);
  return seqid;
}

void CreateSequence(const nodes::CreateSequenceStmt& stmt, Oid owner) {
  bool exists = stmt.already_exists || (stmt.if_not_exists && catalog::Syscache().RelationByName(
                                                                  stmt.name, stmt.namespace_oid));
  if (exists) {
    EmitNotice(Error(errcode::kDuplicateTable,
                     fmt::format("relation \"{}\" already exists, skipping", stmt.name),
                     Severity::kNotice));
    return;
  }
  // The analyzer could not know the temporary schema if this session has none yet.
  Oid namespace_oid = stmt.relpersistence == 't' ? EnsureTempNamespace() : stmt.namespace_oid;
  Oid seqid = DefineSequence(stmt.name, namespace_oid, stmt.relpersistence, stmt.options, owner);
  if (stmt.options.owned_by) {
    storage::CommandCounterIncrement();
    SetOwnedBy(seqid, *stmt.options.owned_by);
  }
}

void AlterSequence(const nodes::AlterSequenceStmt& stmt) {
  if (stmt.seqid == kInvalidOid) {
    EmitNotice(Error(errcode::kSuccessfulCompletion, stmt.missing_notice, Severity::kNotice));
    return;
  }
  storage::PreventCommandIfReadOnly("ALTER SEQUENCE");
  storage::LockRelationOid(stmt.seqid, storage::LockMode::kShareRowExclusive);
  catalog::PgSequence existing = storage::GetSequenceParams(stmt.seqid);
  storage::SequenceData current = storage::ReadSequenceState(stmt.seqid);
  ResolvedSequence resolved = ResolveSequenceOptions(stmt.options, &existing, &current);
  UpdateSequenceRow(resolved.params);
  catalog::CacheInvalidateRelation(stmt.seqid);
  if (resolved.new_state) {
    storage::ResetSequenceState(stmt.seqid, *resolved.new_state);
  } else {
    storage::DiscardSequenceCache(stmt.seqid);
  }
  if (stmt.options.owned_by) SetOwnedBy(stmt.seqid, *stmt.options.owned_by);
}

void RecordSequenceOwner(Oid seqid, Oid relid, int16_t attnum, char deptype) {
  catalog::DeleteCatalogRows<catalog::PgDepend>([&](const catalog::PgDepend& d) {
    return d.classid == catalog::kRelationRelationId && d.objid == seqid &&
           d.refclassid == catalog::kRelationRelationId &&
           (d.deptype == catalog::kDependencyAuto || d.deptype == catalog::kDependencyInternal);
  });
  catalog::RecordDependency({catalog::kRelationRelationId, seqid, 0},
                            {catalog::kRelationRelationId, relid, attnum}, deptype);
}

void SetOwnedBy(Oid seqid, const std::vector<std::string>& owned_by) {
  if (auto owner = catalog::GetSequenceOwner(seqid);
      owner && owner->deptype == catalog::kDependencyInternal) {
    auto seq = catalog::Syscache().RelationByOid(seqid);
    auto table = catalog::Syscache().RelationByOid(owner->relid);
    throw Error(errcode::kFeatureNotSupported, "cannot change ownership of identity sequence")
        .Detail(fmt::format("Sequence \"{}\" is linked to table \"{}\".", seq ? seq->relname : "?",
                            table ? table->relname : "?"));
  }
  if (owned_by.size() == 1 && owned_by[0] == "none") {
    catalog::DeleteCatalogRows<catalog::PgDepend>([&](const catalog::PgDepend& d) {
      return d.classid == catalog::kRelationRelationId && d.objid == seqid &&
             d.deptype == catalog::kDependencyAuto;
    });
    return;
  }
  if (owned_by.size() < 2) {
    throw Error(errcode::kSyntaxError, "invalid OWNED BY option")
        .Hint("Specify OWNED BY table.column or OWNED BY NONE.");
  }
  std::vector<std::string> table_name(owned_by.begin(), owned_by.end() - 1);
  const std::string& column = owned_by.back();
  Oid relid = catalog::RangeVarGetRelid(catalog::MakeQualifiedName(table_name), false);
  storage::LockRelationOid(relid, storage::LockMode::kAccessShare);
  std::optional<catalog::PgClass> table = catalog::Syscache().RelationByOid(relid);
  std::optional<catalog::PgClass> seq = catalog::Syscache().RelationByOid(seqid);
  HYRAX_CHECK(table && seq, "relation of OWNED BY vanished");
  if (table->relkind != 'r' && table->relkind != 'p' && table->relkind != 'f' &&
      table->relkind != 'v') {
    throw MakeError(errcode::kWrongObjectType, "sequence cannot be owned by relation \"{}\"",
                    table->relname);
  }
  if (table->relowner != seq->relowner) {
    throw Error(errcode::kObjectNotInPrerequisiteState,
                "sequence must have same owner as table it is linked to");
  }
  if (table->relnamespace != seq->relnamespace) {
    throw Error(errcode::kObjectNotInPrerequisiteState,
                "sequence must be in same schema as table it is linked to");
  }
  int16_t attnum = 0;
  for (const auto& att : catalog::Syscache().AttributesOf(relid)) {
    if (!att.attisdropped && att.attname == column) attnum = att.attnum;
  }
  if (attnum == 0) {
    throw MakeError(errcode::kUndefinedColumn, "column \"{}\" of relation \"{}\" does not exist",
                    column, table->relname);
  }
  RecordSequenceOwner(seqid, relid, attnum, catalog::kDependencyAuto);
}

}  // namespace hyrax::executor::commands

// CREATE TABLE ... LIKE (see table_like.h).
#include "parser/analyze/table_like.h"

#include <algorithm>

#include "common/error.h"
#include "nodes/serialize.h"
#include "parser/analyze/inherited_columns.h"
#include "storage/catalog/catalog_scan.h"
#include "storage/catalog/namespace.h"
#include "storage/catalog/sequence_owner.h"
#include "storage/sequence/sequence.h"

namespace hyrax::parser {

namespace {

// PostgreSQL's CREATE_TABLE_LIKE_* option bits (TableLikeClause.options).
constexpr uint32_t kLikeComments = 1u << 0;
constexpr uint32_t kLikeConstraints = 1u << 2;
constexpr uint32_t kLikeDefaults = 1u << 3;
constexpr uint32_t kLikeIdentity = 1u << 5;
constexpr uint32_t kLikeIndexes = 1u << 6;
constexpr uint32_t kLikeStorage = 1u << 8;

const char* RelkindDetail(char relkind) {
  switch (relkind) {
    case 'i':
    case 'I':
      return "This operation is not supported for indexes.";
    case 'S':
      return "This operation is not supported for sequences.";
    case 't':
      return "This operation is not supported for TOAST tables.";
    default:
      return "This operation is not supported for this type of relation.";
  }
}

catalog::RelationPtr OpenLikeSource(ParseState& ps, const PgQuery__RangeVar* rv) {
  std::vector<std::string> name;
  if (rv->schemaname && rv->schemaname[0]) name.push_back(rv->schemaname);
  name.push_back(rv->relname);
  catalog::RelationPtr rel = WithErrorPosition(ps, rv->location, [&] {
    Oid relid = catalog::RangeVarGetRelid(catalog::MakeQualifiedName(name), false);
    return catalog::RelationIdGetRelation(relid);
  });
  if (!rel) {
    throw MakeError(errcode::kUndefinedTable, "relation \"{}\" does not exist", rv->relname);
  }
  const std::string allowed = "rvmfcp";
  if (allowed.find(rel->relkind()) == std::string::npos) {
    ThrowAt(ps,
            MakeError(errcode::kWrongObjectType, "relation \"{}\" is invalid in LIKE clause",
                      rel->name())
                .Detail(RelkindDetail(rel->relkind())),
            rv->location);
  }
  return rel;
}

nodes::SequenceOptions IdentityOptions(const catalog::RelationData& source,
                                       const storage::AttributeDesc& attr) {
  nodes::SequenceOptions out;
  out.type = attr.type_oid;
  std::vector<Oid> seqs = catalog::OwnedSequences(source.oid, attr.attnum, 'i');
  if (seqs.empty()) return out;
  catalog::PgSequence seq = storage::GetSequenceParams(seqs[0]);
  out.start = seq.seqstart;
  out.increment = seq.seqincrement;
  out.minvalue = seq.seqmin;
  out.maxvalue = seq.seqmax;
  out.cache = seq.seqcache;
  out.cycle = seq.seqcycle;
  return out;
}

int16_t NewAttnum(const nodes::CreateTableStmt& stmt, const catalog::RelationData& source,
                  int16_t source_attnum) {
  if (source_attnum <= 0) return source_attnum;
  return NewColumnAttnum(stmt, source.desc->attr(source_attnum - 1).name);
}

std::vector<int16_t> NewAttnums(const nodes::CreateTableStmt& stmt,
                                const catalog::RelationData& source,
                                const std::vector<int16_t>& source_attnums, size_t from,
                                size_t to) {
  std::vector<int16_t> out;
  for (size_t i = from; i < to && i < source_attnums.size(); ++i) {
    out.push_back(NewAttnum(stmt, source, source_attnums[i]));
  }
  return out;
}

void AddCheckConstraints(nodes::CreateTableStmt& stmt, const catalog::RelationData& source) {
  std::vector<const catalog::PgConstraint*> checks;
  for (const auto& con : source.constraints) {
    if (con.contype == 'c' && con.conbin) checks.push_back(&con);
  }
  std::sort(checks.begin(), checks.end(),
            [](const auto* a, const auto* b) { return a->oid < b->oid; });
  for (const auto* con : checks) {
    nodes::ConstraintDefinition def;
    def.kind = nodes::ConstraintKind::kCheck;
    def.name = con->conname;
    def.no_inherit = con->connoinherit;
    def.check_expr = RemapColumnsByName(source, *con->conbin, stmt.columns);
    stmt.constraints.push_back(std::move(def));
  }
}

const catalog::PgConstraint* IndexConstraint(const catalog::RelationData& source, Oid indexrelid) {
  for (const auto& con : source.constraints) {
    if ((con.contype == 'p' || con.contype == 'u') && con.conindid == indexrelid) return &con;
  }
  return nullptr;
}

// An index of the source as a PRIMARY KEY / UNIQUE constraint or a CREATE INDEX to run
// after the table exists; names are chosen for the new table as PostgreSQL does.
void AddIndexes(nodes::CreateTableStmt& stmt, const catalog::RelationData& source) {
  std::vector<const catalog::PgIndex*> indexes;
  for (const auto& index : source.indexes) indexes.push_back(&index);
  std::sort(indexes.begin(), indexes.end(),
            [](const auto* a, const auto* b) { return a->indexrelid < b->indexrelid; });
  for (const auto* index : indexes) {
    size_t nkey = static_cast<size_t>(index->indnkeyatts);
    if (const catalog::PgConstraint* con = IndexConstraint(source, index->indexrelid)) {
      nodes::ConstraintDefinition def;
      def.kind =
          con->contype == 'p' ? nodes::ConstraintKind::kPrimaryKey : nodes::ConstraintKind::kUnique;
      def.deferrable = con->condeferrable;
      def.initially_deferred = con->condeferred;
      def.nulls_not_distinct = index->indnullsnotdistinct;
      def.key_attnums = NewAttnums(stmt, source, index->indkey, 0, nkey);
      def.include_attnums = NewAttnums(stmt, source, index->indkey, nkey, index->indkey.size());
      stmt.constraints.push_back(std::move(def));
      continue;
    }
    if (index->indexprs || index->indpred) {
      throw Error(errcode::kFeatureNotSupported,
                  "copying expression or partial indexes with LIKE is not supported yet");
    }
    auto create = std::make_shared<nodes::CreateIndexStmt>();
    create->access_method = catalog::kBtreeAmOid;
    create->unique = index->indisunique;
    create->nulls_not_distinct = index->indnullsnotdistinct;
    for (size_t i = 0; i < index->indkey.size(); ++i) {
      nodes::IndexElement el;
      el.attnum = NewAttnum(stmt, source, index->indkey[i]);
      el.name = stmt.columns.at(el.attnum - 1).name;
      if (i < nkey) {
        el.collation = i < index->indcollation.size() ? index->indcollation[i] : kInvalidOid;
        el.opclass = i < index->indclass.size() ? index->indclass[i] : kInvalidOid;
        int16_t option = i < index->indoption.size() ? index->indoption[i] : 0;
        el.descending = (option & 1) != 0;
        el.nulls_first = (option & 2) != 0;
        create->elements.push_back(std::move(el));
      } else {
        create->including.push_back(std::move(el));
      }
    }
    stmt.like_indexes.push_back(std::move(create));
  }
}

void AddColumnComments(nodes::CreateTableStmt& stmt, const catalog::RelationData& source) {
  for (const auto& ref : catalog::ScanCatalog<catalog::PgDescription>()) {
    const catalog::PgDescription& d = ref.row;
    if (d.classoid != catalog::kRelationRelationId || d.objoid != source.oid || d.objsubid <= 0) {
      continue;
    }
    if (d.objsubid > source.desc->natts()) continue;
    int16_t attnum = NewAttnum(stmt, source, static_cast<int16_t>(d.objsubid));
    if (attnum > 0) stmt.column_comments.emplace_back(attnum, d.description);
  }
}

}  // namespace

PendingTableLike ExpandTableLikeColumns(CreateTableContext& ctx,
                                        const PgQuery__TableLikeClause* like) {
  PendingTableLike pending;
  pending.source = OpenLikeSource(*ctx.ps, like->relation);
  pending.options = like->options;
  const catalog::RelationData& source = *pending.source;
  nodes::CreateTableStmt& stmt = *ctx.stmt;
  for (int i = 0; i < source.desc->natts(); ++i) {
    const storage::AttributeDesc& attr = source.desc->attr(i);
    if (attr.dropped) continue;
    if (NewColumnAttnum(stmt, attr.name) != 0) {
      throw MakeError(errcode::kDuplicateColumn, "column \"{}\" specified more than once",
                      attr.name);
    }
    nodes::ColumnDefinition col;
    col.name = attr.name;
    col.type = attr.type_oid;
    col.typmod = attr.typmod;
    col.collation = attr.collation;
    col.not_null = attr.not_null;
    if ((pending.options & kLikeDefaults) && attr.generated == '\0') {
      for (const auto& d : source.defaults) {
        if (d.adnum == attr.attnum) col.default_expr = nodes::StringToNode(d.adbin);
      }
    }
    if ((pending.options & kLikeIdentity) && attr.identity != '\0') {
      col.identity = attr.identity;
      col.identity_options = IdentityOptions(source, attr);
    }
    if (pending.options & kLikeStorage) {
      switch (attr.storage) {
        case 'p':
          col.storage = "plain";
          break;
        case 'e':
          col.storage = "external";
          break;
        case 'm':
          col.storage = "main";
          break;
        default:
          col.storage = "extended";
          break;
      }
    }
    stmt.columns.push_back(std::move(col));
  }
  return pending;
}

void AddTableLikeDependents(nodes::CreateTableStmt& stmt, const PendingTableLike& like) {
  const catalog::RelationData& source = *like.source;
  if (like.options & kLikeConstraints) AddCheckConstraints(stmt, source);
  if (like.options & kLikeIndexes) AddIndexes(stmt, source);
  if (like.options & kLikeComments) AddColumnComments(stmt, source);
}

}  // namespace hyrax::parser

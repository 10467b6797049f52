// COPY: the table and column list (or the query of COPY (query) TO), the WHERE clause of
// COPY FROM, and the option list checked and defaulted as PostgreSQL's DoCopy and
// ProcessCopyOptions do (copy.c), with their messages.
#include <algorithm>

#include "parser/analyze/analyze_expr.h"
#include "parser/analyze/analyze_stmt.h"
#include "parser/analyze/clause.h"
#include "parser/analyze/collate.h"
#include "parser/analyze/def_elem.h"
#include "parser/analyze/scope.h"
#include "storage/lmgr/lock_manager.h"

namespace hyrax::parser {

namespace {

using nodes::CopyFormat;

[[noreturn]] void Redundant(const ParseState& ps, const PgQuery__DefElem* def) {
  ThrowAt(ps, Error(errcode::kSyntaxError, "conflicting or redundant options"), def->location);
}

std::vector<int16_t> ColumnNumbers(const catalog::RelationData& rel,
                                   const std::vector<std::string>& names) {
  std::vector<int16_t> out;
  for (const auto& name : names) {
    int16_t attnum = 0;
    for (int i = 0; i < rel.desc->natts(); ++i) {
      if (!rel.desc->attr(i).dropped && rel.desc->attr(i).name == name)
        attnum = static_cast<int16_t>(i + 1);
    }
    if (attnum == 0) {
      throw MakeError(errcode::kUndefinedColumn, "column \"{}\" of relation \"{}\" does not exist",
                      name, rel.name());
    }
    if (std::find(out.begin(), out.end(), attnum) != out.end()) {
      throw MakeError(errcode::kDuplicateColumn, "column \"{}\" specified more than once", name);
    }
    out.push_back(attnum);
  }
  return out;
}

struct RawCopyOptions {
  const PgQuery__DefElem* format = nullptr;
  const PgQuery__DefElem* force_quote = nullptr;
  const PgQuery__DefElem* force_not_null = nullptr;
  const PgQuery__DefElem* force_null = nullptr;
  bool delimiter_set = false, null_set = false, quote_set = false, escape_set = false;
  bool header_set = false, freeze_set = false, encoding_set = false;
};

void ReadOptions(const ParseState& ps, raw::NodeSpan options, nodes::CopyStmt& stmt,
                 RawCopyOptions& seen) {
  for (const raw::Node* n : options) {
    const PgQuery__DefElem* def = n->def_elem;
    std::string name = DefName(def);
    auto once = [&](bool& flag) {
      if (flag) Redundant(ps, def);
      flag = true;
    };
    if (name == "format") {
      if (seen.format) Redundant(ps, def);
      seen.format = def;
      std::string fmt = DefGetString(ps, def);
      if (fmt == "text") {
        stmt.format = CopyFormat::kText;
      } else if (fmt == "csv") {
        stmt.format = CopyFormat::kCsv;
      } else if (fmt == "binary") {
        stmt.format = CopyFormat::kBinary;
      } else {
        ThrowAt(
            ps,
            MakeError(errcode::kInvalidParameterValue, "COPY format \"{}\" not recognized", fmt),
            def->location);
      }
    } else if (name == "freeze") {
      once(seen.freeze_set);
      stmt.freeze = DefGetBoolean(ps, def);
    } else if (name == "delimiter") {
      once(seen.delimiter_set);
      stmt.delimiter = DefGetString(ps, def);
    } else if (name == "null") {
      once(seen.null_set);
      stmt.null_string = DefGetString(ps, def);
    } else if (name == "header") {
      once(seen.header_set);
      std::string v = def->arg ? ConstText(def->arg) : "true";
      for (char& c : v) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (v == "match") {
        stmt.header = stmt.header_match = true;
      } else {
        stmt.header = DefGetBoolean(ps, def);
      }
    } else if (name == "quote") {
      once(seen.quote_set);
      stmt.quote = DefGetString(ps, def);
    } else if (name == "escape") {
      once(seen.escape_set);
      stmt.escape = DefGetString(ps, def);
    } else if (name == "force_quote") {
      if (seen.force_quote) Redundant(ps, def);
      seen.force_quote = def;
    } else if (name == "force_not_null") {
      if (seen.force_not_null) Redundant(ps, def);
      seen.force_not_null = def;
    } else if (name == "force_null") {
      if (seen.force_null) Redundant(ps, def);
      seen.force_null = def;
    } else if (name == "encoding") {
      once(seen.encoding_set);
      stmt.encoding = DefGetString(ps, def);
    } else {
      ThrowAt(ps, MakeError(errcode::kSyntaxError, "option \"{}\" not recognized", name),
              def->location);
    }
  }
}

// PostgreSQL's checks after reading the options, and the defaults.
void CheckOptions(nodes::CopyStmt& stmt, const RawCopyOptions& seen) {
  bool csv = stmt.format == CopyFormat::kCsv;
  bool binary = stmt.format == CopyFormat::kBinary;
  auto fail = [](SqlState code, const char* msg) { throw Error(code, msg); };
  if (binary && seen.delimiter_set)
    fail(errcode::kSyntaxError, "cannot specify DELIMITER in BINARY mode");
  if (binary && seen.null_set) fail(errcode::kSyntaxError, "cannot specify NULL in BINARY mode");
  if (binary && seen.header_set)
    fail(errcode::kSyntaxError, "cannot specify HEADER in BINARY mode");
  if (!seen.delimiter_set) stmt.delimiter = csv ? "," : "\t";
  if (!seen.null_set) stmt.null_string = csv ? "" : "\\N";
  if (csv) {
    if (!seen.quote_set) stmt.quote = "\"";
    if (!seen.escape_set) stmt.escape = stmt.quote;
  }
  if (stmt.delimiter.size() != 1) {
    fail(errcode::kFeatureNotSupported, "COPY delimiter must be a single one-byte character");
  }
  if (stmt.delimiter == "\n" || stmt.delimiter == "\r") {
    fail(errcode::kInvalidParameterValue, "COPY delimiter cannot be newline or carriage return");
  }
  if (stmt.null_string.find_first_of("\r\n") != std::string::npos) {
    fail(errcode::kInvalidParameterValue,
         "COPY null representation cannot use newline or carriage return");
  }
  if (!csv && std::string_view("\\.abcdefghijklmnopqrstuvwxyz0123456789").find(stmt.delimiter[0]) !=
                  std::string_view::npos) {
    throw MakeError(errcode::kInvalidParameterValue, "COPY delimiter cannot be \"{}\"",
                    stmt.delimiter);
  }
  if (stmt.header && stmt.header_match && !stmt.is_from) {
    fail(errcode::kFeatureNotSupported, "cannot use \"match\" with HEADER in COPY TO");
  }
  if (!csv && seen.quote_set)
    fail(errcode::kFeatureNotSupported, "COPY quote available only in CSV mode");
  if (csv && stmt.quote.size() != 1) {
    fail(errcode::kFeatureNotSupported, "COPY quote must be a single one-byte character");
  }
  if (csv && stmt.delimiter == stmt.quote) {
    fail(errcode::kInvalidParameterValue, "COPY delimiter and quote must be different");
  }
  if (!csv && seen.escape_set)
    fail(errcode::kFeatureNotSupported, "COPY escape available only in CSV mode");
  if (csv && stmt.escape.size() != 1) {
    fail(errcode::kFeatureNotSupported, "COPY escape must be a single one-byte character");
  }
  if (seen.force_quote && !csv)
    fail(errcode::kFeatureNotSupported, "COPY force quote available only in CSV mode");
  if (seen.force_quote && stmt.is_from) {
    fail(errcode::kFeatureNotSupported, "COPY force quote only available using COPY TO");
  }
  if (seen.force_not_null && !csv) {
    fail(errcode::kFeatureNotSupported, "COPY force not null available only in CSV mode");
  }
  if (seen.force_not_null && !stmt.is_from) {
    fail(errcode::kFeatureNotSupported, "COPY force not null only available using COPY FROM");
  }
  if (seen.force_null && !csv)
    fail(errcode::kFeatureNotSupported, "COPY force null available only in CSV mode");
  if (seen.force_null && !stmt.is_from) {
    fail(errcode::kFeatureNotSupported, "COPY force null only available using COPY FROM");
  }
  if (stmt.null_string.find(stmt.delimiter) != std::string::npos) {
    fail(errcode::kInvalidParameterValue,
         "COPY delimiter must not appear in the NULL specification");
  }
  if (csv && stmt.null_string.find(stmt.quote) != std::string::npos) {
    fail(errcode::kInvalidParameterValue,
         "CSV quote character must not appear in the NULL specification");
  }
}

}  // namespace

nodes::UtilityStmtPtr TransformCopyStmt(ParseState& ps, const PgQuery__CopyStmt* s) {
  auto stmt = std::make_shared<nodes::CopyStmt>();
  stmt->is_from = s->is_from;
  stmt->is_program = s->is_program;
  stmt->filename = raw::Str(s->filename);
  RawCopyOptions seen;
  ReadOptions(ps, raw::Span(s->n_options, s->options), *stmt, seen);
  stmt->is_from = s->is_from;
  CheckOptions(*stmt, seen);
  if (s->query) {
    stmt->query = TransformStmt(ps, s->query);
    if (stmt->query->commandType != nodes::CmdType::kSelect && stmt->query->returningList.empty()) {
      throw Error(errcode::kFeatureNotSupported, "COPY query must have a RETURNING clause");
    }
    return stmt;
  }
  std::vector<std::string> name;
  if (s->relation->schemaname && s->relation->schemaname[0])
    name.push_back(s->relation->schemaname);
  name.push_back(std::string(raw::Str(s->relation->relname)));
  int lockmode = static_cast<int>(s->is_from ? storage::LockMode::kRowExclusive
                                             : storage::LockMode::kAccessShare);
  Index rtindex = AddRelationRteByName(ps, name, std::nullopt, false, false, lockmode,
                                       s->is_from ? nodes::kAclInsert : nodes::kAclSelect, -1);
  const nodes::RangeTblEntry& rte = ps.Rte(rtindex);
  stmt->relid = rte.relid;
  catalog::RelationPtr rel = ps.relations.at(rte.relid);
  if (rte.relkind != 'r' && rte.relkind != 'p') {
    const char* what = rte.relkind == 'v'   ? "view"
                       : rte.relkind == 'm' ? "materialized view"
                       : rte.relkind == 'S' ? "sequence"
                                            : "non-table relation";
    Error e = MakeError(errcode::kWrongObjectType, "cannot copy {} {} \"{}\"",
                        s->is_from ? "to" : "from", what, rel->name());
    if (!s->is_from && rte.relkind == 'v')
      throw std::move(e).Hint("Try the COPY (SELECT ...) TO variant.");
    throw std::move(e);
  }
  if (rte.relkind == 'p' && !s->is_from) {
    throw MakeError(errcode::kWrongObjectType, "cannot copy from partitioned table \"{}\"",
                    rel->name())
        .Hint("Try the COPY (SELECT ...) TO variant.");
  }
  if (rte.relkind == 'p') {
    throw Error(errcode::kFeatureNotSupported,
                "COPY FROM into a partitioned table is not supported yet");
  }
  std::vector<std::string> cols = raw::StringList(raw::Span(s->n_attlist, s->attlist));
  if (cols.empty()) {
    for (int i = 0; i < rel->desc->natts(); ++i) {
      if (!rel->desc->attr(i).dropped) stmt->attnums.push_back(static_cast<int16_t>(i + 1));
    }
  } else {
    stmt->attnums = ColumnNumbers(*rel, cols);
  }
  auto forced = [&](const PgQuery__DefElem* def, std::vector<int16_t>& out, bool allow_star) {
    if (def == nullptr) return;
    if (allow_star && raw::Is(def->arg, PG_QUERY__NODE__NODE_A_STAR)) {
      stmt->force_quote_all = true;
      return;
    }
    out = ColumnNumbers(*rel, raw::StringList(raw::ListItems(def->arg)));
  };
  forced(seen.force_quote, stmt->force_quote, true);
  forced(seen.force_not_null, stmt->force_not_null, false);
  forced(seen.force_null, stmt->force_null, false);
  if (s->where_clause) {
    if (!s->is_from)
      throw Error(errcode::kFeatureNotSupported, "WHERE clause not allowed with COPY TO");
    NamespaceItem item;
    item.rtindex = rtindex;
    ps.namespace_items.push_back(item);
    stmt->where_clause = TransformWhereClause(ps, s->where_clause, ExprKind::kCopyWhere, "WHERE");
    AssignExprCollations(ps, stmt->where_clause);
  }
  return stmt;
}

}  // namespace hyrax::parser

// View expansion in FROM (see view_expand.h).
#include "parser/analyze/view_expand.h"

#include "common/assert.h"
#include "common/error.h"
#include "parser/analyze/analyze_stmt.h"
#include "parser/raw/raw_parser.h"
#include "storage/catalog/view_catalog.h"

namespace hyrax::parser {

void ExpandViewRte(ParseState& ps, Index rtindex) {
  nodes::RangeTblEntry& rte = ps.Rte(rtindex);
  std::optional<std::string> query_sql = catalog::ViewQuery(rte.relid);
  if (!query_sql) {
    throw MakeError(errcode::kInternalError, "could not find the query of view \"{}\"",
                    rte.eref.aliasname);
  }
  std::vector<raw::RawStatement> statements = raw::RawParse(*query_sql);
  HYRAX_CHECK(statements.size() == 1, "a view's query must be one statement");
  ParseState view_level;  // a top level of its own: the view cannot see the outer query
  view_level.source = statements[0].source;
  view_level.hooks = ps.hooks;
  nodes::QueryPtr query = TransformStmt(view_level, statements[0].stmt);
  // The entry keeps the view's name and columns (eref); only its contents change.
  rte.rtekind = nodes::RteKind::kSubquery;
  rte.subquery = std::move(query);
  rte.relid = kInvalidOid;
  rte.relkind = '\0';
  rte.inh = false;
}

}  // namespace hyrax::parser

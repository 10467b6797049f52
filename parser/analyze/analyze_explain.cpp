// EXPLAIN: the option list is validated as PostgreSQL's ExplainQuery does (unknown options
// and values, WAL/TIMING requiring ANALYZE) and the explained statement is analyzed in the
// same parse state, so its $n parameters are the EXPLAIN's.
#include "parser/analyze/analyze_stmt.h"
#include "parser/analyze/def_elem.h"

namespace hyrax::parser {

nodes::UtilityStmtPtr TransformExplainStmt(ParseState& ps, const PgQuery__ExplainStmt* s) {
  auto stmt = std::make_shared<nodes::ExplainStmt>();
  nodes::ExplainOptions& o = stmt->options;
  bool timing_set = false, summary_set = false;
  for (const raw::Node* n : raw::Span(s->n_options, s->options)) {
    const PgQuery__DefElem* def = n->def_elem;
    std::string name = DefName(def);
    if (name == "analyze") {
      o.analyze = DefGetBoolean(ps, def);
    } else if (name == "verbose") {
      o.verbose = DefGetBoolean(ps, def);
    } else if (name == "costs") {
      o.costs = DefGetBoolean(ps, def);
    } else if (name == "buffers") {
      o.buffers = DefGetBoolean(ps, def);
    } else if (name == "wal") {
      o.wal = DefGetBoolean(ps, def);
    } else if (name == "alternatives") {
      o.alternatives = DefGetBoolean(ps, def);  // Hyrax extension (planner/README.md)
    } else if (name == "settings") {
      o.settings = DefGetBoolean(ps, def);
    } else if (name == "timing") {
      timing_set = true;
      o.timing = DefGetBoolean(ps, def);
    } else if (name == "summary") {
      summary_set = true;
      o.summary = DefGetBoolean(ps, def);
    } else if (name == "format") {
      std::string value = DefGetString(ps, def);
      if (value == "text") {
        o.format = nodes::ExplainFormat::kText;
      } else if (value == "xml") {
        o.format = nodes::ExplainFormat::kXml;
      } else if (value == "json") {
        o.format = nodes::ExplainFormat::kJson;
      } else if (value == "yaml") {
        o.format = nodes::ExplainFormat::kYaml;
      } else {
        ThrowAt(ps,
                MakeError(errcode::kInvalidParameterValue,
                          "unrecognized value for EXPLAIN option \"{}\": \"{}\"", name, value),
                def->location);
      }
    } else {
      ThrowAt(ps, MakeError(errcode::kSyntaxError, "unrecognized EXPLAIN option \"{}\"", name),
              def->location);
    }
  }
  if (o.wal && !o.analyze) {
    throw Error(errcode::kInvalidParameterValue, "EXPLAIN option WAL requires ANALYZE");
  }
  if (!timing_set) o.timing = o.analyze;
  if (o.timing && !o.analyze) {
    throw Error(errcode::kInvalidParameterValue, "EXPLAIN option TIMING requires ANALYZE");
  }
  if (!summary_set) o.summary = o.analyze;
  stmt->query = TransformStmt(ps, s->query);
  return stmt;
}

}  // namespace hyrax::parser

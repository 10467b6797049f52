// Functions in FROM (see from_function.h).
#include "parser/analyze/from_function.h"

#include <optional>

#include "nodes/node_funcs.h"
#include "parser/analyze/analyze_expr.h"
#include "parser/analyze/collate.h"
#include "parser/analyze/format_type.h"
#include "parser/analyze/scope.h"
#include "parser/analyze/target_list.h"
#include "parser/analyze/type_info.h"
#include "parser/analyze/type_names.h"
#include "parser/analyze/type_oids.h"
#include "storage/catalog/syscache.h"

namespace hyrax::parser {

namespace {

struct FunctionColumns {
  std::vector<std::string> names;
  std::vector<RteColumn> columns;
  bool from_coldeflist = false;
};

// OUT parameters of a function returning record (names and types), if it has them.
bool OutParameters(Oid funcid, FunctionColumns* out) {
  auto proc = catalog::Syscache().ProcByOid(funcid);
  if (!proc || proc->proargmodes.empty()) return false;
  bool any = false;
  for (size_t i = 0; i < proc->proargmodes.size(); ++i) {
    char mode = proc->proargmodes[i];
    if (mode != 'o' && mode != 'b' && mode != 't') continue;
    any = true;
    Oid type = proc->proallargtypes[i];
    std::string name = i < proc->proargnames.size() && !proc->proargnames[i].empty()
                           ? proc->proargnames[i]
                           : "column" + std::to_string(out->columns.size() + 1);
    out->names.push_back(name);
    out->columns.push_back(RteColumn{name, type, -1, TypeCollation(type)});
  }
  return any;
}

// The name of a function's only OUT parameter, if it has exactly one and it is named.
std::optional<std::string> SingleOutParameterName(Oid funcid) {
  auto proc = funcid != kInvalidOid ? catalog::Syscache().ProcByOid(funcid) : std::nullopt;
  if (!proc) return std::nullopt;
  std::optional<std::string> name;
  int outs = 0;
  for (size_t i = 0; i < proc->proargmodes.size(); ++i) {
    char mode = proc->proargmodes[i];
    if (mode != 'o' && mode != 'b' && mode != 't') continue;
    ++outs;
    if (i < proc->proargnames.size() && !proc->proargnames[i].empty()) name = proc->proargnames[i];
  }
  if (outs != 1) return std::nullopt;
  return name;
}

FunctionColumns ColumnsOf(ParseState& ps, const ExprPtr& fexpr, raw::NodeSpan coldeflist,
                          const std::string& scalar_name) {
  FunctionColumns cols;
  Oid type = fexpr->result_type;
  Oid funcid = fexpr->tag == nodes::NodeTag::kFuncExpr ? nodes::As<nodes::FuncExpr>(fexpr)->funcid
                                                       : kInvalidOid;
  if (!coldeflist.empty()) {
    if (type != kRecordOid) {
      throw Error(errcode::kSyntaxError,
                  "a column definition list is only allowed for functions returning \"record\"");
    }
    for (const raw::Node* n : coldeflist) {
      const PgQuery__ColumnDef* cd = n->column_def;
      TypeWithMod t = TypenameTypeIdAndMod(ps, cd->type_name);
      std::string name(raw::Str(cd->colname));
      cols.names.push_back(name);
      cols.columns.push_back(RteColumn{name, t.type, t.typmod, TypeCollation(t.type)});
    }
    cols.from_coldeflist = true;
    return cols;
  }
  const catalog::PgType* row = FindType(BaseType(type));
  if (row && row->typrelid != kInvalidOid) {
    for (const auto& att : catalog::Syscache().AttributesOf(row->typrelid)) {
      std::string name = att.attisdropped ? "" : att.attname;
      cols.names.push_back(name);
      cols.columns.push_back(RteColumn{name, att.atttypid, att.atttypmod, att.attcollation});
    }
    return cols;
  }
  if (type == kRecordOid) {
    if (funcid != kInvalidOid && OutParameters(funcid, &cols)) return cols;
    throw Error(errcode::kSyntaxError,
                "a column definition list is required for functions returning \"record\"");
  }
  // A scalar function with one named OUT parameter names its column after it
  // (chooseScalarFunctionAlias), before the alias or the function name.
  std::string name = SingleOutParameterName(funcid).value_or(scalar_name);
  cols.names.push_back(name);
  cols.columns.push_back(RteColumn{name, type, fexpr->result_typmod, fexpr->result_collation});
  return cols;
}

}  // namespace

Index TransformRangeFunction(ParseState& ps, const PgQuery__RangeFunction* r) {
  raw::NodeSpan items = raw::Span(r->n_functions, r->functions);
  std::optional<nodes::Alias> alias;
  if (r->alias) {
    alias = nodes::Alias{std::string(raw::Str(r->alias->aliasname)),
                         raw::StringList(raw::Span(r->alias->n_colnames, r->alias->colnames))};
  }
  if (r->n_coldeflist > 0 && items.size() > 1) {
    throw Error(errcode::kSyntaxError,
                "ROWS FROM() with multiple functions cannot have a column definition list");
  }
  nodes::RangeTblEntry rte;
  rte.rtekind = nodes::RteKind::kFunction;
  rte.lateral = r->lateral;
  rte.inh = false;
  rte.inFromCl = true;
  rte.funcordinality = r->ordinality;
  std::vector<std::string> names;
  for (const raw::Node* item : items) {
    raw::NodeSpan pair = raw::ListItems(item);
    const raw::Node* fcall = pair[0];
    raw::NodeSpan coldef = pair.size() > 1 ? raw::ListItems(pair[1]) : raw::NodeSpan();
    if (coldef.empty() && r->n_coldeflist > 0) coldef = raw::Span(r->n_coldeflist, r->coldeflist);
    ExprPtr fexpr = TransformExpr(ps, fcall, ExprKind::kFromFunction);
    AssignExprCollations(ps, fexpr);
    std::string scalar_name;
    if (alias && alias->colnames.empty() && items.size() == 1) {
      scalar_name = alias->aliasname;
    } else {
      scalar_name = FigureColname(fcall);
    }
    FunctionColumns cols = ColumnsOf(ps, fexpr, coldef, scalar_name);
    nodes::RangeTblFunction f;
    f.funcexpr = fexpr;
    f.funccolcount = static_cast<int>(cols.columns.size());
    if (cols.from_coldeflist) {
      f.funccolnames = cols.names;
      for (const auto& c : cols.columns) {
        f.funccoltypes.push_back(c.type);
        f.funccoltypmods.push_back(c.typmod);
        f.funccolcollations.push_back(c.collation);
      }
    }
    rte.functions.push_back(std::move(f));
    for (size_t i = 0; i < cols.columns.size(); ++i) {
      names.push_back(cols.names[i]);
      rte.coltypes.push_back(cols.columns[i].type);
      rte.coltypmods.push_back(cols.columns[i].typmod);
      rte.colcollations.push_back(cols.columns[i].collation);
    }
  }
  if (r->ordinality) {
    names.push_back("ordinality");
    rte.coltypes.push_back(kInt8Oid);
    rte.coltypmods.push_back(-1);
    rte.colcollations.push_back(kInvalidOid);
  }
  std::string default_name =
      items.size() == 1 ? FigureColname(raw::ListItems(items[0])[0]) : "rows";
  rte.alias = alias;
  rte.eref.aliasname = alias ? alias->aliasname : default_name;
  rte.eref.colnames = names;
  if (alias) {
    if (alias->colnames.size() > names.size()) {
      throw MakeError(errcode::kInvalidColumnReference,
                      "table \"{}\" has {} columns available but {} columns specified",
                      rte.eref.aliasname, names.size(), alias->colnames.size());
    }
    for (size_t i = 0; i < alias->colnames.size(); ++i) rte.eref.colnames[i] = alias->colnames[i];
  }
  ps.rtable.push_back(std::move(rte));
  return static_cast<Index>(ps.rtable.size());
}

}  // namespace hyrax::parser

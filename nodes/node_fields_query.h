// Field lists of the Query tree's parts (range table entries, join tree, CTEs, set
// operations, window clauses ...), in the same style as node_fields.h: the serializer, the
// deep copy and Query equality are derived from them. Internal to nodes/.
#pragma once

#include "nodes/node_fields.h"
#include "nodes/parsenodes.h"

namespace hyrax::nodes::fields {

template <>
struct Fields<Alias> {
  static constexpr std::string_view kName = "ALIAS";
  template <typename V, typename... N>
  static void Apply(V& v, N&... n) {
    v("aliasname", n.aliasname...);
    v("colnames", n.colnames...);
  }
};
template <>
struct Fields<RangeTblFunction> {
  static constexpr std::string_view kName = "RANGETBLFUNCTION";
  template <typename V, typename... N>
  static void Apply(V& v, N&... n) {
    v("funcexpr", n.funcexpr...);
    v("funccolcount", n.funccolcount...);
    v("funccolnames", n.funccolnames...);
    v("funccoltypes", n.funccoltypes...);
    v("funccoltypmods", n.funccoltypmods...);
    v("funccolcollations", n.funccolcollations...);
  }
};
template <>
struct Fields<RangeTblEntry> {
  static constexpr std::string_view kName = "RTE";
  template <typename V, typename... N>
  static void Apply(V& v, N&... n) {
    v("rtekind", n.rtekind...);
    v("relid", n.relid...);
    v("relkind", n.relkind...);
    v("rellockmode", n.rellockmode...);
    v("subquery", n.subquery...);
    v("security_barrier", n.security_barrier...);
    v("jointype", n.jointype...);
    v("joinmergedcols", n.joinmergedcols...);
    v("joinaliasvars", n.joinaliasvars...);
    v("joinleftcols", n.joinleftcols...);
    v("joinrightcols", n.joinrightcols...);
    v("join_using_alias", n.join_using_alias...);
    v("functions", n.functions...);
    v("funcordinality", n.funcordinality...);
    v("values_lists", n.values_lists...);
    v("ctename", n.ctename...);
    v("ctelevelsup", n.ctelevelsup...);
    v("self_reference", n.self_reference...);
    v("coltypes", n.coltypes...);
    v("coltypmods", n.coltypmods...);
    v("colcollations", n.colcollations...);
    v("alias", n.alias...);
    v("eref", n.eref...);
    v("lateral", n.lateral...);
    v("inh", n.inh...);
    v("inFromCl", n.inFromCl...);
    v("requiredPerms", n.requiredPerms...);
    v("checkAsUser", n.checkAsUser...);
    v("selectedCols", n.selectedCols...);
    v("insertedCols", n.insertedCols...);
    v("updatedCols", n.updatedCols...);
  }
};
template <>
struct Fields<RangeTblRef> {
  static constexpr std::string_view kName = "RANGETBLREF";
  template <typename V, typename... N>
  static void Apply(V& v, N&... n) {
    v("rtindex", n.rtindex...);
  }
};
template <>
struct Fields<JoinExpr> {
  static constexpr std::string_view kName = "JOINEXPR";
  template <typename V, typename... N>
  static void Apply(V& v, N&... n) {
    v("jointype", n.jointype...);
    v("isNatural", n.isNatural...);
    v("larg", n.larg...);
    v("rarg", n.rarg...);
    v("usingClause", n.usingClause...);
    v("join_using_alias", n.join_using_alias...);
    v("quals", n.quals...);
    v("alias", n.alias...);
    v("rtindex", n.rtindex...);
  }
};
template <>
struct Fields<FromExpr> {
  static constexpr std::string_view kName = "FROMEXPR";
  template <typename V, typename... N>
  static void Apply(V& v, N&... n) {
    v("fromlist", n.fromlist...);
    v("quals", n.quals...);
  }
};
template <>
struct Fields<CommonTableExpr> {
  static constexpr std::string_view kName = "CTE";
  template <typename V, typename... N>
  static void Apply(V& v, N&... n) {
    v("ctename", n.ctename...);
    v("aliascolnames", n.aliascolnames...);
    v("ctematerialized", n.ctematerialized...);
    v("ctequery", n.ctequery...);
    v("location", n.location...);
    v("cterecursive", n.cterecursive...);
    v("cterefcount", n.cterefcount...);
    v("ctecolnames", n.ctecolnames...);
    v("ctecoltypes", n.ctecoltypes...);
    v("ctecoltypmods", n.ctecoltypmods...);
    v("ctecolcollations", n.ctecolcollations...);
  }
};
template <>
struct Fields<SetOpNode> {
  static constexpr std::string_view kName = "SETOPNODE";
  template <typename V, typename... N>
  static void Apply(V& v, N&... n) {
    v("leaf", n.leaf...);
    v("node", n.node...);
  }
};
template <>
struct Fields<SetOperationStmt> {
  static constexpr std::string_view kName = "SETOPERATIONSTMT";
  template <typename V, typename... N>
  static void Apply(V& v, N&... n) {
    v("op", n.op...);
    v("all", n.all...);
    v("larg", n.larg...);
    v("rarg", n.rarg...);
    v("colTypes", n.colTypes...);
    v("colTypmods", n.colTypmods...);
    v("colCollations", n.colCollations...);
    v("groupClauses", n.groupClauses...);
  }
};
template <>
struct Fields<WindowClause> {
  static constexpr std::string_view kName = "WINDOWCLAUSE";
  template <typename V, typename... N>
  static void Apply(V& v, N&... n) {
    v("name", n.name...);
    v("refname", n.refname...);
    v("partitionClause", n.partitionClause...);
    v("orderClause", n.orderClause...);
    v("frameOptions", n.frameOptions...);
    v("startOffset", n.startOffset...);
    v("endOffset", n.endOffset...);
    v("startInRangeFunc", n.startInRangeFunc...);
    v("endInRangeFunc", n.endInRangeFunc...);
    v("inRangeColl", n.inRangeColl...);
    v("inRangeAsc", n.inRangeAsc...);
    v("inRangeNullsFirst", n.inRangeNullsFirst...);
    v("winref", n.winref...);
    v("copiedOrder", n.copiedOrder...);
  }
};
template <>
struct Fields<GroupingSet> {
  static constexpr std::string_view kName = "GROUPINGSET";
  template <typename V, typename... N>
  static void Apply(V& v, N&... n) {
    v("kind", n.kind...);
    v("content", n.content...);
    v("refs", n.refs...);
  }
};
template <>
struct Fields<OnConflictExpr> {
  static constexpr std::string_view kName = "ONCONFLICTEXPR";
  template <typename V, typename... N>
  static void Apply(V& v, N&... n) {
    v("action", n.action...);
    v("arbiterElems", n.arbiterElems...);
    v("arbiterWhere", n.arbiterWhere...);
    v("constraint", n.constraint...);
    v("onConflictSet", n.onConflictSet...);
    v("onConflictWhere", n.onConflictWhere...);
    v("exclRelIndex", n.exclRelIndex...);
    v("exclRelTlist", n.exclRelTlist...);
  }
};
template <>
struct Fields<RowMarkClause> {
  static constexpr std::string_view kName = "ROWMARKCLAUSE";
  template <typename V, typename... N>
  static void Apply(V& v, N&... n) {
    v("rti", n.rti...);
    v("strength", n.strength...);
    v("waitPolicy", n.waitPolicy...);
    v("pushedDown", n.pushedDown...);
  }
};
// utilityStmt is not part of the list: stored trees (views, rules) never hold utility
// statements, and copies share it (bound utility statements are immutable).
template <>
struct Fields<Query> {
  static constexpr std::string_view kName = "QUERY";
  template <typename V, typename... N>
  static void Apply(V& v, N&... n) {
    v("commandType", n.commandType...);
    v("canSetTag", n.canSetTag...);
    v("resultRelation", n.resultRelation...);
    v("hasAggs", n.hasAggs...);
    v("hasWindowFuncs", n.hasWindowFuncs...);
    v("hasTargetSRFs", n.hasTargetSRFs...);
    v("hasSubLinks", n.hasSubLinks...);
    v("hasDistinctOn", n.hasDistinctOn...);
    v("hasRecursive", n.hasRecursive...);
    v("hasModifyingCTE", n.hasModifyingCTE...);
    v("hasForUpdate", n.hasForUpdate...);
    v("cteList", n.cteList...);
    v("rtable", n.rtable...);
    v("jointree", n.jointree...);
    v("targetList", n.targetList...);
    v("override", n.override...);
    v("onConflict", n.onConflict...);
    v("returningList", n.returningList...);
    v("groupClause", n.groupClause...);
    v("groupDistinct", n.groupDistinct...);
    v("groupingSets", n.groupingSets...);
    v("havingQual", n.havingQual...);
    v("windowClause", n.windowClause...);
    v("distinctClause", n.distinctClause...);
    v("sortClause", n.sortClause...);
    v("limitOffset", n.limitOffset...);
    v("limitCount", n.limitCount...);
    v("limitOption", n.limitOption...);
    v("rowMarks", n.rowMarks...);
    v("setOperations", n.setOperations...);
    v("constraintDeps", n.constraintDeps...);
    v("stmt_location", n.stmt_location...);
    v("stmt_len", n.stmt_len...);
    v("paramTypes", n.paramTypes...);
    v("source_text", n.source_text...);
  }
};

// Calls f(static_cast<T&>(node)) with T the concrete join-tree node type.
template <typename J, typename F>
decltype(auto) DispatchJoinTree(J& node, F&& f) {
  auto as = [&node](auto* type_tag) -> auto& {
    using T = std::remove_pointer_t<decltype(type_tag)>;
    using Q = std::conditional_t<std::is_const_v<J>, const T, T>;
    return static_cast<Q&>(node);
  };
  switch (node.tag) {
    case JoinTreeTag::kRangeTblRef:
      return f(as((RangeTblRef*)nullptr));
    case JoinTreeTag::kJoinExpr:
      return f(as((JoinExpr*)nullptr));
    case JoinTreeTag::kFromExpr:
      return f(as((FromExpr*)nullptr));
  }
  ThrowInternalError(__FILE__, __LINE__, "unrecognized join tree node tag");
}

}  // namespace hyrax::nodes::fields

// Field lists of the expression nodes: each node type names its fields exactly once here,
// and the walker, mutator, copy, equality and the text serializer (node_funcs.cpp,
// node_equal.cpp, serialize_*.cpp) are all derived from these lists. Adding a field to a
// node in primnodes.h means adding one line here; nodes/README.md "Field lists" explains.
// Internal to nodes/: other layers use node_funcs.h and serialize.h.
#pragma once

#include <concepts>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "nodes/primnodes.h"

namespace hyrax::nodes::fields {

// Fields<T>::Apply(v, n...) calls v("name", n.field...) for every field of T, in a fixed
// order; with two nodes the visitor sees matching fields pairwise (equality).
template <typename T>
struct Fields;

// A Const's value, which visitors treat specially (datum bytes, not a plain integer).
template <typename C>
struct ConstValueRef {
  C* node;
};
template <typename C>
ConstValueRef<C> ValueOf(C& c) {
  return {&c};
}

template <typename T>
concept HasFields = requires {
  Fields<T>::kName;
};
template <typename T>
concept ScalarField = std::is_arithmetic_v<T> || std::is_enum_v<T>;

// Container shapes the visitors recurse through.
template <typename T>
struct IsVector : std::false_type {};
template <typename T>
struct IsVector<std::vector<T>> : std::true_type {};
template <typename T>
struct IsOptional : std::false_type {};
template <typename T>
struct IsOptional<std::optional<T>> : std::true_type {};
template <typename T>
struct IsSharedPtr : std::false_type {};
template <typename T>
struct IsSharedPtr<std::shared_ptr<T>> : std::true_type {};

// The base fields of every Expr (result type, typmod, collation, location).
template <typename V, typename... N>
void ApplyExprBase(V& v, N&... n) {
  v("type", n.result_type...);
  v("typmod", n.result_typmod...);
  v("collid", n.result_collation...);
  v("location", n.location...);
}

template <>
struct Fields<Var> {
  static constexpr std::string_view kName = "VAR";
  template <typename V, typename... N>
  static void Apply(V& v, N&... n) {
    v("varno", n.varno...);
    v("varattno", n.varattno...);
    v("varlevelsup", n.varlevelsup...);
    v("varnosyn", n.varnosyn...);
    v("varattnosyn", n.varattnosyn...);
  }
};
template <>
struct Fields<Const> {
  static constexpr std::string_view kName = "CONST";
  template <typename V, typename... N>
  static void Apply(V& v, N&... n) {
    v("constlen", n.constlen...);
    v("constbyval", n.constbyval...);
    v("constisnull", n.constisnull...);
    v("constvalue", ValueOf(n)...);
  }
};
template <>
struct Fields<Param> {
  static constexpr std::string_view kName = "PARAM";
  template <typename V, typename... N>
  static void Apply(V& v, N&... n) {
    v("paramkind", n.paramkind...);
    v("paramid", n.paramid...);
  }
};
template <>
struct Fields<SortGroupClause> {
  static constexpr std::string_view kName = "SORTGROUPCLAUSE";
  template <typename V, typename... N>
  static void Apply(V& v, N&... n) {
    v("tleSortGroupRef", n.tleSortGroupRef...);
    v("eqop", n.eqop...);
    v("sortop", n.sortop...);
    v("nulls_first", n.nulls_first...);
    v("hashable", n.hashable...);
  }
};
template <>
struct Fields<TargetEntry> {
  static constexpr std::string_view kName = "TARGETENTRY";
  template <typename V, typename... N>
  static void Apply(V& v, N&... n) {
    v("expr", n.expr...);
    v("resno", n.resno...);
    v("resname", n.resname...);
    v("ressortgroupref", n.ressortgroupref...);
    v("resorigtbl", n.resorigtbl...);
    v("resorigcol", n.resorigcol...);
    v("resjunk", n.resjunk...);
  }
};
template <>
struct Fields<Aggref> {
  static constexpr std::string_view kName = "AGGREF";
  template <typename V, typename... N>
  static void Apply(V& v, N&... n) {
    v("aggfnoid", n.aggfnoid...);
    v("aggtranstype", n.aggtranstype...);
    v("aggargtypes", n.aggargtypes...);
    v("aggdirectargs", n.aggdirectargs...);
    v("args", n.args...);
    v("aggorder", n.aggorder...);
    v("aggdistinct", n.aggdistinct...);
    v("aggfilter", n.aggfilter...);
    v("aggstar", n.aggstar...);
    v("aggvariadic", n.aggvariadic...);
    v("inputcollid", n.inputcollid...);
    v("aggkind", n.aggkind...);
    v("agglevelsup", n.agglevelsup...);
    v("aggsplit", n.aggsplit...);
    v("aggno", n.aggno...);
    v("aggtransno", n.aggtransno...);
  }
};
template <>
struct Fields<GroupingFunc> {
  static constexpr std::string_view kName = "GROUPINGFUNC";
  template <typename V, typename... N>
  static void Apply(V& v, N&... n) {
    v("args", n.args...);
    v("refs", n.refs...);
    v("agglevelsup", n.agglevelsup...);
  }
};
template <>
struct Fields<WindowFunc> {
  static constexpr std::string_view kName = "WINDOWFUNC";
  template <typename V, typename... N>
  static void Apply(V& v, N&... n) {
    v("winfnoid", n.winfnoid...);
    v("args", n.args...);
    v("aggfilter", n.aggfilter...);
    v("winref", n.winref...);
    v("inputcollid", n.inputcollid...);
    v("winstar", n.winstar...);
    v("winagg", n.winagg...);
    v("winfuncno", n.winfuncno...);
  }
};
template <>
struct Fields<SubscriptingRef> {
  static constexpr std::string_view kName = "SUBSCRIPTINGREF";
  template <typename V, typename... N>
  static void Apply(V& v, N&... n) {
    v("refcontainertype", n.refcontainertype...);
    v("refelemtype", n.refelemtype...);
    v("refupperindexpr", n.refupperindexpr...);
    v("reflowerindexpr", n.reflowerindexpr...);
    v("refexpr", n.refexpr...);
    v("refassgnexpr", n.refassgnexpr...);
  }
};
template <>
struct Fields<FuncExpr> {
  static constexpr std::string_view kName = "FUNCEXPR";
  template <typename V, typename... N>
  static void Apply(V& v, N&... n) {
    v("funcid", n.funcid...);
    v("funcretset", n.funcretset...);
    v("funcvariadic", n.funcvariadic...);
    v("funcformat", n.funcformat...);
    v("inputcollid", n.inputcollid...);
    v("args", n.args...);
  }
};
template <>
struct Fields<NamedArgExpr> {
  static constexpr std::string_view kName = "NAMEDARGEXPR";
  template <typename V, typename... N>
  static void Apply(V& v, N&... n) {
    v("arg", n.arg...);
    v("name", n.name...);
    v("argnumber", n.argnumber...);
  }
};
template <>
struct Fields<OpExpr> {
  static constexpr std::string_view kName = "OPEXPR";
  template <typename V, typename... N>
  static void Apply(V& v, N&... n) {
    v("opno", n.opno...);
    v("opfuncid", n.opfuncid...);
    v("opretset", n.opretset...);
    v("inputcollid", n.inputcollid...);
    v("args", n.args...);
  }
};
template <>
struct Fields<ScalarArrayOpExpr> {
  static constexpr std::string_view kName = "SCALARARRAYOPEXPR";
  template <typename V, typename... N>
  static void Apply(V& v, N&... n) {
    v("opno", n.opno...);
    v("opfuncid", n.opfuncid...);
    v("hashfuncid", n.hashfuncid...);
    v("useOr", n.useOr...);
    v("inputcollid", n.inputcollid...);
    v("args", n.args...);
  }
};
template <>
struct Fields<BoolExpr> {
  static constexpr std::string_view kName = "BOOLEXPR";
  template <typename V, typename... N>
  static void Apply(V& v, N&... n) {
    v("boolop", n.boolop...);
    v("args", n.args...);
  }
};
template <>
struct Fields<SubLink> {
  static constexpr std::string_view kName = "SUBLINK";
  template <typename V, typename... N>
  static void Apply(V& v, N&... n) {
    v("subLinkType", n.subLinkType...);
    v("subLinkId", n.subLinkId...);
    v("testexpr", n.testexpr...);
    v("operName", n.operName...);
    v("subselect", n.subselect...);
  }
};
template <>
struct Fields<SubPlan> {
  static constexpr std::string_view kName = "SUBPLAN";
  template <typename V, typename... N>
  static void Apply(V& v, N&... n) {
    v("subLinkType", n.subLinkType...);
    v("testexpr", n.testexpr...);
    v("paramIds", n.paramIds...);
    v("plan_id", n.plan_id...);
    v("plan_name", n.plan_name...);
    v("firstColType", n.firstColType...);
    v("firstColTypmod", n.firstColTypmod...);
    v("firstColCollation", n.firstColCollation...);
    v("useHashTable", n.useHashTable...);
    v("unknownEqFalse", n.unknownEqFalse...);
    v("parallel_safe", n.parallel_safe...);
    v("setParam", n.setParam...);
    v("parParam", n.parParam...);
    v("args", n.args...);
    v("startup_cost", n.startup_cost...);
    v("per_call_cost", n.per_call_cost...);
  }
};
template <>
struct Fields<FieldSelect> {
  static constexpr std::string_view kName = "FIELDSELECT";
  template <typename V, typename... N>
  static void Apply(V& v, N&... n) {
    v("arg", n.arg...);
    v("fieldnum", n.fieldnum...);
  }
};
template <>
struct Fields<FieldStore> {
  static constexpr std::string_view kName = "FIELDSTORE";
  template <typename V, typename... N>
  static void Apply(V& v, N&... n) {
    v("arg", n.arg...);
    v("newvals", n.newvals...);
    v("fieldnums", n.fieldnums...);
  }
};
template <>
struct Fields<RelabelType> {
  static constexpr std::string_view kName = "RELABELTYPE";
  template <typename V, typename... N>
  static void Apply(V& v, N&... n) {
    v("arg", n.arg...);
    v("relabelformat", n.relabelformat...);
  }
};
template <>
struct Fields<CoerceViaIO> {
  static constexpr std::string_view kName = "COERCEVIAIO";
  template <typename V, typename... N>
  static void Apply(V& v, N&... n) {
    v("arg", n.arg...);
    v("coerceformat", n.coerceformat...);
  }
};
template <>
struct Fields<ArrayCoerceExpr> {
  static constexpr std::string_view kName = "ARRAYCOERCEEXPR";
  template <typename V, typename... N>
  static void Apply(V& v, N&... n) {
    v("arg", n.arg...);
    v("elemexpr", n.elemexpr...);
    v("coerceformat", n.coerceformat...);
  }
};
template <>
struct Fields<ConvertRowtypeExpr> {
  static constexpr std::string_view kName = "CONVERTROWTYPEEXPR";
  template <typename V, typename... N>
  static void Apply(V& v, N&... n) {
    v("arg", n.arg...);
    v("convertformat", n.convertformat...);
  }
};
template <>
struct Fields<CollateExpr> {
  static constexpr std::string_view kName = "COLLATEEXPR";
  template <typename V, typename... N>
  static void Apply(V& v, N&... n) {
    v("arg", n.arg...);
    v("collOid", n.collOid...);
  }
};
template <>
struct Fields<CaseWhen> {
  static constexpr std::string_view kName = "CASEWHEN";
  template <typename V, typename... N>
  static void Apply(V& v, N&... n) {
    v("expr", n.expr...);
    v("result", n.result...);
    v("location", n.location...);
  }
};
template <>
struct Fields<CaseExpr> {
  static constexpr std::string_view kName = "CASEEXPR";
  template <typename V, typename... N>
  static void Apply(V& v, N&... n) {
    v("arg", n.arg...);
    v("args", n.args...);
    v("defresult", n.defresult...);
  }
};
template <>
struct Fields<CaseTestExpr> {
  static constexpr std::string_view kName = "CASETESTEXPR";
  template <typename V, typename... N>
  static void Apply(V&, N&...) {}
};
template <>
struct Fields<ArrayExpr> {
  static constexpr std::string_view kName = "ARRAYEXPR";
  template <typename V, typename... N>
  static void Apply(V& v, N&... n) {
    v("element_typeid", n.element_typeid...);
    v("elements", n.elements...);
    v("multidims", n.multidims...);
  }
};
template <>
struct Fields<RowExpr> {
  static constexpr std::string_view kName = "ROWEXPR";
  template <typename V, typename... N>
  static void Apply(V& v, N&... n) {
    v("args", n.args...);
    v("row_format", n.row_format...);
    v("colnames", n.colnames...);
  }
};
template <>
struct Fields<RowCompareExpr> {
  static constexpr std::string_view kName = "ROWCOMPAREEXPR";
  template <typename V, typename... N>
  static void Apply(V& v, N&... n) {
    v("rctype", n.rctype...);
    v("opnos", n.opnos...);
    v("opfamilies", n.opfamilies...);
    v("inputcollids", n.inputcollids...);
    v("largs", n.largs...);
    v("rargs", n.rargs...);
  }
};
template <>
struct Fields<CoalesceExpr> {
  static constexpr std::string_view kName = "COALESCEEXPR";
  template <typename V, typename... N>
  static void Apply(V& v, N&... n) {
    v("args", n.args...);
  }
};
template <>
struct Fields<MinMaxExpr> {
  static constexpr std::string_view kName = "MINMAXEXPR";
  template <typename V, typename... N>
  static void Apply(V& v, N&... n) {
    v("op", n.op...);
    v("inputcollid", n.inputcollid...);
    v("args", n.args...);
  }
};
template <>
struct Fields<SQLValueFunction> {
  static constexpr std::string_view kName = "SQLVALUEFUNCTION";
  template <typename V, typename... N>
  static void Apply(V& v, N&... n) {
    v("op", n.op...);
    v("typmod", n.typmod...);
  }
};
template <>
struct Fields<NullTest> {
  static constexpr std::string_view kName = "NULLTEST";
  template <typename V, typename... N>
  static void Apply(V& v, N&... n) {
    v("arg", n.arg...);
    v("nulltesttype", n.nulltesttype...);
    v("argisrow", n.argisrow...);
  }
};
template <>
struct Fields<BooleanTest> {
  static constexpr std::string_view kName = "BOOLEANTEST";
  template <typename V, typename... N>
  static void Apply(V& v, N&... n) {
    v("arg", n.arg...);
    v("booltesttype", n.booltesttype...);
  }
};
template <>
struct Fields<CoerceToDomain> {
  static constexpr std::string_view kName = "COERCETODOMAIN";
  template <typename V, typename... N>
  static void Apply(V& v, N&... n) {
    v("arg", n.arg...);
    v("coercionformat", n.coercionformat...);
  }
};
template <>
struct Fields<CoerceToDomainValue> {
  static constexpr std::string_view kName = "COERCETODOMAINVALUE";
  template <typename V, typename... N>
  static void Apply(V&, N&...) {}
};
template <>
struct Fields<SetToDefault> {
  static constexpr std::string_view kName = "SETTODEFAULT";
  template <typename V, typename... N>
  static void Apply(V&, N&...) {}
};
template <>
struct Fields<CurrentOfExpr> {
  static constexpr std::string_view kName = "CURRENTOFEXPR";
  template <typename V, typename... N>
  static void Apply(V& v, N&... n) {
    v("cvarno", n.cvarno...);
    v("cursor_name", n.cursor_name...);
    v("cursor_param", n.cursor_param...);
  }
};
template <>
struct Fields<NextValueExpr> {
  static constexpr std::string_view kName = "NEXTVALUEEXPR";
  template <typename V, typename... N>
  static void Apply(V& v, N&... n) {
    v("seqid", n.seqid...);
  }
};
template <>
struct Fields<InferenceElem> {
  static constexpr std::string_view kName = "INFERENCEELEM";
  template <typename V, typename... N>
  static void Apply(V& v, N&... n) {
    v("expr", n.expr...);
    v("infercollid", n.infercollid...);
    v("inferopclass", n.inferopclass...);
  }
};
template <>
struct Fields<PlaceHolderVar> {
  static constexpr std::string_view kName = "PLACEHOLDERVAR";
  template <typename V, typename... N>
  static void Apply(V& v, N&... n) {
    v("phexpr", n.phexpr...);
    v("phrels", n.phrels...);
    v("phid", n.phid...);
    v("phlevelsup", n.phlevelsup...);
  }
};

}  // namespace hyrax::nodes::fields

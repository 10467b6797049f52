// Expression deparser (see deparse_expr.h). Each case follows the output of PostgreSQL's
// get_rule_expr. With prettyFlags = 0 (the EXPLAIN setting) every operator, boolean and
// test expression gets its own parentheses; in pretty mode an operand is parenthesised
// only when deparse_pretty.h says it must be.
#include "executor/deparse/deparse_expr.h"

#include <map>
#include <string_view>

#include "common/error.h"
#include "common/stack_depth.h"
#include "executor/deparse/deparse_pretty.h"
#include "executor/functions/type_io.h"
#include "executor/types/format_type.h"
#include "executor/types/quote_ident.h"
#include "storage/catalog/relcache.h"
#include "storage/catalog/syscache.h"

namespace hyrax::executor {

namespace {

using nodes::ExprPtr;
using nodes::NodeTag;

constexpr Oid kBoolOid = 16, kInt4Oid = 23, kNumericOid = 1700, kUnknownOid = 705;

// simple_quote_literal with standard_conforming_strings on: double the quotes.
std::string QuoteLiteral(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

class Deparser {
 public:
  friend std::string hyrax::executor::DeparseConstWithoutType(const nodes::Const& c);
  explicit Deparser(const DeparseContext& ctx) : ctx_(ctx) {}
  // `showimplicit`: print this node's implicit cast instead of just its argument (ruleutils'
  // per-call flag: operands, function and aggregate arguments, CASE results, ARRAY[]
  // elements show theirs, e.g. "(a)::numeric = b").
  void Expr(const ExprPtr& e, bool showimplicit = false);
  std::string str() const { return buf_; }

 private:
  void Var(const nodes::Var& v);
  void Const(const nodes::Const& c, int showtype);
  void Param(const nodes::Param& p);
  void Op(const nodes::OpExpr& op);
  void Func(const nodes::FuncExpr& f);
  void Agg(const nodes::Aggref& a);
  void Window(const nodes::WindowFunc& w);
  void Coercion(const ExprPtr& arg, Oid type, int32_t typmod, const nodes::Expr& node);
  // `operand` of `parent`, parenthesised unless pretty mode finds it simple.
  void Operand(const ExprPtr& operand, const nodes::Expr& parent, bool showimplicit);
  // The parentheses an operator, boolean or test expression puts around itself (none in
  // pretty mode, where its parent decides).
  void OpenOwn() {
    if (!ctx_.pretty) buf_ += "(";
  }
  void CloseOwn() {
    if (!ctx_.pretty) buf_ += ")";
  }
  void Bool(const nodes::BoolExpr& b);
  void Case(const nodes::CaseExpr& c);
  void List(const nodes::ExprList& args, bool showimplicit);
  // Whether the node being printed hides its implicit cast.
  bool HideImplicit() const { return !show_implicit_ && !ctx_.showimplicit; }
  void SqlValue(const nodes::SQLValueFunction& f);
  // The child plan expression an OUTER/INNER reference points to, deparsed in that
  // child's own context.
  void PlanRef(const nodes::Var& v);

  const DeparseContext& ctx_;
  std::string buf_;
  bool show_implicit_ = false;  // the Expr() flag of the node being printed
};

std::string OperatorName(Oid opno) {
  auto op = catalog::Syscache().OperatorByOid(opno);
  return op ? op->oprname : "???";
}

std::string FunctionName(Oid funcid) {
  auto proc = catalog::Syscache().ProcByOid(funcid);
  return proc ? QuoteIdentifier(proc->proname) : "???";
}

void Deparser::Operand(const ExprPtr& operand, const nodes::Expr& parent, bool showimplicit) {
  bool paren = ctx_.pretty && !IsSimpleOperand(*operand, parent);
  if (paren) buf_ += "(";
  Expr(operand, showimplicit);
  if (paren) buf_ += ")";
}

void Deparser::List(const nodes::ExprList& args, bool showimplicit) {
  for (size_t i = 0; i < args.size(); ++i) {
    if (i > 0) buf_ += ", ";
    Expr(args[i], showimplicit);
  }
}

void Deparser::PlanRef(const nodes::Var& v) {
  const nodes::Plan* plan = ctx_.plan;
  const nodes::Plan* child = nullptr;
  if (plan != nullptr) {
    child = v.varno == nodes::kOuterVar ? plan->lefttree.get() : plan->righttree.get();
    // Append's columns are shown as those of its first member (PostgreSQL's set_deparse_plan).
    if (plan->tag == nodes::PlanTag::kAppend) {
      const auto& members = nodes::PlanAs<nodes::Append>(*plan).appendplans;
      child = members.empty() ? nullptr : members[0].get();
    }
  }
  if (child == nullptr || v.varattno < 1 ||
      static_cast<size_t>(v.varattno) > child->targetlist.size()) {
    buf_ += v.varno == nodes::kOuterVar ? "OUTER" : "INNER";
    buf_ += ".?column?";
    return;
  }
  DeparseContext sub = ctx_;
  sub.plan = child;
  sub.ancestors.push_back(plan);
  Deparser d(sub);
  const auto& target = child->targetlist[v.varattno - 1].expr;
  d.Expr(target);
  // A reference to a computed column is parenthesised: callers assume a simple Var.
  bool paren = target->tag != NodeTag::kVar;
  buf_ += paren ? "(" + d.str() + ")" : d.str();
}

void Deparser::Var(const nodes::Var& v) {
  if (v.varno == nodes::kOuterVar || v.varno == nodes::kInnerVar) {
    PlanRef(v);
    return;
  }
  if (ctx_.rtable == nullptr || v.varno == 0 || v.varno > ctx_.rtable->size()) {
    buf_ += "?column?";
    return;
  }
  const auto& rte = (*ctx_.rtable)[v.varno - 1];
  if (ctx_.useprefix && ctx_.refnames != nullptr && v.varno < ctx_.refnames->size()) {
    buf_ += QuoteIdentifier((*ctx_.refnames)[v.varno]) + ".";
  }
  if (v.varattno == 0) {
    buf_ += "*";
    return;
  }
  buf_ += QuoteIdentifier(RteColumnName(rte, v.varattno));
}

void Deparser::Const(const nodes::Const& c, int showtype) {
  if (c.constisnull) {
    buf_ += "NULL";
    if (showtype >= 0) buf_ += "::" + FormatTypeName(c.result_type, c.result_typmod);
    return;
  }
  std::string text = OutputByType(c.result_type, c.constvalue);
  bool needlabel = false;
  bool isfloat = false;
  switch (c.result_type) {
    case kInt4Oid:
      if (!text.empty() && text[0] != '-') {
        buf_ += text;
      } else {
        buf_ += "'" + text + "'";
        needlabel = true;
      }
      break;
    case kNumericOid:
      if (!text.empty() && isdigit(static_cast<unsigned char>(text[0])) &&
          text.find_first_of("eE.") != std::string::npos) {
        buf_ += text;
        isfloat = true;
      } else {
        buf_ += "'" + text + "'";
      }
      break;
    case kBoolOid:
      buf_ += text == "t" ? "true" : "false";
      break;
    default:
      buf_ += QuoteLiteral(text);
      break;
  }
  if (showtype < 0) return;
  switch (c.result_type) {
    case kBoolOid:
    case kUnknownOid:
      needlabel = false;
      break;
    case kInt4Oid:
      break;
    case kNumericOid:
      needlabel = !isfloat || c.result_typmod >= 0;
      break;
    default:
      needlabel = true;
  }
  if (needlabel || showtype > 0) buf_ += "::" + FormatTypeName(c.result_type, c.result_typmod);
}

void Deparser::Param(const nodes::Param& p) {
  if (p.paramkind == nodes::ParamKind::kExec && ctx_.param_referents != nullptr) {
    auto it = ctx_.param_referents->find(p.paramid);
    if (it != ctx_.param_referents->end()) {
      buf_ += it->second;
      return;
    }
  }
  buf_ += "$" + std::to_string(p.paramid);
}

void Deparser::Op(const nodes::OpExpr& op) {
  std::string name = OperatorName(op.opno);
  OpenOwn();
  if (op.args.size() == 2) {
    Operand(op.args[0], op, true);
    buf_ += " " + name + " ";
    Operand(op.args[1], op, true);
  } else {
    buf_ += name + " ";
    Operand(op.args[0], op, true);
  }
  CloseOwn();
}

void Deparser::Coercion(const ExprPtr& arg, Oid type, int32_t typmod, const nodes::Expr& node) {
  if (arg->tag == NodeTag::kConst && arg->result_type == type &&
      nodes::As<nodes::Const>(arg)->result_typmod == -1) {
    Const(*nodes::As<nodes::Const>(arg), -1);
  } else {
    OpenOwn();
    Operand(arg, node, false);
    CloseOwn();
  }
  buf_ += "::" + FormatTypeName(type, typmod);
}

void Deparser::Func(const nodes::FuncExpr& f) {
  using nodes::CoercionForm;
  if (f.funcformat == CoercionForm::kImplicitCast && !f.args.empty() && HideImplicit()) {
    Operand(f.args[0], f, false);  // implicit coercions are not shown
    return;
  }
  if ((f.funcformat == CoercionForm::kExplicitCast ||
       f.funcformat == CoercionForm::kImplicitCast) &&
      !f.args.empty()) {
    Coercion(f.args[0], f.result_type, f.result_typmod, f);
    return;
  }
  buf_ += FunctionName(f.funcid) + "(";
  if (f.funcvariadic && !f.args.empty()) {
    for (size_t i = 0; i + 1 < f.args.size(); ++i) {
      Expr(f.args[i], true);
      buf_ += ", ";
    }
    buf_ += "VARIADIC ";
    Expr(f.args.back(), true);
  } else {
    List(f.args, true);
  }
  buf_ += ")";
}

void Deparser::Agg(const nodes::Aggref& a) {
  buf_ += FunctionName(a.aggfnoid) + "(";
  if (a.aggstar) {
    buf_ += "*";
  } else {
    if (!a.aggdistinct.empty()) buf_ += "DISTINCT ";
    bool first = true;
    if (a.args) {
      for (const auto& tle : *a.args) {
        if (tle.resjunk) continue;
        if (!first) buf_ += ", ";
        first = false;
        Expr(tle.expr, true);
      }
    }
  }
  buf_ += ")";
  if (a.aggfilter) {
    buf_ += " FILTER (WHERE ";
    Expr(a.aggfilter);
    buf_ += ")";
  }
}

// The window is printed as "(?)": EXPLAIN has no window clauses to name (PostgreSQL's
// get_windowfunc_expr without a windowClause in the context).
void Deparser::Window(const nodes::WindowFunc& w) {
  buf_ += FunctionName(w.winfnoid) + "(";
  if (w.winstar) {
    buf_ += "*";
  } else {
    List(w.args, true);
  }
  buf_ += ")";
  if (w.aggfilter) {
    buf_ += " FILTER (WHERE ";
    Expr(w.aggfilter);
    buf_ += ")";
  }
  buf_ += " OVER (?)";
}

void Deparser::Bool(const nodes::BoolExpr& b) {
  if (b.boolop == nodes::BoolExprType::kNot) {
    OpenOwn();
    buf_ += "NOT ";
    Operand(b.args[0], b, false);
    CloseOwn();
    return;
  }
  const char* sep = b.boolop == nodes::BoolExprType::kAnd ? " AND " : " OR ";
  OpenOwn();
  for (size_t i = 0; i < b.args.size(); ++i) {
    if (i > 0) buf_ += sep;
    Operand(b.args[i], b, false);
  }
  CloseOwn();
}

void Deparser::Case(const nodes::CaseExpr& c) {
  buf_ += "CASE";
  if (c.arg) {
    buf_ += " ";
    Expr(c.arg);
  }
  for (const auto& w : c.args) {
    buf_ += " WHEN ";
    // "CaseTestExpr = value" is shown as just the value for CASE x WHEN value.
    if (c.arg && w.expr->tag == NodeTag::kOpExpr) {
      const auto& op = *nodes::As<nodes::OpExpr>(w.expr);
      if (op.args.size() == 2 && op.args[0]->tag == NodeTag::kCaseTestExpr) {
        Expr(op.args[1]);
      } else {
        Expr(w.expr);
      }
    } else {
      Expr(w.expr);
    }
    buf_ += " THEN ";
    Expr(w.result, true);
  }
  if (c.defresult) {
    buf_ += " ELSE ";
    Expr(c.defresult, true);
  }
  buf_ += " END";
}

void Deparser::SqlValue(const nodes::SQLValueFunction& f) {
  using Op = nodes::SQLValueFunctionOp;
  auto with_precision = [&](const char* name) {
    buf_ += name;
    buf_ += "(" + std::to_string(f.typmod) + ")";
  };
  switch (f.op) {
    case Op::kCurrentDate:
      buf_ += "CURRENT_DATE";
      break;
    case Op::kCurrentTime:
      buf_ += "CURRENT_TIME";
      break;
    case Op::kCurrentTimeN:
      with_precision("CURRENT_TIME");
      break;
    case Op::kCurrentTimestamp:
      buf_ += "CURRENT_TIMESTAMP";
      break;
    case Op::kCurrentTimestampN:
      with_precision("CURRENT_TIMESTAMP");
      break;
    case Op::kLocaltime:
      buf_ += "LOCALTIME";
      break;
    case Op::kLocaltimeN:
      with_precision("LOCALTIME");
      break;
    case Op::kLocaltimestamp:
      buf_ += "LOCALTIMESTAMP";
      break;
    case Op::kLocaltimestampN:
      with_precision("LOCALTIMESTAMP");
      break;
    case Op::kCurrentRole:
      buf_ += "CURRENT_ROLE";
      break;
    case Op::kCurrentUser:
      buf_ += "CURRENT_USER";
      break;
    case Op::kUser:
      buf_ += "USER";
      break;
    case Op::kSessionUser:
      buf_ += "SESSION_USER";
      break;
    case Op::kCurrentCatalog:
      buf_ += "CURRENT_CATALOG";
      break;
    case Op::kCurrentSchema:
      buf_ += "CURRENT_SCHEMA";
      break;
  }
}

void Deparser::Expr(const ExprPtr& e, bool showimplicit) {
  CheckStackDepth();
  if (!e) return;
  // Each node reads the flag before printing its children, which set their own.
  show_implicit_ = showimplicit;
  switch (e->tag) {
    case NodeTag::kVar:
      Var(*nodes::As<nodes::Var>(e));
      return;
    case NodeTag::kConst:
      Const(*nodes::As<nodes::Const>(e), 0);
      return;
    case NodeTag::kParam:
      Param(*nodes::As<nodes::Param>(e));
      return;
    case NodeTag::kAggref:
      Agg(*nodes::As<nodes::Aggref>(e));
      return;
    case NodeTag::kWindowFunc:
      Window(*nodes::As<nodes::WindowFunc>(e));
      return;
    case NodeTag::kFuncExpr:
      Func(*nodes::As<nodes::FuncExpr>(e));
      return;
    case NodeTag::kOpExpr:
      Op(*nodes::As<nodes::OpExpr>(e));
      return;
    case NodeTag::kDistinctExpr: {
      const auto& op = *nodes::As<nodes::OpExpr>(e);
      OpenOwn();
      Operand(op.args[0], op, true);
      buf_ += " IS DISTINCT FROM ";
      Operand(op.args[1], op, true);
      CloseOwn();
      return;
    }
    case NodeTag::kNullIfExpr: {
      buf_ += "NULLIF(";
      List(nodes::As<nodes::OpExpr>(e)->args, true);
      buf_ += ")";
      return;
    }
    case NodeTag::kScalarArrayOpExpr: {
      const auto& s = *nodes::As<nodes::ScalarArrayOpExpr>(e);
      OpenOwn();
      Operand(s.args[0], s, true);
      buf_ += " " + OperatorName(s.opno) + (s.useOr ? " ANY (" : " ALL (");
      Expr(s.args[1], true);
      buf_ += ")";
      CloseOwn();
      return;
    }
    case NodeTag::kBoolExpr:
      Bool(*nodes::As<nodes::BoolExpr>(e));
      return;
    case NodeTag::kSubPlan: {
      const auto& sp = *nodes::As<nodes::SubPlan>(e);
      buf_ += sp.useHashTable ? "(hashed " + sp.plan_name + ")" : "(" + sp.plan_name + ")";
      return;
    }
    case NodeTag::kSubLink:
      buf_ += "(SubLink)";
      return;
    case NodeTag::kRelabelType: {
      const auto& r = *nodes::As<nodes::RelabelType>(e);
      if (r.relabelformat == nodes::CoercionForm::kImplicitCast && HideImplicit()) {
        Operand(r.arg, r, false);
      } else {
        Coercion(r.arg, r.result_type, r.result_typmod, r);
      }
      return;
    }
    case NodeTag::kCoerceViaIO: {
      const auto& c = *nodes::As<nodes::CoerceViaIO>(e);
      if (c.coerceformat == nodes::CoercionForm::kImplicitCast && HideImplicit()) {
        Operand(c.arg, c, false);
      } else {
        Coercion(c.arg, c.result_type, c.result_typmod, c);
      }
      return;
    }
    case NodeTag::kArrayCoerceExpr: {
      const auto& c = *nodes::As<nodes::ArrayCoerceExpr>(e);
      if (c.coerceformat == nodes::CoercionForm::kImplicitCast && HideImplicit()) {
        Operand(c.arg, c, false);
      } else {
        Coercion(c.arg, c.result_type, c.result_typmod, c);
      }
      return;
    }
    case NodeTag::kCollateExpr: {
      const auto& c = *nodes::As<nodes::CollateExpr>(e);
      auto coll = catalog::Syscache().CollationByOid(c.collOid);
      OpenOwn();
      Operand(c.arg, c, false);
      buf_ += " COLLATE " + QuoteIdentifier(coll ? coll->collname : "???");
      CloseOwn();
      return;
    }
    case NodeTag::kCaseExpr:
      Case(*nodes::As<nodes::CaseExpr>(e));
      return;
    case NodeTag::kCaseTestExpr:
      buf_ += "CASE_TEST_EXPR";
      return;
    case NodeTag::kArrayExpr:
      buf_ += "ARRAY[";
      List(nodes::As<nodes::ArrayExpr>(e)->elements, true);
      buf_ += "]";
      return;
    case NodeTag::kRowExpr:
      buf_ += "ROW(";
      List(nodes::As<nodes::RowExpr>(e)->args, true);
      buf_ += ")";
      return;
    case NodeTag::kCoalesceExpr:
      buf_ += "COALESCE(";
      List(nodes::As<nodes::CoalesceExpr>(e)->args, true);
      buf_ += ")";
      return;
    case NodeTag::kMinMaxExpr: {
      const auto& m = *nodes::As<nodes::MinMaxExpr>(e);
      buf_ += m.op == nodes::MinMaxOp::kGreatest ? "GREATEST(" : "LEAST(";
      List(m.args, true);
      buf_ += ")";
      return;
    }
    case NodeTag::kSQLValueFunction:
      SqlValue(*nodes::As<nodes::SQLValueFunction>(e));
      return;
    case NodeTag::kNullTest: {
      const auto& n = *nodes::As<nodes::NullTest>(e);
      OpenOwn();
      Operand(n.arg, n, true);
      buf_ += n.nulltesttype == nodes::NullTestType::kIsNull ? " IS NULL" : " IS NOT NULL";
      CloseOwn();
      return;
    }
    case NodeTag::kBooleanTest: {
      const auto& b = *nodes::As<nodes::BooleanTest>(e);
      static const char* const kSuffix[] = {" IS TRUE",      " IS NOT TRUE", " IS FALSE",
                                            " IS NOT FALSE", " IS UNKNOWN",  " IS NOT UNKNOWN"};
      OpenOwn();
      Operand(b.arg, b, true);
      buf_ += kSuffix[static_cast<int>(b.booltesttype)];
      CloseOwn();
      return;
    }
    case NodeTag::kCurrentOfExpr:
      buf_ += "CURRENT OF " + QuoteIdentifier(nodes::As<nodes::CurrentOfExpr>(e)->cursor_name);
      return;
    case NodeTag::kNextValueExpr: {
      // PostgreSQL's ruleutils: nextval('seq') with the name as regclass prints it.
      constexpr Oid kRegclassOid = 2205;
      Oid seqid = nodes::As<nodes::NextValueExpr>(e)->seqid;
      buf_ += "nextval('" + OutputByType(kRegclassOid, ObjectIdGetDatum(seqid)) + "')";
      return;
    }
    default:
      buf_ += "???";
      return;
  }
}

}  // namespace

std::string RteColumnName(const nodes::RangeTblEntry& rte, nodes::AttrNumber attno) {
  switch (attno) {
    case nodes::kSelfItemPointerAttributeNumber:
      return "ctid";
    case nodes::kMinTransactionIdAttributeNumber:
      return "xmin";
    case nodes::kMinCommandIdAttributeNumber:
      return "cmin";
    case nodes::kMaxTransactionIdAttributeNumber:
      return "xmax";
    case nodes::kMaxCommandIdAttributeNumber:
      return "cmax";
    case nodes::kTableOidAttributeNumber:
      return "tableoid";
    default:
      break;
  }
  if (attno > 0 && static_cast<size_t>(attno) <= rte.eref.colnames.size() &&
      !rte.eref.colnames[attno - 1].empty()) {
    return rte.eref.colnames[attno - 1];
  }
  if (rte.rtekind == nodes::RteKind::kRelation) {
    if (auto rel = catalog::RelationIdGetRelation(rte.relid)) {
      if (attno > 0 && attno <= rel->desc->natts()) return rel->desc->attr(attno - 1).name;
    }
  }
  return "?column?";
}

std::vector<std::string> MakeRefNames(const std::vector<nodes::RangeTblEntry>& rtable,
                                      const std::vector<bool>* unused) {
  std::vector<std::string> names(rtable.size() + 1);
  std::map<std::string, int> used;
  for (size_t i = 0; i < rtable.size(); ++i) {
    const auto& rte = rtable[i];
    if (unused != nullptr && i + 1 < unused->size() && (*unused)[i + 1]) continue;
    std::string name = rte.alias ? rte.alias->aliasname : rte.eref.aliasname;
    if (name.empty() && rte.rtekind == nodes::RteKind::kRelation) {
      if (auto rel = catalog::RelationIdGetRelation(rte.relid)) name = rel->name();
    }
    if (name.empty()) continue;
    if (rte.rtekind == nodes::RteKind::kJoin && !rte.alias) {
      names[i + 1] = name;  // unaliased joins never get printed, don't reserve their name
      continue;
    }
    auto it = used.find(name);
    if (it == used.end()) {
      used[name] = 0;
      names[i + 1] = name;
    } else {
      std::string candidate;
      do {
        candidate = name + "_" + std::to_string(++it->second);
      } while (used.count(candidate) != 0);
      used[candidate] = 0;
      names[i + 1] = candidate;
    }
  }
  return names;
}

std::string DeparseExpr(const ExprPtr& expr, const DeparseContext& context) {
  Deparser d(context);
  d.Expr(expr);
  return d.str();
}

std::string DeparseConstWithoutType(const nodes::Const& c) {
  DeparseContext context;
  Deparser d(context);
  d.Const(c, -1);
  return d.str();
}

}  // namespace hyrax::executor

// Pretty-mode parenthesis rules (see deparse_pretty.h).
#include "executor/deparse/deparse_pretty.h"

#include <cstring>
#include <string>

#include "storage/catalog/syscache.h"

namespace hyrax::executor {

namespace {

using nodes::NodeTag;

// Parents that print their operands between their own separators or parentheses.
bool ParentSeparatesOperands(const nodes::Expr& parent) {
  switch (parent.tag) {
    case NodeTag::kFuncExpr: {
      // A cast or SQL-syntax call (EXTRACT(... FROM x)) prints its argument bare.
      auto form = nodes::As<nodes::FuncExpr>(&parent)->funcformat;
      return form == nodes::CoercionForm::kExplicitCall;
    }
    case NodeTag::kBoolExpr:
    case NodeTag::kSubscriptingRef:
    case NodeTag::kArrayExpr:
    case NodeTag::kRowExpr:
    case NodeTag::kCoalesceExpr:
    case NodeTag::kMinMaxExpr:
    case NodeTag::kNullIfExpr:
    case NodeTag::kAggref:
    case NodeTag::kGroupingFunc:
    case NodeTag::kWindowFunc:
    case NodeTag::kCaseExpr:
      return true;
    default:
      return false;
  }
}

// The operator's name when it is a binary operator, else "".
std::string BinaryOperatorName(const nodes::Expr& e) {
  const auto* op = nodes::As<nodes::OpExpr>(&e);
  if (op->args.size() != 2) return "";
  auto row = catalog::Syscache().OperatorByOid(op->opno);
  return row ? row->oprname : "";
}

// 2 for * / %, 1 for + -, 0 for operators whose precedence is not modelled.
int ArithmeticPrecedence(const std::string& name) {
  if (name.size() != 1) return 0;
  if (std::strchr("*/%", name[0]) != nullptr) return 2;
  if (std::strchr("+-", name[0]) != nullptr) return 1;
  return 0;
}

// An arithmetic operator inside another: the tighter one needs no parentheses, and of
// equal ones only the left operand ((a - b) - c, but a - (b - c)).
bool ArithmeticOperandIsSimple(const nodes::Expr& node, const nodes::Expr& parent) {
  int inner = ArithmeticPrecedence(BinaryOperatorName(node));
  int outer = ArithmeticPrecedence(BinaryOperatorName(parent));
  if (inner == 0 || outer == 0) return false;
  if (inner != outer) return inner > outer;
  return nodes::As<nodes::OpExpr>(&parent)->args.front().get() == &node;
}

bool BoolOperandIsSimple(const nodes::BoolExpr& node, const nodes::Expr& parent) {
  if (parent.tag != NodeTag::kBoolExpr) return ParentSeparatesOperands(parent);
  auto outer = nodes::As<nodes::BoolExpr>(&parent)->boolop;
  if (node.boolop == nodes::BoolExprType::kOr) return outer == nodes::BoolExprType::kOr;
  return outer != nodes::BoolExprType::kNot;  // NOT and AND bind tighter than AND / OR
}

}  // namespace

bool IsSimpleOperand(const nodes::Expr& node, const nodes::Expr& parent) {
  switch (node.tag) {
    case NodeTag::kVar:
    case NodeTag::kConst:
    case NodeTag::kParam:
    case NodeTag::kCoerceToDomainValue:
    case NodeTag::kSetToDefault:
    case NodeTag::kCurrentOfExpr:
    case NodeTag::kSubscriptingRef:
    case NodeTag::kArrayExpr:
    case NodeTag::kRowExpr:
    case NodeTag::kCoalesceExpr:
    case NodeTag::kMinMaxExpr:
    case NodeTag::kSQLValueFunction:
    case NodeTag::kNextValueExpr:
    case NodeTag::kNullIfExpr:
    case NodeTag::kAggref:
    case NodeTag::kGroupingFunc:
    case NodeTag::kWindowFunc:
    case NodeTag::kFuncExpr:
    case NodeTag::kCaseExpr:
      return true;
    case NodeTag::kFieldSelect:
    case NodeTag::kFieldStore:
      return parent.tag != node.tag;
    // Casts are as simple as what they cast.
    case NodeTag::kCoerceToDomain:
      return IsSimpleOperand(*nodes::As<nodes::CoerceToDomain>(&node)->arg, node);
    case NodeTag::kRelabelType:
      return IsSimpleOperand(*nodes::As<nodes::RelabelType>(&node)->arg, node);
    case NodeTag::kCoerceViaIO:
      return IsSimpleOperand(*nodes::As<nodes::CoerceViaIO>(&node)->arg, node);
    case NodeTag::kArrayCoerceExpr:
      return IsSimpleOperand(*nodes::As<nodes::ArrayCoerceExpr>(&node)->arg, node);
    case NodeTag::kConvertRowtypeExpr:
      return IsSimpleOperand(*nodes::As<nodes::ConvertRowtypeExpr>(&node)->arg, node);
    case NodeTag::kOpExpr:
      if (parent.tag == NodeTag::kOpExpr) return ArithmeticOperandIsSimple(node, parent);
      return ParentSeparatesOperands(parent);
    case NodeTag::kSubLink:
    case NodeTag::kNullTest:
    case NodeTag::kBooleanTest:
    case NodeTag::kDistinctExpr:
      return ParentSeparatesOperands(parent);
    case NodeTag::kBoolExpr:
      return BoolOperandIsSimple(*nodes::As<nodes::BoolExpr>(&node), parent);
    default:
      return false;
  }
}

}  // namespace hyrax::executor

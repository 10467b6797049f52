// When the deparser's pretty mode (pg_get_expr(..., true), pg_get_constraintdef(..., true),
// psql's \d) can leave out the parentheses around a sub-expression: the rules of
// PostgreSQL's isSimpleNode in ruleutils.c — single words and function-like forms never need
// them, + - * / % follow arithmetic precedence, AND/OR/NOT follow boolean precedence, and
// operators or tests inside a cast, another operator or a test keep them.
#pragma once

#include "nodes/primnodes.h"

namespace hyrax::executor {

// Whether `node`, printed as an operand of `parent`, can be printed without parentheses.
bool IsSimpleOperand(const nodes::Expr& node, const nodes::Expr& parent);

}  // namespace hyrax::executor

// Type coercion (PostgreSQL's parse_coerce.c): whether and how a value of one type becomes
// another in a given context (implicit / assignment / explicit), building RelabelType,
// FuncExpr (cast functions, length coercions), CoerceViaIO and ArrayCoerceExpr nodes;
// unknown-type literals become Consts of the target type; $n of unknown type take the
// target type. Also the common-type rules of CASE/UNION/COALESCE/IN/VALUES and the
// polymorphic-type (anyelement, anycompatible ...) resolution of function arguments.
// parser/analyze/README.md "Coercion" lists the rules and deviations.
#pragma once

#include <vector>

#include "parser/analyze/parse_state.h"

namespace hyrax::parser {

// Ordered as PostgreSQL's CoercionContext: a cast marked for a context is usable in it and
// every later one.
enum class CoercionContext : uint8_t { kImplicit, kAssignment, kExplicit };

enum class CoercionPath : uint8_t { kNone, kFunc, kRelabelType, kArrayCoerce, kCoerceViaIO };

// How `source` becomes `target` in `ccontext` (pg_cast, array element casts, automatic
// I/O casts to/from string types). *funcid is set for kFunc.
CoercionPath FindCoercionPathway(Oid target, Oid source, CoercionContext ccontext, Oid* funcid);
// The length-coercion function of `type` (pg_cast type->type), for typmod coercions.
CoercionPath FindTypmodCoercionFunction(Oid type, Oid* funcid);
// Whether each input type can be coerced to the matching target type (unknown literals to
// anything, polymorphic targets checked for consistency).
bool CanCoerceType(const std::vector<Oid>& inputs, const std::vector<Oid>& targets,
                   CoercionContext ccontext);
bool CanCoerceType(Oid input, Oid target, CoercionContext ccontext);
// Binary coercible without any conversion (same type, or a binary pg_cast).
bool IsBinaryCoercible(Oid source, Oid target);

// PostgreSQL's coerce_type: converts `node` (of type `input_type`) to `target_type`.
// Requires: CanCoerceType said yes. Throws on input-function errors of literals (with the
// literal's position) and XX000 if no pathway exists after all.
ExprPtr CoerceType(ParseState& ps, ExprPtr node, Oid input_type, Oid target_type,
                   int32_t target_typmod, CoercionContext ccontext, nodes::CoercionForm cformat,
                   int location);
// PostgreSQL's coerce_to_domain: wraps `arg` (already of the domain's base type, or
// coerced to it here with its typmod) in a CoerceToDomain node for `domain`. With
// base_type kInvalidOid the base type is looked up. Returns arg when `domain` is no domain.
ExprPtr CoerceToDomain(ParseState& ps, ExprPtr arg, Oid base_type, int32_t base_typmod, Oid domain,
                       CoercionContext ccontext, nodes::CoercionForm cformat, int location,
                       bool hide_input);
// PostgreSQL's coerce_record_to_complex: a ROW(...) or whole-row Var becomes a RowExpr
// of composite type `target`, each field coerced to its column. Throws 42846 "cannot cast
// type record to X" (details "Input has too few columns." / "... too many columns." /
// "Cannot cast type A to B in column N.").
ExprPtr CoerceRecordToComplex(ParseState& ps, const ExprPtr& node, Oid target,
                              CoercionContext ccontext, nodes::CoercionForm cformat, int location);
// PostgreSQL's coerce_to_target_type: coerce_type plus the typmod (length) coercion.
// Returns nullptr when the coercion is not possible in `ccontext`.
ExprPtr CoerceToTargetType(ParseState& ps, ExprPtr expr, Oid expr_type, Oid target_type,
                           int32_t target_typmod, CoercionContext ccontext,
                           nodes::CoercionForm cformat, int location);
// Coerces to boolean (assignment context) for WHERE, HAVING, ON, CHECK ...; throws 42804
// "argument of WHERE must be type boolean, not type integer" / "... must not return a set".
ExprPtr CoerceToBoolean(ParseState& ps, ExprPtr node, const char* construct);
// Same for LIMIT/OFFSET and others that need one type.
ExprPtr CoerceToSpecificType(ParseState& ps, ExprPtr node, Oid target, const char* construct);

// The common type of `exprs` (PostgreSQL's select_common_type): all-unknown gives text.
// With a null `context`, returns kInvalidOid when there is none; otherwise throws 42804
// "<context> types X and Y cannot be matched" at the offending expression.
Oid SelectCommonType(ParseState& ps, const ExprList& exprs, const char* context,
                     ExprPtr* which = nullptr);
// The same over type OIDs (no positions in errors).
Oid SelectCommonTypeFromOids(const std::vector<Oid>& types, bool noerror);
// The typmod shared by all of `exprs` when they all have `common_type`, else -1.
int32_t SelectCommonTypmod(const ExprList& exprs, Oid common_type);
// Implicitly coerces `node` to `target` or throws 42846 "<context> could not convert type X
// to Y".
ExprPtr CoerceToCommonType(ParseState& ps, ExprPtr node, Oid target, const char* context);

// Polymorphic arguments (PostgreSQL's check_/enforce_generic_type_consistency).
bool CheckGenericTypeConsistency(const std::vector<Oid>& actual, const std::vector<Oid>& declared);
// Replaces polymorphic entries of `declared` with the actual types they resolve to and
// returns the resolved result type. Throws 42804 when the actual types are inconsistent
// or undeterminable (all unknown).
Oid EnforceGenericTypeConsistency(const std::vector<Oid>& actual, std::vector<Oid>& declared,
                                  Oid rettype, bool allow_poly);

// PostgreSQL's applyRelabelType: relabels to (type, typmod, collation), modifying a Const
// copy in place and dropping stacked RelabelTypes.
ExprPtr ApplyRelabelType(ExprPtr arg, Oid type, int32_t typmod, Oid collation,
                         nodes::CoercionForm format, int location);

}  // namespace hyrax::parser

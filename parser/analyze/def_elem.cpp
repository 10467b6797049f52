// DefElem readers (see def_elem.h); follow PostgreSQL's define.c.
#include "parser/analyze/def_elem.h"

#include <cstdlib>

#include "parser/analyze/func_resolution.h"
#include "parser/analyze/type_names.h"

namespace hyrax::parser {

std::string DefName(const PgQuery__DefElem* def) {
  return std::string(raw::Str(def->defname));
}

std::string ConstText(const raw::Node* n) {
  if (n == nullptr) return "";
  switch (n->node_case) {
    case PG_QUERY__NODE__NODE_INTEGER:
      return std::to_string(n->integer->ival);
    case PG_QUERY__NODE__NODE_FLOAT:
      return std::string(raw::Str(n->float_->fval));
    case PG_QUERY__NODE__NODE_BOOLEAN:
      return n->boolean->boolval ? "true" : "false";
    case PG_QUERY__NODE__NODE_STRING:
      return std::string(raw::StrVal(n));
    case PG_QUERY__NODE__NODE_A_CONST: {
      const PgQuery__AConst* c = n->a_const;
      switch (c->val_case) {
        case PG_QUERY__A__CONST__VAL_IVAL:
          return std::to_string(c->ival->ival);
        case PG_QUERY__A__CONST__VAL_FVAL:
          return std::string(raw::Str(c->fval->fval));
        case PG_QUERY__A__CONST__VAL_SVAL:
          return std::string(raw::Str(c->sval->sval));
        case PG_QUERY__A__CONST__VAL_BOOLVAL:
          return c->boolval->boolval ? "true" : "false";
        case PG_QUERY__A__CONST__VAL_BSVAL:
          return std::string(raw::Str(c->bsval->bsval));
        default:
          return "";
      }
    }
    case PG_QUERY__NODE__NODE_TYPE_NAME:
      return TypeNameToString(n->type_name);
    case PG_QUERY__NODE__NODE_LIST:
      return NameListToString(raw::StringList(raw::ListItems(n)));
    case PG_QUERY__NODE__NODE_A_STAR:
      return "*";
    default:
      return "";
  }
}

std::string DefGetString(const ParseState& ps, const PgQuery__DefElem* def) {
  if (def->arg == nullptr) {
    throw MakeError(errcode::kSyntaxError, "{} requires a parameter", DefName(def));
  }
  return ConstText(def->arg);
}

bool DefGetBoolean(const ParseState& ps, const PgQuery__DefElem* def) {
  if (def->arg == nullptr) return true;
  if (raw::Is(def->arg, PG_QUERY__NODE__NODE_INTEGER)) {
    int v = def->arg->integer->ival;
    if (v == 0) return false;
    if (v == 1) return true;
  } else if (raw::Is(def->arg, PG_QUERY__NODE__NODE_BOOLEAN)) {
    return def->arg->boolean->boolval;
  } else {
    std::string s = ConstText(def->arg);
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (s == "true" || s == "on") return true;
    if (s == "false" || s == "off") return false;
  }
  throw MakeError(errcode::kSyntaxError, "{} requires a Boolean value", DefName(def));
}

int64_t DefGetInt64(const ParseState& ps, const PgQuery__DefElem* def) {
  if (def->arg == nullptr) {
    throw MakeError(errcode::kSyntaxError, "{} requires a numeric value", DefName(def));
  }
  if (raw::Is(def->arg, PG_QUERY__NODE__NODE_INTEGER)) return def->arg->integer->ival;
  if (raw::Is(def->arg, PG_QUERY__NODE__NODE_FLOAT)) {
    return std::strtoll(raw::Str(def->arg->float_->fval).data(), nullptr, 10);
  }
  throw MakeError(errcode::kSyntaxError, "{} requires a numeric value", DefName(def));
}

}  // namespace hyrax::parser

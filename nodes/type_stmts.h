// Bound CREATE TYPE ... AS (...) / AS ENUM and CREATE DOMAIN statements (executed by
// executor/commands/type_commands.h); both carry UtilityTag::kDefineType and say their own
// command tag.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "nodes/parsenodes.h"
#include "nodes/primnodes.h"

namespace hyrax::nodes {

struct TypeDefinitionStmt : UtilityStmt {
  TypeDefinitionStmt() : UtilityStmt(UtilityTag::kDefineType) {}
  virtual const char* CommandTag() const = 0;
};

// CREATE TYPE name AS (column type, ...) and CREATE TYPE name AS ENUM ('label', ...).
struct CreateTypeStmt : TypeDefinitionStmt {
  enum class Kind : uint8_t { kComposite, kEnum };
  struct Column {
    std::string name;
    Oid type_oid = kInvalidOid;
    int32_t typmod = -1;
    Oid collation = kInvalidOid;
    int32_t ndims = 0;
  };
  const char* CommandTag() const override { return "CREATE TYPE"; }
  Kind kind = Kind::kComposite;
  Oid namespace_oid = kInvalidOid;
  std::string name;
  std::vector<Column> columns;      // kComposite
  std::vector<std::string> labels;  // kEnum, in sort order
};

// CREATE DOMAIN name AS type [COLLATE c] [NOT NULL | NULL] [CONSTRAINT n CHECK (...)].
struct CreateDomainStmt : TypeDefinitionStmt {
  struct Check {
    std::string name;  // empty: chosen as "<domain>_check"
    ExprPtr expr;      // boolean; VALUE is a CoerceToDomainValue
  };
  const char* CommandTag() const override { return "CREATE DOMAIN"; }
  Oid namespace_oid = kInvalidOid;
  std::string name;
  Oid base_type = kInvalidOid;
  int32_t base_typmod = -1;
  int32_t ndims = 0;
  Oid collation = kInvalidOid;
  bool not_null = false;
  std::vector<Check> checks;
};

// The statement as a type definition, or nullptr when it is another statement.
inline const TypeDefinitionStmt* AsTypeDefinition(const UtilityStmt& stmt) {
  return stmt.tag == UtilityTag::kDefineType ? static_cast<const TypeDefinitionStmt*>(&stmt)
                                             : nullptr;
}

}  // namespace hyrax::nodes

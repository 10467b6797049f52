// Names PostgreSQL chooses for objects the user did not name (PostgreSQL's makeObjectName
// and ChooseConstraintName in indexcmds.c / pg_constraint.c): "<table>_<column>_<label>",
// shortened to fit NAMEDATALEN - 1 bytes, with a number appended to the label until the
// name is free in the namespace.
#pragma once

#include <string>
#include <vector>

#include "common/ids.h"

namespace hyrax::executor::commands {

// "name1_name2_label" (name2 and label may be empty), the longer of name1/name2 truncated
// first so the result has at most 63 bytes; never splits a UTF-8 character.
std::string MakeObjectName(const std::string& name1, const std::string& name2,
                           const std::string& label);

// The first of MakeObjectName(name1, name2, label), (..., label + "1"), (..., label + "2")
// ... that no pg_constraint row in `namespace_oid` uses and that is not in `taken` (names
// already chosen by the same command).
std::string ChooseConstraintName(const std::string& name1, const std::string& name2,
                                 const std::string& label, Oid namespace_oid,
                                 const std::vector<std::string>& taken);

// PostgreSQL's ChooseRelationName: the first of MakeObjectName(name1, name2, label),
// (..., label + "1") ... that no relation in `namespace_oid` uses and that is not in `taken`.
std::string ChooseRelationName(const std::string& name1, const std::string& name2,
                               const std::string& label, Oid namespace_oid,
                               const std::vector<std::string>& taken = {});

}  // namespace hyrax::executor::commands

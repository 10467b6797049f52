// A PL/pgSQL record: named, typed fields with values (PostgreSQL's expanded record). Record
// variables (`r record`, `t%ROWTYPE`, a FOR loop's row; a trigger's NEW and OLD once
// triggers exist) are records. By-reference values live in the memory context of whoever
// filled the record.
#pragma once

#include <string>
#include <vector>

#include "common/datum.h"
#include "common/ids.h"

namespace hyrax::executor::plpgsql {

struct RecordField {
  std::string name;
  Oid type = kInvalidOid;
  int32_t typmod = -1;
};

struct RecordValue {
  std::vector<RecordField> fields;  // empty while a `record` variable is unassigned
  std::vector<Datum> values;
  std::vector<bool> nulls;
  bool assigned = false;  // holds a row (possibly all NULL) rather than SQL NULL

  // Index of the field `name`, or -1.
  int FieldIndex(const std::string& name) const {
    for (size_t i = 0; i < fields.size(); ++i) {
      if (fields[i].name == name) return static_cast<int>(i);
    }
    return -1;
  }
};

}  // namespace hyrax::executor::plpgsql

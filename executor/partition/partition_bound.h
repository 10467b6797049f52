// A partition bound in the text form stored in pg_class.relpartbound, which is also what
// pg_get_expr(relpartbound) prints (PostgreSQL's get_rule_expr for PartitionBoundSpec):
//   DEFAULT | FOR VALUES IN ('a', NULL) | FOR VALUES FROM (1, MINVALUE) TO (10, MAXVALUE)
//   | FOR VALUES WITH (modulus 4, remainder 1)
// Values are literals as ruleutils prints constants without type labels; partition_key.h
// turns them into Datums of the key columns. The analyzer builds bounds, the executor and
// planner parse them (executor/partition/README.md).
#pragma once

#include <string>
#include <vector>

namespace hyrax::executor {

struct BoundDatum {
  enum class Kind { kValue, kNull, kMinValue, kMaxValue };
  Kind kind = Kind::kValue;
  std::string literal;  // kValue: as printed ('a', 10, true)
  // The value's text for the type's input function (the literal without its quotes).
  std::string Text() const;
};

struct PartitionBoundSpec {
  bool is_default = false;
  char strategy = '\0';                  // 'l' list, 'r' range, 'h' hash ('\0' for DEFAULT)
  std::vector<BoundDatum> list_datums;   // 'l'
  std::vector<BoundDatum> lower, upper;  // 'r'
  int modulus = 0, remainder = 0;        // 'h'

  std::string ToText() const;
};

// "(10, MINVALUE)" as PostgreSQL's get_range_partbound_string prints a range bound.
std::string RangeBoundText(const std::vector<BoundDatum>& datums);

// Parses the text form. Throws XX000 for text this module did not write.
PartitionBoundSpec ParsePartitionBound(const std::string& text);

// Whether the stored bound is DEFAULT.
bool IsDefaultBound(const std::string& text);

}  // namespace hyrax::executor

// Combining assignments to parts of one column (see merge_assignments.h).
#include "planner/prep/merge_assignments.h"

#include "common/error.h"

namespace hyrax::planner {

namespace {

[[noreturn]] void ThrowMultiple(const std::string& column_name) {
  throw MakeError(errcode::kSyntaxError, "multiple assignments to same column \"{}\"", column_name);
}

}  // namespace

nodes::ExprPtr MergeColumnAssignments(const nodes::ExprPtr& prior, const nodes::ExprPtr& next,
                                      const std::string& column_name) {
  if (!prior || !next || prior->tag != next->tag) ThrowMultiple(column_name);
  if (next->tag == nodes::NodeTag::kCoerceToDomain) {
    // A column of a domain type: combine the assignments under the domain's check.
    auto merged = std::make_shared<nodes::CoerceToDomain>(*nodes::As<nodes::CoerceToDomain>(next));
    merged->arg = MergeColumnAssignments(nodes::As<nodes::CoerceToDomain>(prior)->arg, merged->arg,
                                         column_name);
    return merged;
  }
  if (next->tag == nodes::NodeTag::kFieldStore) {
    // Both store into the column's old value: one store of all the fields.
    auto merged = std::make_shared<nodes::FieldStore>(*nodes::As<nodes::FieldStore>(prior));
    const auto& later = *nodes::As<nodes::FieldStore>(next);
    merged->newvals.insert(merged->newvals.end(), later.newvals.begin(), later.newvals.end());
    merged->fieldnums.insert(merged->fieldnums.end(), later.fieldnums.begin(),
                             later.fieldnums.end());
    return merged;
  }
  if (next->tag == nodes::NodeTag::kSubscriptingRef &&
      nodes::As<nodes::SubscriptingRef>(next)->refassgnexpr) {
    // The later element assignment applies to the array the earlier one produced.
    auto merged =
        std::make_shared<nodes::SubscriptingRef>(*nodes::As<nodes::SubscriptingRef>(next));
    merged->refexpr = prior;
    return merged;
  }
  ThrowMultiple(column_name);
}

}  // namespace hyrax::planner

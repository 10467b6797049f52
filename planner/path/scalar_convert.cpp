// convert_to_scalar (see scalar_convert.h). Only the C collation exists, so strings are
// compared by their bytes (PostgreSQL uses strxfrm's output in other locales).
#include "planner/path/scalar_convert.h"

#include <cfloat>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "common/varlena.h"
#include "executor/types/datetime.h"
#include "executor/types/numeric_io.h"
#include "executor/types/numeric_var.h"
#include "executor/types/type_oids.h"

namespace hyrax::planner {

namespace {

constexpr double kUsecsPerDay = 86400000000.0;
constexpr double kDaysPerMonth = 365.25 / 12.0;
constexpr size_t kMaxStringChars = 12;  // convert_one_string_to_scalar looks at 12 bytes

enum class Family { kNone, kNumber, kString, kTime };

Family FamilyOf(Oid type) {
  switch (type) {
    case executor::kBoolOid:
    case executor::kInt2Oid:
    case executor::kInt4Oid:
    case executor::kInt8Oid:
    case executor::kFloat4Oid:
    case executor::kFloat8Oid:
    case executor::kNumericOid:
    case executor::kOidOid:
    case executor::kRegprocOid:
    case executor::kRegprocedureOid:
    case executor::kRegoperOid:
    case executor::kRegoperatorOid:
    case executor::kRegclassOid:
    case executor::kRegtypeOid:
      return Family::kNumber;
    case executor::kCharOid:
    case executor::kNameOid:
    case executor::kTextOid:
    case executor::kVarcharOid:
    case executor::kBpcharOid:
      return Family::kString;
    case executor::kDateOid:
    case executor::kTimeOid:
    case executor::kTimeTzOid:
    case executor::kTimestampOid:
    case executor::kTimestampTzOid:
    case executor::kIntervalOid:
      return Family::kTime;
    default:
      return Family::kNone;
  }
}

double NumberToScalar(Datum d, Oid type) {
  switch (type) {
    case executor::kBoolOid:
      return DatumGetBool(d) ? 1.0 : 0.0;
    case executor::kInt2Oid:
      return DatumGetInt16(d);
    case executor::kInt4Oid:
      return DatumGetInt32(d);
    case executor::kInt8Oid:
      return static_cast<double>(DatumGetInt64(d));
    case executor::kFloat4Oid:
      return DatumGetFloat4(d);
    case executor::kFloat8Oid:
      return DatumGetFloat8(d);
    case executor::kNumericOid:
      return executor::NumericToDouble(executor::NumericDatumToVar(d));
    default:  // the OID types
      return DatumGetObjectId(d);
  }
}

double TimeToScalar(Datum d, Oid type) {
  switch (type) {
    case executor::kDateOid: {
      const executor::DateADT date = DatumGetInt32(d);
      if (date == executor::kDateNoBegin) return -DBL_MAX;
      if (date == executor::kDateNoEnd) return DBL_MAX;
      return date * kUsecsPerDay;
    }
    case executor::kTimeOid:
    case executor::kTimestampOid:
    case executor::kTimestampTzOid:
      return static_cast<double>(DatumGetInt64(d));
    case executor::kTimeTzOid: {
      const auto* t = DatumGetPointer<const executor::TimeTzADT>(d);
      return static_cast<double>(t->time) + t->zone * 1000000.0;
    }
    default: {  // interval: months of average length
      const auto* iv = DatumGetPointer<const executor::Interval>(d);
      return static_cast<double>(iv->time) + iv->day * kUsecsPerDay +
             iv->month * kDaysPerMonth * kUsecsPerDay;
    }
  }
}

std::string StringOf(Datum d, Oid type) {
  switch (type) {
    case executor::kCharOid:
      return std::string(1, DatumGetChar(d));
    case executor::kNameOid:
      return std::string(DatumGetPointer<const char>(d));
    default:
      return std::string(DatumGetTextView(d));
  }
}

// The base-(hi - lo + 1) fraction of the string's first bytes (convert_one_string_to_scalar).
double OneStringToScalar(std::string_view s, int rangelo, int rangehi) {
  if (s.size() > kMaxStringChars) s = s.substr(0, kMaxStringChars);
  const double base = rangehi - rangelo + 1;
  double num = 0;
  double denom = base;
  for (unsigned char uc : s) {
    int ch = uc;
    if (ch < rangelo) ch = rangelo - 1;
    if (ch > rangehi) ch = rangehi + 1;
    num += (ch - rangelo) / denom;
    denom *= base;
  }
  return num;
}

// convert_string_to_scalar: the character range is taken from the bounds (widened to whole
// letter and digit ranges, or to printable ASCII when narrow), then the common prefix of
// the three strings is dropped.
void StringsToScalar(std::string_view value, std::string_view lo, std::string_view hi,
                     double* scaled_value, double* scaled_lo, double* scaled_hi) {
  int rangelo = hi.empty() ? 0 : static_cast<unsigned char>(hi[0]);
  int rangehi = rangelo;
  for (std::string_view bound : {lo, hi}) {
    for (unsigned char c : bound) {
      rangelo = std::min<int>(rangelo, c);
      rangehi = std::max<int>(rangehi, c);
    }
  }
  for (auto [first, last] : {std::pair{'A', 'Z'}, std::pair{'a', 'z'}, std::pair{'0', '9'}}) {
    if (rangelo <= last && rangehi >= first) {
      rangelo = std::min<int>(rangelo, first);
      rangehi = std::max<int>(rangehi, last);
    }
  }
  if (rangehi - rangelo < 9) {
    rangelo = ' ';
    rangehi = 127;
  }
  size_t common = 0;
  while (common < lo.size() && common < hi.size() && common < value.size() &&
         lo[common] == hi[common] && lo[common] == value[common]) {
    ++common;
  }
  *scaled_value = OneStringToScalar(value.substr(common), rangelo, rangehi);
  *scaled_lo = OneStringToScalar(lo.substr(common), rangelo, rangehi);
  *scaled_hi = OneStringToScalar(hi.substr(common), rangelo, rangehi);
}

}  // namespace

bool ConvertToScalar(Datum value, Oid value_type, Datum lo, Datum hi, Oid bounds_type,
                     double* scaled_value, double* scaled_lo, double* scaled_hi) {
  const Family family = FamilyOf(value_type);
  if (family == Family::kNone || FamilyOf(bounds_type) != family) return false;
  switch (family) {
    case Family::kNumber:
      *scaled_value = NumberToScalar(value, value_type);
      *scaled_lo = NumberToScalar(lo, bounds_type);
      *scaled_hi = NumberToScalar(hi, bounds_type);
      return true;
    case Family::kTime:
      *scaled_value = TimeToScalar(value, value_type);
      *scaled_lo = TimeToScalar(lo, bounds_type);
      *scaled_hi = TimeToScalar(hi, bounds_type);
      return true;
    case Family::kString:
      StringsToScalar(StringOf(value, value_type), StringOf(lo, bounds_type),
                      StringOf(hi, bounds_type), scaled_value, scaled_lo, scaled_hi);
      return true;
    case Family::kNone:
      break;
  }
  return false;
}

}  // namespace hyrax::planner

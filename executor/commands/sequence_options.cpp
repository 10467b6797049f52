// CREATE/ALTER SEQUENCE options (see sequence_options.h).
#include "executor/commands/sequence_options.h"

#include <cstdint>
#include <limits>

#include "common/error.h"

namespace hyrax::executor::commands {

namespace {

constexpr Oid kInt2 = 21, kInt4 = 23, kInt8 = 20;

const char* TypeName(Oid type) {
  return type == kInt2 ? "smallint" : type == kInt4 ? "integer" : "bigint";
}
int64_t TypeMax(Oid type) {
  return type == kInt2   ? std::numeric_limits<int16_t>::max()
         : type == kInt4 ? std::numeric_limits<int32_t>::max()
                         : std::numeric_limits<int64_t>::max();
}
int64_t TypeMin(Oid type) {
  return type == kInt2   ? std::numeric_limits<int16_t>::min()
         : type == kInt4 ? std::numeric_limits<int32_t>::min()
                         : std::numeric_limits<int64_t>::min();
}

[[noreturn]] void Invalid(std::string message) {
  throw Error(errcode::kInvalidParameterValue, std::move(message));
}

// AS type; on ALTER a bound at the old type's limit follows the new type (init_params).
void ResolveType(const nodes::SequenceOptions& o, catalog::PgSequence& p, bool create,
                 bool* reset_max, bool* reset_min) {
  if (o.type == kInvalidOid) {
    if (create) p.seqtypid = kInt8;
    return;
  }
  if (o.type != kInt2 && o.type != kInt4 && o.type != kInt8) {
    Invalid("sequence type must be smallint, integer, or bigint");
  }
  if (!create && o.type != p.seqtypid) {
    *reset_max = (p.seqincrement > 0 && p.seqmax == TypeMax(p.seqtypid)) ||
                 (p.seqincrement < 0 && p.seqmax == -1);
    *reset_min = (p.seqincrement > 0 && p.seqmin == 1) ||
                 (p.seqincrement < 0 && p.seqmin == TypeMin(p.seqtypid));
  }
  p.seqtypid = o.type;
}

void ResolveBounds(const nodes::SequenceOptions& o, catalog::PgSequence& p, bool create,
                   bool reset_max, bool reset_min) {
  if (o.maxvalue) {
    p.seqmax = *o.maxvalue;
  } else if (create || o.no_maxvalue || reset_max) {
    p.seqmax = p.seqincrement > 0 ? TypeMax(p.seqtypid) : -1;
  }
  if (p.seqmax < TypeMin(p.seqtypid) || p.seqmax > TypeMax(p.seqtypid)) {
    Invalid(fmt::format("MAXVALUE ({}) is out of range for sequence data type {}", p.seqmax,
                        TypeName(p.seqtypid)));
  }
  if (o.minvalue) {
    p.seqmin = *o.minvalue;
  } else if (create || o.no_minvalue || reset_min) {
    p.seqmin = p.seqincrement > 0 ? 1 : TypeMin(p.seqtypid);
  }
  if (p.seqmin < TypeMin(p.seqtypid) || p.seqmin > TypeMax(p.seqtypid)) {
    Invalid(fmt::format("MINVALUE ({}) is out of range for sequence data type {}", p.seqmin,
                        TypeName(p.seqtypid)));
  }
  if (p.seqmin >= p.seqmax) {
    Invalid(fmt::format("MINVALUE ({}) must be less than MAXVALUE ({})", p.seqmin, p.seqmax));
  }
}

void CheckInRange(const char* what, int64_t value, const catalog::PgSequence& p) {
  if (value < p.seqmin) {
    Invalid(fmt::format("{} value ({}) cannot be less than MINVALUE ({})", what, value, p.seqmin));
  }
  if (value > p.seqmax) {
    Invalid(
        fmt::format("{} value ({}) cannot be greater than MAXVALUE ({})", what, value, p.seqmax));
  }
}

}  // namespace

ResolvedSequence ResolveSequenceOptions(const nodes::SequenceOptions& o,
                                        const catalog::PgSequence* existing,
                                        const storage::SequenceData* current) {
  const bool create = existing == nullptr;
  ResolvedSequence out;
  catalog::PgSequence& p = out.params;
  if (existing) p = *existing;
  bool reset_max = false, reset_min = false;
  ResolveType(o, p, create, &reset_max, &reset_min);
  if (o.increment) {
    if (*o.increment == 0) Invalid("INCREMENT must not be zero");
    p.seqincrement = *o.increment;
  } else if (create) {
    p.seqincrement = 1;
  }
  if (o.cycle) {
    p.seqcycle = *o.cycle;
  } else if (create) {
    p.seqcycle = false;
  }
  ResolveBounds(o, p, create, reset_max, reset_min);
  if (o.start) {
    p.seqstart = *o.start;
  } else if (create) {
    p.seqstart = p.seqincrement > 0 ? p.seqmin : p.seqmax;
  }
  CheckInRange("START", p.seqstart, p);

  if (o.restart || o.restart_default) {
    int64_t value = o.restart ? *o.restart : p.seqstart;
    CheckInRange("RESTART", value, p);
    out.new_state = storage::SequenceData{value, 0, false};
  } else if (create) {
    out.new_state = storage::SequenceData{p.seqstart, 0, false};
  } else if (current) {
    // The current value must stay within the new bounds (PostgreSQL checks it as RESTART).
    CheckInRange("RESTART", current->last_value, p);
  }
  if (o.cache) {
    if (*o.cache <= 0) Invalid(fmt::format("CACHE ({}) must be greater than zero", *o.cache));
    p.seqcache = *o.cache;
  } else if (create) {
    p.seqcache = 1;
  }
  return out;
}

}  // namespace hyrax::executor::commands

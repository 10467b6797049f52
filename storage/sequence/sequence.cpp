// nextval / currval / lastval / setval (see sequence.h). The algorithm is PostgreSQL's
// nextval_internal: values are reserved CACHE at a time per backend, and a WAL record is
// written only every kSequenceLogValues values (or after a checkpoint), describing the
// state as if all of them had been handed out.
#include "storage/sequence/sequence.h"

#include <unordered_map>

#include <fmt/format.h>

#include "common/assert.h"
#include "common/error.h"
#include "storage/catalog/catalog_desc.h"
#include "storage/catalog/catalog_scan.h"
#include "storage/catalog/syscache.h"
#include "storage/lmgr/lock_manager.h"
#include "storage/txn/xact.h"
#include "wal/flush/xlog_flush.h"

namespace hyrax::storage {

namespace {

// This backend's state of one sequence (PostgreSQL's SeqTableData).
struct SessionSequence {
  bool last_valid = false;  // `last` holds a value nextval/setval returned in this session
  int64_t last = 0;         // value last returned
  int64_t cached = 0;       // last value reserved for this backend (== last: none left)
  int64_t increment = 1;    // of the reservation
};

std::unordered_map<Oid, SessionSequence>& Sessions() {
  static std::unordered_map<Oid, SessionSequence> sessions;
  return sessions;
}
std::optional<Oid> g_last_used_sequence;

// The sequence's pg_class row, checked to be a sequence.
catalog::PgClass OpenSequence(Oid seqid, LockMode mode) {
  LockRelationOid(seqid, mode);
  std::optional<catalog::PgClass> rel = catalog::Syscache().RelationByOid(seqid);
  if (!rel) throw MakeError(errcode::kUndefinedTable, "could not open relation with OID {}", seqid);
  if (rel->relkind != 'S') {
    throw MakeError(errcode::kWrongObjectType, "\"{}\" is not a sequence", rel->relname);
  }
  return *rel;
}

RelFileLocator LocatorOf(const catalog::PgClass& rel) {
  return catalog::HeapRelationFor(rel).locator;
}

// Whether `next` + `incby` would leave [min, max] (written without overflowing).
bool StepLeavesRange(int64_t next, int64_t incby, const catalog::PgSequence& p) {
  if (incby > 0)
    return (p.seqmax >= 0 && next > p.seqmax - incby) || (p.seqmax < 0 && next + incby > p.seqmax);
  return (p.seqmin < 0 && next < p.seqmin - incby) || (p.seqmin >= 0 && next + incby < p.seqmin);
}

[[noreturn]] void ThrowLimit(const catalog::PgSequence& p, const std::string& name) {
  bool up = p.seqincrement > 0;
  throw MakeError(errcode::kSequenceGeneratorLimitExceeded,
                  "nextval: reached {} value of sequence \"{}\" ({})", up ? "maximum" : "minimum",
                  name, up ? p.seqmax : p.seqmin);
}

}  // namespace

catalog::PgSequence GetSequenceParams(Oid seqid) {
  for (const auto& ref : catalog::ScanCatalog<catalog::PgSequence>()) {
    if (ref.row.seqrelid == seqid) return ref.row;
  }
  throw MakeError(errcode::kInternalError, "cache lookup failed for sequence {}", seqid);
}

int64_t SequenceNextValue(Oid seqid) {
  catalog::PgClass rel = OpenSequence(seqid, LockMode::kRowExclusive);
  PreventCommandIfReadOnly("nextval()");
  SessionSequence& session = Sessions()[seqid];
  if (session.last != session.cached) {
    // A value reserved earlier by this backend.
    session.last += session.increment;
    session.last_valid = true;
    g_last_used_sequence = seqid;
    return session.last;
  }
  const catalog::PgSequence p = GetSequenceParams(seqid);
  const int64_t incby = p.seqincrement;

  Lsn flush_to = 0;
  int64_t result = 0, last = 0;
  {
    LockedSequencePage page(LocatorOf(rel));
    SequenceData data = page.Read();
    int64_t next = data.last_value;
    result = next;
    last = next;
    int64_t fetch = p.seqcache, log = data.log_cnt, rescnt = 0;
    if (!data.is_called) {
      rescnt++;  // the first value handed out is last_value itself
      fetch--;
    }
    // Log ahead when the logged reserve is used up, or when a checkpoint since the last
    // record would keep recovery from replaying it (PostgreSQL's rule).
    bool logit = false;
    if (log < fetch || !data.is_called || page.NeedsLogAfterCheckpoint()) {
      fetch = log = fetch + kSequenceLogValues;
      logit = true;
    }
    while (fetch > 0) {
      if (StepLeavesRange(next, incby, p)) {
        if (rescnt > 0) break;  // hand out what we have; the next call fails
        if (!p.seqcycle) ThrowLimit(p, rel.relname);
        next = incby > 0 ? p.seqmin : p.seqmax;
      } else {
        next += incby;
      }
      fetch--;
      if (rescnt < p.seqcache) {
        log--;
        rescnt++;
        last = next;
        if (rescnt == 1) result = next;
      }
    }
    log -= fetch;  // values we could not reserve at the end of a non-cycling range
    SequenceData current{last, log, true};
    if (logit) {
      flush_to = page.WriteLogged(SequenceData{next, 0, true}, current);
    } else {
      // Values from the logged reserve: the record that reserved them may be another
      // backend's that has not reached its flush yet.
      flush_to = page.PageLsn();
      page.WriteUnlogged(current);
    }
  }
  // Simpler than PostgreSQL (which leaves the flush to the commit): no value covered by an
  // unflushed record is ever handed out, so a crash cannot hand it out again.
  if (flush_to != 0) wal::XLogFlush(flush_to);
  session.increment = incby;
  session.last = result;
  session.cached = last;
  session.last_valid = true;
  g_last_used_sequence = seqid;
  return result;
}

int64_t SequenceCurrentValue(Oid seqid) {
  catalog::PgClass rel = OpenSequence(seqid, LockMode::kAccessShare);
  auto it = Sessions().find(seqid);
  if (it == Sessions().end() || !it->second.last_valid) {
    throw MakeError(errcode::kObjectNotInPrerequisiteState,
                    "currval of sequence \"{}\" is not yet defined in this session", rel.relname);
  }
  return it->second.last;
}

int64_t SequenceLastValue() {
  bool defined = g_last_used_sequence.has_value() &&
                 catalog::Syscache().RelationByOid(*g_last_used_sequence).has_value();
  if (!defined) {
    throw Error(errcode::kObjectNotInPrerequisiteState,
                "lastval is not yet defined in this session");
  }
  OpenSequence(*g_last_used_sequence, LockMode::kAccessShare);
  return Sessions()[*g_last_used_sequence].last;
}

void SequenceSetValue(Oid seqid, int64_t value, bool is_called) {
  catalog::PgClass rel = OpenSequence(seqid, LockMode::kRowExclusive);
  PreventCommandIfReadOnly("setval()");
  const catalog::PgSequence p = GetSequenceParams(seqid);
  if (value < p.seqmin || value > p.seqmax) {
    throw MakeError(errcode::kNumericValueOutOfRange,
                    "setval: value {} is out of bounds for sequence \"{}\" ({}..{})", value,
                    rel.relname, p.seqmin, p.seqmax);
  }
  SessionSequence& session = Sessions()[seqid];
  if (is_called) {
    session.last = value;
    session.last_valid = true;
  }
  session.cached = session.last;  // drop reserved values
  Lsn lsn;
  {
    LockedSequencePage page(LocatorOf(rel));
    SequenceData data{value, 0, is_called};
    lsn = page.WriteLogged(data, data);
  }
  wal::XLogFlush(lsn);
}

SequenceData ReadSequenceState(Oid seqid) {
  std::optional<catalog::PgClass> rel = catalog::Syscache().RelationByOid(seqid);
  HYRAX_CHECK(rel.has_value(), "sequence to read does not exist");
  LockedSequencePage page(LocatorOf(*rel));
  return page.Read();
}

std::optional<int64_t> SequencePageLastValue(Oid seqid) {
  catalog::PgClass rel = OpenSequence(seqid, LockMode::kAccessShare);
  LockedSequencePage page(LocatorOf(rel));
  SequenceData data = page.Read();
  if (!data.is_called) return std::nullopt;
  return data.last_value;
}

void ResetSequenceState(Oid seqid, const SequenceData& data) {
  std::optional<catalog::PgClass> rel = catalog::Syscache().RelationByOid(seqid);
  HYRAX_CHECK(rel.has_value(), "sequence to reset does not exist");
  Lsn lsn;
  {
    LockedSequencePage page(LocatorOf(*rel));
    lsn = page.WriteLogged(data, data);
  }
  wal::XLogFlush(lsn);
  DiscardSequenceCache(seqid);
}

void DiscardSequenceCache(Oid seqid) {
  auto it = Sessions().find(seqid);
  if (it != Sessions().end()) it->second.cached = it->second.last;
}

void DiscardAllSequenceState() {
  Sessions().clear();
  g_last_used_sequence.reset();
}

}  // namespace hyrax::storage

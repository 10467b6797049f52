// Sequence operations (PostgreSQL's sequence.c): nextval, currval, lastval, setval and the
// per-backend state behind them (values reserved by CACHE, the last value each sequence
// returned in this session). The parameters come from pg_sequence, the state from the
// sequence's page (sequence_page.h). nextval and setval are not transactional: what they
// change stays changed when the transaction aborts. storage/sequence/README.md has the
// algorithm and the crash-safety argument.
#pragma once

#include <cstdint>
#include <optional>

#include "common/ids.h"
#include "storage/catalog/catalog_rows.h"
#include "storage/sequence/sequence_page.h"

namespace hyrax::storage {

// Number of values logged ahead by one WAL record (PostgreSQL's SEQ_LOG_VALS).
inline constexpr int64_t kSequenceLogValues = 32;

// The parameters of sequence `seqid` (its pg_sequence row). Throws XX000 when missing.
catalog::PgSequence GetSequenceParams(Oid seqid);

// Advances the sequence and returns the new value. Locks the sequence RowExclusive.
// Throws 42809 "\"x\" is not a sequence", 2200H "nextval: reached maximum value of
// sequence \"x\" (n)" (or minimum), 25006 in a read-only transaction.
int64_t SequenceNextValue(Oid seqid);
// The value nextval last returned for it in this session; 55000 "currval of sequence \"x\"
// is not yet defined in this session".
int64_t SequenceCurrentValue(Oid seqid);
// The value of the last nextval of this session; 55000 "lastval is not yet defined in this
// session".
int64_t SequenceLastValue();
// setval(seq, value, is_called). Throws 22003 "setval: value n is out of bounds for
// sequence \"x\" (min..max)".
void SequenceSetValue(Oid seqid, int64_t value, bool is_called);
// The page state of sequence `seqid` (ALTER SEQUENCE reads it). Requires: a lock on it.
SequenceData ReadSequenceState(Oid seqid);
// The page's last_value, or nullopt when the sequence was never called
// (pg_sequence_last_value).
std::optional<int64_t> SequencePageLastValue(Oid seqid);

// Rewrites the page state (CREATE SEQUENCE's first state is written by InitSequencePage;
// ALTER SEQUENCE ... RESTART uses this), logged and flushed, and discards values this
// backend had cached. Requires: the caller holds a lock on the sequence.
void ResetSequenceState(Oid seqid, const SequenceData& data);
// Forgets this backend's cached values of one sequence (ALTER SEQUENCE).
void DiscardSequenceCache(Oid seqid);
// Forgets all per-session sequence state (DISCARD SEQUENCES / DISCARD ALL).
void DiscardAllSequenceState();

}  // namespace hyrax::storage

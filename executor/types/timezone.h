// Time zones for timestamptz/timetz: the IANA database read from /usr/share/zoneinfo (TZif
// files, version 2+ 64-bit data plus the POSIX TZ footer rule for times after the last
// listed transition), POSIX TZ strings ("EST5EDT,M3.2.0,M11.1.0", "<+03>-3", "+02:00") and
// fixed numeric offsets. PostgreSQL on Debian reads the same system tzdata, so offsets and
// abbreviations agree. See executor/types/README.md "Time zones".
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hyrax::executor {

// The local time type in effect at some instant.
struct ZoneOffset {
  int32_t gmtoff = 0;  // seconds east of UTC (struct tm's tm_gmtoff)
  bool isdst = false;
  const char* abbrev = "UTC";  // owned by the TimeZone, valid while it is
};

class TimeZone {
 public:
  // Loads a zone the way PostgreSQL's TimeZone setting accepts it: a zone file name
  // (case-insensitive; name() becomes its canonical spelling, "america/new_york" ->
  // "America/New_York") or a POSIX TZ string (name() is its upper-case form). Returns
  // nullptr when neither works. Loaded zones are cached for the life of the process.
  static std::shared_ptr<const TimeZone> Load(std::string_view name);
  // A zone with a fixed offset of `gmtoff` seconds east of UTC, named like PostgreSQL's
  // pg_tzset_offset ("<+05:30>-05:30"). Returns nullptr when |gmtoff| is a week or more.
  static std::shared_ptr<const TimeZone> FixedOffset(int32_t gmtoff);

  const std::string& name() const { return name_; }

  // The local time type at `unix_seconds` (seconds since 1970-01-01 00:00 UTC).
  ZoneOffset AtUtc(int64_t unix_seconds) const;
  // The local time type to use for the wall-clock time `local_seconds` (seconds since
  // 1970-01-01 00:00 of local time), resolving PostgreSQL's way (DetermineTimeZoneOffset):
  // a time skipped by a spring-forward transition uses the offset before it, a time repeated
  // by a fall-back transition uses the offset after it.
  ZoneOffset ForLocal(int64_t local_seconds) const;
  // The offset when the zone never changes it (no transitions, no DST rule), else nullopt
  // (PostgreSQL's pg_get_timezone_offset).
  std::optional<int32_t> FixedGmtoff() const;
  // The gmtoff of abbreviation `abbrev` (case-insensitive) if this zone has ever used it,
  // preferring the most recent use (PostgreSQL's pg_interpret_timezone_abbrev).
  std::optional<ZoneOffset> FindAbbrev(std::string_view abbrev) const;

  struct Type {
    int32_t gmtoff = 0;
    bool isdst = false;
    std::string abbrev;
  };
  // When a POSIX rule switches (Mm.w.d, Jn or n form) and at what local second of that day.
  struct RuleDate {
    char kind = 'M';  // 'M' month.week.weekday, 'J' 1..365 without Feb 29, 'D' 0..365
    int month = 0, week = 0, weekday = 0, day = 0;
    int32_t secs = 7200;
  };
  struct PosixRule {
    Type std_type;
    Type dst_type;
    bool has_dst = false;
    RuleDate start, end;
  };

 private:
  friend class TimeZoneLoader;
  struct Transition {
    int64_t at;  // UTC seconds
    const Type* before;
    const Type* after;
  };
  // The first transition strictly after `t`, from the table or the footer rule.
  std::optional<Transition> NextTransition(int64_t t) const;
  const Type* TypeAtUtc(int64_t t) const;
  const Type* RuleTypeAt(int64_t t) const;
  // UTC instants at which DST starts and ends in `year` under the footer rule.
  void RuleTransitions(int64_t year, int64_t* dst_start, int64_t* dst_end) const;

  std::string name_;
  std::vector<int64_t> transitions_;  // sorted UTC seconds
  std::vector<uint8_t> trans_types_;  // index into types_ for each transition
  std::vector<Type> types_;           // never resized after loading (pointers stay valid)
  std::optional<PosixRule> rule_;     // for times after the last transition
};

// Parses a POSIX TZ string; nullopt when malformed.
std::optional<TimeZone::PosixRule> ParsePosixTz(std::string_view spec);

// The session time zone (the TimeZone setting; default UTC).
const TimeZone& SessionTimeZone();
std::shared_ptr<const TimeZone> SessionTimeZonePtr();
// Sets the session time zone from a TimeZone setting value: a number of hours east of UTC
// ("-5", "5.5"), else a zone or POSIX TZ string for TimeZone::Load. Returns false (and
// changes nothing) when the value is not accepted.
bool SetSessionTimeZone(std::string_view value);
// The zone SetSessionTimeZone(value) would install; nullptr when not accepted.
std::shared_ptr<const TimeZone> ParseTimeZoneSetting(std::string_view value);

// Where zone files are read from (default /usr/share/zoneinfo; tests may point elsewhere).
void SetZoneInfoDirectory(std::string path);

}  // namespace hyrax::executor

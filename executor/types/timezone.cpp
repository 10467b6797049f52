// TZif reading, POSIX TZ rules and local-time resolution (see timezone.h). The file format is
// RFC 8536; only the version 2+ 64-bit block and footer are used.
#include "executor/types/timezone.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <dirent.h>
#include <fstream>
#include <map>
#include <sstream>
#include <strings.h>

#include "executor/types/calendar.h"

namespace hyrax::executor {

namespace {

std::string g_zoneinfo_dir = "/usr/share/zoneinfo";

int64_t ReadBigEndian(const std::string& data, size_t pos, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | static_cast<uint8_t>(data[pos + i]);
  if (bytes == 4) return static_cast<int32_t>(static_cast<uint32_t>(v));
  return static_cast<int64_t>(v);
}

// Finds `name` under the zoneinfo directory, matching each path component
// case-insensitively as PostgreSQL does. Returns the canonical relative path, or "".
std::string FindZoneFile(std::string_view name) {
  if (name.empty() || name.front() == '/' || name.find("..") != std::string_view::npos) return "";
  std::string canonical;
  std::string dir = g_zoneinfo_dir;
  size_t start = 0;
  while (start <= name.size()) {
    size_t slash = name.find('/', start);
    std::string_view part = name.substr(
        start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (part.empty()) return "";
    DIR* d = opendir(dir.c_str());
    if (d == nullptr) return "";
    std::string found;
    while (dirent* entry = readdir(d)) {
      std::string_view entry_name(entry->d_name);
      if (entry_name.size() == part.size() &&
          strncasecmp(entry_name.data(), part.data(), part.size()) == 0) {
        found = entry->d_name;
        if (entry_name == part) break;  // exact match wins over a case-insensitive one
      }
    }
    closedir(d);
    if (found.empty()) return "";
    canonical += (canonical.empty() ? "" : "/") + found;
    dir += "/" + found;
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return canonical;
}

// --- POSIX TZ string parsing -------------------------------------------------------------

struct Cursor {
  std::string_view s;
  size_t pos = 0;
  bool AtEnd() const { return pos >= s.size(); }
  char Peek() const { return AtEnd() ? '\0' : s[pos]; }
};

bool ParseZoneName(Cursor& c, std::string* out) {
  if (c.Peek() == '<') {
    size_t close = c.s.find('>', c.pos);
    if (close == std::string_view::npos) return false;
    *out = std::string(c.s.substr(c.pos + 1, close - c.pos - 1));
    c.pos = close + 1;
    return true;
  }
  size_t start = c.pos;
  while (!c.AtEnd() && std::isalpha(static_cast<unsigned char>(c.Peek()))) ++c.pos;
  *out = std::string(c.s.substr(start, c.pos - start));
  return true;
}

bool ParseNumber(Cursor& c, int* out, int max) {
  if (!std::isdigit(static_cast<unsigned char>(c.Peek()))) return false;
  int v = 0;
  while (std::isdigit(static_cast<unsigned char>(c.Peek()))) {
    v = v * 10 + (c.Peek() - '0');
    if (v > max) return false;
    ++c.pos;
  }
  *out = v;
  return true;
}

// [+-]hh[:mm[:ss]] as seconds (sign applied).
bool ParseSeconds(Cursor& c, int32_t* out, int max_hours) {
  int sign = 1;
  if (c.Peek() == '+' || c.Peek() == '-') {
    sign = c.Peek() == '-' ? -1 : 1;
    ++c.pos;
  }
  int h = 0, m = 0, s = 0;
  if (!ParseNumber(c, &h, max_hours)) return false;
  if (c.Peek() == ':') {
    ++c.pos;
    if (!ParseNumber(c, &m, 59)) return false;
    if (c.Peek() == ':') {
      ++c.pos;
      if (!ParseNumber(c, &s, 60)) return false;
    }
  }
  *out = sign * (h * 3600 + m * 60 + s);
  return true;
}

bool ParseRuleDate(Cursor& c, TimeZone::RuleDate* r) {
  if (c.Peek() == 'M') {
    ++c.pos;
    r->kind = 'M';
    if (!ParseNumber(c, &r->month, 12) || r->month < 1 || c.Peek() != '.') return false;
    ++c.pos;
    if (!ParseNumber(c, &r->week, 5) || r->week < 1 || c.Peek() != '.') return false;
    ++c.pos;
    if (!ParseNumber(c, &r->weekday, 6)) return false;
  } else if (c.Peek() == 'J') {
    ++c.pos;
    r->kind = 'J';
    if (!ParseNumber(c, &r->day, 365) || r->day < 1) return false;
  } else {
    r->kind = 'D';
    if (!ParseNumber(c, &r->day, 365)) return false;
  }
  r->secs = 7200;
  if (c.Peek() == '/') {
    ++c.pos;
    if (!ParseSeconds(c, &r->secs, 167)) return false;
  }
  return true;
}

// Days since 1970-01-01 of the rule's date in `year`.
int64_t RuleDay(const TimeZone::RuleDate& r, int64_t year) {
  switch (r.kind) {
    case 'J': {
      int64_t day = DaysFromCivil(year, 1, 1) + r.day - 1;
      if (IsLeapYear(year) && r.day >= 60) ++day;  // Jn never counts February 29
      return day;
    }
    case 'D':
      return DaysFromCivil(year, 1, 1) + r.day;
    default: {
      int64_t first = DaysFromCivil(year, r.month, 1);
      int first_wday = JulianDayOfWeek(first + kUnixEpochJdate);
      int64_t day = first + ((r.weekday - first_wday + 7) % 7) + 7 * (r.week - 1);
      int64_t month_end = first + DaysInMonth(year, r.month);
      while (day >= month_end) day -= 7;
      return day;
    }
  }
}

}  // namespace

std::optional<TimeZone::PosixRule> ParsePosixTz(std::string_view spec) {
  Cursor c{spec};
  TimeZone::PosixRule rule;
  if (!ParseZoneName(c, &rule.std_type.abbrev)) return std::nullopt;
  if (c.AtEnd()) return std::nullopt;  // an offset is required
  int32_t std_west;
  if (!ParseSeconds(c, &std_west, 167)) return std::nullopt;
  rule.std_type.gmtoff = -std_west;
  if (c.AtEnd()) return rule;
  if (!ParseZoneName(c, &rule.dst_type.abbrev) || rule.dst_type.abbrev.empty()) {
    return std::nullopt;
  }
  rule.has_dst = true;
  rule.dst_type.isdst = true;
  rule.dst_type.gmtoff = rule.std_type.gmtoff + 3600;
  if (!c.AtEnd() && c.Peek() != ',') {
    int32_t dst_west;
    if (!ParseSeconds(c, &dst_west, 167)) return std::nullopt;
    rule.dst_type.gmtoff = -dst_west;
  }
  if (c.AtEnd()) {
    // No rule given: the US rules, as tzcode assumes.
    rule.start = {'M', 3, 2, 0, 0, 7200};
    rule.end = {'M', 11, 1, 0, 0, 7200};
    return rule;
  }
  if (c.Peek() != ',') return std::nullopt;
  ++c.pos;
  if (!ParseRuleDate(c, &rule.start) || c.Peek() != ',') return std::nullopt;
  ++c.pos;
  if (!ParseRuleDate(c, &rule.end) || !c.AtEnd()) return std::nullopt;
  return rule;
}

// Builds TimeZone objects (a friend, so the parsing code can fill private members).
class TimeZoneLoader {
 public:
  static std::shared_ptr<TimeZone> FromFile(const std::string& canonical) {
    std::ifstream in(g_zoneinfo_dir + "/" + canonical, std::ios::binary);
    if (!in) return nullptr;
    std::stringstream buffer;
    buffer << in.rdbuf();
    std::string data = buffer.str();
    auto zone = std::make_shared<TimeZone>();
    zone->name_ = canonical;
    if (!Parse(data, zone.get())) return nullptr;
    return zone;
  }

  static std::shared_ptr<TimeZone> FromPosix(std::string_view spec, std::string name) {
    std::optional<TimeZone::PosixRule> rule = ParsePosixTz(spec);
    if (!rule) return nullptr;
    auto zone = std::make_shared<TimeZone>();
    zone->name_ = std::move(name);
    zone->types_.push_back(rule->std_type);
    zone->rule_ = std::move(rule);
    return zone;
  }

 private:
  struct Header {
    int64_t isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt;
  };

  static bool ReadHeader(const std::string& data, size_t pos, Header* h) {
    if (data.size() < pos + 44 || data.compare(pos, 4, "TZif") != 0) return false;
    h->isutcnt = ReadBigEndian(data, pos + 20, 4);
    h->isstdcnt = ReadBigEndian(data, pos + 24, 4);
    h->leapcnt = ReadBigEndian(data, pos + 28, 4);
    h->timecnt = ReadBigEndian(data, pos + 32, 4);
    h->typecnt = ReadBigEndian(data, pos + 36, 4);
    h->charcnt = ReadBigEndian(data, pos + 40, 4);
    return h->typecnt > 0;
  }

  static size_t BlockSize(const Header& h, int time_size) {
    return h.timecnt * time_size + h.timecnt + h.typecnt * 6 + h.charcnt +
           h.leapcnt * (time_size + 4) + h.isstdcnt + h.isutcnt;
  }

  static bool Parse(const std::string& data, TimeZone* zone) {
    Header h1;
    if (!ReadHeader(data, 0, &h1)) return false;
    int time_size = 4;
    size_t pos = 44;
    Header h = h1;
    if (data[4] >= '2') {
      // Skip the 32-bit block; use the 64-bit one that follows its own header.
      size_t v2 = 44 + BlockSize(h1, 4);
      if (!ReadHeader(data, v2, &h)) return false;
      pos = v2 + 44;
      time_size = 8;
    }
    if (data.size() < pos + BlockSize(h, time_size)) return false;
    for (int64_t i = 0; i < h.timecnt; ++i) {
      zone->transitions_.push_back(ReadBigEndian(data, pos + i * time_size, time_size));
    }
    pos += h.timecnt * time_size;
    for (int64_t i = 0; i < h.timecnt; ++i) {
      uint8_t idx = static_cast<uint8_t>(data[pos + i]);
      if (idx >= h.typecnt) return false;
      zone->trans_types_.push_back(idx);
    }
    pos += h.timecnt;
    size_t chars = pos + h.typecnt * 6;
    for (int64_t i = 0; i < h.typecnt; ++i) {
      TimeZone::Type t;
      t.gmtoff = static_cast<int32_t>(ReadBigEndian(data, pos + i * 6, 4));
      t.isdst = data[pos + i * 6 + 4] != 0;
      size_t idx = static_cast<uint8_t>(data[pos + i * 6 + 5]);
      if (static_cast<int64_t>(idx) >= h.charcnt) return false;
      t.abbrev = std::string(data.c_str() + chars + idx);
      zone->types_.push_back(std::move(t));
    }
    pos = chars + h.charcnt + h.leapcnt * (time_size + 4) + h.isstdcnt + h.isutcnt;
    if (time_size == 8 && pos < data.size() && data[pos] == '\n') {
      size_t end = data.find('\n', pos + 1);
      if (end != std::string::npos && end > pos + 1) {
        zone->rule_ = ParsePosixTz(std::string_view(data).substr(pos + 1, end - pos - 1));
      }
    }
    return true;
  }
};

std::shared_ptr<const TimeZone> TimeZone::Load(std::string_view name) {
  static std::map<std::string, std::shared_ptr<const TimeZone>> cache;
  std::string key(name);
  for (char& ch : key) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  auto it = cache.find(key);
  if (it != cache.end()) return it->second;
  std::shared_ptr<TimeZone> zone;
  if (key == "gmt") {
    zone = TimeZoneLoader::FromPosix("GMT0", "GMT");
  } else if (std::string canonical = FindZoneFile(name); !canonical.empty()) {
    zone = TimeZoneLoader::FromFile(canonical);
  }
  if (zone == nullptr && !name.empty() && name.front() != ':') {
    std::string upper(name);
    for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    zone = TimeZoneLoader::FromPosix(upper, upper);
  }
  if (zone == nullptr && key == "utc") zone = TimeZoneLoader::FromPosix("UTC0", "UTC");
  if (zone != nullptr) cache[key] = zone;
  return zone;
}

std::shared_ptr<const TimeZone> TimeZone::FixedOffset(int32_t gmtoff) {
  int64_t abs_off = std::abs(static_cast<int64_t>(gmtoff));
  if (abs_off >= 7 * kSecsPerDay) return nullptr;
  char text[32];
  int n = std::snprintf(text, sizeof(text), "%02lld", static_cast<long long>(abs_off / 3600));
  abs_off %= 3600;
  if (abs_off != 0) {
    n += std::snprintf(text + n, sizeof(text) - n, ":%02lld", static_cast<long long>(abs_off / 60));
    abs_off %= 60;
    if (abs_off != 0) {
      std::snprintf(text + n, sizeof(text) - n, ":%02lld", static_cast<long long>(abs_off));
    }
  }
  // POSIX offsets count west of UTC, so east-of-UTC zones get a '-' after the name.
  std::string name =
      gmtoff >= 0 ? std::string("<+") + text + ">-" + text : std::string("<-") + text + ">+" + text;
  return TimeZoneLoader::FromPosix(name, name);
}

void TimeZone::RuleTransitions(int64_t year, int64_t* dst_start, int64_t* dst_end) const {
  const PosixRule& r = *rule_;
  *dst_start = RuleDay(r.start, year) * kSecsPerDay + r.start.secs - r.std_type.gmtoff;
  *dst_end = RuleDay(r.end, year) * kSecsPerDay + r.end.secs - r.dst_type.gmtoff;
}

const TimeZone::Type* TimeZone::RuleTypeAt(int64_t t) const {
  const PosixRule& r = *rule_;
  if (!r.has_dst) return &r.std_type;
  int64_t year;
  int month, day;
  CivilFromDays(FloorDiv(t + r.std_type.gmtoff, kSecsPerDay), &year, &month, &day);
  int64_t start, end;
  RuleTransitions(year, &start, &end);
  bool in_dst = start < end ? (t >= start && t < end) : (t < end || t >= start);
  return in_dst ? &r.dst_type : &r.std_type;
}

const TimeZone::Type* TimeZone::TypeAtUtc(int64_t t) const {
  if (transitions_.empty() || t < transitions_.front()) {
    if (transitions_.empty() && rule_) return RuleTypeAt(t);
    return &types_[0];
  }
  if (t >= transitions_.back() && rule_) return RuleTypeAt(t);
  auto it = std::upper_bound(transitions_.begin(), transitions_.end(), t);
  return &types_[trans_types_[(it - transitions_.begin()) - 1]];
}

std::optional<TimeZone::Transition> TimeZone::NextTransition(int64_t t) const {
  if (!transitions_.empty() && t < transitions_.back()) {
    auto it = std::upper_bound(transitions_.begin(), transitions_.end(), t);
    size_t idx = it - transitions_.begin();
    const Type* before = idx == 0 ? &types_[0] : &types_[trans_types_[idx - 1]];
    return Transition{*it, before, &types_[trans_types_[idx]]};
  }
  if (!rule_ || !rule_->has_dst) return std::nullopt;
  int64_t year;
  int month, day;
  CivilFromDays(FloorDiv(t, kSecsPerDay), &year, &month, &day);
  for (int64_t y = year - 1; y <= year + 1; ++y) {
    int64_t start, end;
    RuleTransitions(y, &start, &end);
    int64_t first = std::min(start, end), second = std::max(start, end);
    for (int64_t at : {first, second}) {
      if (at > t) {
        const Type* after = at == start ? &rule_->dst_type : &rule_->std_type;
        const Type* before = at == start ? &rule_->std_type : &rule_->dst_type;
        return Transition{at, before, after};
      }
    }
  }
  return std::nullopt;
}

ZoneOffset TimeZone::AtUtc(int64_t unix_seconds) const {
  const Type* t = TypeAtUtc(unix_seconds);
  return ZoneOffset{t->gmtoff, t->isdst, t->abbrev.c_str()};
}

ZoneOffset TimeZone::ForLocal(int64_t local_seconds) const {
  // Find the first transition after a point a day earlier (no zone has an offset of a day or
  // more, nor two transitions within two days), then see which side the time falls on.
  std::optional<Transition> next = NextTransition(local_seconds - kSecsPerDay);
  const Type* chosen;
  if (!next) {
    chosen = TypeAtUtc(local_seconds - kSecsPerDay);
  } else {
    int64_t before_time = local_seconds - next->before->gmtoff;
    int64_t after_time = local_seconds - next->after->gmtoff;
    if (before_time < next->at && after_time < next->at) {
      chosen = next->before;
    } else if (before_time > next->at && after_time >= next->at) {
      chosen = next->after;
    } else {
      // Skipped (spring forward) -> before; repeated (fall back) -> after.
      chosen = before_time > after_time ? next->before : next->after;
    }
  }
  return ZoneOffset{chosen->gmtoff, chosen->isdst, chosen->abbrev.c_str()};
}

std::optional<int32_t> TimeZone::FixedGmtoff() const {
  if (rule_ && rule_->has_dst) return std::nullopt;
  int32_t gmtoff = types_[0].gmtoff;
  for (const Type& t : types_) {
    if (t.gmtoff != gmtoff) return std::nullopt;
  }
  if (rule_ && rule_->std_type.gmtoff != gmtoff) return std::nullopt;
  return gmtoff;
}

std::optional<ZoneOffset> TimeZone::FindAbbrev(std::string_view abbrev) const {
  auto matches = [&](const Type& t) {
    return t.abbrev.size() == abbrev.size() &&
           strncasecmp(t.abbrev.data(), abbrev.data(), abbrev.size()) == 0;
  };
  if (rule_) {
    if (matches(rule_->std_type)) {
      return ZoneOffset{rule_->std_type.gmtoff, false, rule_->std_type.abbrev.c_str()};
    }
    if (rule_->has_dst && matches(rule_->dst_type)) {
      return ZoneOffset{rule_->dst_type.gmtoff, true, rule_->dst_type.abbrev.c_str()};
    }
  }
  for (size_t i = trans_types_.size(); i-- > 0;) {
    const Type& t = types_[trans_types_[i]];
    if (matches(t)) return ZoneOffset{t.gmtoff, t.isdst, t.abbrev.c_str()};
  }
  for (const Type& t : types_) {
    if (matches(t)) return ZoneOffset{t.gmtoff, t.isdst, t.abbrev.c_str()};
  }
  return std::nullopt;
}

namespace {

std::shared_ptr<const TimeZone>& SessionZoneSlot() {
  static std::shared_ptr<const TimeZone> zone;
  return zone;
}

}  // namespace

std::shared_ptr<const TimeZone> SessionTimeZonePtr() {
  std::shared_ptr<const TimeZone>& slot = SessionZoneSlot();
  if (slot == nullptr) {
    slot = TimeZone::Load("UTC");
    if (slot == nullptr) slot = TimeZoneLoader::FromPosix("UTC0", "UTC");
  }
  return slot;
}

const TimeZone& SessionTimeZone() {
  return *SessionTimeZonePtr();
}

std::shared_ptr<const TimeZone> ParseTimeZoneSetting(std::string_view value) {
  std::string copy(value);
  char* end = nullptr;
  double hours = std::strtod(copy.c_str(), &end);
  std::shared_ptr<const TimeZone> zone;
  if (!copy.empty() && end != copy.c_str() && *end == '\0') {
    if (!std::isfinite(hours)) return nullptr;
    zone = TimeZone::FixedOffset(static_cast<int32_t>(hours * 3600));
  } else {
    zone = TimeZone::Load(value);
  }
  return zone;
}

bool SetSessionTimeZone(std::string_view value) {
  std::shared_ptr<const TimeZone> zone = ParseTimeZoneSetting(value);
  if (zone == nullptr) return false;
  SessionZoneSlot() = std::move(zone);
  return true;
}

void SetZoneInfoDirectory(std::string path) {
  g_zoneinfo_dir = std::move(path);
}

}  // namespace hyrax::executor

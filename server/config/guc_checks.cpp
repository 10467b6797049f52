// Check hooks of the server's GUC table (see server/config/guc_checks.h). The accepted
// spellings follow PostgreSQL's check_client_encoding, check_datestyle, check_timezone and
// check_application_name.
#include "server/config/guc_checks.h"

#include <cctype>
#include <clocale>
#include <dirent.h>
#include <regex>
#include <strings.h>

#include <fmt/format.h>
#include <sys/stat.h>

#include "common/encoding_names.h"
#include "common/guc/guc.h"

namespace hyrax::server::config {

namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

// Splits a DateStyle value on commas and white space.
std::vector<std::string> SplitWords(std::string_view value) {
  std::vector<std::string> words;
  std::string word;
  for (char c : value) {
    if (c == ',' || std::isspace(static_cast<unsigned char>(c))) {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else {
      word += c;
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

// Resolves `relative` below `dir` component by component, ignoring case; returns the
// directory's spelling or "" when there is no such regular file.
std::string ResolveZoneFile(const std::string& dir, std::string_view relative) {
  std::string resolved;
  std::string current = dir;
  size_t start = 0;
  while (start <= relative.size()) {
    size_t slash = relative.find('/', start);
    std::string_view part = relative.substr(
        start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (part.empty() || part == "." || part == "..") return "";
    DIR* handle = opendir(current.c_str());
    if (!handle) return "";
    std::string match;
    while (dirent* entry = readdir(handle)) {
      if (EqualsIgnoreCase(entry->d_name, part)) {
        match = entry->d_name;
        if (match == part) break;
      }
    }
    closedir(handle);
    if (match.empty()) return "";
    current += "/" + match;
    resolved += (resolved.empty() ? "" : "/") + match;
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  struct stat st;
  if (stat(current.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return "";
  return resolved;
}

}  // namespace

bool CheckClientEncoding(std::string& value, guc::CheckFailure& failure) {
  std::string clean = CleanEncodingName(value);
  if (clean == "utf8" || clean == "unicode") {
    value = "UTF8";
    return true;
  }
  for (std::string_view name : EncodingNames()) {
    if (name != "UTF8" && CleanEncodingName(name) == clean) {
      failure.code = errcode::kFeatureNotSupported;
      failure.detail = fmt::format("Conversion between {} and UTF8 is not supported.", name);
      return false;
    }
  }
  return false;
}

bool CheckDateStyle(std::string& value, guc::CheckFailure& failure) {
  std::string style = "ISO";
  std::string order = "MDY";
  if (std::optional<std::string> current = guc::GetConfigOption("DateStyle")) {
    std::vector<std::string> parts = SplitWords(*current);
    if (parts.size() == 2) {
      style = parts[0];
      order = parts[1];
    }
  }
  bool have_style = false;
  bool have_order = false;
  for (const std::string& word : SplitWords(value)) {
    std::string new_style, new_order;
    if (EqualsIgnoreCase(word, "ISO"))
      new_style = "ISO";
    else if (EqualsIgnoreCase(word, "SQL"))
      new_style = "SQL";
    else if (EqualsIgnoreCase(word, "POSTGRES"))
      new_style = "Postgres";
    else if (EqualsIgnoreCase(word, "GERMAN"))
      new_style = "German";
    else if (EqualsIgnoreCase(word, "YMD"))
      new_order = "YMD";
    else if (EqualsIgnoreCase(word, "DMY") || EqualsIgnoreCase(word, "EURO") ||
             EqualsIgnoreCase(word, "EUROPEAN"))
      new_order = "DMY";
    else if (EqualsIgnoreCase(word, "MDY") || EqualsIgnoreCase(word, "US") ||
             EqualsIgnoreCase(word, "NONEURO") || EqualsIgnoreCase(word, "NONEUROPEAN"))
      new_order = "MDY";
    else if (EqualsIgnoreCase(word, "DEFAULT")) {
      new_style = "ISO";
      new_order = "MDY";
    } else {
      failure.detail = fmt::format("Unrecognized key word: \"{}\".", word);
      return false;
    }
    if ((!new_style.empty() && have_style && new_style != style) ||
        (!new_order.empty() && have_order && new_order != order)) {
      failure.detail = "Conflicting \"datestyle\" specifications.";
      return false;
    }
    if (!new_style.empty()) {
      style = new_style;
      have_style = true;
    }
    if (!new_order.empty()) {
      order = new_order;
      have_order = true;
    }
  }
  if (style == "German" && !have_order) order = "DMY";
  value = style + ", " + order;
  return true;
}

bool CheckTimeZone(std::string& value, guc::CheckFailure& failure) {
  static const std::regex kOffset(R"([+-]?\d{1,2}(:\d{2}){0,2})");
  if (std::regex_match(value, kOffset)) return true;
  if (EqualsIgnoreCase(value, "UTC") || EqualsIgnoreCase(value, "GMT")) {
    value = EqualsIgnoreCase(value, "UTC") ? "UTC" : "GMT";
    return true;
  }
  if (value.empty() || value.front() == '/') return false;
  std::string resolved = ResolveZoneFile("/usr/share/zoneinfo", value);
  if (resolved.empty()) return false;
  value = resolved;
  return true;
}

bool CheckPrintableAscii(std::string& value, guc::CheckFailure& failure) {
  for (char& c : value) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 32 || byte > 126) c = '?';
  }
  return true;
}

bool CheckLocaleName(std::string& value, guc::CheckFailure& failure) {
  if (value.empty()) return true;
  locale_t locale = newlocale(LC_ALL_MASK, value.c_str(), nullptr);
  if (!locale) return false;
  freelocale(locale);
  return true;
}

bool CheckTableAccessMethod(std::string& value, guc::CheckFailure& failure) {
  if (value.empty()) {
    failure.detail = "default_table_access_method cannot be empty.";
    return false;
  }
  if (value == "heap") return true;
  failure.detail = fmt::format("Table access method \"{}\" does not exist.", value);
  return false;
}

bool CheckTablespace(std::string& value, guc::CheckFailure& failure) {
  if (value.empty() || value == "pg_default") return true;
  failure.detail = fmt::format("Tablespace \"{}\" does not exist.", value);
  return false;
}

}  // namespace hyrax::server::config

// The encoding-number table (see encoding_names.h).
#include "common/encoding_names.h"

#include <cctype>
#include <string>

namespace hyrax {

namespace {

constexpr std::string_view kEncodingNames[] = {
    "SQL_ASCII", "EUC_JP",        "EUC_CN",     "EUC_KR",     "EUC_TW",     "EUC_JIS_2004",
    "UTF8",      "MULE_INTERNAL", "LATIN1",     "LATIN2",     "LATIN3",     "LATIN4",
    "LATIN5",    "LATIN6",        "LATIN7",     "LATIN8",     "LATIN9",     "LATIN10",
    "WIN1256",   "WIN1258",       "WIN866",     "WIN874",     "KOI8R",      "WIN1251",
    "WIN1252",   "ISO_8859_5",    "ISO_8859_6", "ISO_8859_7", "ISO_8859_8", "WIN1250",
    "WIN1253",   "WIN1254",       "WIN1255",    "WIN1257",    "KOI8U",      "SJIS",
    "BIG5",      "GBK",           "UHC",        "GB18030",    "JOHAB",      "SHIFT_JIS_2004"};

}  // namespace

std::string CleanEncodingName(std::string_view name) {
  std::string clean;
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      clean += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return clean;
}

std::span<const std::string_view> EncodingNames() {
  return kEncodingNames;
}

std::string_view EncodingName(int encoding) {
  if (encoding < 0 || static_cast<size_t>(encoding) >= std::size(kEncodingNames)) return "";
  return kEncodingNames[encoding];
}

std::optional<int> EncodingNumber(std::string_view name) {
  std::string clean = CleanEncodingName(name);
  for (size_t i = 0; i < std::size(kEncodingNames); ++i) {
    if (CleanEncodingName(kEncodingNames[i]) == clean) return static_cast<int>(i);
  }
  return std::nullopt;
}

}  // namespace hyrax

// COPY-text and array-literal parsing for the catalog data files (see tsv_reader.h).
#include "storage/catalog/tsv_reader.h"

#include <cstdlib>

#include "common/assert.h"

namespace hyrax::catalog {

namespace {

std::string Unescape(std::string_view field) {
  std::string out;
  out.reserve(field.size());
  for (size_t i = 0; i < field.size(); ++i) {
    char c = field[i];
    if (c != '\\' || i + 1 == field.size()) {
      out.push_back(c);
      continue;
    }
    char e = field[++i];
    switch (e) {
      case 't':
        out.push_back('\t');
        break;
      case 'n':
        out.push_back('\n');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 'b':
        out.push_back('\b');
        break;
      case 'f':
        out.push_back('\f');
        break;
      case 'v':
        out.push_back('\v');
        break;
      default:
        out.push_back(e);
        break;
    }
  }
  return out;
}

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  for (;;) {
    size_t tab = line.find('\t', start);
    if (tab == std::string_view::npos) {
      fields.push_back(line.substr(start));
      return fields;
    }
    fields.push_back(line.substr(start, tab - start));
    start = tab + 1;
  }
}

}  // namespace

TsvTable::TsvTable(std::string_view content) {
  size_t pos = 0;
  bool first = true;
  while (pos < content.size()) {
    size_t end = content.find('\n', pos);
    if (end == std::string_view::npos) end = content.size();
    std::string_view line = content.substr(pos, end - pos);
    pos = end + 1;
    if (line.empty()) continue;
    auto fields = SplitTabs(line);
    if (first) {
      for (auto f : fields) header_.emplace_back(f);
      first = false;
      continue;
    }
    HYRAX_CHECK(fields.size() == header_.size(), "catalog data row has the wrong column count");
    std::vector<std::optional<std::string>> row;
    row.reserve(fields.size());
    for (auto f : fields) {
      if (f == "\\N") {
        row.emplace_back(std::nullopt);
      } else {
        row.emplace_back(Unescape(f));
      }
    }
    rows_.push_back(std::move(row));
  }
}

bool TsvTable::HasColumn(std::string_view name) const {
  for (const auto& h : header_) {
    if (h == name) return true;
  }
  return false;
}

int TsvTable::Column(std::string_view name) const {
  for (size_t i = 0; i < header_.size(); ++i) {
    if (header_[i] == name) return static_cast<int>(i);
  }
  ThrowInternalError(__FILE__, __LINE__, "catalog data has no column " + std::string(name));
}

std::optional<std::string> TsvRow::Opt(std::string_view column) const {
  return table_.Get(row_, table_.Column(column));
}

std::string TsvRow::Str(std::string_view column) const {
  return Opt(column).value_or("");
}

int64_t TsvRow::Int(std::string_view column) const {
  auto v = Opt(column);
  return v ? std::strtoll(v->c_str(), nullptr, 10) : 0;
}

float TsvRow::Float(std::string_view column) const {
  auto v = Opt(column);
  return v ? std::strtof(v->c_str(), nullptr) : 0.0f;
}

bool TsvRow::Bool(std::string_view column) const {
  auto v = Opt(column);
  return v && !v->empty() && (*v)[0] == 't';
}

char TsvRow::Char(std::string_view column) const {
  auto v = Opt(column);
  return v && !v->empty() ? (*v)[0] : '\0';
}

std::vector<int64_t> TsvRow::IntVector(std::string_view column) const {
  std::vector<int64_t> out;
  auto v = Opt(column);
  if (!v) return out;
  const char* p = v->c_str();
  char* end = nullptr;
  for (;;) {
    while (*p == ' ') ++p;
    if (*p == '\0') break;
    out.push_back(std::strtoll(p, &end, 10));
    HYRAX_CHECK(end != p, "malformed vector in catalog data");
    p = end;
  }
  return out;
}

std::vector<std::string> TsvRow::Array(std::string_view column) const {
  auto v = Opt(column);
  if (!v) return {};
  return ParseArrayLiteral(*v);
}

std::vector<std::string> ParseArrayLiteral(std::string_view text) {
  std::vector<std::string> out;
  HYRAX_CHECK(text.size() >= 2 && text.front() == '{' && text.back() == '}',
              "malformed array literal in catalog data");
  std::string_view body = text.substr(1, text.size() - 2);
  size_t i = 0;
  while (i < body.size()) {
    std::string element;
    bool quoted = false;
    if (body[i] == '"') {
      quoted = true;
      ++i;
      while (i < body.size() && body[i] != '"') {
        if (body[i] == '\\' && i + 1 < body.size()) ++i;
        element.push_back(body[i++]);
      }
      ++i;  // closing quote
    } else {
      while (i < body.size() && body[i] != ',') element.push_back(body[i++]);
    }
    if (!quoted && element == "NULL") element.clear();
    out.push_back(std::move(element));
    if (i < body.size() && body[i] == ',') ++i;
  }
  return out;
}

}  // namespace hyrax::catalog

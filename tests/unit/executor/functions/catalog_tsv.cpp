// Test support: minimal readers of pg_proc.tsv / pg_type.tsv (see catalog_tsv.h).
#include "tests/unit/executor/functions/catalog_tsv.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace hyrax::executor::testing {

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> fields;
  size_t start = 0;
  while (true) {
    size_t tab = line.find('\t', start);
    fields.push_back(
        line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
    if (tab == std::string::npos) break;
    start = tab + 1;
  }
  return fields;
}

namespace {

// COPY text escapes (\n, \t, \r, \\) in a field: SQL-language bodies in prosrc span lines.
std::string UnescapeCopyText(const std::string& field) {
  std::string out;
  for (size_t i = 0; i < field.size(); ++i) {
    if (field[i] != '\\' || i + 1 == field.size()) {
      out += field[i];
      continue;
    }
    char c = field[++i];
    out += c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c;
  }
  return out;
}

// Reads a TSV with a header line into maps of column name -> value.
std::vector<std::map<std::string, std::string>> ReadTsv(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header = SplitTabs(line);
  std::vector<std::map<std::string, std::string>> rows;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::vector<std::string> fields = SplitTabs(line);
    std::map<std::string, std::string> row;
    for (size_t i = 0; i < header.size() && i < fields.size(); ++i) row[header[i]] = fields[i];
    rows.push_back(std::move(row));
  }
  return rows;
}

Oid ToOid(const std::string& s) {
  return s == "\\N" || s.empty() ? 0 : static_cast<Oid>(std::stoul(s));
}

}  // namespace

std::string CatalogTsv::RepoRoot() {
  // This file is tests/unit/executor/functions/catalog_tsv.cpp. __FILE__ is relative to the
  // build directory when the compiler runs under ccache with base_dir; the test binaries
  // live in <build>/tests.
  std::filesystem::path file(__FILE__);
  if (file.is_relative()) {
    file = std::filesystem::read_symlink("/proc/self/exe").parent_path().parent_path() / file;
  }
  return std::filesystem::weakly_canonical(file)
      .parent_path()
      .parent_path()
      .parent_path()
      .parent_path()
      .parent_path()
      .string();
}

CatalogTsv::CatalogTsv() {
  std::string dir = RepoRoot() + "/storage/catalog/data/";
  for (auto& row : ReadTsv(dir + "pg_proc.tsv")) {
    TsvProc p;
    p.oid = ToOid(row["oid"]);
    p.proname = row["proname"];
    p.prolang = ToOid(row["prolang"]);
    p.nargs = std::stoi(row["pronargs"]);
    p.strict = row["proisstrict"] == "t";
    p.retset = row["proretset"] == "t";
    p.rettype = ToOid(row["prorettype"]);
    std::istringstream args(row["proargtypes"] == "\\N" ? "" : row["proargtypes"]);
    Oid a;
    while (args >> a) p.argtypes.push_back(a);
    p.prosrc = UnescapeCopyText(row["prosrc"]);
    proc_by_oid_[p.oid] = procs_.size();
    if (p.prolang == 12) procs_by_prosrc_[p.prosrc].push_back(procs_.size());
    procs_.push_back(std::move(p));
  }
  for (auto& row : ReadTsv(dir + "pg_type.tsv")) {
    TsvType t;
    t.oid = ToOid(row["oid"]);
    t.typname = row["typname"];
    t.typelem = ToOid(row["typelem"]);
    t.typarray = ToOid(row["typarray"]);
    t.typinput = ToOid(row["typinput"]);
    t.typoutput = ToOid(row["typoutput"]);
    t.typreceive = ToOid(row["typreceive"]);
    t.typsend = ToOid(row["typsend"]);
    type_by_name_[t.typname] = t.oid;
    types_[t.oid] = std::move(t);
  }
}

const CatalogTsv& CatalogTsv::Get() {
  static const CatalogTsv instance;
  return instance;
}

const TsvProc* CatalogTsv::ProcByOid(Oid oid) const {
  auto it = proc_by_oid_.find(oid);
  return it == proc_by_oid_.end() ? nullptr : &procs_[it->second];
}

const TsvProc* CatalogTsv::ProcByProsrc(const std::string& prosrc) const {
  auto it = procs_by_prosrc_.find(prosrc);
  if (it == procs_by_prosrc_.end()) return nullptr;
  for (size_t idx : it->second) {
    if (procs_[idx].proname == prosrc) return &procs_[idx];
  }
  return &procs_[it->second.front()];
}

const TsvType* CatalogTsv::TypeByOid(Oid oid) const {
  auto it = types_.find(oid);
  return it == types_.end() ? nullptr : &it->second;
}

const TsvType* CatalogTsv::TypeByName(const std::string& name) const {
  if (name.size() > 2 && name.compare(name.size() - 2, 2, "[]") == 0) {
    const TsvType* elem = TypeByName(name.substr(0, name.size() - 2));
    return elem == nullptr ? nullptr : TypeByOid(elem->typarray);
  }
  auto it = type_by_name_.find(name);
  return it == type_by_name_.end() ? nullptr : TypeByOid(it->second);
}

}  // namespace hyrax::executor::testing

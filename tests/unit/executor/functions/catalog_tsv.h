// Test support: reads storage/catalog/data/pg_proc.tsv and pg_type.tsv directly, so the
// function tests can resolve prosrc names, argument types and type I/O functions without a
// running catalog. Paths are found from this file's location in the source tree.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/ids.h"

namespace hyrax::executor::testing {

struct TsvProc {
  Oid oid = 0;
  std::string proname;
  Oid prolang = 0;
  int nargs = 0;
  bool strict = true;
  bool retset = false;
  Oid rettype = 0;
  std::vector<Oid> argtypes;
  std::string prosrc;
};

struct TsvType {
  Oid oid = 0;
  std::string typname;
  Oid typelem = 0;
  Oid typarray = 0;
  Oid typinput = 0;
  Oid typoutput = 0;
  Oid typreceive = 0;
  Oid typsend = 0;
};

class CatalogTsv {
 public:
  // The process-wide instance, loaded on first use.
  static const CatalogTsv& Get();

  const std::vector<TsvProc>& procs() const { return procs_; }
  const TsvProc* ProcByOid(Oid oid) const;
  // The internal-language row implemented by `prosrc`, preferring the one whose proname
  // equals prosrc.
  const TsvProc* ProcByProsrc(const std::string& prosrc) const;
  const TsvType* TypeByOid(Oid oid) const;
  // Accepts pg_type names ("int4", "_int4") and "int4[]".
  const TsvType* TypeByName(const std::string& name) const;

  // Repository root (the directory holding storage/ and tests/).
  static std::string RepoRoot();

 private:
  CatalogTsv();
  std::vector<TsvProc> procs_;
  std::map<Oid, size_t> proc_by_oid_;
  std::map<std::string, std::vector<size_t>> procs_by_prosrc_;
  std::map<Oid, TsvType> types_;
  std::map<std::string, Oid> type_by_name_;
};

// Splits one TSV line on tabs.
std::vector<std::string> SplitTabs(const std::string& line);

}  // namespace hyrax::executor::testing

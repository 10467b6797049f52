// Test support: the case-file runner (see case_runner.h).
#include "tests/unit/executor/functions/case_runner.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>

#include "common/error.h"
#include "common/memory_context.h"
#include "executor/functions/builtin_registry.h"
#include "executor/functions/fmgr.h"
#include "executor/functions/srf.h"
#include "executor/types/type_oids.h"
#include "executor/types/type_settings.h"
#include "tests/unit/executor/functions/catalog_tsv.h"
#include "tests/unit/executor/functions/test_syscache.h"

namespace hyrax::executor::testing {

namespace {

std::string CasesDir() {
  return CatalogTsv::RepoRoot() + "/tests/unit/executor/functions/cases";
}

std::string Decode(std::string v) {
  for (auto [from, to] : {std::pair<std::string, std::string>{"<tab>", "\t"}, {"<nl>", "\n"}}) {
    size_t pos;
    while ((pos = v.find(from)) != std::string::npos) v.replace(pos, from.size(), to);
  }
  return v;
}

std::string Encode(std::string v) {
  for (auto [from, to] : {std::pair<std::string, std::string>{"\t", "<tab>"}, {"\n", "<nl>"}}) {
    size_t pos;
    while ((pos = v.find(from)) != std::string::npos) v.replace(pos, from.size(), to);
  }
  return v;
}

const TsvType& RequireType(const std::string& name) {
  const TsvType* t = CatalogTsv::Get().TypeByName(name);
  if (t == nullptr) throw std::runtime_error("unknown type " + name);
  return *t;
}

const TsvProc& RequireProc(Oid oid) {
  const TsvProc* p = CatalogTsv::Get().ProcByOid(oid);
  if (p == nullptr) throw std::runtime_error("unknown function oid " + std::to_string(oid));
  return *p;
}

Datum CallProc(const TsvProc& proc, const std::vector<NullableDatum>& args,
               const std::vector<Oid>& argtypes, Oid rettype, bool* isnull) {
  FmgrInfo flinfo;
  FmgrInfoForBuiltin(BuiltinByName(proc.prosrc), static_cast<int16_t>(proc.nargs), &flinfo);
  flinfo.fn_oid = proc.oid;
  flinfo.fn_strict = proc.strict;
  flinfo.fn_argtypes = argtypes;
  flinfo.fn_rettype = rettype;
  LocalFunctionCallInfo<kFuncMaxArgs> call(&flinfo, kDefaultCollationOid);
  call.fcinfo.nargs = static_cast<int16_t>(args.size());
  for (size_t i = 0; i < args.size(); ++i) {
    call.SetArg(static_cast<int>(i), args[i].value, args[i].isnull);
    if (args[i].isnull && proc.strict) {
      *isnull = true;
      return 0;
    }
  }
  Datum result = FunctionCallInvoke(&call.fcinfo);
  *isnull = call.fcinfo.isnull;
  return result;
}

Datum InputText(const TsvType& type, const std::string& text) {
  const TsvProc& in = RequireProc(type.typinput);
  std::vector<NullableDatum> args = {{PointerGetDatum(PStrdup(text)), false}};
  if (in.nargs == 3) {
    args.push_back({ObjectIdGetDatum(type.typelem != 0 ? type.typelem : type.oid), false});
    args.push_back({Int32GetDatum(-1), false});
  }
  bool isnull = false;
  return CallProc(in, args, {}, type.oid, &isnull);
}

}  // namespace

std::string OutputText(unsigned type_oid, unsigned long long datum) {
  const TsvType* type = CatalogTsv::Get().TypeByOid(type_oid);
  if (type == nullptr) throw std::runtime_error("unknown type oid " + std::to_string(type_oid));
  bool isnull = false;
  Datum out =
      CallProc(RequireProc(type->typoutput), {{datum, false}}, {type_oid}, kCStringOid, &isnull);
  return std::string(DatumGetPointer<const char>(out));
}

std::string EvalCall(const std::string& prosrc, const std::vector<std::string>& args,
                     const std::vector<std::string>& argtypes, const std::string& rettype) {
  InstallTestSysCache();
  MemoryContext context("case");
  MemoryContextScope scope(&context);
  try {
    const TsvProc* proc = CatalogTsv::Get().ProcByProsrc(prosrc);
    if (proc == nullptr) throw std::runtime_error("no pg_proc row for " + prosrc);
    std::vector<Oid> types;
    if (!argtypes.empty()) {
      for (const std::string& t : argtypes) types.push_back(RequireType(t).oid);
    } else {
      types = proc->argtypes;
    }
    Oid ret = rettype.empty() ? proc->rettype : RequireType(rettype).oid;
    std::vector<NullableDatum> values;
    for (size_t i = 0; i < args.size(); ++i) {
      if (args[i] == "\\N") {
        values.push_back({0, true});
      } else {
        const TsvType* t = CatalogTsv::Get().TypeByOid(types.at(i));
        values.push_back({InputText(*t, Decode(args[i])), false});
      }
    }
    bool isnull = false;
    Datum result = CallProc(*proc, values, types, ret, &isnull);
    if (isnull) return "\\N";
    return Encode(OutputText(ret, result));
  } catch (const Error& e) {
    return Encode("ERROR " + std::string(e.code().view()) + " " + e.message());
  }
}

std::vector<CaseResult> RunCaseFile(const std::string& file) {
  InstallTestSysCache();
  ResetTypeSettings();
  std::ifstream in(CasesDir() + "/" + file);
  if (!in) throw std::runtime_error("cannot open case file " + file);
  std::vector<CaseResult> results;
  std::string line;
  int line_no = 0;
  static const std::regex kHead(R"(^([A-Za-z0-9_]+)(?:\(([^)]*)\))?(?:->(.+))?$)");
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    if (line.rfind("SET ", 0) == 0) {
      size_t space = line.find(' ', 4);
      std::string name = line.substr(4, space - 4);
      std::string value = line.substr(space + 1);
      if (SetTypeSetting(name, value) != std::optional<bool>(true)) {
        results.push_back({line_no, line, "SET accepted", "SET rejected"});
      }
      continue;
    }
    std::vector<std::string> fields = SplitTabs(line);
    std::smatch m;
    if (!std::regex_match(fields[0], m, kHead)) {
      results.push_back({line_no, line, "well-formed case", "bad head"});
      continue;
    }
    std::vector<std::string> argtypes;
    if (m[2].matched) {
      std::string spec = m[2].str();
      size_t start = 0;
      while (start < spec.size()) {
        size_t comma = spec.find(',', start);
        argtypes.push_back(spec.substr(start, comma == std::string::npos ? comma : comma - start));
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
    }
    std::vector<std::string> args(fields.begin() + 1, fields.end() - 1);
    std::string actual = EvalCall(m[1].str(), args, argtypes, m[3].matched ? m[3].str() : "");
    results.push_back({line_no, line, fields.back(), actual});
  }
  ResetTypeSettings();
  return results;
}

std::vector<std::string> AllCaseFiles() {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(CasesDir())) {
    if (entry.path().extension() == ".tsv") files.push_back(entry.path().filename().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace hyrax::executor::testing

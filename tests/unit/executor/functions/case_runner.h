// Test support: runs the function case files in cases/*.tsv (tables of calls and the output
// PostgreSQL 15 gave for them, written by cases/gen_expected.py) through the built-in
// registry: arguments go through their type's input function, the result through its
// output function, errors become "ERROR <sqlstate> <message>".
#pragma once

#include <string>
#include <vector>

namespace hyrax::executor::testing {

struct CaseResult {
  int line = 0;
  std::string call;      // the case line as written, for messages
  std::string expected;  // PostgreSQL's output
  std::string actual;    // Hyrax's output
};

// Runs every case of `file` (a name under cases/). Returns one entry per case line.
std::vector<CaseResult> RunCaseFile(const std::string& file);

// Names of all case files (cases/*.tsv), sorted.
std::vector<std::string> AllCaseFiles();

// Calls the built-in `prosrc` with arguments given as text (converted by the input functions
// of its declared argument types, or of `argtypes` when not empty); returns the output text,
// "\N" for NULL or "ERROR <sqlstate> <message>".
std::string EvalCall(const std::string& prosrc, const std::vector<std::string>& args,
                     const std::vector<std::string>& argtypes = {},
                     const std::string& rettype = "");

// Text form of a datum of type `type_oid` via its output function.
std::string OutputText(unsigned type_oid, unsigned long long datum);

}  // namespace hyrax::executor::testing

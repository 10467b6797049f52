// EXPLAIN's data, separate from its layout (STYLE.md §3): each plan node reports its names
// and an ordered list of labelled properties; explain_text.cpp and explain_json.cpp render
// the same tree in PostgreSQL's TEXT and JSON layouts.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace hyrax::planner {

enum class ExplainFormat : uint8_t { kText, kJson };

struct ExplainOptions {
  bool analyze = false;
  bool verbose = false;
  bool costs = true;
  bool timing = true;    // only meaningful with analyze
  bool summary = false;  // Planning/Execution Time; defaults to `analyze`
  bool buffers = false;
  bool alternatives = false;  // Hyrax extension: the "Alternatives" property
  ExplainFormat format = ExplainFormat::kText;
};

// One labelled value. Compound kinds group several values that TEXT prints on one line
// in a fixed shape and JSON prints as separate fields.
struct ExplainProperty {
  enum class Kind : uint8_t {
    kText,     // "Filter": "(a > 1)"
    kInteger,  // "Rows Removed by Filter": 3
    kFloat,    // "Startup Cost": 0.00 (ndigits decimals; unit shown in TEXT, e.g. " ms")
    kBool,
    kList,       // "Sort Key": ["a", "b"]  (TEXT: comma separated)
    kSortSpace,  // Sort Method / Sort Space Used / Sort Space Type
    kHashAgg,    // HashAgg Batches / Peak Memory Usage
    kBuffers,    // Shared Hit/Read/Dirtied/Written Blocks ...
    kHashInfo,   // Hash Buckets / Hash Batches / Peak Memory Usage
    kLines,      // "Alternatives": TEXT puts each of `list` on its own line under the label
  };
  std::string label;
  Kind kind = Kind::kText;
  std::string text;
  int64_t integer = 0;
  double number = 0;
  int ndigits = 0;
  std::string unit;
  bool boolean = false;
  std::vector<std::string> list;
  // kSortSpace: {kB}; kHashAgg: {batches, kB, disk kB, planned partitions} (boolean: ran);
  // kBuffers: 4;
  // kHashInfo: {buckets, original buckets, batches, original batches, kB}
  std::vector<int64_t> counters;
  bool text_hidden = false;  // JSON only (PostgreSQL omits it in TEXT)
  // TEXT only, printed as `text` without its label (ModifyTable's "Update on p p_1" lines).
  bool text_raw = false;
};

struct ExplainNode {
  std::string pname;  // TEXT name: "HashAggregate", "Nested Loop Left Join", "Insert"
  std::string sname;  // JSON "Node Type": "Aggregate", "Nested Loop", "ModifyTable"
  // JSON fields right after "Node Type" (e.g. "Strategy", "Partial Mode", "Operation").
  std::vector<ExplainProperty> type_props;
  std::string relationship;  // "Outer", "Inner", "Subquery", "InitPlan", "SubPlan", or ""
  std::string subplan_name;  // "InitPlan 1 (returns $0)", "SubPlan 1"
  std::string target_text;   // TEXT: " on t x", " on public.t"
  // JSON fields after "Async Capable": "Relation Name", "Schema", "Alias", "Join Type" ...
  std::vector<ExplainProperty> target_props;
  bool parallel_aware = false;
  bool async_capable = false;
  double startup_cost = 0, total_cost = 0, plan_rows = 0;
  int plan_width = 0;
  bool has_actuals = false;  // ANALYZE and the node ran
  bool never_executed = false;
  double actual_startup_ms = 0, actual_total_ms = 0, actual_rows = 0, actual_loops = 0;
  std::vector<ExplainProperty> props;  // in PostgreSQL's order for the node type
  std::vector<ExplainNode> children;
};

struct ExplainResult {
  ExplainOptions options;
  ExplainNode root;
  bool has_planning_buffers = false;
  ExplainProperty planning_buffers;
  bool has_planning_time = false;
  double planning_ms = 0;
  bool has_execution_time = false;
  double execution_ms = 0;
};

// Layouts. TEXT returns the "QUERY PLAN" rows; JSON returns one row holding the document.
std::vector<std::string> RenderExplainText(const ExplainResult& result);
std::string RenderExplainJson(const ExplainResult& result);

}  // namespace hyrax::planner

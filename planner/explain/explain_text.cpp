// PostgreSQL's TEXT layout of EXPLAIN (see explain_data.h): one line per node with "->  "
// arrows, properties indented under it, 6 columns deeper per plan level.
#include <fmt/format.h>

#include "planner/explain/explain_data.h"

namespace hyrax::planner {

namespace {

std::string Spaces(int level) {
  return std::string(static_cast<size_t>(2 * level), ' ');
}

std::string BufferLine(const ExplainProperty& p) {
  static const char* const kNames[] = {"hit", "read", "dirtied", "written"};
  std::string parts;
  for (size_t i = 0; i < p.counters.size() && i < 4; ++i) {
    if (p.counters[i] > 0) parts += fmt::format(" {}={}", kNames[i], p.counters[i]);
  }
  return parts.empty() ? "" : "Buffers: shared" + parts;
}

// The text of one property, or "" when TEXT shows nothing for it.
std::string PropertyLine(const ExplainProperty& p) {
  using Kind = ExplainProperty::Kind;
  switch (p.kind) {
    case Kind::kText:
      return p.text_raw ? p.text : p.label + ": " + p.text;
    case Kind::kInteger:
      return p.label + ": " + std::to_string(p.integer) + (p.unit.empty() ? "" : " " + p.unit);
    case Kind::kFloat:
      return p.label + ": " + fmt::format("{:.{}f}", p.number, p.ndigits) +
             (p.unit.empty() ? "" : " " + p.unit);
    case Kind::kBool:
      return p.label + ": " + (p.boolean ? "true" : "false");
    case Kind::kList: {
      std::string line = p.label + ": ";
      for (size_t i = 0; i < p.list.size(); ++i) line += (i > 0 ? ", " : "") + p.list[i];
      return line;
    }
    case Kind::kSortSpace:
      return fmt::format("Sort Method: {}  {}: {}kB", p.text, p.list.at(0), p.counters.at(0));
    case Kind::kHashAgg: {
      // PostgreSQL's show_hashagg_info: planned partitions (when some are planned), then
      // on the same line what ANALYZE saw, the disk usage only when the aggregate spilled.
      std::string line;
      if (p.counters.at(3) > 0) line = fmt::format("Planned Partitions: {}", p.counters.at(3));
      if (!p.boolean) return line;
      if (!line.empty()) line += "  ";
      line += fmt::format("Batches: {}  Memory Usage: {}kB", p.counters.at(0), p.counters.at(1));
      if (p.counters.at(0) > 1) line += fmt::format("  Disk Usage: {}kB", p.counters.at(2));
      return line;
    }
    case Kind::kBuffers:
      return BufferLine(p);
    case Kind::kLines:  // laid out by RenderNode
      return "";
    case Kind::kHashInfo:
      // PostgreSQL's show_hash_info: the original sizes only when the table grew.
      if (p.counters.at(0) != p.counters.at(1) || p.counters.at(2) != p.counters.at(3)) {
        return fmt::format(
            "Buckets: {} (originally {})  Batches: {} (originally {})  Memory Usage: {}kB",
            p.counters.at(0), p.counters.at(1), p.counters.at(2), p.counters.at(3),
            p.counters.at(4));
      }
      return fmt::format("Buckets: {}  Batches: {}  Memory Usage: {}kB", p.counters.at(0),
                         p.counters.at(2), p.counters.at(4));
  }
  return "";
}

void RenderNode(const ExplainNode& node, const ExplainOptions& opts, int level,
                std::vector<std::string>* out) {
  if (!node.subplan_name.empty()) {
    out->push_back(Spaces(level) + node.subplan_name);
    ++level;
  }
  std::string line;
  if (level > 0) {
    line = Spaces(level) + "->  ";
    level += 2;
  }
  line += node.pname + node.target_text;
  if (opts.costs) {
    line += fmt::format("  (cost={:.2f}..{:.2f} rows={:.0f} width={})", node.startup_cost,
                        node.total_cost, node.plan_rows, node.plan_width);
  }
  if (opts.analyze) {
    if (node.never_executed) {
      line += " (never executed)";
    } else if (opts.timing) {
      line += fmt::format(" (actual time={:.3f}..{:.3f} rows={:.0f} loops={:.0f})",
                          node.actual_startup_ms, node.actual_total_ms, node.actual_rows,
                          node.actual_loops);
    } else {
      line +=
          fmt::format(" (actual rows={:.0f} loops={:.0f})", node.actual_rows, node.actual_loops);
    }
  }
  out->push_back(line);
  for (const auto& p : node.props) {
    if (p.text_hidden) continue;
    if (p.kind == ExplainProperty::Kind::kLines) {
      out->push_back(Spaces(level + 1) + p.label + ":");
      for (const auto& item : p.list) out->push_back(Spaces(level + 2) + item);
      continue;
    }
    std::string text = PropertyLine(p);
    if (!text.empty()) out->push_back(Spaces(level + 1) + text);
  }
  for (const auto& child : node.children) RenderNode(child, opts, level + 1, out);
}

}  // namespace

std::vector<std::string> RenderExplainText(const ExplainResult& result) {
  std::vector<std::string> out;
  RenderNode(result.root, result.options, 0, &out);
  if (result.has_planning_buffers) {
    std::string line = BufferLine(result.planning_buffers);
    if (!line.empty()) {
      out.push_back("Planning:");
      out.push_back("  " + line);
    }
  }
  if (result.has_planning_time)
    out.push_back(fmt::format("Planning Time: {:.3f} ms", result.planning_ms));
  if (result.has_execution_time) {
    out.push_back(fmt::format("Execution Time: {:.3f} ms", result.execution_ms));
  }
  return out;
}

}  // namespace hyrax::planner

// PostgreSQL's JSON layout of EXPLAIN (see explain_data.h): 2-space indentation, scalar
// arrays on one line, children under "Plans", summary fields after "Plan".
#include <fmt/format.h>

#include "planner/explain/explain_data.h"

namespace hyrax::planner {

namespace {

std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += fmt::format("\\u{:04x}", static_cast<int>(c));
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

class JsonWriter {
 public:
  // Starts a new field inside the current object at `indent` spaces.
  void Field(int indent, const std::string& label, const std::string& value) {
    Separator();
    out_ += std::string(indent, ' ') + Quote(label) + ": " + value;
  }
  void Open(int indent, const std::string& label, char bracket) {
    Separator();
    out_ += std::string(indent, ' ');
    if (!label.empty()) out_ += Quote(label) + ": ";
    out_ += bracket;
    first_ = true;
  }
  void Close(int indent, char bracket) {
    out_ += "\n" + std::string(indent, ' ') + bracket;
    first_ = false;
  }
  void Property(int indent, const ExplainProperty& p);
  std::string str() const { return out_; }

 private:
  void Separator() {
    if (!first_) out_ += ",";
    out_ += "\n";
    first_ = false;
  }
  std::string out_;
  bool first_ = true;
};

void JsonWriter::Property(int indent, const ExplainProperty& p) {
  using Kind = ExplainProperty::Kind;
  switch (p.kind) {
    case Kind::kText:
      Field(indent, p.label, Quote(p.text));
      return;
    case Kind::kInteger:
      Field(indent, p.label, std::to_string(p.integer));
      return;
    case Kind::kFloat:
      Field(indent, p.label, fmt::format("{:.{}f}", p.number, p.ndigits));
      return;
    case Kind::kBool:
      Field(indent, p.label, p.boolean ? "true" : "false");
      return;
    case Kind::kList:
    case Kind::kLines: {
      std::string v = "[";
      for (size_t i = 0; i < p.list.size(); ++i) v += (i > 0 ? ", " : "") + Quote(p.list[i]);
      Field(indent, p.label, v + "]");
      return;
    }
    case Kind::kSortSpace:
      Field(indent, "Sort Method", Quote(p.text));
      Field(indent, "Sort Space Used", std::to_string(p.counters.at(0)));
      Field(indent, "Sort Space Type", Quote(p.list.at(0)));
      return;
    case Kind::kHashAgg:
      if (!p.boolean) return;  // only Planned Partitions, printed as its own property
      Field(indent, "HashAgg Batches", std::to_string(p.counters.at(0)));
      Field(indent, "Peak Memory Usage", std::to_string(p.counters.at(1)));
      Field(indent, "Disk Usage", std::to_string(p.counters.at(2)));
      return;
    case Kind::kHashInfo:
      Field(indent, "Hash Buckets", std::to_string(p.counters.at(0)));
      Field(indent, "Original Hash Buckets", std::to_string(p.counters.at(1)));
      Field(indent, "Hash Batches", std::to_string(p.counters.at(2)));
      Field(indent, "Original Hash Batches", std::to_string(p.counters.at(3)));
      Field(indent, "Peak Memory Usage", std::to_string(p.counters.at(4)));
      return;
    case Kind::kBuffers: {
      static const char* const kShared[] = {"Shared Hit Blocks", "Shared Read Blocks",
                                            "Shared Dirtied Blocks", "Shared Written Blocks"};
      for (int i = 0; i < 4; ++i) Field(indent, kShared[i], std::to_string(p.counters.at(i)));
      for (const char* label :
           {"Local Hit Blocks", "Local Read Blocks", "Local Dirtied Blocks", "Local Written Blocks",
            "Temp Read Blocks", "Temp Written Blocks"}) {
        Field(indent, label, "0");
      }
      return;
    }
  }
}

void WriteNode(JsonWriter* w, const ExplainNode& node, const ExplainOptions& opts, int indent) {
  w->Field(indent, "Node Type", Quote(node.sname));
  for (const auto& p : node.type_props) w->Property(indent, p);
  if (!node.relationship.empty()) w->Field(indent, "Parent Relationship", Quote(node.relationship));
  if (!node.subplan_name.empty()) w->Field(indent, "Subplan Name", Quote(node.subplan_name));
  w->Field(indent, "Parallel Aware", node.parallel_aware ? "true" : "false");
  w->Field(indent, "Async Capable", node.async_capable ? "true" : "false");
  for (const auto& p : node.target_props) w->Property(indent, p);
  if (opts.costs) {
    w->Field(indent, "Startup Cost", fmt::format("{:.2f}", node.startup_cost));
    w->Field(indent, "Total Cost", fmt::format("{:.2f}", node.total_cost));
    w->Field(indent, "Plan Rows", fmt::format("{:.0f}", node.plan_rows));
    w->Field(indent, "Plan Width", std::to_string(node.plan_width));
  }
  if (opts.analyze) {
    if (opts.timing) {
      w->Field(indent, "Actual Startup Time", fmt::format("{:.3f}", node.actual_startup_ms));
      w->Field(indent, "Actual Total Time", fmt::format("{:.3f}", node.actual_total_ms));
    }
    w->Field(indent, "Actual Rows", fmt::format("{:.0f}", node.actual_rows));
    w->Field(indent, "Actual Loops", fmt::format("{:.0f}", node.actual_loops));
  }
  for (const auto& p : node.props) {
    if (!p.text_raw) w->Property(indent, p);
  }
  if (!node.children.empty()) {
    w->Open(indent, "Plans", '[');
    for (const auto& child : node.children) {
      w->Open(indent + 2, "", '{');
      WriteNode(w, child, opts, indent + 4);
      w->Close(indent + 2, '}');
    }
    w->Close(indent, ']');
  }
}

}  // namespace

std::string RenderExplainJson(const ExplainResult& result) {
  JsonWriter w;
  std::string out = "[";
  w.Open(2, "", '{');
  w.Open(4, "Plan", '{');
  WriteNode(&w, result.root, result.options, 6);
  w.Close(4, '}');
  if (result.has_planning_buffers) {
    w.Open(4, "Planning", '{');
    w.Property(6, result.planning_buffers);
    w.Close(4, '}');
  }
  if (result.has_planning_time)
    w.Field(4, "Planning Time", fmt::format("{:.3f}", result.planning_ms));
  if (result.options.analyze) {
    w.Open(4, "Triggers", '[');
    w.Close(4, ']');
  }
  if (result.has_execution_time) {
    w.Field(4, "Execution Time", fmt::format("{:.3f}", result.execution_ms));
  }
  w.Close(2, '}');
  return out + w.str() + "\n]";
}

}  // namespace hyrax::planner

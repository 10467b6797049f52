// Executor rows to RowDescription/DataRow (see protocol_dest.h).
#include "server/engine/protocol_dest.h"

#include <fmt/format.h>

#include "common/error.h"
#include "executor/exec/tuple_slot.h"
#include "executor/functions/type_io.h"

namespace hyrax::server::engine {

std::vector<int16_t> ResolveResultFormats(const std::vector<int16_t>& codes, size_t ncolumns) {
  std::vector<int16_t> formats(ncolumns, 0);
  if (codes.empty()) return formats;
  if (codes.size() == 1) {
    std::fill(formats.begin(), formats.end(), codes[0]);
  } else if (codes.size() == ncolumns) {
    formats = codes;
  } else {
    throw MakeError(errcode::kProtocolViolation,
                    "bind message has {} result formats but query has {} columns", codes.size(),
                    ncolumns);
  }
  for (int16_t f : formats) {
    if (f != 0 && f != 1) {
      throw MakeError(errcode::kInvalidParameterValue, "unsupported format code: {}", f);
    }
  }
  return formats;
}

std::vector<backend::ColumnDescription> DescribeColumns(const executor::ResultDesc& desc,
                                                        const std::vector<int16_t>& formats) {
  std::vector<backend::ColumnDescription> out;
  out.reserve(desc.columns.size());
  for (size_t i = 0; i < desc.columns.size(); ++i) {
    const executor::ResultColumn& c = desc.columns[i];
    backend::ColumnDescription d;
    d.name = c.name;
    d.table_oid = c.table_oid;
    d.column_attnum = c.attnum;
    d.type_oid = c.type_oid;
    d.type_size = c.typlen;
    d.type_modifier = c.typmod;
    d.format = i < formats.size() ? formats[i] : 0;
    out.push_back(std::move(d));
  }
  return out;
}

ProtocolDest::ProtocolDest(backend::ResultSink& sink, std::vector<int16_t> format_codes,
                           bool send_row_description)
    : sink_(sink),
      format_codes_(std::move(format_codes)),
      send_row_description_(send_row_description) {}

void ProtocolDest::Startup(nodes::CmdType operation, const executor::ResultDesc& desc) {
  // The executor may call Startup again when a suspended portal resumes.
  if (started_) return;
  started_ = true;
  size_t n = desc.columns.size();
  formats_ = ResolveResultFormats(format_codes_, n);
  types_.clear();
  for (const auto& c : desc.columns) types_.push_back(c.type_oid);
  buffers_.assign(n, std::string());
  values_.assign(n, std::nullopt);
  // Statements without a result set (plain INSERT/UPDATE/DELETE) send no RowDescription.
  if (send_row_description_ && (operation == nodes::CmdType::kSelect || n > 0)) {
    auto columns = DescribeColumns(desc, formats_);
    sink_.RowDescription(columns);
  }
}

bool ProtocolDest::Receive(executor::TupleSlot* slot) {
  slot->GetAllAttrs();
  int n = slot->natts();
  for (int i = 0; i < n; ++i) {
    if (slot->nulls()[i]) {
      values_[i] = std::nullopt;
      continue;
    }
    Datum d = slot->values()[i];
    buffers_[i] = formats_[i] == 1 ? executor::SendByType(types_[i], d)
                                   : executor::OutputByType(types_[i], d);
    values_[i] = std::string_view(buffers_[i]);
  }
  sink_.DataRow(std::span<const backend::FieldValue>(values_.data(), n));
  ++rows_sent_;
  return true;
}

std::string CommandTagFor(nodes::CmdType operation, uint64_t processed) {
  switch (operation) {
    case nodes::CmdType::kSelect:
      return fmt::format("SELECT {}", processed);
    case nodes::CmdType::kInsert:
      return fmt::format("INSERT 0 {}", processed);
    case nodes::CmdType::kUpdate:
      return fmt::format("UPDATE {}", processed);
    case nodes::CmdType::kDelete:
      return fmt::format("DELETE {}", processed);
    case nodes::CmdType::kMerge:
      return fmt::format("MERGE {}", processed);
    default:
      return "???";
  }
}

}  // namespace hyrax::server::engine

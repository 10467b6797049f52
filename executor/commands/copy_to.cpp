// COPY TO: rows to text / csv / binary lines (see copy.h). Escaping and quoting follow
// PostgreSQL's CopyAttributeOutText and CopyAttributeOutCSV.
#include <algorithm>
#include <cstring>

#include "common/error.h"
#include "executor/commands/copy.h"
#include "executor/exec/tuple_slot.h"
#include "executor/functions/type_io.h"

namespace hyrax::executor::commands {

namespace {

constexpr char kBinarySignature[] = "PGCOPY\n\377\r\n";  // + the terminating NUL: 11 bytes

void AppendInt32(std::string& out, int32_t v) {
  auto u = static_cast<uint32_t>(v);
  char b[4] = {static_cast<char>(u >> 24), static_cast<char>(u >> 16), static_cast<char>(u >> 8),
               static_cast<char>(u)};
  out.append(b, 4);
}

void AppendInt16(std::string& out, int16_t v) {
  auto u = static_cast<uint16_t>(v);
  char b[2] = {static_cast<char>(u >> 8), static_cast<char>(u)};
  out.append(b, 2);
}

}  // namespace

CopyToDest::CopyToDest(const nodes::CopyStmt& stmt, CopyOutStream& out) : stmt_(stmt), out_(out) {}

void CopyToDest::Startup(nodes::CmdType, const ResultDesc& desc) {
  if (started_) return;
  started_ = true;
  types_.clear();
  for (const auto& c : desc.columns) types_.push_back(c.type_oid);
  force_quote_.assign(types_.size(), stmt_.force_quote_all);
  for (size_t i = 0; i < stmt_.attnums.size() && i < types_.size(); ++i) {
    if (std::find(stmt_.force_quote.begin(), stmt_.force_quote.end(), stmt_.attnums[i]) !=
        stmt_.force_quote.end()) {
      force_quote_[i] = true;
    }
  }
  bool binary = stmt_.format == nodes::CopyFormat::kBinary;
  out_.Begin(binary, static_cast<int>(types_.size()));
  if (binary) {
    pending_header_.assign(kBinarySignature, sizeof(kBinarySignature));
    AppendInt32(pending_header_, 0);  // flags
    AppendInt32(pending_header_, 0);  // header extension length
    return;
  }
  if (stmt_.header) {
    line_.clear();
    for (size_t i = 0; i < desc.columns.size(); ++i) {
      if (i > 0) line_ += stmt_.delimiter;
      if (stmt_.format == nodes::CopyFormat::kCsv) {
        AppendCsv(line_, desc.columns[i].name, false);
      } else {
        AppendText(line_, desc.columns[i].name);
      }
    }
    line_ += '\n';
    out_.Write(line_);
  }
}

void CopyToDest::AppendText(std::string& line, std::string_view value) {
  char delim = stmt_.delimiter[0];
  for (char c : value) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20) {
      char esc = 0;
      switch (c) {
        case '\b':
          esc = 'b';
          break;
        case '\f':
          esc = 'f';
          break;
        case '\n':
          esc = 'n';
          break;
        case '\r':
          esc = 'r';
          break;
        case '\t':
          esc = 't';
          break;
        case '\v':
          esc = 'v';
          break;
        default:
          break;
      }
      if (esc != 0) {
        line += '\\';
        line += esc;
        continue;
      }
      if (c == delim) line += '\\';
      line += c;
    } else if (c == '\\' || c == delim) {
      line += '\\';
      line += c;
    } else {
      line += c;
    }
  }
}

void CopyToDest::AppendCsv(std::string& line, std::string_view value, bool force_quote) {
  char delim = stmt_.delimiter[0];
  char quote = stmt_.quote[0];
  char escape = stmt_.escape[0];
  bool use_quote = force_quote || value == stmt_.null_string;
  if (!use_quote) {
    if (types_.size() == 1 && value == "\\.") {
      use_quote = true;
    } else {
      for (char c : value) {
        if (c == delim || c == quote || c == escape || c == '\n' || c == '\r') {
          use_quote = true;
          break;
        }
      }
    }
  }
  if (!use_quote) {
    line.append(value);
    return;
  }
  line += quote;
  for (char c : value) {
    if (c == quote || c == escape) line += escape;
    line += c;
  }
  line += quote;
}

bool CopyToDest::Receive(TupleSlot* slot) {
  slot->GetAllAttrs();
  int n = slot->natts();
  line_.clear();
  if (stmt_.format == nodes::CopyFormat::kBinary) {
    line_.swap(pending_header_);  // empty after the first row
    AppendInt16(line_, static_cast<int16_t>(n));
    for (int i = 0; i < n; ++i) {
      if (slot->nulls()[i]) {
        AppendInt32(line_, -1);
        continue;
      }
      std::string bytes = SendByType(types_[i], slot->values()[i]);
      AppendInt32(line_, static_cast<int32_t>(bytes.size()));
      line_ += bytes;
    }
  } else {
    bool csv = stmt_.format == nodes::CopyFormat::kCsv;
    for (int i = 0; i < n; ++i) {
      if (i > 0) line_ += stmt_.delimiter;
      if (slot->nulls()[i]) {
        line_ += stmt_.null_string;
        continue;
      }
      std::string text = OutputByType(types_[i], slot->values()[i]);
      if (csv) {
        AppendCsv(line_, text, force_quote_[i]);
      } else {
        AppendText(line_, text);
      }
    }
    line_ += '\n';
  }
  out_.Write(line_);
  ++rows_;
  return true;
}

void CopyToDest::Shutdown() {
  if (!started_) return;
  if (stmt_.format == nodes::CopyFormat::kBinary) {
    std::string trailer = std::move(pending_header_);  // the header when there were no rows
    pending_header_.clear();
    AppendInt16(trailer, -1);
    out_.Write(trailer);
  }
  out_.End();
}

}  // namespace hyrax::executor::commands

// COPY FROM: parsing text / csv / binary data into rows and inserting them (see copy.h).
// Line splitting and field de-escaping follow PostgreSQL's CopyReadLineText,
// CopyReadAttributesText and CopyReadAttributesCSV; rows get the same treatment as an
// INSERT (column defaults, NOT NULL, CHECK in name order, index entries with unique
// checks) and are written in batches with HeapMultiInsert.
#include <algorithm>
#include <cstring>
#include <memory>

#include "common/error.h"
#include "common/interrupts.h"
#include "executor/commands/column_sequences.h"
#include "executor/commands/copy.h"
#include "executor/exec/constraint_deferral.h"
#include "executor/exec/exec_state.h"
#include "executor/exec/index_relation.h"
#include "executor/exec/row_constraints.h"
#include "executor/exec/tuple_slot.h"
#include "executor/expr/domain_check.h"
#include "executor/expr/expr_context.h"
#include "executor/expr/expr_state.h"
#include "executor/functions/type_io.h"
#include "executor/ri/ri_event_queue.h"
#include "nodes/serialize.h"
#include "storage/heap/heap_am.h"
#include "storage/txn/snapshot.h"
#include "storage/txn/xact.h"

namespace hyrax::executor::commands {

namespace {

constexpr size_t kMaxDisplay = 100;  // PostgreSQL's MAX_COPY_DATA_DISPLAY
constexpr size_t kBatchRows = 1000;
constexpr size_t kBatchBytes = 64 * 1024;

std::string LimitPrintout(std::string_view s) {
  if (s.size() <= kMaxDisplay) return std::string(s);
  size_t n = kMaxDisplay;
  // Do not cut a UTF-8 character in two.
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return std::string(s.substr(0, n)) + "...";
}

[[noreturn]] void BadCopyFormat(const std::string& message) {
  throw Error(errcode::kBadCopyFileFormat, message);
}

// Buffers the stream and hands out whole lines (a csv quoted field may span lines).
class LineReader {
 public:
  LineReader(CopyInStream& in, bool csv, char quote, char escape)
      : in_(in), csv_(csv), quote_(quote), escape_(escape) {}

  // The next line without its end of line; false at the end of the data (end of stream or
  // the "\." marker line, after which the rest of the stream is drained).
  bool Next(std::string& line) {
    if (done_) return false;
    for (;;) {
      size_t end = 0, next = 0;
      if (FindLineEnd(&end, &next)) {
        line.assign(buf_, pos_, end - pos_);
        pos_ = next;
        if (pos_ > (1 << 16)) {
          buf_.erase(0, pos_);
          pos_ = 0;
        }
        if (line == "\\.") return Finish();
        return true;
      }
      std::optional<std::string> chunk = in_.Next();
      if (!chunk) {
        eof_ = true;
        if (pos_ >= buf_.size()) {
          done_ = true;
          return false;
        }
        // Last line without an end of line.
        line.assign(buf_, pos_, std::string::npos);
        pos_ = buf_.size();
        if (line == "\\.") return Finish();
        return true;
      }
      CheckForInterrupts();
      buf_ += *chunk;
    }
  }

 private:
  bool Finish() {
    done_ = true;
    while (!eof_ && in_.Next()) {
    }
    eof_ = true;
    return false;
  }

  // Finds the end of the line starting at pos_: [pos_, *end) is the line, *next the start of
  // the following one. False when the buffer holds no complete line yet.
  bool FindLineEnd(size_t* end, size_t* next) {
    bool in_quote = false;
    size_t n = buf_.size();
    for (size_t i = pos_; i < n; ++i) {
      char c = buf_[i];
      if (csv_) {
        if (in_quote && c == escape_ && escape_ != quote_ && i + 1 < n &&
            (buf_[i + 1] == quote_ || buf_[i + 1] == escape_)) {
          ++i;
          continue;
        }
        if (c == quote_) {
          in_quote = !in_quote;
          continue;
        }
        if (in_quote) continue;
      } else if (c == '\\') {
        // A backslash quotes the next character, even an end of line.
        if (i + 1 >= n) {
          if (!eof_) return false;
          continue;
        }
        ++i;
        continue;
      }
      if (c == '\n') {
        *end = i;
        *next = i + 1;
        return true;
      }
      if (c == '\r') {
        if (i + 1 >= n && !eof_) return false;  // maybe \r\n split across chunks
        *end = i;
        *next = i + 1 < n && buf_[i + 1] == '\n' ? i + 2 : i + 1;
        return true;
      }
    }
    return false;
  }

  CopyInStream& in_;
  bool csv_;
  char quote_, escape_;
  std::string buf_;
  size_t pos_ = 0;
  bool eof_ = false;
  bool done_ = false;
};

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// One parsed field: nullopt = NULL.
using Field = std::optional<std::string>;

// PostgreSQL's CopyReadAttributesText.
void SplitText(const std::string& line, char delim, const std::string& null_string,
               std::vector<Field>& fields) {
  fields.clear();
  size_t i = 0, n = line.size();
  for (;;) {
    size_t start = i;
    std::string value;
    bool found_delim = false;
    while (i < n) {
      char c = line[i++];
      if (c == delim) {
        found_delim = true;
        break;
      }
      if (c != '\\') {
        value += c;
        continue;
      }
      if (i >= n) break;
      c = line[i++];
      switch (c) {
        case '0':
        case '1':
        case '2':
        case '3':
        case '4':
        case '5':
        case '6':
        case '7': {
          int v = c - '0';
          for (int k = 0; k < 2 && i < n && line[i] >= '0' && line[i] <= '7'; ++k) {
            v = v * 8 + (line[i++] - '0');
          }
          value += static_cast<char>(v & 0xFF);
          break;
        }
        case 'x':
          if (i < n && HexValue(line[i]) >= 0) {
            int v = HexValue(line[i++]);
            if (i < n && HexValue(line[i]) >= 0) v = v * 16 + HexValue(line[i++]);
            value += static_cast<char>(v);
          } else {
            value += 'x';
          }
          break;
        case 'b':
          value += '\b';
          break;
        case 'f':
          value += '\f';
          break;
        case 'n':
          value += '\n';
          break;
        case 'r':
          value += '\r';
          break;
        case 't':
          value += '\t';
          break;
        case 'v':
          value += '\v';
          break;
        default:
          value += c;
          break;
      }
    }
    size_t raw_end = found_delim ? i - 1 : i;
    std::string_view raw(line.data() + start, raw_end - start);
    if (raw == null_string) {
      fields.emplace_back(std::nullopt);
    } else {
      fields.emplace_back(std::move(value));
    }
    if (!found_delim) break;
  }
}

// PostgreSQL's CopyReadAttributesCSV; `quoted` says per field whether it had quotes.
void SplitCsv(const std::string& line, const nodes::CopyStmt& stmt, std::vector<Field>& fields,
              std::vector<bool>& quoted) {
  fields.clear();
  quoted.clear();
  char delim = stmt.delimiter[0], quote = stmt.quote[0], escape = stmt.escape[0];
  size_t i = 0, n = line.size();
  for (;;) {
    size_t start = i;
    std::string value;
    bool saw_quote = false, found_delim = false;
    for (;;) {
      // Unquoted part.
      bool enter_quote = false;
      while (i < n) {
        char c = line[i++];
        if (c == delim) {
          found_delim = true;
          break;
        }
        if (c == quote) {
          enter_quote = true;
          break;
        }
        value += c;
      }
      if (!enter_quote) break;
      saw_quote = true;
      // Quoted part.
      for (;;) {
        if (i >= n) BadCopyFormat("unterminated CSV quoted field");
        char c = line[i++];
        if (c == escape && i < n && (line[i] == escape || line[i] == quote)) {
          value += line[i++];
          continue;
        }
        if (c == quote) break;
        value += c;
      }
    }
    size_t raw_end = found_delim ? i - 1 : i;
    std::string_view raw(line.data() + start, raw_end - start);
    if (!saw_quote && raw == stmt.null_string) {
      fields.emplace_back(std::nullopt);
    } else {
      fields.emplace_back(std::move(value));
    }
    quoted.push_back(saw_quote);
    if (!found_delim) break;
  }
}

// Reads the binary format's fields from the buffered stream.
class BinaryReader {
 public:
  explicit BinaryReader(CopyInStream& in) : in_(in) {}

  void ReadHeader() {
    static const char kSignature[11] = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', '\377', '\r', '\n', 0};
    std::string sig;
    if (!Read(11, sig) || std::memcmp(sig.data(), kSignature, 11) != 0) {
      BadCopyFormat("COPY file signature not recognized");
    }
    int32_t flags = 0;
    if (!ReadInt32(&flags)) BadCopyFormat("invalid COPY file header (missing flags)");
    if (flags & (1 << 16)) BadCopyFormat("invalid COPY file header (WITH OIDS)");
    if ((flags & ~(1 << 16)) >> 16 != 0) {
      BadCopyFormat("unrecognized critical flags in COPY file header");
    }
    int32_t ext = 0;
    if (!ReadInt32(&ext) || ext < 0) BadCopyFormat("invalid COPY file header (missing length)");
    std::string skip;
    if (!Read(static_cast<size_t>(ext), skip)) {
      BadCopyFormat("invalid COPY file header (wrong length)");
    }
  }

  // The field count of the next tuple; nullopt at the trailer or the end of data.
  std::optional<int16_t> TupleStart() {
    std::string b;
    if (!Read(2, b)) return std::nullopt;
    auto count =
        static_cast<int16_t>((static_cast<uint8_t>(b[0]) << 8) | static_cast<uint8_t>(b[1]));
    if (count == -1) {
      // The trailer: nothing may follow.
      std::string extra;
      if (Read(1, extra)) BadCopyFormat("received copy data after EOF marker");
      return std::nullopt;
    }
    return count;
  }

  // One field's bytes, nullopt for NULL.
  Field ReadField() {
    int32_t len = 0;
    if (!ReadInt32(&len)) BadCopyFormat("unexpected EOF in COPY data");
    if (len == -1) return std::nullopt;
    if (len < -1) BadCopyFormat("invalid field size");
    std::string bytes;
    if (!Read(static_cast<size_t>(len), bytes)) BadCopyFormat("unexpected EOF in COPY data");
    return bytes;
  }

 private:
  bool Fill(size_t n) {
    while (buf_.size() - pos_ < n) {
      if (eof_) return false;
      std::optional<std::string> chunk = in_.Next();
      if (!chunk) {
        eof_ = true;
        return false;
      }
      if (pos_ > (1 << 16)) {
        buf_.erase(0, pos_);
        pos_ = 0;
      }
      buf_ += *chunk;
    }
    return true;
  }
  bool Read(size_t n, std::string& out) {
    if (!Fill(n)) return false;
    out.assign(buf_, pos_, n);
    pos_ += n;
    return true;
  }
  bool ReadInt32(int32_t* v) {
    std::string b;
    if (!Read(4, b)) return false;
    uint32_t u = 0;
    for (char c : b) u = (u << 8) | static_cast<uint8_t>(c);
    *v = static_cast<int32_t>(u);
    return true;
  }

  CopyInStream& in_;
  std::string buf_;
  size_t pos_ = 0;
  bool eof_ = false;
};

// Inserts rows in batches, as INSERT would.
class CopyInserter {
 public:
  explicit CopyInserter(const catalog::RelationData& rel) : rel_(rel), econtext_(&estate_) {
    cid_ = storage::GetCurrentCommandId(true);
    estate_.output_cid = cid_;
    estate_.snapshot = storage::GetTransactionSnapshot();
    indexes_ = OpenTableIndexes(rel_);
  }

  ExecState& estate() { return estate_; }
  ExprContext& econtext() { return econtext_; }
  // Runs the foreign key checks of the rows written (after the last Flush).
  void FinishForeignKeys() {
    if (estate_.ri_queue) estate_.ri_queue->Fire();
    ProcessUniqueRechecks(&estate_);
  }
  MemoryContext& batch_memory() { return batch_memory_; }

  // Checks and queues `row` (values in batch memory); flushes a full batch.
  void Add(TupleSlot& row, uint64_t lineno) {
    domain_checks_.Check(&row, &econtext_);
    constraints_.Check(&row, &econtext_);
    row.table_oid = rel_.oid;
    {
      MemoryContextScope scope(&batch_memory_);
      Pending p;
      p.tuple = row.FormHeapTuple();
      p.lineno = lineno;
      int natts = rel_.desc->natts();
      p.values.assign(row.values(), row.values() + natts);
      p.nulls.reset(new bool[natts]);
      std::copy(row.nulls(), row.nulls() + natts, p.nulls.get());
      batch_bytes_ += p.tuple.len;
      pending_.push_back(std::move(p));
    }
    if (pending_.size() >= kBatchRows || batch_bytes_ >= kBatchBytes) Flush();
  }

  // Writes the queued rows; errors from index insertion name the row's line.
  void Flush() {
    if (pending_.empty()) return;
    std::vector<storage::HeapTuple*> tuples;
    tuples.reserve(pending_.size());
    for (auto& p : pending_) tuples.push_back(&p.tuple);
    storage::HeapMultiInsert(rel_.heap, tuples, cid_);
    if (!indexes_.empty()) {
      for (auto& p : pending_) {
        try {
          InsertIndexEntries(rel_, indexes_, p.values.data(), p.nulls.get(), p.tuple.self,
                             &estate_.unique_rechecks);
        } catch (Error& e) {
          e.AppendContext(fmt::format("COPY {}, line {}", rel_.name(), p.lineno));
          throw;
        }
      }
    }
    if (ri_events_.active()) {
      // Foreign keys are checked when the COPY ends (FinishForeignKeys), as PostgreSQL's
      // RI triggers fire at the end of the statement.
      TupleSlot row(rel_.desc);
      for (auto& p : pending_) {
        std::copy(p.values.begin(), p.values.end(), row.values());
        std::copy(p.nulls.get(), p.nulls.get() + rel_.desc->natts(), row.nulls());
        row.StoreVirtual();
        ri_events_.RowInserted(row, p.tuple.self);
      }
    }
    pending_.clear();
    batch_bytes_ = 0;
    batch_memory_.Reset();
  }

 private:
  struct Pending {
    storage::HeapTuple tuple;
    uint64_t lineno = 0;
    std::vector<Datum> values;
    std::unique_ptr<bool[]> nulls;
  };

  const catalog::RelationData& rel_;
  ExecState estate_;
  ExprContext econtext_;
  DomainColumnChecks domain_checks_{*rel_.desc, &estate_};  // columns of domain types
  RowConstraints constraints_{rel_, &estate_};              // NOT NULL and CHECK
  ri::RiRowEvents ri_events_{rel_, &estate_};
  CommandId cid_ = 0;
  std::vector<OpenIndexPtr> indexes_;
  std::vector<Pending> pending_;
  size_t batch_bytes_ = 0;
  MemoryContext batch_memory_{"CopyBatch"};
};

}  // namespace

uint64_t CopyFrom(const nodes::CopyStmt& stmt, CopyInStream& in) {
  catalog::RelationPtr relptr = catalog::RelationIdGetRelation(stmt.relid);
  if (!relptr) {
    throw MakeError(errcode::kUndefinedTable, "could not open relation with OID {}", stmt.relid);
  }
  const catalog::RelationData& rel = *relptr;
  storage::PreventCommandIfReadOnly("COPY FROM");
  const storage::TupleDesc& desc = *rel.desc;
  int natts = desc.natts();
  CopyInserter inserter(rel);
  ExecState& estate = inserter.estate();
  ExprContext& econtext = inserter.econtext();

  // Per input column: its attribute, I/O functions and FORCE_NOT_NULL / FORCE_NULL.
  struct InputColumn {
    int index = 0;  // 0-based attribute
    TypeIoInfo* io = nullptr;
    bool force_not_null = false, force_null = false;
  };
  std::vector<InputColumn> columns;
  std::vector<bool> supplied(natts, false);
  for (int16_t attnum : stmt.attnums) {
    InputColumn c;
    c.index = attnum - 1;
    c.io = &LookupTypeIo(desc.attr(c.index).type_oid);
    c.force_not_null = std::find(stmt.force_not_null.begin(), stmt.force_not_null.end(), attnum) !=
                       stmt.force_not_null.end();
    c.force_null =
        std::find(stmt.force_null.begin(), stmt.force_null.end(), attnum) != stmt.force_null.end();
    supplied[c.index] = true;
    columns.push_back(c);
  }
  // Defaults of the columns not read from the data.
  std::vector<std::pair<int, std::unique_ptr<ExprState>>> defaults;
  std::vector<nodes::ExprPtr> default_trees;  // own the constants the compiled defaults use
  for (int i = 0; i < natts; ++i) {
    if (supplied[i] || desc.attr(i).dropped) continue;
    if (nodes::ExprPtr identity = IdentityDefault(rel, static_cast<nodes::AttrNumber>(i + 1))) {
      defaults.emplace_back(i, ExecInitExpr(*identity, &estate));
      continue;
    }
    for (const auto& def : rel.defaults) {
      if (def.adnum == i + 1) {
        nodes::ExprPtr expr = nodes::StringToNode(def.adbin);
        defaults.emplace_back(i, ExecInitExpr(*expr, &estate));
        default_trees.push_back(std::move(expr));
      }
    }
  }
  std::unique_ptr<ExprState> where;
  if (stmt.where_clause) where = ExecInitExpr(*stmt.where_clause, &estate);

  TupleSlot row(rel.desc);
  uint64_t lineno = 0;
  uint64_t count = 0;
  // What the error context shows (PostgreSQL's CopyFromErrorCallback).
  const std::string* cur_line = nullptr;
  const char* cur_attname = nullptr;
  const std::string* cur_attval = nullptr;
  auto context = [&]() {
    if (stmt.format == nodes::CopyFormat::kBinary) {
      if (cur_attname)
        return fmt::format("COPY {}, line {}, column {}", rel.name(), lineno, cur_attname);
      return fmt::format("COPY {}, line {}", rel.name(), lineno);
    }
    if (cur_attname && cur_attval) {
      return fmt::format("COPY {}, line {}, column {}: \"{}\"", rel.name(), lineno, cur_attname,
                         LimitPrintout(*cur_attval));
    }
    if (cur_attname)
      return fmt::format("COPY {}, line {}, column {}: null input", rel.name(), lineno,
                         cur_attname);
    if (cur_line)
      return fmt::format("COPY {}, line {}: \"{}\"", rel.name(), lineno, LimitPrintout(*cur_line));
    return fmt::format("COPY {}, line {}", rel.name(), lineno);
  };

  // Fills `row` from parsed fields (text/csv) and runs defaults, WHERE and the checks.
  auto finish_row = [&]() {
    for (auto& [index, state] : defaults) {
      bool isnull = false;
      row.values()[index] = ExecEvalExpr(state.get(), &econtext, &isnull);
      row.nulls()[index] = isnull;
    }
    row.StoreVirtual();
    if (where) {
      econtext.scantuple = &row;
      bool isnull = false;
      Datum ok = ExecEvalExpr(where.get(), &econtext, &isnull);
      if (isnull || !DatumGetBool(ok)) return;
    }
    inserter.Add(row, lineno);
    ++count;
  };
  auto reset_row = [&]() {
    row.Clear();
    for (int i = 0; i < natts; ++i) {
      row.values()[i] = 0;
      row.nulls()[i] = true;
    }
  };

  // Outlive the try block: the error context shows them.
  std::string line;
  std::vector<Field> fields;
  std::vector<bool> quoted;
  // PostgreSQL reads the binary header in BeginCopyFrom, before its error context exists.
  bool reading_header = false;
  try {
    if (stmt.format == nodes::CopyFormat::kBinary) {
      BinaryReader reader(in);
      reading_header = true;
      reader.ReadHeader();
      reading_header = false;
      for (;;) {
        CheckForInterrupts();
        std::optional<int16_t> nfields = reader.TupleStart();
        if (!nfields) break;
        ++lineno;
        if (*nfields != static_cast<int16_t>(columns.size())) {
          throw MakeError(errcode::kBadCopyFileFormat, "row field count is {}, expected {}",
                          *nfields, columns.size());
        }
        MemoryContextScope scope(&inserter.batch_memory());
        reset_row();
        for (const InputColumn& c : columns) {
          Field f = reader.ReadField();
          cur_attname = desc.attr(c.index).name.c_str();
          if (f) {
            RecvBuffer buf(*f);
            row.values()[c.index] = ReceiveFunctionCall(&c.io->receive, &buf, c.io->typioparam,
                                                        desc.attr(c.index).typmod);
            if (buf.cursor != buf.len) {
              throw Error(errcode::kInvalidBinaryRepresentation, "incorrect binary data format");
            }
            row.nulls()[c.index] = false;
          }
          cur_attname = nullptr;
        }
        finish_row();
      }
    } else {
      bool csv = stmt.format == nodes::CopyFormat::kCsv;
      LineReader reader(in, csv, csv ? stmt.quote[0] : '"', csv ? stmt.escape[0] : '"');
      if (stmt.header) {
        ++lineno;
        if (reader.Next(line) && stmt.header_match) {
          cur_line = &line;
          if (csv) {
            SplitCsv(line, stmt, fields, quoted);
          } else {
            SplitText(line, stmt.delimiter[0], stmt.null_string, fields);
          }
          if (fields.size() != columns.size()) {
            throw MakeError(errcode::kBadCopyFileFormat,
                            "wrong number of fields in header line: got {}, expected {}",
                            fields.size(), columns.size());
          }
          for (size_t i = 0; i < fields.size(); ++i) {
            const std::string& expected = desc.attr(columns[i].index).name;
            if (!fields[i]) {
              throw MakeError(errcode::kBadCopyFileFormat,
                              "column name mismatch in header line field {}: got null value "
                              "(\"{}\"), expected \"{}\"",
                              i + 1, stmt.null_string, expected);
            }
            if (*fields[i] != expected) {
              throw MakeError(errcode::kBadCopyFileFormat,
                              "column name mismatch in header line field {}: got \"{}\", "
                              "expected \"{}\"",
                              i + 1, *fields[i], expected);
            }
          }
          cur_line = nullptr;
        }
      }
      for (;;) {
        CheckForInterrupts();
        if (!reader.Next(line)) break;
        ++lineno;
        cur_line = &line;
        if (csv) {
          SplitCsv(line, stmt, fields, quoted);
        } else {
          SplitText(line, stmt.delimiter[0], stmt.null_string, fields);
        }
        // A zero-column COPY reads empty lines.
        if (columns.empty() && fields.size() == 1 && fields[0] && fields[0]->empty()) {
          fields.clear();
        }
        if (fields.size() > columns.size()) {
          BadCopyFormat("extra data after last expected column");
        }
        MemoryContextScope scope(&inserter.batch_memory());
        reset_row();
        for (size_t i = 0; i < columns.size(); ++i) {
          const InputColumn& c = columns[i];
          const auto& attr = desc.attr(c.index);
          if (i >= fields.size()) {
            throw MakeError(errcode::kBadCopyFileFormat, "missing data for column \"{}\"",
                            attr.name);
          }
          Field& f = fields[i];
          if (csv) {
            if (!f && c.force_not_null) {
              f = stmt.null_string;
            } else if (f && c.force_null && *f == stmt.null_string) {
              f.reset();
            }
          }
          cur_attname = attr.name.c_str();
          cur_attval = f ? &*f : nullptr;
          row.values()[c.index] = InputFunctionCall(&c.io->input, f ? f->c_str() : nullptr,
                                                    c.io->typioparam, attr.typmod);
          row.nulls()[c.index] = !f;
          cur_attname = nullptr;
          cur_attval = nullptr;
        }
        finish_row();
        cur_line = nullptr;
      }
    }
    cur_line = nullptr;
    inserter.Flush();
  } catch (Error& e) {
    bool has_copy_context = !e.context().empty() && e.context().rfind("COPY ", 0) == 0;
    if (!reading_header && !has_copy_context) e.AppendContext(context());
    throw;
  }
  // Outside the line context: PostgreSQL reports foreign key errors after the COPY.
  inserter.FinishForeignKeys();
  return count;
}

}  // namespace hyrax::executor::commands

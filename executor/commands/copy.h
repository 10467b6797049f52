// COPY's data formats (PostgreSQL's copyfrom.c / copyfromparse.c / copyto.c): reading
// text, csv and binary rows from a byte stream into a table through the same checks as
// INSERT (defaults, NOT NULL, CHECK, unique indexes), and writing rows of a table or query
// as text, csv or binary. The byte streams are small interfaces implemented by the server
// (client CopyData messages); planning of COPY TO is the server's too (the planner sits
// above the executor), which runs the plan into a CopyToDest.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "executor/exec/dest_receiver.h"
#include "nodes/utility_stmts.h"

namespace hyrax::executor::commands {

// The data of COPY FROM: chunks of bytes in order, nullopt at the end.
class CopyInStream {
 public:
  virtual ~CopyInStream() = default;
  virtual std::optional<std::string> Next() = 0;
};

// The destination of COPY TO.
class CopyOutStream {
 public:
  virtual ~CopyOutStream() = default;
  // Before any data: the format and the number of columns.
  virtual void Begin(bool binary, int ncolumns) = 0;
  virtual void Write(std::string_view data) = 0;
  virtual void End() = 0;
};

// COPY table [(cols)] FROM: reads `in` to its end and inserts the rows (the table is
// locked RowExclusive by the analyzer). Returns the number of rows inserted. Errors carry
// PostgreSQL's context "COPY t, line 2, column b: \"x\"".
uint64_t CopyFrom(const nodes::CopyStmt& stmt, CopyInStream& in);

// COPY ... TO: formats every row it receives and writes it to `out` (header at Startup for
// HEADER, binary header/trailer for BINARY). Shutdown() ends the stream.
class CopyToDest : public DestReceiver {
 public:
  CopyToDest(const nodes::CopyStmt& stmt, CopyOutStream& out);
  void Startup(nodes::CmdType operation, const ResultDesc& desc) override;
  bool Receive(TupleSlot* slot) override;
  void Shutdown() override;
  uint64_t rows() const { return rows_; }

 private:
  void AppendText(std::string& line, std::string_view value);
  void AppendCsv(std::string& line, std::string_view value, bool force_quote);

  const nodes::CopyStmt& stmt_;
  CopyOutStream& out_;
  std::vector<Oid> types_;
  std::vector<bool> force_quote_;  // by output column
  std::string line_;
  // The binary header, sent in one CopyData message with the first row (or the trailer)
  // as PostgreSQL does; some clients (psycopg 3) expect a row after the signature.
  std::string pending_header_;
  uint64_t rows_ = 0;
  bool started_ = false;
};

}  // namespace hyrax::executor::commands

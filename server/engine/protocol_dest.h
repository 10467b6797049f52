// The DestReceiver that turns executor rows into protocol messages through the session's
// ResultSink: RowDescription (simple query only) from the result columns, then one DataRow
// per row with every value converted by its type's output function (text) or send function
// (binary), as the client's result format codes ask (PostgreSQL's printtup.c).
#pragma once

#include <string>
#include <vector>

#include "executor/exec/dest_receiver.h"
#include "server/backend/engine.h"

namespace hyrax::server::engine {

// Result format per column from the Bind message's codes: none = all text, one = all that
// code, otherwise one per column (08P01 on a count mismatch, PostgreSQL's rule).
std::vector<int16_t> ResolveResultFormats(const std::vector<int16_t>& codes, size_t ncolumns);

// RowDescription fields for result columns in the given formats.
std::vector<backend::ColumnDescription> DescribeColumns(const executor::ResultDesc& desc,
                                                        const std::vector<int16_t>& formats);

class ProtocolDest : public executor::DestReceiver {
 public:
  // `send_row_description`: simple query (true) or extended-protocol Execute (false).
  ProtocolDest(backend::ResultSink& sink, std::vector<int16_t> format_codes,
               bool send_row_description);

  void Startup(nodes::CmdType operation, const executor::ResultDesc& desc) override;
  bool Receive(executor::TupleSlot* slot) override;
  void Shutdown() override {}

  uint64_t rows_sent() const { return rows_sent_; }

 private:
  backend::ResultSink& sink_;
  std::vector<int16_t> format_codes_;
  bool send_row_description_;
  std::vector<int16_t> formats_;  // resolved per column at Startup
  std::vector<Oid> types_;
  std::vector<std::string> buffers_;
  std::vector<backend::FieldValue> values_;
  uint64_t rows_sent_ = 0;
  bool started_ = false;
};

// "SELECT 3", "INSERT 0 1", "UPDATE 2", "DELETE 0" ... for a planned statement.
std::string CommandTagFor(nodes::CmdType operation, uint64_t processed);

}  // namespace hyrax::server::engine

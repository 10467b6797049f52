// An in-memory ByteStream for protocol tests: reads come from a preset byte string (in
// chunks of a chosen size, to exercise partial reads), writes are collected.
#pragma once

#include <algorithm>
#include <cstring>
#include <string>

#include "server/protocol/byte_stream.h"

namespace hyrax::server::protocol {

class MemoryStream final : public ByteStream {
 public:
  explicit MemoryStream(std::string input, size_t chunk = 1 << 20)
      : input_(std::move(input)), chunk_(chunk) {}

  size_t Read(char* buffer, size_t capacity) override {
    size_t count = std::min({capacity, chunk_, input_.size() - pos_});
    std::memcpy(buffer, input_.data() + pos_, count);
    pos_ += count;
    max_read_request_ = std::max(max_read_request_, capacity);
    return count;
  }
  void Write(const char* data, size_t size) override { written_.append(data, size); }

  const std::string& written() const { return written_; }
  size_t max_read_request() const { return max_read_request_; }

 private:
  std::string input_;
  size_t chunk_;
  size_t pos_ = 0;
  std::string written_;
  size_t max_read_request_ = 0;
};

}  // namespace hyrax::server::protocol

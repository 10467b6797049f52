// Buffers for the binary wire format of values (PostgreSQL's pq_getmsg*/pq_send* over a
// StringInfo): RecvBuffer is what a type's receive function reads from, SendBuffer is what
// its send function writes to. All integers are big-endian (network byte order).
// See executor/types/README.md "Binary formats".
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "common/datum.h"

namespace hyrax::executor {

// A read cursor over one value's bytes. Reads past the end throw 08P01
// "insufficient data left in message" (as PostgreSQL's pq_getmsg* do).
struct RecvBuffer {
  const char* data = nullptr;
  size_t len = 0;
  size_t cursor = 0;

  RecvBuffer() = default;
  explicit RecvBuffer(std::string_view bytes) : data(bytes.data()), len(bytes.size()) {}

  size_t Remaining() const { return len - cursor; }
  uint8_t GetUInt8();
  int16_t GetInt16();
  int32_t GetInt32();
  int64_t GetInt64();
  float GetFloat4();
  double GetFloat8();
  // The next n bytes (a view into the buffer).
  std::string_view GetBytes(size_t n);
  // All remaining bytes.
  std::string_view GetRest();
};

// An append-only byte buffer; Finish() turns it into a bytea Datum in the current context.
class SendBuffer {
 public:
  void PutUInt8(uint8_t v) { bytes_.push_back(static_cast<char>(v)); }
  void PutInt16(int16_t v);
  void PutInt32(int32_t v);
  void PutInt64(int64_t v);
  void PutFloat4(float v);
  void PutFloat8(double v);
  void PutBytes(std::string_view b) { bytes_.append(b); }
  // A bytea varlena holding the bytes, allocated with Palloc.
  Datum Finish() const;
  const std::string& bytes() const { return bytes_; }

 private:
  std::string bytes_;
};

}  // namespace hyrax::executor

// RecvBuffer / SendBuffer: big-endian reads and writes for the binary wire format (see
// executor/types/binary_io.h).
#include "executor/types/binary_io.h"

#include <bit>

#include "common/error.h"
#include "common/varlena.h"

namespace hyrax::executor {

namespace {

template <typename T>
T FromBigEndian(const char* p) {
  using U = std::make_unsigned_t<T>;
  U v = 0;
  for (size_t i = 0; i < sizeof(T); ++i) v = static_cast<U>((v << 8) | static_cast<uint8_t>(p[i]));
  return static_cast<T>(v);
}

template <typename T>
void AppendBigEndian(std::string& out, T value) {
  using U = std::make_unsigned_t<T>;
  U v = static_cast<U>(value);
  char buf[sizeof(T)];
  for (size_t i = 0; i < sizeof(T); ++i) {
    buf[sizeof(T) - 1 - i] = static_cast<char>(v & 0xFF);
    v = static_cast<U>(v >> 8);
  }
  out.append(buf, sizeof(T));
}

[[noreturn]] void ThrowInsufficientData() {
  throw Error(errcode::kProtocolViolation, "insufficient data left in message");
}

}  // namespace

std::string_view RecvBuffer::GetBytes(size_t n) {
  if (n > Remaining()) ThrowInsufficientData();
  std::string_view out(data + cursor, n);
  cursor += n;
  return out;
}

std::string_view RecvBuffer::GetRest() {
  return GetBytes(Remaining());
}

uint8_t RecvBuffer::GetUInt8() {
  return static_cast<uint8_t>(GetBytes(1)[0]);
}
int16_t RecvBuffer::GetInt16() {
  return FromBigEndian<int16_t>(GetBytes(2).data());
}
int32_t RecvBuffer::GetInt32() {
  return FromBigEndian<int32_t>(GetBytes(4).data());
}
int64_t RecvBuffer::GetInt64() {
  return FromBigEndian<int64_t>(GetBytes(8).data());
}
float RecvBuffer::GetFloat4() {
  return std::bit_cast<float>(static_cast<uint32_t>(GetInt32()));
}
double RecvBuffer::GetFloat8() {
  return std::bit_cast<double>(static_cast<uint64_t>(GetInt64()));
}

void SendBuffer::PutInt16(int16_t v) {
  AppendBigEndian(bytes_, v);
}
void SendBuffer::PutInt32(int32_t v) {
  AppendBigEndian(bytes_, v);
}
void SendBuffer::PutInt64(int64_t v) {
  AppendBigEndian(bytes_, v);
}
void SendBuffer::PutFloat4(float v) {
  AppendBigEndian(bytes_, std::bit_cast<uint32_t>(v));
}
void SendBuffer::PutFloat8(double v) {
  AppendBigEndian(bytes_, std::bit_cast<uint64_t>(v));
}

Datum SendBuffer::Finish() const {
  return MakeVarlenaDatum(bytes_);
}

}  // namespace hyrax::executor

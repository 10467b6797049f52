// Buffered framing over the client's byte stream (see server/protocol/connection.h). The
// limits and error texts follow PostgreSQL's ProcessStartupPacket and pq_getmessage.
#include "server/protocol/connection.h"

#include <algorithm>

#include "common/error.h"

namespace hyrax::server::protocol {

size_t MaxMessageLength(char type) {
  switch (type) {
    case 'Q':
    case 'P':
    case 'B':
    case 'F':
    case 'd':
      return kLargeMessageLimit;
    case 'p':
      return kAuthMessageLimit;
    default:
      return kSmallMessageLimit;
  }
}

bool Connection::Fill(size_t count) {
  if (in_pos_ > 0 && in_pos_ == in_.size()) {
    in_.clear();
    in_pos_ = 0;
  }
  while (in_.size() - in_pos_ < count) {
    // Compact occasionally so a long session's buffer does not grow without bound.
    if (in_pos_ > kReadChunk) {
      in_.erase(0, in_pos_);
      in_pos_ = 0;
    }
    size_t old_size = in_.size();
    size_t want = std::max(kReadChunk, count - (old_size - in_pos_));
    in_.resize(old_size + std::min(want, kReadChunk * 4));
    size_t got = stream_->Read(in_.data() + old_size, in_.size() - old_size);
    in_.resize(old_size + got);
    if (got == 0) return false;
  }
  return true;
}

int32_t Connection::TakeInt32() {
  uint32_t value = 0;
  for (int idx = 0; idx < 4; ++idx) {
    value = (value << 8) | static_cast<unsigned char>(in_[in_pos_ + idx]);
  }
  in_pos_ += 4;
  return static_cast<int32_t>(value);
}

void Connection::Fail(const char* message) {
  broken_ = true;
  throw Error(errcode::kProtocolViolation, message, Severity::kFatal);
}

std::optional<std::string> Connection::ReadStartupPacket() {
  if (!Fill(1)) return std::nullopt;
  if (!Fill(4)) Fail("incomplete startup packet");
  int32_t length = TakeInt32();
  if (length < 8 || static_cast<size_t>(length) > kMaxStartupPacketLength) {
    Fail("invalid length of startup packet");
  }
  size_t body_length = static_cast<size_t>(length) - 4;
  if (!Fill(body_length)) Fail("incomplete startup packet");
  std::string body = in_.substr(in_pos_, body_length);
  in_pos_ += body_length;
  return body;
}

std::optional<char> Connection::ReadMessageType() {
  if (!Fill(1)) return std::nullopt;
  return in_[in_pos_++];
}

std::string Connection::ReadMessageBody(char type) {
  if (!Fill(4)) Fail("unexpected EOF within message length word");
  int32_t length = TakeInt32();
  if (length < 4 || static_cast<size_t>(length) - 4 > MaxMessageLength(type)) {
    Fail("invalid message length");
  }
  size_t body_length = static_cast<size_t>(length) - 4;
  std::string body;
  // Grow with the data actually received, never to the declared length up front.
  while (body.size() < body_length) {
    if (!Fill(1)) Fail("incomplete message from client");
    size_t take = std::min(body_length - body.size(), in_.size() - in_pos_);
    body.append(in_, in_pos_, take);
    in_pos_ += take;
  }
  return body;
}

void Connection::Flush() {
  if (out_.empty()) return;
  if (broken_) {
    out_.clear();
    return;
  }
  std::string pending;
  pending.swap(out_);
  try {
    stream_->Write(pending.data(), pending.size());
  } catch (const Error&) {
    broken_ = true;
    throw;
  }
}

}  // namespace hyrax::server::protocol

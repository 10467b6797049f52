// Startup packets and NegotiateProtocolVersion (see server/protocol/startup_messages.h).
// Layout checks follow PostgreSQL's ProcessStartupPacket.
#include "server/protocol/startup_messages.h"

#include "common/error.h"
#include "server/protocol/wire_format.h"

namespace hyrax::server::protocol {

namespace {

[[noreturn]] void ThrowFatal(const char* message) {
  throw Error(errcode::kProtocolViolation, message, Severity::kFatal);
}

StartupMessage DecodeStartupMessage(int32_t version, std::string_view rest) {
  StartupMessage message;
  message.protocol_version = version;
  if (ProtocolMajor(version) != 3) return message;
  size_t pos = 0;
  while (pos < rest.size() && rest[pos] != '\0') {
    size_t name_end = rest.find('\0', pos);
    if (name_end == std::string_view::npos || name_end + 1 >= rest.size()) break;
    size_t value_end = rest.find('\0', name_end + 1);
    if (value_end == std::string_view::npos) break;
    message.parameters.emplace_back(
        std::string(rest.substr(pos, name_end - pos)),
        std::string(rest.substr(name_end + 1, value_end - name_end - 1)));
    pos = value_end + 1;
  }
  if (pos + 1 != rest.size() || rest[pos] != '\0') {
    ThrowFatal("invalid startup packet layout: expected terminator as last byte");
  }
  return message;
}

}  // namespace

StartupPacket DecodeStartupPacket(std::string_view body) {
  MessageCursor cursor(body);
  int32_t code = cursor.Int32();
  switch (code) {
    case kSslRequestCode:
      return SslRequest{};
    case kGssEncRequestCode:
      return GssEncRequest{};
    case kCancelRequestCode: {
      if (body.size() != 12) ThrowFatal("invalid length of startup packet");
      CancelRequest cancel;
      cancel.pid = cursor.Int32();
      cancel.secret = cursor.Int32();
      return cancel;
    }
    default:
      return DecodeStartupMessage(code, body.substr(4));
  }
}

void WriteStartupPacket(std::string& out, const StartupPacket& packet) {
  MessageBuilder builder(out);
  builder.Begin('\0');
  if (std::holds_alternative<SslRequest>(packet)) {
    builder.Int32(kSslRequestCode);
  } else if (std::holds_alternative<GssEncRequest>(packet)) {
    builder.Int32(kGssEncRequestCode);
  } else if (const auto* cancel = std::get_if<CancelRequest>(&packet)) {
    builder.Int32(kCancelRequestCode).Int32(cancel->pid).Int32(cancel->secret);
  } else {
    const auto& startup = std::get<StartupMessage>(packet);
    builder.Int32(startup.protocol_version);
    for (const auto& [name, value] : startup.parameters) builder.String(name).String(value);
    builder.Byte('\0');
  }
  builder.End();
}

void WriteNegotiateProtocolVersion(std::string& out, const NegotiateProtocolVersion& message) {
  MessageBuilder builder(out);
  builder.Begin('v').Int32(message.newest_minor);
  builder.Int32(static_cast<int32_t>(message.unrecognized_options.size()));
  for (const std::string& option : message.unrecognized_options) builder.String(option);
  builder.End();
}

NegotiateProtocolVersion DecodeNegotiateProtocolVersion(std::string_view body) {
  MessageCursor cursor(body);
  NegotiateProtocolVersion message;
  message.newest_minor = cursor.Int32();
  int32_t count = cursor.Int32();
  for (int32_t idx = 0; idx < count; ++idx) {
    message.unrecognized_options.emplace_back(cursor.String(false));
  }
  cursor.ExpectEnd();
  return message;
}

}  // namespace hyrax::server::protocol

// Authentication message codecs (see server/protocol/auth_messages.h).
#include "server/protocol/auth_messages.h"

#include "common/error.h"
#include "server/protocol/wire_format.h"

namespace hyrax::server::protocol {

void WriteAuthentication(std::string& out, const Authentication& message) {
  MessageBuilder builder(out);
  builder.Begin('R').Int32(static_cast<int32_t>(message.request));
  if (message.request == AuthRequest::kSasl) {
    for (const std::string& mechanism : message.mechanisms) builder.String(mechanism);
    builder.Byte('\0');
  } else {
    builder.Bytes(message.data);
  }
  builder.End();
}

Authentication DecodeAuthentication(std::string_view body) {
  MessageCursor cursor(body);
  Authentication message;
  int32_t code = cursor.Int32();
  message.request = static_cast<AuthRequest>(code);
  switch (message.request) {
    case AuthRequest::kOk:
    case AuthRequest::kCleartextPassword:
    case AuthRequest::kGss:
    case AuthRequest::kSspi:
      break;
    case AuthRequest::kMd5Password:
      message.data = std::string(cursor.Bytes(4));
      break;
    case AuthRequest::kSasl:
      for (std::string_view name = cursor.String(false); !name.empty();
           name = cursor.String(false)) {
        message.mechanisms.emplace_back(name);
      }
      break;
    case AuthRequest::kGssContinue:
    case AuthRequest::kSaslContinue:
    case AuthRequest::kSaslFinal:
      message.data = std::string(cursor.Bytes(cursor.remaining()));
      break;
    default:
      throw Error(errcode::kProtocolViolation, "invalid authentication request code");
  }
  cursor.ExpectEnd();
  return message;
}

PasswordMessage DecodePasswordMessage(std::string_view body) {
  if (body.empty() || body.find('\0') != body.size() - 1) {
    throw Error(errcode::kProtocolViolation, "invalid password packet size");
  }
  return {std::string(body.substr(0, body.size() - 1))};
}

SaslInitialResponse DecodeSaslInitialResponse(std::string_view body) {
  MessageCursor cursor(body);
  SaslInitialResponse message;
  message.mechanism = std::string(cursor.String(false));
  int32_t length = cursor.Int32();
  if (length >= 0) {
    message.data = std::string(cursor.Bytes(static_cast<size_t>(length)));
  } else if (length != -1) {
    throw Error(errcode::kProtocolViolation, "insufficient data left in message");
  }
  cursor.ExpectEnd();
  return message;
}

SaslResponse DecodeSaslResponse(std::string_view body) {
  return {std::string(body)};
}

void WritePasswordMessage(std::string& out, const PasswordMessage& message) {
  MessageBuilder(out).Begin('p').String(message.password).End();
}

void WriteSaslInitialResponse(std::string& out, const SaslInitialResponse& message) {
  MessageBuilder builder(out);
  builder.Begin('p').String(message.mechanism);
  if (message.data) {
    builder.Int32(static_cast<int32_t>(message.data->size())).Bytes(*message.data);
  } else {
    builder.Int32(-1);
  }
  builder.End();
}

void WriteSaslResponse(std::string& out, const SaslResponse& message) {
  MessageBuilder(out).Begin('p').Bytes(message.data).End();
}

}  // namespace hyrax::server::protocol

// Session status message codecs (see server/protocol/session_messages.h).
#include "server/protocol/session_messages.h"

#include "common/error.h"
#include "server/protocol/wire_format.h"

namespace hyrax::server::protocol {

void WriteParameterStatus(std::string& out, const ParameterStatus& message) {
  MessageBuilder(out).Begin('S').String(message.name).String(message.value).End();
}

void WriteBackendKeyData(std::string& out, const BackendKeyData& message) {
  MessageBuilder(out).Begin('K').Int32(message.pid).Int32(message.secret).End();
}

void WriteReadyForQuery(std::string& out, TransactionStatus status) {
  MessageBuilder(out).Begin('Z').Byte(static_cast<char>(status)).End();
}

void WriteNotificationResponse(std::string& out, const NotificationResponse& message) {
  MessageBuilder(out)
      .Begin('A')
      .Int32(message.pid)
      .String(message.channel)
      .String(message.payload)
      .End();
}

ParameterStatus DecodeParameterStatus(std::string_view body) {
  MessageCursor cursor(body);
  ParameterStatus message{std::string(cursor.String(false)), std::string(cursor.String(false))};
  cursor.ExpectEnd();
  return message;
}

BackendKeyData DecodeBackendKeyData(std::string_view body) {
  MessageCursor cursor(body);
  BackendKeyData message;
  message.pid = cursor.Int32();
  message.secret = cursor.Int32();
  cursor.ExpectEnd();
  return message;
}

TransactionStatus DecodeReadyForQuery(std::string_view body) {
  MessageCursor cursor(body);
  char status = cursor.Byte();
  cursor.ExpectEnd();
  if (status != 'I' && status != 'T' && status != 'E') {
    throw Error(errcode::kProtocolViolation, "invalid transaction status in ReadyForQuery");
  }
  return static_cast<TransactionStatus>(status);
}

NotificationResponse DecodeNotificationResponse(std::string_view body) {
  MessageCursor cursor(body);
  NotificationResponse message;
  message.pid = cursor.Int32();
  message.channel = std::string(cursor.String(false));
  message.payload = std::string(cursor.String(false));
  cursor.ExpectEnd();
  return message;
}

}  // namespace hyrax::server::protocol

// COPY message codecs (see server/protocol/copy_messages.h).
#include "server/protocol/copy_messages.h"

#include "server/protocol/wire_format.h"

namespace hyrax::server::protocol {

void WriteCopyResponse(std::string& out, const CopyResponse& message) {
  MessageBuilder builder(out);
  builder.Begin(static_cast<char>(message.direction)).Byte(static_cast<char>(message.format));
  builder.Int16(static_cast<int16_t>(message.column_formats.size()));
  for (int16_t format : message.column_formats) builder.Int16(format);
  builder.End();
}

CopyResponse DecodeCopyResponse(char type, std::string_view body) {
  MessageCursor cursor(body);
  CopyResponse message;
  message.direction = static_cast<CopyDirection>(type);
  message.format = static_cast<int8_t>(cursor.Byte());
  auto count = static_cast<uint16_t>(cursor.Int16());
  for (uint16_t idx = 0; idx < count; ++idx) message.column_formats.push_back(cursor.Int16());
  cursor.ExpectEnd();
  return message;
}

void WriteCopyData(std::string& out, std::string_view data) {
  MessageBuilder(out).Begin('d').Bytes(data).End();
}

void WriteCopyDone(std::string& out) {
  MessageBuilder(out).Begin('c').End();
}

void WriteCopyFail(std::string& out, const CopyFail& message) {
  MessageBuilder(out).Begin('f').String(message.message).End();
}

CopyFail DecodeCopyFail(std::string_view body) {
  MessageCursor cursor(body);
  CopyFail message{std::string(cursor.String())};
  cursor.ExpectEnd();
  return message;
}

}  // namespace hyrax::server::protocol

// Fast-path function call codecs (see server/protocol/function_call_messages.h).
#include "server/protocol/function_call_messages.h"

#include "common/error.h"
#include "server/protocol/wire_format.h"

namespace hyrax::server::protocol {

namespace {

void CheckFormat(int16_t format) {
  if (format != 0 && format != 1) {
    throw MakeError(errcode::kInvalidParameterValue, "unsupported format code: {}", format);
  }
}

std::optional<std::string> ReadValue(MessageCursor& cursor) {
  int32_t length = cursor.Int32();
  if (length == -1) return std::nullopt;
  if (length < 0) throw Error(errcode::kProtocolViolation, "insufficient data left in message");
  return std::string(cursor.Bytes(static_cast<size_t>(length)));
}

}  // namespace

FunctionCall DecodeFunctionCall(std::string_view body) {
  MessageCursor cursor(body);
  FunctionCall message;
  message.function_oid = static_cast<uint32_t>(cursor.Int32());
  auto format_count = static_cast<uint16_t>(cursor.Int16());
  if (cursor.remaining() < format_count * size_t{2}) {
    throw Error(errcode::kProtocolViolation, "insufficient data left in message");
  }
  for (uint16_t idx = 0; idx < format_count; ++idx) {
    message.arg_formats.push_back(cursor.Int16());
    CheckFormat(message.arg_formats.back());
  }
  auto arg_count = static_cast<uint16_t>(cursor.Int16());
  if (cursor.remaining() < arg_count * size_t{4}) {
    throw Error(errcode::kProtocolViolation, "insufficient data left in message");
  }
  for (uint16_t idx = 0; idx < arg_count; ++idx) message.args.push_back(ReadValue(cursor));
  message.result_format = cursor.Int16();
  CheckFormat(message.result_format);
  cursor.ExpectEnd();
  return message;
}

void WriteFunctionCall(std::string& out, const FunctionCall& message) {
  MessageBuilder builder(out);
  builder.Begin('F').Int32(static_cast<int32_t>(message.function_oid));
  builder.Int16(static_cast<int16_t>(message.arg_formats.size()));
  for (int16_t format : message.arg_formats) builder.Int16(format);
  builder.Int16(static_cast<int16_t>(message.args.size()));
  for (const std::optional<std::string>& arg : message.args) {
    if (arg) {
      builder.Int32(static_cast<int32_t>(arg->size())).Bytes(*arg);
    } else {
      builder.Int32(-1);
    }
  }
  builder.Int16(message.result_format).End();
}

void WriteFunctionCallResponse(std::string& out, const std::optional<std::string>& result) {
  MessageBuilder builder(out);
  builder.Begin('V');
  if (result) {
    builder.Int32(static_cast<int32_t>(result->size())).Bytes(*result);
  } else {
    builder.Int32(-1);
  }
  builder.End();
}

std::optional<std::string> DecodeFunctionCallResponse(std::string_view body) {
  MessageCursor cursor(body);
  std::optional<std::string> value = ReadValue(cursor);
  cursor.ExpectEnd();
  return value;
}

}  // namespace hyrax::server::protocol

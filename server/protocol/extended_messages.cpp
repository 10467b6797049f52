// Extended-query message codecs (see server/protocol/extended_messages.h). Checks follow
// PostgreSQL's exec_parse_message / exec_bind_message and pqformat.c.
#include "server/protocol/extended_messages.h"

#include <fmt/format.h>

#include "common/error.h"
#include "server/protocol/wire_format.h"

namespace hyrax::server::protocol {

namespace {

[[noreturn]] void ThrowProtocol(std::string message) {
  throw Error(errcode::kProtocolViolation, std::move(message));
}

// A 16-bit count as PostgreSQL reads it (unsigned), checked against the bytes left.
size_t ReadCount(MessageCursor& cursor, size_t bytes_per_item) {
  auto count = static_cast<uint16_t>(cursor.Int16());
  if (cursor.remaining() < count * bytes_per_item) {
    ThrowProtocol("insufficient data left in message");
  }
  return count;
}

std::vector<int16_t> ReadFormats(MessageCursor& cursor) {
  size_t count = ReadCount(cursor, 2);
  std::vector<int16_t> formats;
  formats.reserve(count);
  for (size_t idx = 0; idx < count; ++idx) {
    int16_t format = cursor.Int16();
    if (format != 0 && format != 1) {
      throw MakeError(errcode::kInvalidParameterValue, "unsupported format code: {}", format);
    }
    formats.push_back(format);
  }
  return formats;
}

ObjectKind ReadKind(MessageCursor& cursor, const char* what) {
  char kind = cursor.Byte();
  if (kind != 'S' && kind != 'P') {
    ThrowProtocol(fmt::format("invalid {} message subtype {}", what, static_cast<int>(kind)));
  }
  return static_cast<ObjectKind>(kind);
}

void WriteFormats(MessageBuilder& builder, const std::vector<int16_t>& formats) {
  builder.Int16(static_cast<int16_t>(formats.size()));
  for (int16_t format : formats) builder.Int16(format);
}

}  // namespace

Parse DecodeParse(std::string_view body) {
  MessageCursor cursor(body);
  Parse message;
  message.statement = std::string(cursor.String());
  message.query = std::string(cursor.String());
  size_t count = ReadCount(cursor, 4);
  message.param_types.reserve(count);
  for (size_t idx = 0; idx < count; ++idx) {
    message.param_types.push_back(static_cast<uint32_t>(cursor.Int32()));
  }
  cursor.ExpectEnd();
  return message;
}

Bind DecodeBind(std::string_view body) {
  MessageCursor cursor(body);
  Bind message;
  message.portal = std::string(cursor.String());
  message.statement = std::string(cursor.String());
  message.param_formats = ReadFormats(cursor);
  size_t count = ReadCount(cursor, 4);
  if (message.param_formats.size() > 1 && message.param_formats.size() != count) {
    ThrowProtocol(fmt::format("bind message has {} parameter formats but {} parameters",
                              message.param_formats.size(), count));
  }
  message.params.reserve(count);
  for (size_t idx = 0; idx < count; ++idx) {
    int32_t length = cursor.Int32();
    if (length == -1) {
      message.params.emplace_back(std::nullopt);
    } else if (length < 0) {
      ThrowProtocol("insufficient data left in message");
    } else {
      message.params.emplace_back(std::string(cursor.Bytes(static_cast<size_t>(length))));
    }
  }
  message.result_formats = ReadFormats(cursor);
  cursor.ExpectEnd();
  return message;
}

Describe DecodeDescribe(std::string_view body) {
  MessageCursor cursor(body);
  Describe message;
  message.kind = ReadKind(cursor, "DESCRIBE");
  message.name = std::string(cursor.String());
  cursor.ExpectEnd();
  return message;
}

Execute DecodeExecute(std::string_view body) {
  MessageCursor cursor(body);
  Execute message;
  message.portal = std::string(cursor.String());
  message.max_rows = cursor.Int32();
  cursor.ExpectEnd();
  return message;
}

Close DecodeClose(std::string_view body) {
  MessageCursor cursor(body);
  Close message;
  message.kind = ReadKind(cursor, "CLOSE");
  message.name = std::string(cursor.String());
  cursor.ExpectEnd();
  return message;
}

void DecodeEmpty(std::string_view body) {
  MessageCursor(body).ExpectEnd();
}

void WriteParse(std::string& out, const Parse& message) {
  MessageBuilder builder(out);
  builder.Begin('P').String(message.statement).String(message.query);
  builder.Int16(static_cast<int16_t>(message.param_types.size()));
  for (uint32_t oid : message.param_types) builder.Int32(static_cast<int32_t>(oid));
  builder.End();
}

void WriteBind(std::string& out, const Bind& message) {
  MessageBuilder builder(out);
  builder.Begin('B').String(message.portal).String(message.statement);
  WriteFormats(builder, message.param_formats);
  builder.Int16(static_cast<int16_t>(message.params.size()));
  for (const std::optional<std::string>& param : message.params) {
    if (param) {
      builder.Int32(static_cast<int32_t>(param->size())).Bytes(*param);
    } else {
      builder.Int32(-1);
    }
  }
  WriteFormats(builder, message.result_formats);
  builder.End();
}

void WriteDescribe(std::string& out, const Describe& message) {
  MessageBuilder(out).Begin('D').Byte(static_cast<char>(message.kind)).String(message.name).End();
}

void WriteExecute(std::string& out, const Execute& message) {
  MessageBuilder(out).Begin('E').String(message.portal).Int32(message.max_rows).End();
}

void WriteClose(std::string& out, const Close& message) {
  MessageBuilder(out).Begin('C').Byte(static_cast<char>(message.kind)).String(message.name).End();
}

void WriteEmpty(std::string& out, char type) {
  MessageBuilder(out).Begin(type).End();
}

void WriteParameterDescription(std::string& out, std::span<const uint32_t> type_oids) {
  MessageBuilder builder(out);
  builder.Begin('t').Int16(static_cast<int16_t>(type_oids.size()));
  for (uint32_t oid : type_oids) builder.Int32(static_cast<int32_t>(oid));
  builder.End();
}

std::vector<uint32_t> DecodeParameterDescription(std::string_view body) {
  MessageCursor cursor(body);
  size_t count = ReadCount(cursor, 4);
  std::vector<uint32_t> oids;
  for (size_t idx = 0; idx < count; ++idx) oids.push_back(static_cast<uint32_t>(cursor.Int32()));
  cursor.ExpectEnd();
  return oids;
}

}  // namespace hyrax::server::protocol

// Simple-query and result message codecs (see server/protocol/query_messages.h).
#include "server/protocol/query_messages.h"

#include "common/error.h"
#include "server/protocol/wire_format.h"

namespace hyrax::server::protocol {

Query DecodeQuery(std::string_view body) {
  MessageCursor cursor(body);
  Query query{std::string(cursor.String())};
  cursor.ExpectEnd();
  return query;
}

void WriteQuery(std::string& out, std::string_view text) {
  MessageBuilder(out).Begin('Q').String(text).End();
}

void WriteRowDescription(std::string& out, std::span<const FieldDescription> fields) {
  MessageBuilder builder(out);
  builder.Begin('T').Int16(static_cast<int16_t>(fields.size()));
  for (const FieldDescription& field : fields) {
    builder.String(field.name)
        .Int32(static_cast<int32_t>(field.table_oid))
        .Int16(field.column_attnum)
        .Int32(static_cast<int32_t>(field.type_oid))
        .Int16(field.type_size)
        .Int32(field.type_modifier)
        .Int16(field.format);
  }
  builder.End();
}

std::vector<FieldDescription> DecodeRowDescription(std::string_view body) {
  MessageCursor cursor(body);
  auto count = static_cast<uint16_t>(cursor.Int16());
  std::vector<FieldDescription> fields;
  for (uint16_t idx = 0; idx < count; ++idx) {
    FieldDescription field;
    field.name = std::string(cursor.String(false));
    field.table_oid = static_cast<uint32_t>(cursor.Int32());
    field.column_attnum = cursor.Int16();
    field.type_oid = static_cast<uint32_t>(cursor.Int32());
    field.type_size = cursor.Int16();
    field.type_modifier = cursor.Int32();
    field.format = cursor.Int16();
    fields.push_back(std::move(field));
  }
  cursor.ExpectEnd();
  return fields;
}

void WriteDataRow(std::string& out, std::span<const FieldValue> values) {
  MessageBuilder builder(out);
  builder.Begin('D').Int16(static_cast<int16_t>(values.size()));
  for (const FieldValue& value : values) {
    if (!value) {
      builder.Int32(-1);
    } else {
      builder.Int32(static_cast<int32_t>(value->size())).Bytes(*value);
    }
  }
  builder.End();
}

std::vector<FieldValue> DecodeDataRow(std::string_view body) {
  MessageCursor cursor(body);
  auto count = static_cast<uint16_t>(cursor.Int16());
  std::vector<FieldValue> values;
  for (uint16_t idx = 0; idx < count; ++idx) {
    int32_t length = cursor.Int32();
    if (length == -1) {
      values.emplace_back(std::nullopt);
    } else if (length < 0) {
      throw Error(errcode::kProtocolViolation, "insufficient data left in message");
    } else {
      values.emplace_back(cursor.Bytes(static_cast<size_t>(length)));
    }
  }
  cursor.ExpectEnd();
  return values;
}

void WriteCommandComplete(std::string& out, std::string_view tag) {
  MessageBuilder(out).Begin('C').String(tag).End();
}

std::string DecodeCommandComplete(std::string_view body) {
  MessageCursor cursor(body);
  std::string tag(cursor.String(false));
  cursor.ExpectEnd();
  return tag;
}

void WriteEmptyQueryResponse(std::string& out) {
  MessageBuilder(out).Begin('I').End();
}

}  // namespace hyrax::server::protocol

// ErrorResponse / NoticeResponse codecs (see server/protocol/error_messages.h).
#include "server/protocol/error_messages.h"

#include "server/protocol/wire_format.h"

namespace hyrax::server::protocol {

void WriteErrorResponse(std::string& out, const Error& error, bool as_notice,
                        const SourceLocation* location) {
  MessageBuilder builder(out);
  builder.Begin(as_notice ? 'N' : 'E');
  auto field = [&](char type, std::string_view value) {
    if (!value.empty()) builder.Byte(type).String(value);
  };
  const char* severity = SeverityName(error.severity());
  field('S', severity);
  field('V', severity);
  field('C', error.code().view());
  // M is mandatory even when empty.
  builder.Byte('M').String(error.message());
  field('D', error.detail());
  field('H', error.hint());
  if (error.position() > 0) field('P', std::to_string(error.position()));
  if (error.internal_position() > 0) field('p', std::to_string(error.internal_position()));
  field('q', error.internal_query());
  field('W', error.context());
  field('s', error.schema());
  field('t', error.table());
  field('c', error.column());
  field('d', error.datatype());
  field('n', error.constraint());
  if (location) {
    field('F', location->file);
    if (location->line > 0) field('L', std::to_string(location->line));
    field('R', location->routine);
  }
  builder.Byte('\0');
  builder.End();
}

std::map<char, std::string> DecodeErrorFields(std::string_view body) {
  MessageCursor cursor(body);
  std::map<char, std::string> fields;
  for (char type = cursor.Byte(); type != '\0'; type = cursor.Byte()) {
    fields[type] = std::string(cursor.String(false));
  }
  cursor.ExpectEnd();
  return fields;
}

}  // namespace hyrax::server::protocol

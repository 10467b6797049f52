// Extended-query messages: Parse, Bind, Describe, Execute, Close, Sync and Flush from the
// client; ParseComplete, BindComplete, CloseComplete, ParameterDescription, NoData and
// PortalSuspended from the server. Decoders validate counts against the bytes present
// before allocating, and raise PostgreSQL's errors (08P01, 22023, 22021).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hyrax::server::protocol {

struct Parse {
  std::string statement;  // "" = unnamed
  std::string query;
  std::vector<uint32_t> param_types;  // 0 = infer
};

struct Bind {
  std::string portal;
  std::string statement;
  std::vector<int16_t> param_formats;  // 0, 1 or one per parameter
  std::vector<std::optional<std::string>> params;
  std::vector<int16_t> result_formats;  // 0, 1 or one per result column
};

enum class ObjectKind : char { kStatement = 'S', kPortal = 'P' };

struct Describe {
  ObjectKind kind = ObjectKind::kStatement;
  std::string name;
};
struct Execute {
  std::string portal;
  int32_t max_rows = 0;  // <= 0: all rows
};
struct Close {
  ObjectKind kind = ObjectKind::kStatement;
  std::string name;
};

// Throw Error: 08P01 for malformed bodies ("insufficient data left in message", "invalid
// message format", "invalid DESCRIBE message subtype %d", "invalid CLOSE message subtype
// %d", "bind message has %d parameter formats but %d parameters"), 22023 "unsupported
// format code: %d", 22021 for names or query text that are not valid UTF-8.
Parse DecodeParse(std::string_view body);
Bind DecodeBind(std::string_view body);
Describe DecodeDescribe(std::string_view body);
Execute DecodeExecute(std::string_view body);
Close DecodeClose(std::string_view body);
// Sync, Flush, Terminate and CopyDone have empty bodies.
void DecodeEmpty(std::string_view body);

void WriteParse(std::string& out, const Parse& message);
void WriteBind(std::string& out, const Bind& message);
void WriteDescribe(std::string& out, const Describe& message);
void WriteExecute(std::string& out, const Execute& message);
void WriteClose(std::string& out, const Close& message);
// An empty-bodied message of `type` (Sync 'S', Flush 'H', Terminate 'X', ParseComplete
// '1', BindComplete '2', CloseComplete '3', NoData 'n', PortalSuspended 's', CopyDone
// 'c', EmptyQueryResponse 'I').
void WriteEmpty(std::string& out, char type);

void WriteParameterDescription(std::string& out, std::span<const uint32_t> type_oids);
std::vector<uint32_t> DecodeParameterDescription(std::string_view body);

}  // namespace hyrax::server::protocol

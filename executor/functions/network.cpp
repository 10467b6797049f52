// The inet type's I/O functions (inet_in, inet_out, inet_recv, inet_send) with PostgreSQL
// 15's binary format and messages; the value format is executor/types/inet_address.h.
// Only I/O: operators and functions on inet (and the cidr and macaddr types) are not
// implemented yet (0A000 through the function manager).
#include <fmt/format.h>

#include "common/error.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/datum_traits.h"
#include "executor/types/binary_io.h"
#include "executor/types/inet_address.h"

namespace hyrax::executor {

namespace {

Datum InetIn(FunctionCallInfo* f) {
  std::string_view text = f->ArgCString(0);
  std::optional<std::string> payload = ParseInet(text);
  if (!payload) {
    throw Error(errcode::kInvalidTextRepresentation,
                fmt::format("invalid input syntax for type inet: \"{}\"", text));
  }
  return TextDatum(*payload);
}

Datum InetOut(FunctionCallInfo* f) {
  return CStringDatum(FormatInet(f->ArgText(0)));
}

// PostgreSQL's network_recv: family, bits, is_cidr (ignored for inet), length, address.
Datum InetRecv(FunctionCallInfo* f) {
  RecvBuffer* buf = RecvArg(f, 0);
  const uint8_t family = buf->GetUInt8();
  const size_t size = InetAddressSize(family);
  if (size == 0) {
    throw Error(errcode::kInvalidBinaryRepresentation,
                "invalid address family in external \"inet\" value");
  }
  const uint8_t bits = buf->GetUInt8();
  if (bits > size * 8) {
    throw Error(errcode::kInvalidBinaryRepresentation, "invalid bits in external \"inet\" value");
  }
  buf->GetUInt8();  // is_cidr
  if (buf->GetUInt8() != size) {
    throw Error(errcode::kInvalidBinaryRepresentation, "invalid length in external \"inet\" value");
  }
  std::string payload;
  payload.push_back(static_cast<char>(family));
  payload.push_back(static_cast<char>(bits));
  payload.append(buf->GetBytes(size));
  return TextDatum(payload);
}

Datum InetSend(FunctionCallInfo* f) {
  std::string_view payload = f->ArgText(0);
  SendBuffer out;
  out.PutUInt8(static_cast<uint8_t>(payload[0]));
  out.PutUInt8(static_cast<uint8_t>(payload[1]));
  out.PutUInt8(0);  // is_cidr: false for inet
  out.PutUInt8(static_cast<uint8_t>(payload.size() - 2));
  out.PutBytes(payload.substr(2));
  return out.Finish();
}

const BuiltinFunction kNetworkBuiltins[] = {
    {"inet_in", InetIn, 1},
    {"inet_out", InetOut, 1},
    {"inet_recv", InetRecv, 1},
    {"inet_send", InetSend, 1},
};

}  // namespace

std::span<const BuiltinFunction> NetworkBuiltins() {
  return kNetworkBuiltins;
}

}  // namespace hyrax::executor

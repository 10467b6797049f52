// Every frontend message of the v3 protocol after startup, decoded into one typed variant.
// The backend loop switches on it; nothing above server/protocol looks at raw bytes.
#pragma once

#include <string>
#include <string_view>
#include <variant>

#include "server/protocol/copy_messages.h"
#include "server/protocol/extended_messages.h"
#include "server/protocol/function_call_messages.h"
#include "server/protocol/query_messages.h"

namespace hyrax::server::protocol {

struct Sync {};
struct Flush {};
struct Terminate {};
struct CopyData {
  std::string data;
};
struct CopyDone {};
// A 'p' message: password or SASL data, interpreted by the authentication exchange.
struct AuthResponse {
  std::string body;
};

using FrontendMessage =
    std::variant<Query, Parse, Bind, Describe, Execute, Close, Sync, Flush, Terminate, CopyData,
                 CopyDone, CopyFail, FunctionCall, AuthResponse>;

// True for the message types PostgreSQL accepts after startup (Q P B D E C S H X d c f F p).
bool IsFrontendMessageType(char type);

// Decodes a message of a type for which IsFrontendMessageType() holds. Throws the errors
// of the per-family decoders (08P01, 22023, 22021) and 08P01 "invalid frontend message
// type %d" for any other type.
FrontendMessage DecodeFrontendMessage(char type, std::string body);

}  // namespace hyrax::server::protocol

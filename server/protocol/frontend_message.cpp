// Dispatch from message type to decoder (see server/protocol/frontend_message.h).
#include "server/protocol/frontend_message.h"

#include <fmt/format.h>

#include "common/error.h"

namespace hyrax::server::protocol {

bool IsFrontendMessageType(char type) {
  switch (type) {
    case 'Q':
    case 'P':
    case 'B':
    case 'D':
    case 'E':
    case 'C':
    case 'S':
    case 'H':
    case 'X':
    case 'd':
    case 'c':
    case 'f':
    case 'F':
    case 'p':
      return true;
    default:
      return false;
  }
}

FrontendMessage DecodeFrontendMessage(char type, std::string body) {
  switch (type) {
    case 'Q':
      return DecodeQuery(body);
    case 'P':
      return DecodeParse(body);
    case 'B':
      return DecodeBind(body);
    case 'D':
      return DecodeDescribe(body);
    case 'E':
      return DecodeExecute(body);
    case 'C':
      return DecodeClose(body);
    case 'S':
      DecodeEmpty(body);
      return Sync{};
    case 'H':
      DecodeEmpty(body);
      return Flush{};
    case 'X':
      DecodeEmpty(body);
      return Terminate{};
    case 'd':
      return CopyData{std::move(body)};
    case 'c':
      DecodeEmpty(body);
      return CopyDone{};
    case 'f':
      return DecodeCopyFail(body);
    case 'F':
      return DecodeFunctionCall(body);
    case 'p':
      return AuthResponse{std::move(body)};
    default:
      throw Error(errcode::kProtocolViolation,
                  fmt::format("invalid frontend message type {}", static_cast<int>(type)),
                  Severity::kFatal);
  }
}

}  // namespace hyrax::server::protocol

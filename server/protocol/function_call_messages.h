// The fast-path function call: FunctionCall ('F') from the client and
// FunctionCallResponse ('V') from the server.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hyrax::server::protocol {

struct FunctionCall {
  uint32_t function_oid = 0;
  std::vector<int16_t> arg_formats;
  std::vector<std::optional<std::string>> args;
  int16_t result_format = 0;
};

// Throws Error 08P01 on a malformed body, 22023 "unsupported format code: %d".
FunctionCall DecodeFunctionCall(std::string_view body);
void WriteFunctionCall(std::string& out, const FunctionCall& message);
void WriteFunctionCallResponse(std::string& out, const std::optional<std::string>& result);
std::optional<std::string> DecodeFunctionCallResponse(std::string_view body);

}  // namespace hyrax::server::protocol

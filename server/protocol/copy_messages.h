// COPY sub-protocol messages: CopyInResponse ('G'), CopyOutResponse ('H') and
// CopyBothResponse ('W') from the server; CopyData ('d') and CopyDone ('c') in both
// directions; CopyFail ('f') from the client.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hyrax::server::protocol {

enum class CopyDirection : char { kIn = 'G', kOut = 'H', kBoth = 'W' };

struct CopyResponse {
  CopyDirection direction = CopyDirection::kIn;
  int8_t format = 0;                    // 0 text, 1 binary (overall)
  std::vector<int16_t> column_formats;  // one per column
};
struct CopyFail {
  std::string message;
};

void WriteCopyResponse(std::string& out, const CopyResponse& message);
// `type` is the message type that carried `body` ('G', 'H' or 'W').
CopyResponse DecodeCopyResponse(char type, std::string_view body);
void WriteCopyData(std::string& out, std::string_view data);
void WriteCopyDone(std::string& out);
void WriteCopyFail(std::string& out, const CopyFail& message);
// Throws Error 08P01 on a malformed body.
CopyFail DecodeCopyFail(std::string_view body);

}  // namespace hyrax::server::protocol

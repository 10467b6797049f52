// Startup-phase packets (no type byte): StartupMessage with its parameters, SSLRequest,
// GSSENCRequest and CancelRequest, told apart by the 32-bit code after the length; and the
// server's NegotiateProtocolVersion reply for a newer 3.x minor version.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace hyrax::server::protocol {

inline constexpr int32_t kProtocolVersion3 = 3 << 16;               // 196608
inline constexpr int32_t kCancelRequestCode = (1234 << 16) | 5678;  // 80877102
inline constexpr int32_t kSslRequestCode = (1234 << 16) | 5679;     // 80877103
inline constexpr int32_t kGssEncRequestCode = (1234 << 16) | 5680;  // 80877104

inline int ProtocolMajor(int32_t version) {
  return static_cast<uint32_t>(version) >> 16;
}
inline int ProtocolMinor(int32_t version) {
  return version & 0xFFFF;
}

struct StartupMessage {
  int32_t protocol_version = kProtocolVersion3;
  // In packet order; only parsed for major version 3.
  std::vector<std::pair<std::string, std::string>> parameters;
};
struct SslRequest {};
struct GssEncRequest {};
struct CancelRequest {
  int32_t pid = 0;
  int32_t secret = 0;
};

using StartupPacket = std::variant<StartupMessage, SslRequest, GssEncRequest, CancelRequest>;

// Decodes the body of a startup packet (after the length word). Throws Error FATAL 08P01
// "invalid startup packet layout: expected terminator as last byte" for a malformed
// parameter list, and "invalid length of startup packet" for a CancelRequest of the wrong
// size.
StartupPacket DecodeStartupPacket(std::string_view body);
// Frontend side (tests, tools): appends the packet with its length word.
void WriteStartupPacket(std::string& out, const StartupPacket& packet);

struct NegotiateProtocolVersion {
  int32_t newest_minor = 0;
  std::vector<std::string> unrecognized_options;  // "_pq_." parameters
};
void WriteNegotiateProtocolVersion(std::string& out, const NegotiateProtocolVersion& message);
NegotiateProtocolVersion DecodeNegotiateProtocolVersion(std::string_view body);

}  // namespace hyrax::server::protocol

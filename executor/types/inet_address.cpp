// inet text parsing and printing (see inet_address.h), on the C library's inet_pton /
// inet_ntop.
#include "executor/types/inet_address.h"

#include <cstring>

#include <arpa/inet.h>

namespace hyrax::executor {

size_t InetAddressSize(unsigned char family) {
  if (family == kInetFamilyV4) return 4;
  if (family == kInetFamilyV6) return 16;
  return 0;
}

std::optional<std::string> ParseInet(std::string_view text) {
  std::string address(text.substr(0, text.find('/')));
  unsigned char bytes[16];
  unsigned char family;
  if (inet_pton(AF_INET, address.c_str(), bytes) == 1) {
    family = kInetFamilyV4;
  } else if (inet_pton(AF_INET6, address.c_str(), bytes) == 1) {
    family = kInetFamilyV6;
  } else {
    return std::nullopt;
  }
  const int max_bits = static_cast<int>(InetAddressSize(family)) * 8;
  int bits = max_bits;
  if (size_t slash = text.find('/'); slash != std::string_view::npos) {
    std::string_view digits = text.substr(slash + 1);
    if (digits.empty() || digits.size() > 3) return std::nullopt;
    bits = 0;
    for (char c : digits) {
      if (c < '0' || c > '9') return std::nullopt;
      bits = bits * 10 + (c - '0');
    }
    if (bits > max_bits) return std::nullopt;
  }
  std::string payload;
  payload.push_back(static_cast<char>(family));
  payload.push_back(static_cast<char>(bits));
  payload.append(reinterpret_cast<const char*>(bytes), InetAddressSize(family));
  return payload;
}

std::string FormatInet(std::string_view payload) {
  const auto family = static_cast<unsigned char>(payload[0]);
  const int bits = static_cast<unsigned char>(payload[1]);
  const size_t size = InetAddressSize(family);
  unsigned char bytes[16] = {};
  std::memcpy(bytes, payload.data() + 2, size);
  char text[INET6_ADDRSTRLEN];
  inet_ntop(family == kInetFamilyV4 ? AF_INET : AF_INET6, bytes, text, sizeof(text));
  std::string out(text);
  if (bits != static_cast<int>(size) * 8) out += "/" + std::to_string(bits);
  return out;
}

}  // namespace hyrax::executor

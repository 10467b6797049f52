// MD5 message digest (RFC 1321), for md5(text) / md5(bytea) and MD5 password hashing.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace hyrax::executor {

std::array<uint8_t, 16> Md5Digest(std::string_view data);
// The digest as 32 lower-case hex digits.
std::string Md5Hex(std::string_view data);

}  // namespace hyrax::executor

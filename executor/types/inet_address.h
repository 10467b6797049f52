// The inet type's value format (PostgreSQL's inet_struct inside a varlena): one byte of
// family (2 = IPv4, 3 = IPv6, PostgreSQL's PGSQL_AF_INET / PGSQL_AF_INET6), one byte of
// netmask bits, then the 4 or 16 address bytes. Parsing and printing of the text form;
// the built-in I/O functions are executor/functions/network.cpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hyrax::executor {

inline constexpr unsigned char kInetFamilyV4 = 2;
inline constexpr unsigned char kInetFamilyV6 = 3;

// The payload (family, bits, address bytes) of "address[/bits]", IPv4 dotted quad or IPv6;
// nullopt when the text is not one. Abbreviated IPv4 forms ("10/8") are not accepted.
std::optional<std::string> ParseInet(std::string_view text);

// The text form of an inet payload: the address, with "/bits" unless all bits are set.
// Requires: `payload` is well formed (family, bits in range, address length).
std::string FormatInet(std::string_view payload);

// Address length in bytes for `family`, or 0 when it is neither IPv4 nor IPv6.
size_t InetAddressSize(unsigned char family);

}  // namespace hyrax::executor

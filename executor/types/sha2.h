// SHA-2 message digests (FIPS 180-4): SHA-224, SHA-256, SHA-384 and SHA-512, for the
// sha224()/sha256()/sha384()/sha512() SQL functions. Own implementation (OpenSSL is not
// linked into the executor).
#pragma once

#include <string>
#include <string_view>

namespace hyrax::executor {

// Each returns the raw digest bytes (28, 32, 48 or 64 bytes).
std::string Sha224(std::string_view data);
std::string Sha256(std::string_view data);
std::string Sha384(std::string_view data);
std::string Sha512(std::string_view data);

}  // namespace hyrax::executor

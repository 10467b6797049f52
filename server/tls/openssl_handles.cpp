// OpenSSL error texts (see server/tls/openssl_handles.h); the fallbacks follow PostgreSQL's
// SSLerrmessage.
#include "server/tls/openssl_handles.h"

#include <cstring>

#include <fmt/format.h>
#include <openssl/err.h>

namespace hyrax::server::tls {

std::string OpenSslErrorText(unsigned long code) {
  if (code == 0) return "no SSL error reported";
  // OpenSSL 3 leaves errno-based reasons without a string: map them ourselves first.
  if (ERR_SYSTEM_ERROR(code)) return std::strerror(ERR_GET_REASON(code));
  if (const char* reason = ERR_reason_error_string(code)) return reason;
  return fmt::format("SSL error code {}", code);
}

std::string TakeOpenSslError() {
  std::string text = OpenSslErrorText(ERR_get_error());
  ERR_clear_error();
  return text;
}

}  // namespace hyrax::server::tls

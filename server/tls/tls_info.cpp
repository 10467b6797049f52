// The per-process record of the connection's TLS facts (see server/tls/tls_info.h).
#include "server/tls/tls_info.h"

namespace hyrax::server::tls {

namespace {
std::optional<TlsConnectionInfo> g_current;  // one client per backend process
}  // namespace

const std::optional<TlsConnectionInfo>& CurrentTlsConnection() {
  return g_current;
}

void SetCurrentTlsConnection(std::optional<TlsConnectionInfo> info) {
  g_current = std::move(info);
}

}  // namespace hyrax::server::tls

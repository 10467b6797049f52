// The SASL exchange loop (see server/auth/sasl_authenticator.h).
#include "server/auth/sasl_authenticator.h"

#include <memory>

#include "server/auth/scram_exchange.h"
#include "server/protocol/auth_messages.h"

namespace hyrax::server::auth {

AuthResult RunScramAuthentication(AuthExchange& exchange, const AuthTarget& target,
                                  std::optional<ScramSecret> secret, std::string log_detail) {
  protocol::Authentication offer;
  offer.request = protocol::AuthRequest::kSasl;
  offer.mechanisms = ScramMechanisms(!target.channel_binding.empty());
  exchange.Send(offer);

  std::unique_ptr<ScramExchange> scram;
  for (;;) {
    std::optional<std::string> body = exchange.Receive(ResponseKind::kSasl);
    if (!body) return {AuthStatus::kClientGone, {}};
    std::optional<std::string> input;
    if (!scram) {
      // The first response names the mechanism and may carry the client-first-message.
      protocol::SaslInitialResponse initial = protocol::DecodeSaslInitialResponse(*body);
      scram = std::make_unique<ScramExchange>(ScramExchange::Options{
          initial.mechanism, target.user, secret, target.channel_binding, {}});
      input = std::move(initial.data);
    } else {
      input = protocol::DecodeSaslResponse(*body).data;
    }
    std::string output;
    ScramExchange::Result step =
        scram->Exchange(input ? std::optional<std::string_view>(*input) : std::nullopt, &output);
    if (step == ScramExchange::Result::kFailure) return {AuthStatus::kFailed, log_detail};
    protocol::Authentication reply;
    reply.data = std::move(output);
    if (step == ScramExchange::Result::kSuccess) {
      reply.request = protocol::AuthRequest::kSaslFinal;
      exchange.Send(reply);
      return {AuthStatus::kOk, {}};
    }
    reply.request = protocol::AuthRequest::kSaslContinue;
    exchange.Send(reply);
  }
}

}  // namespace hyrax::server::auth

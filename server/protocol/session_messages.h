// Session status messages from the server: ParameterStatus ('S'), BackendKeyData ('K'),
// ReadyForQuery ('Z' with the transaction status I/T/E) and NotificationResponse ('A').
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace hyrax::server::protocol {

struct ParameterStatus {
  std::string name;
  std::string value;
};
struct BackendKeyData {
  int32_t pid = 0;
  int32_t secret = 0;
};
// The ReadyForQuery status byte.
enum class TransactionStatus : char { kIdle = 'I', kInBlock = 'T', kFailed = 'E' };
struct NotificationResponse {
  int32_t pid = 0;
  std::string channel;
  std::string payload;
};

void WriteParameterStatus(std::string& out, const ParameterStatus& message);
void WriteBackendKeyData(std::string& out, const BackendKeyData& message);
void WriteReadyForQuery(std::string& out, TransactionStatus status);
void WriteNotificationResponse(std::string& out, const NotificationResponse& message);

// Decoders (client side, tests). Throw Error 08P01 on a malformed body, including an
// unknown transaction status byte.
ParameterStatus DecodeParameterStatus(std::string_view body);
BackendKeyData DecodeBackendKeyData(std::string_view body);
TransactionStatus DecodeReadyForQuery(std::string_view body);
NotificationResponse DecodeNotificationResponse(std::string_view body);

}  // namespace hyrax::server::protocol

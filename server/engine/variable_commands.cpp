// SET / RESET / SHOW (PostgreSQL's ExecSetVariableStmt and ShowGUCConfigOption): ordinary
// settings go through the GUC registry (common/guc) with source "session"; the
// transaction_* pseudo-settings and SET TRANSACTION act on the current transaction.
#include <fmt/format.h>

#include "common/error.h"
#include "common/guc/guc.h"
#include "common/guc/guc_value.h"
#include "nodes/utility_stmts.h"
#include "server/engine/statement_runner.h"
#include "storage/txn/xact.h"

namespace hyrax::server::engine {

namespace {

storage::IsolationLevel ToStorage(nodes::IsolationLevel level) {
  return static_cast<storage::IsolationLevel>(static_cast<uint8_t>(level));
}

const char* IsolationName(storage::IsolationLevel level) {
  switch (level) {
    case storage::IsolationLevel::kReadUncommitted:
      return "read uncommitted";
    case storage::IsolationLevel::kReadCommitted:
      return "read committed";
    case storage::IsolationLevel::kRepeatableRead:
      return "repeatable read";
    case storage::IsolationLevel::kSerializable:
      return "serializable";
  }
  return "read committed";
}

std::optional<storage::IsolationLevel> ParseIsolation(std::string_view text) {
  if (text == "read uncommitted") return storage::IsolationLevel::kReadUncommitted;
  if (text == "read committed") return storage::IsolationLevel::kReadCommitted;
  if (text == "repeatable read") return storage::IsolationLevel::kRepeatableRead;
  if (text == "serializable") return storage::IsolationLevel::kSerializable;
  return std::nullopt;
}

void ApplyTransactionOptions(const nodes::TransactionOptions& options) {
  if (options.isolation) storage::SetTransactionIsolation(ToStorage(*options.isolation));
  if (options.read_only) storage::SetTransactionReadOnly(*options.read_only);
  if (options.deferrable) storage::SetTransactionDeferrable(*options.deferrable);
}

// SET transaction_isolation / transaction_read_only = value: the current transaction.
bool SetTransactionPseudoSetting(const nodes::VariableSetStmt& s) {
  if (s.name == "transaction_isolation") {
    if (s.kind != nodes::VariableSetKind::kValue) return true;  // RESET: nothing to undo
    auto level = ParseIsolation(s.value);
    if (!level) {
      throw MakeError(errcode::kInvalidParameterValue,
                      "invalid value for parameter \"transaction_isolation\": \"{}\"", s.value)
          .Hint(
              "Available values: serializable, repeatable read, read committed, read "
              "uncommitted.");
    }
    storage::SetTransactionIsolation(*level);
    return true;
  }
  if (s.name == "transaction_read_only") {
    if (s.kind != nodes::VariableSetKind::kValue) return true;
    bool value = false;
    if (!guc::ParseBool(s.value, &value)) {
      throw MakeError(errcode::kInvalidParameterValue,
                      "parameter \"transaction_read_only\" requires a Boolean value");
    }
    storage::SetTransactionReadOnly(value);
    return true;
  }
  if (s.name == "transaction_deferrable") {
    if (s.kind != nodes::VariableSetKind::kValue) return true;
    bool value = false;
    if (!guc::ParseBool(s.value, &value)) {
      throw MakeError(errcode::kInvalidParameterValue,
                      "parameter \"transaction_deferrable\" requires a Boolean value");
    }
    storage::SetTransactionDeferrable(value);
    return true;
  }
  return false;
}

}  // namespace

std::string RunVariableSet(const nodes::UtilityStmt& stmt, const SessionContext& session) {
  const auto& s = static_cast<const nodes::VariableSetStmt&>(stmt);
  guc::SetOptions options;
  options.context = session.is_superuser ? guc::GucContext::kSuperuser : guc::GucContext::kUser;
  options.source = guc::GucSource::kSession;
  options.action = s.is_local ? guc::SetAction::kLocal : guc::SetAction::kSet;
  if (s.is_local && !storage::IsTransactionBlock()) {
    storage::WarnNoTransactionBlock("SET LOCAL");
  }
  switch (s.kind) {
    case nodes::VariableSetKind::kMulti:
      if (s.name == "transaction") {
        if (!storage::IsTransactionBlock()) storage::WarnNoTransactionBlock("SET TRANSACTION");
        ApplyTransactionOptions(s.txn_options);
      } else {
        // SET SESSION CHARACTERISTICS AS TRANSACTION ...: the defaults of later transactions.
        if (s.txn_options.isolation) {
          guc::SetConfigOption("default_transaction_isolation",
                               IsolationName(ToStorage(*s.txn_options.isolation)), options);
        }
        if (s.txn_options.read_only) {
          guc::SetConfigOption("default_transaction_read_only",
                               *s.txn_options.read_only ? "on" : "off", options);
        }
        if (s.txn_options.deferrable) {
          guc::SetConfigOption("default_transaction_deferrable",
                               *s.txn_options.deferrable ? "on" : "off", options);
        }
      }
      return "SET";
    case nodes::VariableSetKind::kResetAll:
      guc::ResetAllOptions();
      return "RESET";
    case nodes::VariableSetKind::kCurrent:
      throw Error(errcode::kFeatureNotSupported, "SET ... FROM CURRENT is not supported yet");
    case nodes::VariableSetKind::kValue:
      if (SetTransactionPseudoSetting(s)) return "SET";
      guc::SetConfigOption(s.name, s.value, options);
      return "SET";
    case nodes::VariableSetKind::kDefault:
    case nodes::VariableSetKind::kReset:
      if (SetTransactionPseudoSetting(s)) {
        return s.kind == nodes::VariableSetKind::kReset ? "RESET" : "SET";
      }
      guc::SetConfigOption(s.name, std::nullopt, options);
      return s.kind == nodes::VariableSetKind::kReset ? "RESET" : "SET";
  }
  return "SET";
}

std::string ShowColumnName(const std::string& name) {
  if (auto canonical = guc::CanonicalName(name)) return *canonical;
  return name;
}

std::vector<std::vector<std::string>> ShowRows(const std::string& name,
                                               const SessionContext& session) {
  if (name == "all") {
    std::vector<std::vector<std::string>> rows;
    for (const auto& row : guc::GetSettingRows(session.is_superuser)) {
      rows.push_back({row.name, row.shown, row.short_desc});
    }
    return rows;
  }
  if (name == "transaction_isolation") {
    return {{IsolationName(storage::IsTransactionState() ? storage::CurrentIsolationLevel()
                                                         : storage::g_default_isolation_level)}};
  }
  if (name == "transaction_read_only") {
    bool ro = storage::IsTransactionState() ? storage::TransactionReadOnly()
                                            : storage::g_default_transaction_read_only;
    return {{ro ? "on" : "off"}};
  }
  if (name == "transaction_deferrable") {
    bool deferrable = storage::IsTransactionState() ? storage::TransactionDeferrable()
                                                    : storage::g_default_transaction_deferrable;
    return {{deferrable ? "on" : "off"}};
  }
  return {{guc::ShowOption(name, session.is_superuser)}};
}

}  // namespace hyrax::server::engine

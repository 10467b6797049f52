// Internal to common/guc: the record kept for each setting (current, reset and boot
// values, sources, the per-transaction stack) and the helpers the registry's .cpp files
// share. Nothing outside common/guc includes this header.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common/guc/guc.h"

namespace hyrax::guc::internal {

// Enums are stored as their int value.
using Value = std::variant<bool, int, double, std::string>;

// PostgreSQL's GucStackState: what happened to a setting at one nest level.
enum class StackState : uint8_t { kSave, kSet, kLocal, kSetLocal };

// A value with the source and context that set it.
struct SourcedValue {
  Value value;
  GucSource source = GucSource::kDefault;
  GucContext scontext = GucContext::kInternal;
};

struct StackEntry {
  int nest_level = 0;
  StackState state = StackState::kSave;
  SourcedValue prior;   // value to restore when the level is undone
  SourcedValue masked;  // for kSetLocal: the SET value to restore at commit
};

struct OwnedEnumEntry {
  std::string name;
  int value;
  bool hidden;
};

struct Variable {
  std::string name;  // canonical spelling
  GucType type = GucType::kString;
  GucContext context = GucContext::kUser;
  GucGroup group = GucGroup::kUngrouped;
  std::string short_desc;
  uint32_t flags = 0;
  GucUnit unit = GucUnit::kNone;
  bool placeholder = false;

  // Where the current value lives: the owning layer's global or `owned`.
  std::variant<bool*, int*, double*, std::string*> target;
  Value owned;

  Value boot;
  SourcedValue current_meta;  // source/scontext of the current value (value unused)
  SourcedValue reset;         // RESET returns to this
  double min = 0, max = 0;
  std::vector<OwnedEnumEntry> options;

  std::function<bool(Value&, CheckFailure&)> check;
  std::function<void(const Value&)> assign;
  ShowHook show;

  std::vector<StackEntry> stack;  // innermost nest level last
  std::optional<std::string> last_reported;
  std::string source_file;
  int source_line = 0;
  bool pending_restart = false;

  Value Get() const;
  // Stores `value` in the target and calls the assign hook.
  void Put(const Value& value);
};

// The registry, keyed by lower-case name (iteration order = pg_settings order).
std::map<std::string, std::unique_ptr<Variable>>& Registry();
Variable* Find(std::string_view name);
std::string Lower(std::string_view name);

// Display form of a value of `var` (with units when `use_units`), ignoring the show hook.
std::string FormatValue(const Variable& var, const Value& value, bool use_units);
// The current value's display: the show hook if any, else FormatValue.
std::string Show(const Variable& var, bool use_units);

// Records the pre-change value at the current nest level (PostgreSQL's push_old_value).
void PushOldValue(Variable& var, StackState action);

// Throws Error(code, message) with the detail and hint when non-empty.
[[noreturn]] void ThrowSetError(SqlState code, std::string message, std::string detail = {},
                                std::string hint = {});

// PostgreSQL's parse_and_validate_value: parses `text` for `var` (reported under the
// spelling `name`), checks the range and runs the check hook. Throws Error 22023 (or the
// check hook's code) with PostgreSQL's messages.
Value ParseAndCheck(const Variable& var, std::string_view name, std::string_view text);

// Current transaction nest level (0 = none).
int& NestLevel();

// Set when a kReport setting was stored since the last TakeReportChanges().
bool& ReportDirty();

}  // namespace hyrax::guc::internal

// Array text and binary I/O: array_in / array_out (PostgreSQL's literal syntax: braces,
// quoting, backslash escapes, NULL, optional "[lb:ub]=" dimension prefix, with its error
// details) and array_recv / array_send (the binary format). Elements go through their type's
// I/O functions (type_io.h). See README.md "Arrays".
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <strings.h>
#include <vector>

#include "common/error.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/datum_traits.h"
#include "executor/functions/type_io.h"
#include "executor/types/array_type.h"
#include "executor/types/format_type.h"

namespace hyrax::executor {

namespace {

bool IsArraySpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

[[noreturn]] void ThrowMalformed(std::string_view literal, const std::string& detail) {
  throw MakeError(errcode::kInvalidTextRepresentation, "malformed array literal: \"{}\"", literal)
      .Detail(detail);
}

[[noreturn]] void ThrowTooManyDims(int ndim) {
  throw MakeError(errcode::kProgramLimitExceeded,
                  "number of array dimensions ({}) exceeds the maximum allowed ({})", ndim,
                  kMaxArrayDims);
}

// The brace-structure parser: validates with PostgreSQL's ArrayCount state machine (so the
// error details match) while collecting the element strings and the dimensions.
class ArrayLiteralParser {
 public:
  ArrayLiteralParser(std::string_view whole, char delim) : whole_(whole), delim_(delim) {}

  // Parses text starting at `p` (which is at '{'). Returns ndim (0 for an empty array).
  int Parse(const char* p, int* dims) {
    while (!done_) p = Step(p);
    for (; *p != '\0'; ++p) {
      if (!IsArraySpace(*p)) ThrowMalformed(whole_, "Junk after closing right brace.");
    }
    if (items_.empty()) return 0;
    for (int d = 0; d < ndim_; ++d) dims[d] = dims_[d];
    return ndim_;
  }

  std::vector<std::string> items_;
  std::vector<bool> item_null_;

 private:
  enum class State {
    kNoLevel,
    kLevelStarted,
    kElemStarted,
    kElemCompleted,
    kQuotedElemStarted,
    kQuotedElemCompleted,
    kElemDelimited,
    kLevelCompleted,
    kLevelDelimited
  };

  [[noreturn]] void Unexpected(char c) {
    ThrowMalformed(whole_, std::string("Unexpected \"") + c + "\" character.");
  }

  bool In(std::initializer_list<State> states) const {
    for (State s : states) {
      if (state_ == s) return true;
    }
    return false;
  }

  void StartElement() {
    if (!in_item_) {
      in_item_ = true;
      current_.clear();
      quoted_ = false;
      trimmed_len_ = 0;
      ++counts_[level_ - 1];
    }
  }

  void FinishElement() {
    if (!in_item_) return;
    current_.resize(trimmed_len_);
    bool is_null = !quoted_ && strcasecmp(current_.c_str(), "NULL") == 0;
    if (level_ != deepest_seen_ && deepest_seen_ != 0) {
      ThrowMalformed(whole_,
                     "Multidimensional arrays must have sub-arrays with matching dimensions.");
    }
    deepest_seen_ = level_;
    items_.push_back(is_null ? std::string() : current_);
    item_null_.push_back(is_null);
    in_item_ = false;
  }

  void CloseLevel() {
    int count = counts_[level_ - 1];
    if (seen_[level_ - 1] && dims_[level_ - 1] != count) {
      ThrowMalformed(whole_,
                     "Multidimensional arrays must have sub-arrays with matching dimensions.");
    }
    seen_[level_ - 1] = true;
    dims_[level_ - 1] = count;
    --level_;
  }

  const char* Step(const char* p) {
    char c = *p;
    if (c == '\0') ThrowMalformed(whole_, "Unexpected end of input.");
    if (c == '\\') {
      if (!In({State::kLevelStarted, State::kElemStarted, State::kQuotedElemStarted,
               State::kElemDelimited})) {
        Unexpected('\\');
      }
      if (state_ != State::kQuotedElemStarted) state_ = State::kElemStarted;
      if (p[1] == '\0') ThrowMalformed(whole_, "Unexpected end of input.");
      StartElement();
      quoted_ = true;
      current_ += p[1];
      trimmed_len_ = current_.size();
      return p + 2;
    }
    if (c == '"') {
      if (!In({State::kLevelStarted, State::kQuotedElemStarted, State::kElemDelimited})) {
        ThrowMalformed(whole_, "Unexpected array element.");
      }
      in_quotes_ = !in_quotes_;
      state_ = in_quotes_ ? State::kQuotedElemStarted : State::kQuotedElemCompleted;
      StartElement();
      quoted_ = true;
      trimmed_len_ = current_.size();
      return p + 1;
    }
    if (in_quotes_) {
      current_ += c;
      trimmed_len_ = current_.size();
      return p + 1;
    }
    if (c == '{') {
      if (!In({State::kNoLevel, State::kLevelStarted, State::kLevelDelimited})) Unexpected('{');
      state_ = State::kLevelStarted;
      if (level_ >= kMaxArrayDims) ThrowTooManyDims(level_ + 1);
      if (level_ > 0) ++counts_[level_ - 1];
      counts_[level_] = 0;
      ++level_;
      if (level_ > ndim_) ndim_ = level_;
      return p + 1;
    }
    if (c == '}') {
      if (!In({State::kElemStarted, State::kElemCompleted, State::kQuotedElemCompleted,
               State::kLevelCompleted}) &&
          !(level_ == 1 && state_ == State::kLevelStarted)) {
        Unexpected('}');
      }
      FinishElement();
      state_ = State::kLevelCompleted;
      CloseLevel();
      if (level_ == 0) done_ = true;
      return p + 1;
    }
    if (c == delim_) {
      if (!In({State::kElemStarted, State::kElemCompleted, State::kQuotedElemCompleted,
               State::kLevelCompleted})) {
        Unexpected(c);
      }
      FinishElement();
      state_ = state_ == State::kLevelCompleted ? State::kLevelDelimited : State::kElemDelimited;
      return p + 1;
    }
    if (IsArraySpace(c)) {
      if (in_item_) current_ += c;  // kept unless trailing (trimmed_len_ excludes it)
      return p + 1;
    }
    if (!In({State::kLevelStarted, State::kElemStarted, State::kElemDelimited})) {
      ThrowMalformed(whole_, "Unexpected array element.");
    }
    state_ = State::kElemStarted;
    StartElement();
    current_ += c;
    trimmed_len_ = current_.size();
    return p + 1;
  }

  std::string_view whole_;
  char delim_;
  State state_ = State::kNoLevel;
  bool in_quotes_ = false;
  bool done_ = false;
  int level_ = 0;
  int ndim_ = 0;
  int deepest_seen_ = 0;
  int counts_[kMaxArrayDims] = {};
  int dims_[kMaxArrayDims] = {};
  bool seen_[kMaxArrayDims] = {};
  bool in_item_ = false;
  bool quoted_ = false;
  std::string current_;
  size_t trimmed_len_ = 0;
};

// Reads an optional "[lb:ub][..]=" prefix. Returns the position after it (or `p`).
const char* ParseDimensionPrefix(std::string_view whole, const char* p, int* ndim, int* dims,
                                 int* lbounds) {
  *ndim = 0;
  while (true) {
    while (IsArraySpace(*p)) ++p;
    if (*p != '[') break;
    ++p;
    if (*ndim >= kMaxArrayDims) ThrowTooManyDims(*ndim + 1);
    auto scan_number = [](const char* s) {
      while ((*s >= '0' && *s <= '9') || *s == '-' || *s == '+') ++s;
      return s;
    };
    const char* q = scan_number(p);
    if (q == p) {
      ThrowMalformed(whole, "\"[\" must introduce explicitly-specified array dimensions.");
    }
    int lower = 1;
    if (*q == ':') {
      lower = std::atoi(std::string(p, q).c_str());
      p = q + 1;
      q = scan_number(p);
      if (q == p) ThrowMalformed(whole, "Missing array dimension value.");
    }
    if (*q != ']') ThrowMalformed(whole, "Missing \"]\" after array dimensions.");
    int upper = std::atoi(std::string(p, q).c_str());
    p = q + 1;
    if (upper < lower) {
      throw Error(errcode::kArraySubscriptError, "upper bound cannot be less than lower bound");
    }
    lbounds[*ndim] = lower;
    dims[*ndim] = upper - lower + 1;
    ++*ndim;
  }
  if (*ndim == 0) return p;
  if (*p != '=') ThrowMalformed(whole, "Missing \"=\" after array dimensions.");
  ++p;
  while (IsArraySpace(*p)) ++p;
  if (*p != '{') ThrowMalformed(whole, "Array contents must start with \"{\".");
  return p;
}

Datum ArrayIn(FunctionCallInfo* f) {
  const char* text = f->ArgCString(0);
  Oid elem_type = f->ArgOid(1);
  int32_t typmod = f->ArgInt32(2);
  TypeIoInfo& io = LookupTypeIo(elem_type);
  int ndim = 0;
  int dims[kMaxArrayDims];
  int lbounds[kMaxArrayDims];
  const char* p = ParseDimensionPrefix(text, text, &ndim, dims, lbounds);
  ArrayLiteralParser parser(text, io.storage.typdelim);
  if (ndim == 0) {
    if (*p != '{')
      ThrowMalformed(text, "Array value must start with \"{\" or dimension information.");
    ndim = parser.Parse(p, dims);
    for (int d = 0; d < ndim; ++d) lbounds[d] = 1;
  } else {
    int brace_dims[kMaxArrayDims];
    int brace_ndim = parser.Parse(p, brace_dims);
    bool match = brace_ndim == ndim;
    for (int d = 0; match && d < ndim; ++d) match = brace_dims[d] == dims[d];
    if (!match) ThrowMalformed(text, "Specified array dimensions do not match array contents.");
  }
  if (ndim == 0) return ConstructEmptyArray(elem_type);
  size_t n = parser.items_.size();
  std::vector<Datum> values(n);
  std::unique_ptr<bool[]> nulls(new bool[n]);
  for (size_t i = 0; i < n; ++i) {
    nulls[i] = parser.item_null_[i];
    values[i] = InputFunctionCall(&io.input, nulls[i] ? nullptr : parser.items_[i].c_str(),
                                  io.typioparam, typmod);
  }
  return ConstructArray(values.data(), nulls.get(), ndim, dims, lbounds, io.storage);
}

// Quotes an element when PostgreSQL's array_out would.
void AppendElement(std::string* out, const char* value, char delim) {
  bool need_quote = *value == '\0' || strcasecmp(value, "NULL") == 0;
  for (const char* c = value; *c != '\0' && !need_quote; ++c) {
    need_quote =
        *c == '"' || *c == '\\' || *c == '{' || *c == '}' || *c == delim || IsArraySpace(*c);
  }
  if (!need_quote) {
    *out += value;
    return;
  }
  *out += '"';
  for (const char* c = value; *c != '\0'; ++c) {
    if (*c == '"' || *c == '\\') *out += '\\';
    *out += *c;
  }
  *out += '"';
}

Datum ArrayOut(FunctionCallInfo* f) {
  ArrayView view(f->Arg(0));
  TypeIoInfo& io = LookupTypeIo(view.elemtype());
  int ndim = view.ndim();
  if (ndim == 0 || view.ItemCount() == 0) return CStringDatum("{}");
  std::string out;
  bool needs_dims = false;
  for (int d = 0; d < ndim; ++d) needs_dims = needs_dims || view.lbound(d) != 1;
  if (needs_dims) {
    for (int d = 0; d < ndim; ++d) {
      out += "[" + std::to_string(view.lbound(d)) + ":" +
             std::to_string(view.lbound(d) + view.dim(d) - 1) + "]";
    }
    out += "=";
  }
  std::vector<Datum> values;
  std::vector<bool> nulls;
  view.Deconstruct(io.storage, &values, &nulls);
  char delim = io.storage.typdelim;
  // Walk the items in row-major order, opening and closing braces at dimension boundaries.
  int index[kMaxArrayDims] = {};
  for (int d = 0; d < ndim; ++d) out += '{';
  for (size_t i = 0; i < values.size(); ++i) {
    if (nulls[i]) {
      out += "NULL";
    } else {
      AppendElement(&out, OutputFunctionCall(&io.output, values[i]), delim);
    }
    int d = ndim - 1;
    while (d >= 0 && ++index[d] == view.dim(d)) {
      index[d] = 0;
      out += '}';
      --d;
    }
    if (d >= 0) {
      out += delim;
      for (int k = d + 1; k < ndim; ++k) out += '{';
    }
  }
  return CStringDatum(out);
}

Datum ArrayRecv(FunctionCallInfo* f) {
  RecvBuffer* buf = RecvArg(f, 0);
  Oid spec_type = f->ArgOid(1);
  int32_t typmod = f->ArgInt32(2);
  int ndim = buf->GetInt32();
  if (ndim < 0)
    throw Error(errcode::kInvalidBinaryRepresentation,
                "invalid number of dimensions: " + std::to_string(ndim));
  if (ndim > kMaxArrayDims) ThrowTooManyDims(ndim);
  int32_t flags = buf->GetInt32();
  if (flags != 0 && flags != 1)
    throw Error(errcode::kInvalidBinaryRepresentation, "invalid array flags");
  Oid elem_type = static_cast<Oid>(buf->GetInt32());
  if (elem_type != spec_type) {
    throw MakeError(errcode::kDatatypeMismatch,
                    "binary data has array element type {} ({}) instead of expected {} ({})",
                    elem_type, FormatTypeName(elem_type), spec_type, FormatTypeName(spec_type));
  }
  int dims[kMaxArrayDims];
  int lbounds[kMaxArrayDims];
  for (int d = 0; d < ndim; ++d) {
    dims[d] = buf->GetInt32();
    lbounds[d] = buf->GetInt32();
  }
  int n = ArrayItemCount(ndim, dims);
  if (n == 0) return ConstructEmptyArray(elem_type);
  TypeIoInfo& io = LookupTypeIo(elem_type);
  if (io.receive.fn_addr == nullptr) {
    throw MakeError(errcode::kUndefinedFunction, "no binary input function available for type {}",
                    FormatTypeName(elem_type));
  }
  std::vector<Datum> values(n);
  std::unique_ptr<bool[]> nulls(new bool[n]);
  for (int i = 0; i < n; ++i) {
    int32_t len = buf->GetInt32();
    if (len < -1)
      throw Error(errcode::kInvalidBinaryRepresentation, "insufficient data left in message");
    nulls[i] = len == -1;
    if (nulls[i]) continue;
    RecvBuffer elem(buf->GetBytes(len));
    values[i] = ReceiveFunctionCall(&io.receive, &elem, io.typioparam, typmod);
    if (elem.cursor != elem.len) {
      throw MakeError(errcode::kInvalidBinaryRepresentation,
                      "improper binary format in array element {}", i + 1);
    }
  }
  return ConstructArray(values.data(), nulls.get(), ndim, dims, lbounds, io.storage);
}

Datum ArraySend(FunctionCallInfo* f) {
  ArrayView view(f->Arg(0));
  TypeIoInfo& io = LookupTypeIo(view.elemtype());
  if (io.send.fn_addr == nullptr) {
    throw MakeError(errcode::kUndefinedFunction, "no binary output function available for type {}",
                    FormatTypeName(view.elemtype()));
  }
  SendBuffer buf;
  buf.PutInt32(view.ndim());
  buf.PutInt32(view.HasNulls() ? 1 : 0);
  buf.PutInt32(static_cast<int32_t>(view.elemtype()));
  for (int d = 0; d < view.ndim(); ++d) {
    buf.PutInt32(view.dim(d));
    buf.PutInt32(view.lbound(d));
  }
  std::vector<Datum> values;
  std::vector<bool> nulls;
  view.Deconstruct(io.storage, &values, &nulls);
  for (size_t i = 0; i < values.size(); ++i) {
    if (nulls[i]) {
      buf.PutInt32(-1);
      continue;
    }
    std::string_view bytes = DatumGetTextView(SendFunctionCall(&io.send, values[i]));
    buf.PutInt32(static_cast<int32_t>(bytes.size()));
    buf.PutBytes(bytes);
  }
  return buf.Finish();
}

const BuiltinFunction kArrayIoBuiltins[] = {
    {"array_in", ArrayIn, 3},
    {"array_out", ArrayOut, 1},
    {"array_recv", ArrayRecv, 3},
    {"array_send", ArraySend, 1},
};

}  // namespace

std::span<const BuiltinFunction> ArrayIoBuiltins() {
  return kArrayIoBuiltins;
}

}  // namespace hyrax::executor

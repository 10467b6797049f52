// Text and binary I/O of composite values: record_in / record_out with PostgreSQL's literal
// syntax ("(1,\"a b\",)": fields separated by commas, empty for NULL, double quotes around
// values with special characters, doubled quotes and backslashes inside) and record_send's
// binary format. Columns go through their own types' I/O (type_io.h); dropped columns are
// skipped. See executor/types/README.md "Composite values".
#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "executor/functions/datum_traits.h"
#include "executor/functions/type_families.h"
#include "executor/functions/type_io.h"
#include "executor/types/format_type.h"
#include "executor/types/record_type.h"

namespace hyrax::executor {

namespace {

bool IsRecordSpace(char c) {
  return std::isspace(static_cast<unsigned char>(c)) != 0;
}

// Whether an output field must be quoted (PostgreSQL's record_out rule).
bool NeedsQuotes(std::string_view value) {
  if (value.empty()) return true;
  for (char c : value) {
    if (c == '"' || c == '\\' || c == '(' || c == ')' || c == ',' || IsRecordSpace(c)) return true;
  }
  return false;
}

[[noreturn]] void ThrowMalformed(std::string_view literal, const char* detail) {
  throw MakeError(errcode::kInvalidTextRepresentation, "malformed record literal: \"{}\"", literal)
      .Detail(detail);
}

// Reads one field starting at `p`; returns nullopt for an empty (NULL) field. `p` is left on
// the ',' or ')' that ends it.
std::optional<std::string> ReadField(std::string_view literal, const char*& p) {
  if (*p == ',' || *p == ')') return std::nullopt;
  std::string value;
  bool in_quotes = false;
  while (in_quotes || (*p != ',' && *p != ')')) {
    char c = *p++;
    if (c == '\0') ThrowMalformed(literal, "Unexpected end of input.");
    if (c == '\\') {
      if (*p == '\0') ThrowMalformed(literal, "Unexpected end of input.");
      value += *p++;
    } else if (c == '"') {
      if (!in_quotes) {
        in_quotes = true;
      } else if (*p == '"') {
        value += *p++;  // a doubled quote inside quotes
      } else {
        in_quotes = false;
      }
    } else {
      value += c;
    }
  }
  return value;
}

// The row type record_in / record_recv read (their type OID and typmod arguments);
// anonymous `record` cannot be read (0A000, as PostgreSQL).
storage::TupleDescPtr InputRowDesc(FunctionCallInfo* f) {
  Oid type_oid = f->ArgOid(1);
  if (type_oid == kRecordTypeOid) {
    throw Error(errcode::kFeatureNotSupported,
                "input of anonymous composite types is not implemented");
  }
  return LookupRowTypeDesc(type_oid, f->ArgInt32(2));
}

Datum RecordIn(FunctionCallInfo* f) {
  const char* literal = f->ArgCString(0);
  storage::TupleDescPtr desc = InputRowDesc(f);
  Oid type_oid = f->ArgOid(1);
  int32_t typmod = f->ArgInt32(2);
  const char* p = literal;
  while (IsRecordSpace(*p)) ++p;
  if (*p++ != '(') ThrowMalformed(literal, "Missing left parenthesis.");
  int natts = desc->natts();
  std::vector<Datum> values(natts);
  auto isnull = std::make_unique<bool[]>(natts > 0 ? natts : 1);
  bool need_comma = false;
  for (int i = 0; i < natts; ++i) {
    const auto& att = desc->attr(i);
    if (att.dropped) {
      isnull[i] = true;
      continue;
    }
    if (need_comma) {
      if (*p == ')') ThrowMalformed(literal, "Too few columns.");
      if (*p++ != ',') ThrowMalformed(literal, "Too few columns.");  // not reached
    }
    need_comma = true;
    std::optional<std::string> field = ReadField(literal, p);
    values[i] = InputByType(att.type_oid, field ? field->c_str() : nullptr, att.typmod);
    isnull[i] = !field.has_value();
  }
  if (*p++ != ')') ThrowMalformed(literal, "Too many columns.");
  while (IsRecordSpace(*p)) ++p;
  if (*p != '\0') ThrowMalformed(literal, "Junk after right parenthesis.");
  return MakeCompositeDatum(*desc, values.data(), isnull.get(), type_oid, typmod);
}

Datum RecordOut(FunctionCallInfo* f) {
  CompositeFields row = DeformComposite(f->Arg(0));
  std::string out = "(";
  bool first = true;
  for (int i = 0; i < row.desc->natts(); ++i) {
    const auto& att = row.desc->attr(i);
    if (att.dropped) continue;
    if (!first) out += ',';
    first = false;
    if (row.isnull[i]) continue;
    std::string value = OutputByType(att.type_oid, row.values[i]);
    if (!NeedsQuotes(value)) {
      out += value;
      continue;
    }
    out += '"';
    for (char c : value) {
      if (c == '"' || c == '\\') out += c;
      out += c;
    }
    out += '"';
  }
  out += ')';
  return CStringDatum(out);
}

Datum RecordSend(FunctionCallInfo* f) {
  CompositeFields row = DeformComposite(f->Arg(0));
  SendBuffer buf;
  int32_t live = 0;
  for (const auto& att : row.desc->attrs()) live += att.dropped ? 0 : 1;
  buf.PutInt32(live);
  for (int i = 0; i < row.desc->natts(); ++i) {
    const auto& att = row.desc->attr(i);
    if (att.dropped) continue;
    buf.PutInt32(static_cast<int32_t>(att.type_oid));
    if (row.isnull[i]) {
      buf.PutInt32(-1);
      continue;
    }
    std::string bytes = SendByType(att.type_oid, row.values[i]);
    buf.PutInt32(static_cast<int32_t>(bytes.size()));
    buf.PutBytes(bytes);
  }
  return buf.Finish();
}

Datum RecordRecv(FunctionCallInfo* f) {
  RecvBuffer* buf = RecvArg(f, 0);
  storage::TupleDescPtr desc = InputRowDesc(f);
  Oid type_oid = f->ArgOid(1);
  int32_t typmod = f->ArgInt32(2);
  int natts = desc->natts();
  int32_t live = 0;
  for (const auto& att : desc->attrs()) live += att.dropped ? 0 : 1;
  int32_t given = buf->GetInt32();
  if (given != live) {
    throw MakeError(errcode::kDatatypeMismatch, "wrong number of columns: {}, expected {}", given,
                    live);
  }
  std::vector<Datum> values(natts);
  auto isnull = std::make_unique<bool[]>(natts > 0 ? natts : 1);
  for (int i = 0; i < natts; ++i) {
    const auto& att = desc->attr(i);
    isnull[i] = true;
    if (att.dropped) continue;
    Oid column_type = static_cast<Oid>(buf->GetInt32());
    if (column_type != att.type_oid) {
      throw MakeError(errcode::kDatatypeMismatch,
                      "binary data has type {} ({}) instead of expected {} in record column {}",
                      column_type, FormatTypeName(column_type), FormatTypeName(att.type_oid),
                      i + 1);
    }
    int32_t len = buf->GetInt32();
    if (len < 0) continue;
    values[i] = ReceiveByType(
        att.type_oid,
        std::string_view(buf->data + buf->cursor, std::min<size_t>(len, buf->Remaining())),
        att.typmod);
    buf->cursor += std::min<size_t>(len, buf->Remaining());
    isnull[i] = false;
  }
  return MakeCompositeDatum(*desc, values.data(), isnull.get(), type_oid, typmod);
}

const BuiltinFunction kRecordIoBuiltins[] = {
    {"record_recv", RecordRecv, 3},
    {"record_in", RecordIn, 3},
    {"record_out", RecordOut, 1},
    {"record_send", RecordSend, 1},
};

}  // namespace

std::span<const BuiltinFunction> RecordIoBuiltins() {
  return kRecordIoBuiltins;
}

}  // namespace hyrax::executor

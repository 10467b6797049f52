// uuid: 16 bytes by reference. Input accepts PostgreSQL's forms (optional braces, hex digits
// with an optional hyphen after any group of four), output is the canonical 8-4-4-4-12 form;
// comparisons are byte order, hashing hashes the 16 bytes, gen_random_uuid() makes a v4 UUID
// from the kernel's random source. See README.md "UUID".
#include <cctype>
#include <cerrno>
#include <cstring>
#include <string>

#include <sys/random.h>

#include "common/error.h"
#include "executor/functions/builtin_families.h"
#include "executor/functions/datum_traits.h"
#include "executor/types/hash_bytes.h"

namespace hyrax::executor {

namespace {

constexpr int kUuidLen = 16;

const unsigned char* UuidArg(FunctionCallInfo* f, int i) {
  return f->ArgPointer<unsigned char>(i);
}

Datum MakeUuid(const unsigned char* bytes) {
  void* p = Palloc(kUuidLen);
  std::memcpy(p, bytes, kUuidLen);
  return PointerGetDatum(p);
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

Datum UuidIn(FunctionCallInfo* f) {
  const char* text = f->ArgCString(0);
  const char* src = text;
  auto syntax_error = [text] {
    return MakeError(errcode::kInvalidTextRepresentation,
                     "invalid input syntax for type uuid: \"{}\"", text);
  };
  bool braces = false;
  if (*src == '{') {
    ++src;
    braces = true;
  }
  unsigned char bytes[kUuidLen];
  for (int i = 0; i < kUuidLen; ++i) {
    if (src[0] == '\0' || src[1] == '\0' || !std::isxdigit(static_cast<unsigned char>(src[0])) ||
        !std::isxdigit(static_cast<unsigned char>(src[1]))) {
      throw syntax_error();
    }
    bytes[i] = static_cast<unsigned char>(HexDigit(src[0]) * 16 + HexDigit(src[1]));
    src += 2;
    if (src[0] == '-' && i % 2 == 1 && i < kUuidLen - 1) ++src;
  }
  if (braces) {
    if (*src != '}') throw syntax_error();
    ++src;
  }
  if (*src != '\0') throw syntax_error();
  return MakeUuid(bytes);
}

Datum UuidOut(FunctionCallInfo* f) {
  static constexpr char kHex[] = "0123456789abcdef";
  const unsigned char* u = UuidArg(f, 0);
  std::string out;
  for (int i = 0; i < kUuidLen; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[u[i] >> 4];
    out += kHex[u[i] & 0xF];
  }
  return CStringDatum(out);
}

Datum UuidRecv(FunctionCallInfo* f) {
  std::string_view bytes = RecvArg(f, 0)->GetBytes(kUuidLen);
  return MakeUuid(reinterpret_cast<const unsigned char*>(bytes.data()));
}

Datum UuidSend(FunctionCallInfo* f) {
  SendBuffer buf;
  buf.PutBytes(std::string_view(reinterpret_cast<const char*>(UuidArg(f, 0)), kUuidLen));
  return buf.Finish();
}

int Compare(FunctionCallInfo* f) {
  int c = std::memcmp(UuidArg(f, 0), UuidArg(f, 1), kUuidLen);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}
Datum UuidEq(FunctionCallInfo* f) {
  return BoolGetDatum(Compare(f) == 0);
}
Datum UuidNe(FunctionCallInfo* f) {
  return BoolGetDatum(Compare(f) != 0);
}
Datum UuidLt(FunctionCallInfo* f) {
  return BoolGetDatum(Compare(f) < 0);
}
Datum UuidLe(FunctionCallInfo* f) {
  return BoolGetDatum(Compare(f) <= 0);
}
Datum UuidGt(FunctionCallInfo* f) {
  return BoolGetDatum(Compare(f) > 0);
}
Datum UuidGe(FunctionCallInfo* f) {
  return BoolGetDatum(Compare(f) >= 0);
}
Datum UuidCmp(FunctionCallInfo* f) {
  return Int32GetDatum(Compare(f));
}
Datum UuidHash(FunctionCallInfo* f) {
  return UInt32GetDatum(HashBytes(UuidArg(f, 0), kUuidLen));
}
Datum UuidHashExtended(FunctionCallInfo* f) {
  return Int64GetDatum(
      static_cast<int64_t>(HashBytesExtended(UuidArg(f, 0), kUuidLen, f->ArgInt64(1))));
}

Datum GenRandomUuid(FunctionCallInfo* f) {
  unsigned char bytes[kUuidLen];
  size_t filled = 0;
  while (filled < kUuidLen) {
    ssize_t n = getrandom(bytes + filled, kUuidLen - filled, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw Error(errcode::kInternalError, "could not generate random values");
    }
    filled += static_cast<size_t>(n);
  }
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0F) | 0x40);  // version 4
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3F) | 0x80);  // RFC 4122 variant
  return MakeUuid(bytes);
}

const BuiltinFunction kUuidBuiltins[] = {
    {"uuid_in", UuidIn, 1},
    {"uuid_out", UuidOut, 1},
    {"uuid_recv", UuidRecv, 1},
    {"uuid_send", UuidSend, 1},
    {"uuid_eq", UuidEq, 2},
    {"uuid_ne", UuidNe, 2},
    {"uuid_lt", UuidLt, 2},
    {"uuid_le", UuidLe, 2},
    {"uuid_gt", UuidGt, 2},
    {"uuid_ge", UuidGe, 2},
    {"uuid_cmp", UuidCmp, 2},
    {"uuid_hash", UuidHash, 1},
    {"uuid_hash_extended", UuidHashExtended, 2},
    {"gen_random_uuid", GenRandomUuid, 0},
};

}  // namespace

std::span<const BuiltinFunction> UuidBuiltins() {
  return kUuidBuiltins;
}

}  // namespace hyrax::executor

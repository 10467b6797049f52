// Type I/O calls and the per-type cache (see type_io.h).
#include "executor/functions/type_io.h"

#include <memory>
#include <unordered_map>

#include "common/error.h"
#include "executor/functions/fmgr_catalog.h"
#include "executor/types/format_type.h"
#include "storage/catalog/syscache.h"

namespace hyrax::executor {

namespace {

using TypeIoCache = std::unordered_map<Oid, std::unique_ptr<TypeIoInfo>>;

TypeIoCache& Cache() {
  static TypeIoCache cache;
  return cache;
}

std::unique_ptr<TypeIoInfo> BuildTypeIo(Oid type_oid) {
  std::optional<catalog::PgType> type = catalog::Syscache().TypeByOid(type_oid);
  if (!type) throw MakeError(errcode::kInternalError, "cache lookup failed for type {}", type_oid);
  // A domain converts like its base type (constraints are checked by the coercion).
  catalog::PgType base = *type;
  for (int depth = 0; base.typtype == 'd' && base.typbasetype != kInvalidOid && depth < 32;
       ++depth) {
    std::optional<catalog::PgType> next = catalog::Syscache().TypeByOid(base.typbasetype);
    if (!next) break;
    base = *next;
  }
  auto info = std::make_unique<TypeIoInfo>();
  info->type_oid = type_oid;
  info->storage = ElementType{type_oid, base.typlen, base.typbyval, base.typalign, base.typdelim};
  info->typtype = type->typtype;
  info->typcategory = type->typcategory;
  info->typelem = base.typelem;
  info->typarray = type->typarray;
  // PostgreSQL's getTypeIOParam: arrays (and name, oidvector ...) get their element type.
  info->typioparam = base.typelem != kInvalidOid ? base.typelem : base.oid;
  MemoryContext* top = TopMemoryContext();
  FmgrInfoForOid(base.typinput, &info->input, top);
  FmgrInfoForOid(base.typoutput, &info->output, top);
  if (base.typreceive != kInvalidOid) FmgrInfoForOid(base.typreceive, &info->receive, top);
  if (base.typsend != kInvalidOid) FmgrInfoForOid(base.typsend, &info->send, top);
  return info;
}

}  // namespace

TypeIoInfo& LookupTypeIo(Oid type_oid) {
  TypeIoCache& cache = Cache();
  auto it = cache.find(type_oid);
  if (it != cache.end()) return *it->second;
  std::unique_ptr<TypeIoInfo> info = BuildTypeIo(type_oid);
  TypeIoInfo& ref = *info;
  cache.emplace(type_oid, std::move(info));
  return ref;
}

void InvalidateTypeIoCache() {
  Cache().clear();
}

Datum InputFunctionCall(FmgrInfo* flinfo, const char* str, Oid typioparam, int32_t typmod) {
  if (str == nullptr && flinfo->fn_strict) return 0;
  LocalFunctionCallInfo<3> call(flinfo);
  call.SetArg(0, PointerGetDatum(str), str == nullptr);
  call.SetArg(1, ObjectIdGetDatum(typioparam));
  call.SetArg(2, Int32GetDatum(typmod));
  Datum result = FunctionCallInvoke(&call.fcinfo);
  if (str != nullptr && call.fcinfo.isnull) {
    throw MakeError(errcode::kInternalError, "input function {} returned NULL", flinfo->fn_oid);
  }
  return result;
}

char* OutputFunctionCall(FmgrInfo* flinfo, Datum value) {
  return DatumGetPointer<char>(FunctionCall(flinfo, kInvalidOid, value));
}

Datum ReceiveFunctionCall(FmgrInfo* flinfo, RecvBuffer* buf, Oid typioparam, int32_t typmod) {
  if (buf == nullptr && flinfo->fn_strict) return 0;
  LocalFunctionCallInfo<3> call(flinfo);
  call.SetArg(0, PointerGetDatum(buf), buf == nullptr);
  call.SetArg(1, ObjectIdGetDatum(typioparam));
  call.SetArg(2, Int32GetDatum(typmod));
  Datum result = FunctionCallInvoke(&call.fcinfo);
  if (buf != nullptr && call.fcinfo.isnull) {
    throw MakeError(errcode::kInternalError, "receive function {} returned NULL", flinfo->fn_oid);
  }
  return result;
}

Datum SendFunctionCall(FmgrInfo* flinfo, Datum value) {
  return FunctionCall(flinfo, kInvalidOid, value);
}

Datum InputByType(Oid type_oid, const char* str, int32_t typmod) {
  TypeIoInfo& io = LookupTypeIo(type_oid);
  return InputFunctionCall(&io.input, str, io.typioparam, typmod);
}

std::string OutputByType(Oid type_oid, Datum value) {
  TypeIoInfo& io = LookupTypeIo(type_oid);
  return OutputFunctionCall(&io.output, value);
}

Datum ReceiveByType(Oid type_oid, std::string_view bytes, int32_t typmod, int bind_param) {
  TypeIoInfo& io = LookupTypeIo(type_oid);
  if (io.receive.fn_addr == nullptr) {
    throw MakeError(errcode::kUndefinedFunction, "no binary input function available for type {}",
                    FormatTypeName(type_oid));
  }
  RecvBuffer buf(bytes);
  Datum value = ReceiveFunctionCall(&io.receive, &buf, io.typioparam, typmod);
  if (buf.cursor != buf.len) {
    if (bind_param > 0) {
      throw MakeError(errcode::kInvalidBinaryRepresentation,
                      "incorrect binary data format in bind parameter {}", bind_param);
    }
    throw Error(errcode::kInvalidBinaryRepresentation, "incorrect binary data format");
  }
  return value;
}

std::string SendByType(Oid type_oid, Datum value) {
  TypeIoInfo& io = LookupTypeIo(type_oid);
  if (io.send.fn_addr == nullptr) {
    throw MakeError(errcode::kUndefinedFunction, "no binary output function available for type {}",
                    FormatTypeName(type_oid));
  }
  Datum bytes = SendFunctionCall(&io.send, value);
  return std::string(DatumGetTextView(bytes));
}

}  // namespace hyrax::executor

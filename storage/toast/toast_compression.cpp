// Inline compression of varlenas with pglz (see toast_compression.h); the 25% and "3 bytes
// smaller" rules are PostgreSQL's (pglz_compress_datum, toast_compress_datum).
#include "storage/toast/toast_compression.h"

#include <string_view>

#include "common/error.h"
#include "common/memory_context.h"
#include "storage/toast/pglz.h"
#include "storage/toast/toast_format.h"

namespace hyrax::storage {

Varlena* ToastCompressDatum(const char* value) {
  size_t valsize = VarSizeAnyExhdr(value);
  if (valsize < static_cast<size_t>(kPglzDefaultStrategy.min_input_size) ||
      valsize > kVarlenaExtSizeMask) {
    return nullptr;
  }
  auto* result = static_cast<char*>(Palloc(kCompressedHeaderSize + PglzMaxOutput(valsize)));
  std::optional<size_t> len =
      PglzCompress(std::string_view(VarDataAny(value), valsize), result + kCompressedHeaderSize);
  if (!len) return nullptr;
  size_t total = kCompressedHeaderSize + *len;
  // The compressed form takes a 4-byte-aligned 8-byte header where the plain one might need
  // a single header byte: insist on saving more than 2 bytes.
  if (total >= valsize - 2) return nullptr;
  SetCompressedHeader(result, static_cast<uint32_t>(total), static_cast<uint32_t>(valsize),
                      kToastPglzCompressionId);
  return reinterpret_cast<Varlena*>(result);
}

Varlena* ToastDecompressDatum(const char* value) {
  uint32_t method = CompressedMethod(value);
  if (method == kToastLz4CompressionId) {
    throw Error(errcode::kFeatureNotSupported, "compression method lz4 not supported")
        .Detail("This functionality requires the server to be built with lz4 support.");
  }
  if (method != kToastPglzCompressionId) {
    throw MakeError(errcode::kDataCorrupted, "invalid compression method id {}", method);
  }
  uint32_t raw_size = CompressedRawSize(value);
  Varlena* result = AllocVarlena(raw_size);
  std::string_view compressed(value + kCompressedHeaderSize,
                              VarSizeAny(value) - kCompressedHeaderSize);
  std::optional<size_t> got = PglzDecompress(compressed, VarData(result), raw_size,
                                             /*check_complete=*/true);
  if (!got) throw Error(errcode::kDataCorrupted, "compressed pglz data is corrupt");
  return result;
}

}  // namespace hyrax::storage

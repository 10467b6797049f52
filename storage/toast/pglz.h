// The pglz compressor: LZ77 with a 4095-byte window and 3..273-byte matches, written in
// PostgreSQL's pglz byte format (one control byte, LSB first, per 8 items; a set bit is a
// 2- or 3-byte back reference, a clear bit a literal byte), so compressed values mean what
// they mean in PostgreSQL. Hyrax's own implementation; storage/toast/README.md "Compression".
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>

namespace hyrax::storage {

// When compression is worth it (PostgreSQL's PGLZ_Strategy; same fields and meaning).
struct PglzStrategy {
  int32_t min_input_size;    // shorter inputs are not compressed
  int32_t max_input_size;    // longer inputs are not compressed
  int32_t min_comp_rate;     // percent of the input the output must save
  int32_t first_success_by;  // give up once this many output bytes hold no back reference
  int32_t match_size_good;   // a match this long ends the search for a longer one
  int32_t match_size_drop;   // percent match_size_good shrinks per older candidate tried
};

// PostgreSQL's PGLZ_strategy_default (what TOAST uses) and PGLZ_strategy_always.
inline constexpr PglzStrategy kPglzDefaultStrategy{
    32, std::numeric_limits<int32_t>::max(), 25, 1024, 128, 10};
inline constexpr PglzStrategy kPglzAlwaysStrategy{
    0, std::numeric_limits<int32_t>::max(), 0, std::numeric_limits<int32_t>::max(), 128, 6};

// Room a compression output buffer needs for `source_len` input bytes (PGLZ_MAX_OUTPUT): the
// compressor never writes more, whatever the input.
inline constexpr size_t PglzMaxOutput(size_t source_len) {
  return source_len + 4;
}

// Compresses `source` into `dest`. Returns the compressed length, or nullopt when the
// strategy says no (input size out of range, no back reference within first_success_by
// output bytes, or the output would not be below (100 - min_comp_rate)% of the input).
// Requires: dest has PglzMaxOutput(source.size()) bytes. Does not throw except 53200.
std::optional<size_t> PglzCompress(std::string_view source, char* dest,
                                   const PglzStrategy& strategy = kPglzDefaultStrategy);

// Decompresses `source` into `dest` (capacity `raw_size`), stopping when either is used
// up. Returns the bytes written, or nullopt when the data is corrupt (a back reference
// before the start of the output or past the end of the input) or, with `check_complete`,
// when input and output were not both consumed exactly. Never reads or writes out of bounds.
std::optional<size_t> PglzDecompress(std::string_view source, char* dest, size_t raw_size,
                                     bool check_complete);

}  // namespace hyrax::storage

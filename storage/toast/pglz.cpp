// pglz compression and decompression (see pglz.h). Matches are found through hash chains
// over the last 4095 input positions, most recent first; the search ends early once a match
// is "good enough", a bar that drops with every older candidate (PostgreSQL's
// match_size_good / match_size_drop heuristic). storage/toast/README.md "Compression".
#include "storage/toast/pglz.h"

#include <algorithm>
#include <cstring>
#include <vector>

namespace hyrax::storage {
namespace {

constexpr size_t kMinMatch = 3;
constexpr size_t kMaxMatch = 273;      // 18 + 255: a 3-byte tag's longest
constexpr size_t kMaxOffset = 4095;    // 12 bits
constexpr size_t kWindow = 4096;       // ring of chain links, > kMaxOffset
constexpr size_t kShortTagLimit = 17;  // longer matches need the 3-byte tag

// Hash chains: head[hash] = the newest position with that 3-byte hash, prev[pos % kWindow]
// = the next older one. Links are only followed while inside the window, where the ring
// slot still belongs to the position that wrote it.
class History {
 public:
  explicit History(size_t source_len) {
    // Small inputs get a small table (as PostgreSQL sizes its history by input length).
    size_t size = 512;
    while (size < 8192 && size < source_len) size <<= 1;
    head_.assign(size, -1);
    mask_ = size - 1;
    prev_.resize(std::min(source_len, kWindow));
  }

  void Add(const unsigned char* src, size_t pos) {
    size_t h = Hash(src + pos);
    prev_[pos % kWindow] = head_[h];
    head_[h] = static_cast<int32_t>(pos);
  }
  int32_t Head(const unsigned char* p) const { return head_[Hash(p)]; }
  int32_t Prev(size_t pos) const { return prev_[pos % kWindow]; }

 private:
  size_t Hash(const unsigned char* p) const {
    return ((static_cast<size_t>(p[0]) << 10) ^ (static_cast<size_t>(p[1]) << 5) ^ p[2]) & mask_;
  }

  std::vector<int32_t> head_;
  std::vector<int32_t> prev_;
  size_t mask_;
};

struct Match {
  size_t len = 0;
  size_t off = 0;
};

// Longest earlier occurrence of the bytes at `pos` (at least kMinMatch long, else len 0).
Match FindMatch(const History& hist, const unsigned char* src, size_t len, size_t pos,
                int32_t good_match, int32_t good_drop) {
  Match best;
  if (pos + kMinMatch > len) return best;
  size_t max_len = std::min(kMaxMatch, len - pos);
  for (int32_t cand = hist.Head(src + pos);
       cand >= 0 && static_cast<size_t>(cand) < pos && pos - cand <= kMaxOffset;
       cand = hist.Prev(static_cast<size_t>(cand))) {
    const unsigned char* c = src + cand;
    const unsigned char* p = src + pos;
    // Cheap rejection: a longer match must agree at the current best length.
    if (best.len > 0 && (best.len >= max_len || c[best.len] != p[best.len])) {
      good_match -= good_match * good_drop / 100;
      continue;
    }
    size_t n = 0;
    while (n < max_len && c[n] == p[n]) ++n;  // may run into `pos`: overlapping is fine
    if (n > best.len) {
      best.len = n;
      best.off = pos - static_cast<size_t>(cand);
    }
    if (best.len >= static_cast<size_t>(good_match) || best.len == max_len) break;
    good_match -= good_match * good_drop / 100;
  }
  if (best.len < kMinMatch) best.len = 0;
  return best;
}

unsigned char* EmitTag(unsigned char* out, const Match& m) {
  unsigned char high = static_cast<unsigned char>((m.off & 0xF00) >> 4);
  if (m.len > kShortTagLimit) {
    out[0] = high | 0x0F;
    out[1] = static_cast<unsigned char>(m.off & 0xFF);
    out[2] = static_cast<unsigned char>(m.len - 18);
    return out + 3;
  }
  out[0] = high | static_cast<unsigned char>(m.len - kMinMatch);
  out[1] = static_cast<unsigned char>(m.off & 0xFF);
  return out + 2;
}

// The output limit the strategy allows (PostgreSQL's result_max), avoiding overflow.
size_t ResultMax(size_t len, int32_t need_rate) {
  if (len > static_cast<size_t>(std::numeric_limits<int32_t>::max()) / 100) {
    return (len / 100) * static_cast<size_t>(100 - need_rate);
  }
  return len * static_cast<size_t>(100 - need_rate) / 100;
}

}  // namespace

std::optional<size_t> PglzCompress(std::string_view source, char* dest,
                                   const PglzStrategy& strategy) {
  size_t len = source.size();
  if (len < static_cast<size_t>(std::max(strategy.min_input_size, 0)) ||
      len > static_cast<size_t>(std::max(strategy.max_input_size, 0))) {
    return std::nullopt;
  }
  int32_t good_match = std::clamp<int32_t>(strategy.match_size_good, 17, kMaxMatch);
  int32_t good_drop = std::clamp<int32_t>(strategy.match_size_drop, 0, 100);
  int32_t need_rate = std::clamp<int32_t>(strategy.min_comp_rate, 0, 99);
  size_t result_max = ResultMax(len, need_rate);
  size_t first_success_by = static_cast<size_t>(std::max(strategy.first_success_by, 0));

  const auto* src = reinterpret_cast<const unsigned char*>(source.data());
  auto* out_start = reinterpret_cast<unsigned char*>(dest);
  unsigned char* out = out_start;
  unsigned char* ctrl = nullptr;
  unsigned ctrl_bit = 0;  // 0: the next item needs a fresh control byte
  bool found_match = false;
  History hist(len);
  size_t pos = 0;
  while (pos < len) {
    // Checked before each item (at most 4 bytes), so the output stays below len + 4.
    size_t written = static_cast<size_t>(out - out_start);
    if (written >= result_max) return std::nullopt;
    if (!found_match && written >= first_success_by) return std::nullopt;
    if (ctrl_bit == 0) {
      ctrl = out++;
      *ctrl = 0;
      ctrl_bit = 1;
    }
    Match m = FindMatch(hist, src, len, pos, good_match, good_drop);
    size_t advance = 1;
    if (m.len > 0) {
      *ctrl |= static_cast<unsigned char>(ctrl_bit);
      out = EmitTag(out, m);
      advance = m.len;
      found_match = true;
    } else {
      *out++ = src[pos];
    }
    for (size_t end = pos + advance; pos < end; ++pos) {
      if (pos + kMinMatch <= len) hist.Add(src, pos);
    }
    ctrl_bit = (ctrl_bit << 1) & 0xFF;
  }
  size_t result = static_cast<size_t>(out - out_start);
  if (result >= result_max) return std::nullopt;
  return result;
}

std::optional<size_t> PglzDecompress(std::string_view source, char* dest, size_t raw_size,
                                     bool check_complete) {
  const auto* sp = reinterpret_cast<const unsigned char*>(source.data());
  const unsigned char* send = sp + source.size();
  auto* dstart = reinterpret_cast<unsigned char*>(dest);
  unsigned char* dp = dstart;
  unsigned char* dend = dstart + raw_size;
  while (sp < send && dp < dend) {
    unsigned ctrl = *sp++;
    for (int item = 0; item < 8 && sp < send && dp < dend; ++item, ctrl >>= 1) {
      if ((ctrl & 1) == 0) {
        *dp++ = *sp++;
        continue;
      }
      if (send - sp < 2) return std::nullopt;
      size_t len = static_cast<size_t>(sp[0] & 0x0F) + kMinMatch;
      size_t off = (static_cast<size_t>(sp[0] & 0xF0) << 4) | sp[1];
      sp += 2;
      if (len == 18) {
        if (sp >= send) return std::nullopt;
        len += *sp++;
      }
      if (off == 0 || off > static_cast<size_t>(dp - dstart)) return std::nullopt;
      len = std::min(len, static_cast<size_t>(dend - dp));
      const unsigned char* from = dp - off;
      if (off >= len) {
        std::memcpy(dp, from, len);
        dp += len;
      } else {
        // Overlapping reference: the copy reads bytes it has just written (a run).
        for (size_t i = 0; i < len; ++i) *dp++ = from[i];
      }
    }
  }
  if (check_complete && (dp != dend || sp != send)) return std::nullopt;
  return static_cast<size_t>(dp - dstart);
}

}  // namespace hyrax::storage

// SHA-2 (FIPS 180-4). The 32-bit family (SHA-224/256) and the 64-bit family (SHA-384/512)
// share one template over the word type; the variants differ only in initial values and
// digest length. See sha2.h.
#include "executor/types/sha2.h"

#include <array>
#include <cstdint>
#include <cstring>

namespace hyrax::executor {

namespace {

constexpr std::array<uint32_t, 64> kK256 = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

constexpr std::array<uint64_t, 80> kK512 = {
    0x428a2f98d728ae22, 0x7137449123ef65cd, 0xb5c0fbcfec4d3b2f, 0xe9b5dba58189dbbc,
    0x3956c25bf348b538, 0x59f111f1b605d019, 0x923f82a4af194f9b, 0xab1c5ed5da6d8118,
    0xd807aa98a3030242, 0x12835b0145706fbe, 0x243185be4ee4b28c, 0x550c7dc3d5ffb4e2,
    0x72be5d74f27b896f, 0x80deb1fe3b1696b1, 0x9bdc06a725c71235, 0xc19bf174cf692694,
    0xe49b69c19ef14ad2, 0xefbe4786384f25e3, 0x0fc19dc68b8cd5b5, 0x240ca1cc77ac9c65,
    0x2de92c6f592b0275, 0x4a7484aa6ea6e483, 0x5cb0a9dcbd41fbd4, 0x76f988da831153b5,
    0x983e5152ee66dfab, 0xa831c66d2db43210, 0xb00327c898fb213f, 0xbf597fc7beef0ee4,
    0xc6e00bf33da88fc2, 0xd5a79147930aa725, 0x06ca6351e003826f, 0x142929670a0e6e70,
    0x27b70a8546d22ffc, 0x2e1b21385c26c926, 0x4d2c6dfc5ac42aed, 0x53380d139d95b3df,
    0x650a73548baf63de, 0x766a0abb3c77b2a8, 0x81c2c92e47edaee6, 0x92722c851482353b,
    0xa2bfe8a14cf10364, 0xa81a664bbc423001, 0xc24b8b70d0f89791, 0xc76c51a30654be30,
    0xd192e819d6ef5218, 0xd69906245565a910, 0xf40e35855771202a, 0x106aa07032bbd1b8,
    0x19a4c116b8d2d0c8, 0x1e376c085141ab53, 0x2748774cdf8eeb99, 0x34b0bcb5e19b48a8,
    0x391c0cb3c5c95a63, 0x4ed8aa4ae3418acb, 0x5b9cca4f7763e373, 0x682e6ff3d6b2b8a3,
    0x748f82ee5defb2fc, 0x78a5636f43172f60, 0x84c87814a1f0ab72, 0x8cc702081a6439ec,
    0x90befffa23631e28, 0xa4506cebde82bde9, 0xbef9a3f7b2c67915, 0xc67178f2e372532b,
    0xca273eceea26619c, 0xd186b8c721c0c207, 0xeada7dd6cde0eb1e, 0xf57d4f7fee6ed178,
    0x06f067aa72176fba, 0x0a637dc5a2c898a6, 0x113f9804bef90dae, 0x1b710b35131c471b,
    0x28db77f523047d84, 0x32caab7b40c72493, 0x3c9ebe0a15c9bebc, 0x431d67c49c100d4c,
    0x4cc5d4becb3e42b6, 0x597f299cfc657e2a, 0x5fcb6fab3ad6faec, 0x6c44198c4a475817};

template <typename W>
W Rotr(W x, int n) {
  return (x >> n) | (x << (8 * sizeof(W) - n));
}

// Per-family constants: rotation amounts of the Sigma/sigma functions and round count.
template <typename W>
struct Family;
template <>
struct Family<uint32_t> {
  static constexpr int kRounds = 64;
  static constexpr int kS0[3] = {2, 13, 22}, kS1[3] = {6, 11, 25};
  static constexpr int ks0[3] = {7, 18, 3}, ks1[3] = {17, 19, 10};
  static uint32_t K(int i) { return kK256[i]; }
};
template <>
struct Family<uint64_t> {
  static constexpr int kRounds = 80;
  static constexpr int kS0[3] = {28, 34, 39}, kS1[3] = {14, 18, 41};
  static constexpr int ks0[3] = {1, 8, 7}, ks1[3] = {19, 61, 6};
  static uint64_t K(int i) { return kK512[i]; }
};

template <typename W>
void Compress(std::array<W, 8>* state, const unsigned char* block) {
  using F = Family<W>;
  W w[80];
  for (int i = 0; i < 16; ++i) {
    W v = 0;
    for (size_t b = 0; b < sizeof(W); ++b) v = (v << 8) | block[i * sizeof(W) + b];
    w[i] = v;
  }
  for (int i = 16; i < F::kRounds; ++i) {
    W s0 = Rotr(w[i - 15], F::ks0[0]) ^ Rotr(w[i - 15], F::ks0[1]) ^ (w[i - 15] >> F::ks0[2]);
    W s1 = Rotr(w[i - 2], F::ks1[0]) ^ Rotr(w[i - 2], F::ks1[1]) ^ (w[i - 2] >> F::ks1[2]);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  W a = (*state)[0], b = (*state)[1], c = (*state)[2], d = (*state)[3];
  W e = (*state)[4], f = (*state)[5], g = (*state)[6], h = (*state)[7];
  for (int i = 0; i < F::kRounds; ++i) {
    W big_s1 = Rotr(e, F::kS1[0]) ^ Rotr(e, F::kS1[1]) ^ Rotr(e, F::kS1[2]);
    W ch = (e & f) ^ (~e & g);
    W t1 = h + big_s1 + ch + F::K(i) + w[i];
    W big_s0 = Rotr(a, F::kS0[0]) ^ Rotr(a, F::kS0[1]) ^ Rotr(a, F::kS0[2]);
    W maj = (a & b) ^ (a & c) ^ (b & c);
    W t2 = big_s0 + maj;
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  (*state)[0] += a;
  (*state)[1] += b;
  (*state)[2] += c;
  (*state)[3] += d;
  (*state)[4] += e;
  (*state)[5] += f;
  (*state)[6] += g;
  (*state)[7] += h;
}

// Pads the message (0x80, zeros, big-endian bit length in the last 8 or 16 bytes of the
// final block), runs every block, and returns the first `digest_len` bytes of the state.
template <typename W>
std::string Digest(std::array<W, 8> state, std::string_view data, size_t digest_len) {
  constexpr size_t kBlock = 16 * sizeof(W);
  constexpr size_t kLengthBytes = 2 * sizeof(W);
  const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
  size_t full = data.size() / kBlock * kBlock;
  for (size_t off = 0; off < full; off += kBlock) Compress(&state, bytes + off);
  unsigned char tail[2 * kBlock] = {};
  size_t rest = data.size() - full;
  if (rest > 0) std::memcpy(tail, bytes + full, rest);
  tail[rest] = 0x80;
  size_t tail_len = rest + 1 + kLengthBytes <= kBlock ? kBlock : 2 * kBlock;
  uint64_t bits = static_cast<uint64_t>(data.size()) * 8;
  for (int i = 0; i < 8; ++i) tail[tail_len - 1 - i] = static_cast<unsigned char>(bits >> (8 * i));
  for (size_t off = 0; off < tail_len; off += kBlock) Compress(&state, tail + off);
  std::string out;
  for (W word : state) {
    for (int b = sizeof(W) - 1; b >= 0; --b) out.push_back(static_cast<char>(word >> (8 * b)));
  }
  out.resize(digest_len);
  return out;
}

}  // namespace

std::string Sha224(std::string_view data) {
  return Digest<uint32_t>({0xc1059ed8, 0x367cd507, 0x3070dd17, 0xf70e5939, 0xffc00b31, 0x68581511,
                           0x64f98fa7, 0xbefa4fa4},
                          data, 28);
}

std::string Sha256(std::string_view data) {
  return Digest<uint32_t>({0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c,
                           0x1f83d9ab, 0x5be0cd19},
                          data, 32);
}

std::string Sha384(std::string_view data) {
  return Digest<uint64_t>(
      {0xcbbb9d5dc1059ed8, 0x629a292a367cd507, 0x9159015a3070dd17, 0x152fecd8f70e5939,
       0x67332667ffc00b31, 0x8eb44a8768581511, 0xdb0c2e0d64f98fa7, 0x47b5481dbefa4fa4},
      data, 48);
}

std::string Sha512(std::string_view data) {
  return Digest<uint64_t>(
      {0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1,
       0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179},
      data, 64);
}

}  // namespace hyrax::executor

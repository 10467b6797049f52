// The pglz compressor and the inline compressed varlena format: PostgreSQL's own compressed
// bytes decompress, every input of 0 bytes .. 1 MB (random, repetitive, mixed) round-trips
// and never exceeds PglzMaxOutput, the default strategy refuses what does not save 25%, and
// corrupt or unsupported data raises PostgreSQL's errors.
#include "storage/toast/pglz.h"

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/error.h"
#include "common/memory_context.h"
#include "common/varlena.h"
#include "storage/toast/toast_compression.h"
#include "storage/toast/toast_format.h"

namespace hyrax::storage {
namespace {

// A column value as stored by PostgreSQL 15 (pageinspect's t_data of a one-column table,
// storage main): string_agg('item-' || (i % 37) || ':' || repeat('x', i % 5), ';') for i in
// 1..400, 4290 bytes, compressed inline with pglz to 624.
const char* const kPostgresCompressedHex =
    "c2090000c2100000006974656d2d313a78223b0209323a78040a333a9a78050b34010b040c353a0308aa36053237"
    "063238073239083254313004333106663107673155086831096931056a31066b3155076c31086d31096e32056e32"
    "ab07d4076e32086e32096e32056eaa32066e32076e32086e32096e6a33056e33066e331843086e33d5096e33056e"
    "33066e3007db086cab09340433340532350632360732ff01b41790168d168a06650866128e1890ff178d168a061e"
    "086b128e1890178d168af706c809d4096e32056e118d168a061eff086e128e1890178d168a162a086e128eff1890"
    "178d168a061e086e014d1790168daf371a168c37180732360432370532ff213f168c06580a650566118d168a061e"
    "ff0869128e1890178d168a061e086e128eff1890178d168a061e086e128e1890178dff168a061e086e128e189017"
    "8d168a061eff086e128e1890168d371a168c06270833fa34043235053211d3168c37180732fe3915400765076633"
    "19188e1890178dff168a061e086c43a81790178d168a06d4ff086e43a81790178d168a061e086e43a8bf1790178d"
    "168a16371943096e33056eff118d168a3a19178e1790168d371a168ceb37180732370432380532213e178cfb060c"
    "0966310567118d168a061e086aff43a81790178d168a06bb086e43a81790ff178d168a061e086e43a81790178d16"
    "8aff165e086e43a81790178d168a061e086eff43a81690168d371a168c371807327fc1ffff178d168a061e7fc1ff"
    "46a81790178d168aff061e7fc1ff46a81790178d168a061e7fc1ffff168e1790178d168a16407fc1ff7fc1ff178e"
    "ff1890178d168a165e7fc1ff46a81790178d07168a061e7fc140";

std::string FromHex(const char* hex) {
  std::string out;
  for (size_t i = 0; hex[i] != '\0' && hex[i + 1] != '\0'; i += 2) {
    out.push_back(static_cast<char>(std::stoi(std::string(hex + i, 2), nullptr, 16)));
  }
  return out;
}

std::string PostgresSampleText() {
  std::string out;
  for (int i = 1; i <= 400; ++i) {
    if (i > 1) out += ';';
    out += "item-" + std::to_string(i % 37) + ":" + std::string(static_cast<size_t>(i % 5), 'x');
  }
  return out;
}

std::string RandomBytes(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::string out(n, '\0');
  for (char& c : out) c = static_cast<char>(rng());
  return out;
}

// Text-like data: words from a small vocabulary, so matches of many lengths and offsets.
std::string Repetitive(size_t n, uint32_t seed) {
  static const char* const kWords[] = {"toast ", "hyrax ", "chunk ", "value ", "pglz ",
                                       "page ",  "tuple ", "heap ",  "a",      "bb"};
  std::mt19937 rng(seed);
  std::string out;
  while (out.size() < n) out += kWords[rng() % 10];
  out.resize(n);
  return out;
}

// Random bytes in runs of repeated blocks: some compressible, some not.
std::string Mixed(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::string out;
  while (out.size() < n) {
    std::string block = RandomBytes(1 + rng() % 300, rng());
    int copies = 1 + static_cast<int>(rng() % 4);
    for (int i = 0; i < copies; ++i) out += block;
  }
  out.resize(n);
  return out;
}

// Compresses with `strategy`; on success checks the bound and the round trip.
std::optional<size_t> RoundTrip(const std::string& input, const PglzStrategy& strategy) {
  std::vector<char> compressed(PglzMaxOutput(input.size()));
  std::optional<size_t> len = PglzCompress(input, compressed.data(), strategy);
  if (!len) return std::nullopt;
  EXPECT_LE(*len, PglzMaxOutput(input.size()));
  std::string output(input.size(), '\0');
  std::optional<size_t> got =
      PglzDecompress(std::string_view(compressed.data(), *len), output.data(), output.size(), true);
  EXPECT_EQ(got, input.size());
  EXPECT_TRUE(output == input) << "round trip differs for " << input.size() << " bytes";
  return len;
}

std::vector<size_t> Sizes() {
  std::vector<size_t> sizes = {0,    1,    2,    3,    4,     5,     17,    18,
                               31,   32,   33,   100,  273,   274,   1000,  1024,
                               2048, 4095, 4096, 4097, 10000, 65536, 100000};
  sizes.push_back(1 << 20);
  return sizes;
}

TEST(PglzTest, DecompressesPostgresCompressedBytes) {
  std::string stored = FromHex(kPostgresCompressedHex);
  ASSERT_EQ(stored.size(), 624u);
  ASSERT_TRUE(VarIsCompressed(stored.data()));
  EXPECT_EQ(VarSizeAny(stored.data()), 624u);
  EXPECT_EQ(CompressedRawSize(stored.data()), 4290u);
  EXPECT_EQ(CompressedMethod(stored.data()), kToastPglzCompressionId);
  MemoryContext ctx("test");
  MemoryContextScope scope(&ctx);
  Varlena* plain = ToastDecompressDatum(stored.data());
  EXPECT_EQ(DatumGetString(PointerGetDatum(plain)), PostgresSampleText());
}

TEST(PglzTest, RandomInputsRoundTripOrAreRefusedWithinTheBound) {
  for (size_t size : Sizes()) {
    std::string input = RandomBytes(size, static_cast<uint32_t>(size) + 1);
    // Random data never saves 25%: the default strategy gives up.
    EXPECT_FALSE(RoundTrip(input, kPglzDefaultStrategy).has_value()) << size;
    // Even "always" refuses output that would not be smaller than the input.
    std::optional<size_t> len = RoundTrip(input, kPglzAlwaysStrategy);
    if (len) {
      EXPECT_LT(*len, size);
    }
  }
}

TEST(PglzTest, RepetitiveAndMixedInputsRoundTrip) {
  for (size_t size : Sizes()) {
    std::string text = Repetitive(size, static_cast<uint32_t>(size));
    std::optional<size_t> len = RoundTrip(text, kPglzDefaultStrategy);
    if (size >= 1000) {
      ASSERT_TRUE(len.has_value()) << size;
      EXPECT_LT(*len, size / 2) << size;
    }
    if (size < 32) {
      EXPECT_FALSE(len.has_value()) << "inputs under min_input_size stay plain";
    }
    RoundTrip(Mixed(size, static_cast<uint32_t>(size) * 7), kPglzDefaultStrategy);
    RoundTrip(Mixed(size, static_cast<uint32_t>(size) * 7), kPglzAlwaysStrategy);
  }
}

TEST(PglzTest, RunOfOneByteUsesOverlappingReferences) {
  std::string run(1 << 20, 'a');
  std::optional<size_t> len = RoundTrip(run, kPglzDefaultStrategy);
  ASSERT_TRUE(len.has_value());
  // 273-byte matches at 3 bytes each, plus control bytes.
  EXPECT_LT(*len, run.size() / 80);
}

TEST(PglzTest, DefaultStrategyRequiresAQuarterSaved) {
  // 700 random bytes and a 300-byte copy of them: saves under 25%.
  std::string head = RandomBytes(700, 5);
  std::string input = head + head.substr(0, 300);
  EXPECT_FALSE(RoundTrip(input, kPglzDefaultStrategy).has_value());
  // Mostly repeated: saves more than 25%.
  std::string repeated = head + head + head + head;
  EXPECT_TRUE(RoundTrip(repeated, kPglzDefaultStrategy).has_value());
}

TEST(PglzTest, CorruptInputIsDetectedWithoutOverrunning) {
  std::string input = Repetitive(5000, 3);
  std::vector<char> compressed(PglzMaxOutput(input.size()));
  size_t len = *PglzCompress(input, compressed.data());
  std::string out(input.size(), '\0');
  // Truncated input: incomplete.
  EXPECT_FALSE(
      PglzDecompress(std::string_view(compressed.data(), len / 2), out.data(), out.size(), true)
          .has_value());
  // A back reference before the start of the output.
  const char bad_offset[] = {0x01, 0x00, 0x05};  // tag: len 3, offset 5, nothing written yet
  EXPECT_FALSE(PglzDecompress(std::string_view(bad_offset, 3), out.data(), 10, false).has_value());
  // Offset zero.
  const char zero_offset[] = {0x02, 'a', 0x00, 0x00};
  EXPECT_FALSE(PglzDecompress(std::string_view(zero_offset, 4), out.data(), 10, false).has_value());
  // A tag cut off after its first byte.
  const char cut_tag[] = {0x02, 'a', 0x00};
  EXPECT_FALSE(PglzDecompress(std::string_view(cut_tag, 3), out.data(), 10, false).has_value());
  // Random garbage of every length never crashes or overruns `out` (ASan builds check).
  for (size_t n = 0; n < 300; ++n) {
    std::string garbage = RandomBytes(n, static_cast<uint32_t>(n) + 100);
    PglzDecompress(garbage, out.data(), 64, false);
  }
}

TEST(ToastCompressionTest, CompressedValueHasPostgresHeaderBits) {
  MemoryContext ctx("test");
  MemoryContextScope scope(&ctx);
  std::string text = Repetitive(3000, 9);
  Datum plain = MakeVarlenaDatum(text);
  Varlena* compressed = ToastCompressDatum(DatumGetPointer<const char>(plain));
  ASSERT_NE(compressed, nullptr);
  const char* bytes = reinterpret_cast<const char*>(compressed);
  EXPECT_TRUE(VarIsCompressed(bytes));
  EXPECT_EQ(static_cast<uint8_t>(bytes[0]) & 0x03, 0x02);       // va_header low bits 10
  EXPECT_EQ(CompressedRawSize(bytes), 3000u);                   // va_tcinfo: raw size ...
  EXPECT_EQ(CompressedMethod(bytes), kToastPglzCompressionId);  // ... and method 0 (pglz)
  EXPECT_LT(VarSizeAny(bytes), 3000u * 3 / 4);
  EXPECT_EQ(DatumGetString(PointerGetDatum(ToastDecompressDatum(bytes))), text);
}

TEST(ToastCompressionTest, ValuesThatDoNotPayStayUncompressed) {
  MemoryContext ctx("test");
  MemoryContextScope scope(&ctx);
  EXPECT_EQ(ToastCompressDatum(DatumGetPointer<const char>(MakeVarlenaDatum(std::string(31, 'a')))),
            nullptr);  // under min_input_size
  EXPECT_NE(ToastCompressDatum(DatumGetPointer<const char>(MakeVarlenaDatum(std::string(32, 'a')))),
            nullptr);
  EXPECT_EQ(ToastCompressDatum(DatumGetPointer<const char>(MakeVarlenaDatum(RandomBytes(5000, 1)))),
            nullptr);
}

TEST(ToastCompressionTest, CorruptAndLz4ValuesRaisePostgresErrors) {
  MemoryContext ctx("test");
  MemoryContextScope scope(&ctx);
  Varlena* compressed =
      ToastCompressDatum(DatumGetPointer<const char>(MakeVarlenaDatum(Repetitive(3000, 2))));
  ASSERT_NE(compressed, nullptr);
  std::string bytes(reinterpret_cast<const char*>(compressed), VarSize(compressed));
  // A raw size the data does not decompress to.
  std::string wrong_size = bytes;
  SetCompressedHeader(wrong_size.data(), static_cast<uint32_t>(wrong_size.size()), 3001,
                      kToastPglzCompressionId);
  try {
    ToastDecompressDatum(wrong_size.data());
    FAIL() << "expected XX001";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), errcode::kDataCorrupted);
    EXPECT_EQ(e.message(), "compressed pglz data is corrupt");
  }
  std::string lz4 = bytes;
  SetCompressedHeader(lz4.data(), static_cast<uint32_t>(lz4.size()), 3000, kToastLz4CompressionId);
  try {
    ToastDecompressDatum(lz4.data());
    FAIL() << "expected 0A000";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), errcode::kFeatureNotSupported);
    EXPECT_EQ(e.message(), "compression method lz4 not supported");
  }
}

}  // namespace
}  // namespace hyrax::storage

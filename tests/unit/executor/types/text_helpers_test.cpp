// Small text helpers shared by the string types: UTF-8 character arithmetic, identifier
// quoting and qualified-name parsing, bytea codecs.
#include <gtest/gtest.h>

#include "common/error.h"
#include "executor/types/bool_io.h"
#include "executor/types/bytea_io.h"
#include "executor/types/multibyte.h"
#include "executor/types/qualified_name.h"
#include "executor/types/quote_ident.h"

namespace hyrax::executor {
namespace {

TEST(MultibyteTest, CountsAndClipsOnCharacterBoundaries) {
  EXPECT_EQ(CharCount("héllo"), 5);
  EXPECT_EQ(BytesForChars("héllo", 2), 3u);
  EXPECT_EQ(ClipToBytes("héllo", 2), 1u);  // é would be cut in half
  EXPECT_TRUE(IsValidUtf8("héllo €"));
  EXPECT_FALSE(IsValidUtf8("\xC3"));
  EXPECT_FALSE(IsValidUtf8("\xC0\x80"));  // overlong NUL
}

TEST(QuoteIdentTest, QuotesOnlyWhenPostgresWould) {
  EXPECT_EQ(QuoteIdentifier("foo_1"), "foo_1");
  EXPECT_EQ(QuoteIdentifier("Foo"), "\"Foo\"");
  EXPECT_EQ(QuoteIdentifier("select"), "\"select\"");
  EXPECT_EQ(QuoteIdentifier("name"), "name");  // unreserved keyword
  EXPECT_EQ(QuoteIdentifier("a\"b"), "\"a\"\"b\"");
  EXPECT_EQ(QuoteQualifiedIdentifier("public", "T"), "public.\"T\"");
}

TEST(QualifiedNameTest, FoldsUnquotedPartsAndKeepsQuotedOnes) {
  EXPECT_EQ(ParseQualifiedName(" Public . \"My\"\"Tab\" "),
            (std::vector<std::string>{"public", "My\"Tab"}));
  EXPECT_THROW(ParseQualifiedName("a..b"), Error);
  EXPECT_THROW(ParseQualifiedName("\"\""), Error);
}

TEST(BoolIoTest, AcceptsUniquePrefixesOnly) {
  EXPECT_EQ(ParseBool("TR"), std::optional<bool>(true));
  EXPECT_EQ(ParseBool("of"), std::optional<bool>(false));
  EXPECT_EQ(ParseBool("o"), std::nullopt);
  EXPECT_EQ(ParseBool("yess"), std::nullopt);
}

TEST(ByteaIoTest, Base64WrapsAt76ColumnsAndRejectsBadPadding) {
  std::string encoded = Base64Encode(std::string(60, 'x'));
  EXPECT_EQ(encoded.find('\n'), 76u);
  EXPECT_EQ(Base64Decode(encoded), std::string(60, 'x'));
  EXPECT_THROW(Base64Decode("AQI"), Error);
  EXPECT_EQ(HexDecode(" 01 02"), std::string("\x01\x02", 2));
  EXPECT_EQ(FormatByteaEscape(std::string("a\\\x01\xff", 4)), "a\\\\\\001\\377");
}

}  // namespace
}  // namespace hyrax::executor

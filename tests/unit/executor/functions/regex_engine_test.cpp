// The regular-expression engine: PostgreSQL ARE syntax translated for the C library's POSIX
// matcher (regex_translate.cpp, regex_charset.cpp) and run by regex_engine.cpp — group
// numbering through hidden groups, PostgreSQL's error texts, C-locale classes and case
// folding, newline modes, search offsets and the match loop of the regexp_* functions.
#include "executor/functions/regex_engine.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/error.h"

namespace hyrax::executor::testing {
namespace {

RegexOptions Options(std::string_view flags) {
  return ParseRegexFlags(flags).options;
}

bool Matches(std::string_view pattern, std::string_view subject, std::string_view flags = "") {
  return CompileRegex(pattern, Options(flags))->Matches(subject);
}

// The text of each group of the first match ("<null>" for groups that did not take part).
std::vector<std::string> Groups(std::string_view pattern, std::string_view subject,
                                std::string_view flags = "") {
  RegexMatch match;
  if (!CompileRegex(pattern, Options(flags))->Search(subject, 0, &match)) return {};
  std::vector<std::string> out;
  for (const RegexSpan& span : match.groups) {
    out.push_back(span.Matched() ? std::string(subject.substr(span.start, span.end - span.start))
                                 : "<null>");
  }
  return out;
}

// The error a pattern's compilation raises, as "SQLSTATE message".
std::string CompileError(std::string_view pattern, std::string_view flags = "") {
  try {
    CompileRegex(pattern, Options(flags));
  } catch (const Error& error) {
    return std::string(error.code().view()) + " " + error.message();
  }
  return "no error";
}

TEST(RegexTranslateTest, RewritesEscapesAndHidesNonCapturingGroups) {
  TranslatedRegex t = TranslateRegex("(?:x)(\\d+)\\1", RegexOptions{});
  EXPECT_EQ(t.pattern, "(x)([0-9]+)\\2");
  EXPECT_EQ(t.library_group, std::vector<int>{2});
  EXPECT_FALSE(t.has_non_greedy);
  EXPECT_TRUE(TranslateRegex("a+?", RegexOptions{}).has_non_greedy);
}

TEST(RegexTranslateTest, BracketSpecialsAreWrittenAsCollatingElements) {
  // Sorted and merged: '-', then ']'..'^' as one range, then 'a'.
  EXPECT_EQ(TranslateRegex("[]a^-]", RegexOptions{}).pattern, "[[.-.][.].]-[.^.]a]");
  EXPECT_EQ(TranslateRegex("[\\]x]", RegexOptions{}).pattern, "[[.].]x]");
}

TEST(RegexEngineTest, GroupsFollowPostgresNumbering) {
  EXPECT_EQ(Groups("(?:b)(a)(x)?", "ba"), (std::vector<std::string>{"ba", "a", "<null>"}));
  EXPECT_EQ(Groups("(.)\\1", "foobarr"), (std::vector<std::string>{"oo", "o"}));
  EXPECT_EQ(Groups("\\d{3}", "ab1234"), (std::vector<std::string>{"123"}));
}

TEST(RegexEngineTest, ErrorsCarryPostgresMessages) {
  EXPECT_EQ(CompileError("(abc"), "2201B invalid regular expression: parentheses () not balanced");
  EXPECT_EQ(CompileError("a)"), "2201B invalid regular expression: parentheses () not balanced");
  EXPECT_EQ(CompileError("a{2,1}"),
            "2201B invalid regular expression: invalid repetition count(s)");
  EXPECT_EQ(CompileError("*a"), "2201B invalid regular expression: quantifier operand invalid");
  EXPECT_EQ(CompileError("a**"), "2201B invalid regular expression: quantifier operand invalid");
  EXPECT_EQ(CompileError("[[:foo:]]"), "2201B invalid regular expression: invalid character class");
  EXPECT_EQ(CompileError("\\1(a)"),
            "2201B invalid regular expression: invalid backreference number");
  EXPECT_EQ(CompileError("a\\"), "2201B invalid regular expression: invalid escape \\ sequence");
  EXPECT_EQ(CompileError("(?z)a"), "2201B invalid regular expression: invalid embedded option");
  EXPECT_EQ(CompileError("a(?=b)").substr(0, 5), "0A000");
  EXPECT_EQ(CompileError("a{x"), "no error");  // '{' without a digit is a literal
}

TEST(RegexEngineTest, ClassesAndCaseFoldingAreAsciiOnlyAsInTheCLocale) {
  EXPECT_TRUE(Matches("^.$", "\xC3\xA9"));           // one character, two bytes
  EXPECT_FALSE(Matches("[[:alpha:]]", "\xC3\xA9"));  // é is not alpha under C ctype
  EXPECT_FALSE(Matches("\\w", "\xC3\xA9"));
  EXPECT_FALSE(Matches("\xC3\xA9", "\xC3\x89", "i"));  // É does not fold
  EXPECT_TRUE(Matches("b[a-c]C", "xBbc", "i"));
  EXPECT_TRUE(Matches("(a)\\1", "aA", "i"));
  EXPECT_TRUE(Matches("[\\xC0-\\xFF]", "\xC3\xA9"));  // non-ASCII ranges are listed
}

TEST(RegexEngineTest, FlagsSelectNewlineModesSyntaxAndQuoting) {
  EXPECT_FALSE(Matches("a.b", "a\nb", "n"));
  EXPECT_TRUE(Matches("a.b", "a\nb", "s"));
  EXPECT_TRUE(Matches("^b", "a\nb", "n"));
  EXPECT_FALSE(Matches("^b", "a\nb", "p"));
  EXPECT_FALSE(Matches("a[^x]b", "a\nb", "p"));
  EXPECT_TRUE(Matches("^b", "a\nb", "w"));
  EXPECT_TRUE(Matches("a.b", "a\nb", "w"));
  EXPECT_TRUE(Matches(" a . c # comment", "abc", "x"));
  EXPECT_TRUE(Matches("a.c", "a.c", "q"));
  EXPECT_FALSE(Matches("a.c", "abc", "q"));
  EXPECT_TRUE(Matches("***=a+", "a+"));
  EXPECT_TRUE(Matches("(?i)abc", "ABC"));
  EXPECT_THROW(ParseRegexFlags("gz"), Error);
}

TEST(RegexEngineTest, SearchFromAnOffsetStillSeesTheStartOfTheSubject) {
  RegexMatch match;
  auto re = CompileRegex("^a", RegexOptions{});
  EXPECT_FALSE(re->Search("aa", 1, &match));
  auto word = CompileRegex("\\ma", RegexOptions{});
  EXPECT_FALSE(word->Search("ba", 1, &match));  // 'a' at 1 does not start a word
  ASSERT_TRUE(word->Search("ba a", 1, &match));
  EXPECT_EQ(match.groups[0].start, 3);
}

TEST(RegexEngineTest, MatchLoopStepsOverEmptyMatchesAndSplitSkipsDegenerateOnes) {
  auto re = CompileRegex("x*", RegexOptions{});
  EXPECT_EQ(FindRegexMatches(*re, "abc", 0, true, false).size(), 4u);
  EXPECT_EQ(FindRegexMatches(*re, "abc", 0, false, false).size(), 1u);
  EXPECT_EQ(FindRegexMatches(*re, "abc", 0, true, true).size(), 2u);  // between a|b and b|c
  auto anchors = CompileRegex("^|$", RegexOptions{});
  EXPECT_EQ(FindRegexMatches(*anchors, "AAA", 0, true, false).size(), 2u);
}

TEST(RegexEngineTest, NonGreedyQuantifiersOnlyForMatchTests) {
  auto re = CompileRegex("a.*?c", RegexOptions{});
  EXPECT_TRUE(re->Matches("xabcc"));
  RegexMatch match;
  try {
    re->Search("xabcc", 0, &match);
    FAIL() << "expected 0A000";
  } catch (const Error& error) {
    EXPECT_EQ(error.code().view(), "0A000");
  }
}

}  // namespace
}  // namespace hyrax::executor::testing

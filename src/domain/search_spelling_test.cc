#include "domain/search_spelling.h"

#include <gtest/gtest.h>

namespace motcua::domain {
namespace {

Syllable IY(std::string marked, std::string folded) {
  Syllable s{std::move(marked), std::move(folded)};
  NormaliseIY(s);
  return s;
}

TEST(NormaliseIY, LoneYAfterAConsonantIsI) {
  EXPECT_EQ(IY("ký", "ky").marked, "kí");
  EXPECT_EQ(IY("ký", "ky").folded, "ki");
  EXPECT_EQ(IY("lý", "ly").marked, "lí");
  EXPECT_EQ(IY("mỹ", "my").marked, "mĩ");
  EXPECT_EQ(IY("quy", "quy").folded, "qui");
  EXPECT_EQ(IY("kỵ", "ky").marked, "kị");
}

TEST(NormaliseIY, YInsideAnotherVowelStays) {
  EXPECT_EQ(IY("tay", "tay").folded, "tay");
  EXPECT_EQ(IY("thủy", "thuy").folded, "thuy");
  EXPECT_EQ(IY("ý", "y").folded, "y");
  EXPECT_EQ(IY("tuyến", "tuyen").folded, "tuyen");
}

bool Has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST(TypingRepairs, VniDigitsAndTelexKeys) {
  EXPECT_TRUE(Has(TypingRepairs("sinh2"), "sinh"));
  EXPECT_TRUE(Has(TypingRepairs("d9ang"), "dang"));
  EXPECT_TRUE(Has(TypingRepairs("kys"), "ky"));
  EXPECT_TRUE(Has(TypingRepairs("ddawng"), "dang"));
  EXPECT_TRUE(Has(TypingRepairs("hoon"), "hon"));
  EXPECT_TRUE(Has(TypingRepairs("khaaur"), "khau"));
  EXPECT_TRUE(Has(TypingRepairs("thuwcj"), "thuc"));
  EXPECT_EQ(TypingRepairs("kys")[0], "ky");
}

TEST(TypingRepairs, NothingToUndo) {
  EXPECT_TRUE(TypingRepairs("sinh").empty());
  EXPECT_TRUE(TypingRepairs("2024").empty());
  // A tone key before the first vowel is the word's own consonant.
  EXPECT_FALSE(Has(TypingRepairs("sinhf"), "inhf"));
}

TEST(WithinOneEdit, OneLetterOrOneSwap) {
  EXPECT_TRUE(WithinOneEdit("sih", "sinh"));
  EXPECT_TRUE(WithinOneEdit("sihn", "sinh"));
  EXPECT_TRUE(WithinOneEdit("khia", "khai"));
  EXPECT_TRUE(WithinOneEdit("hong", "hon"));
  EXPECT_TRUE(WithinOneEdit("thuc", "thuc1"));
  EXPECT_FALSE(WithinOneEdit("sinh", "sinh"));
  EXPECT_FALSE(WithinOneEdit("sinh", "snih1"));
  EXPECT_FALSE(WithinOneEdit("ho", "hoan"));
}

}  // namespace
}  // namespace motcua::domain

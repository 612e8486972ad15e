#include "domain/search_lexicon.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace motcua::domain {
namespace {

TEST(SearchLexicon, ShippedFileIsValid) {
  std::ifstream in(std::string(MOTCUA_SOURCE_DIR) + "/data/search/synonyms.json");
  std::stringstream ss;
  ss << in.rdbuf();
  auto parsed = SearchLexicon::FromJson(ss.str());
  ASSERT_TRUE(parsed.ok()) << parsed.status().reason() << " " << parsed.status().field();
  // The compiled-in copy is the same file.
  EXPECT_EQ(DefaultSearchLexicon().entries().size(), parsed->entries().size());
  EXPECT_GT(parsed->entries().size(), 20u);
}

TEST(SearchLexicon, MalformedFilesFailWithThePath) {
  EXPECT_EQ(SearchLexicon::FromJson("[").status().reason(), "invalid_json");
  auto no_means = SearchLexicon::FromJson(R"({"synonyms": [{"phrases": ["sổ đỏ"]}]})");
  EXPECT_EQ(no_means.status().reason(), "invalid_field");
  EXPECT_EQ(no_means.status().field(), "synonyms[0].phrases");
  auto wrong = SearchLexicon::FromJson(R"({"stop_words": [1]})");
  EXPECT_EQ(wrong.status().field(), "stop_words");
}

TEST(SearchLexicon, FindsLongestPhrasesAndMarkedStopWords) {
  auto lex = SearchLexicon::FromJson(R"({
    "stop_words": ["ở", "ở đâu", "cho hỏi"],
    "synonyms": [{"phrases": ["sổ đỏ", "sổ"], "means": ["giấy chứng nhận quyền sử dụng đất"]}]})");
  ASSERT_TRUE(lex.ok());
  auto q = SearchSyllables("Cho hỏi làm sổ đỏ ở đâu");
  auto found = lex->Find(q);
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0].entry, nullptr);  // cho hỏi
  EXPECT_EQ(found[1].begin, 3u);       // sổ đỏ, not sổ
  EXPECT_EQ(found[1].end, 5u);
  ASSERT_NE(found[1].entry, nullptr);
  EXPECT_EQ(found[2].end, 7u);  // ở đâu
  // "ô" is not the stop word "ở"; "o" without marks may be either.
  EXPECT_TRUE(lex->Find(SearchSyllables("ô")).empty());
  EXPECT_EQ(lex->Find(SearchSyllables("o")).size(), 1u);
}

}  // namespace
}  // namespace motcua::domain

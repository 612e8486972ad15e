#include "common/csv.h"

#include <gtest/gtest.h>

namespace motcua {
namespace {

TEST(Csv, RoundTripsAwkwardCells) {
  std::vector<std::vector<std::string>> rows = {
      {"code", "name", "note"},
      {"1.001193", "Đăng ký khai sinh, \"trong ngày\"", "dòng 1\r\ndòng 2"},
      {"", "", ""},
      {"x", "", "a,b"}};
  std::string text(kUtf8Bom);
  for (const auto& r : rows) AppendCsvRecord(text, r);
  auto parsed = ParseCsv(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  ASSERT_EQ(parsed->size(), rows.size());
  for (size_t i = 0; i < rows.size(); ++i) EXPECT_EQ((*parsed)[i].cells, rows[i]);
  EXPECT_EQ((*parsed)[0].line, 1);
  EXPECT_EQ((*parsed)[1].line, 2);
  EXPECT_EQ((*parsed)[2].line, 4);  // the quoted cell above spans two lines
}

TEST(Csv, SkipsBlankLinesAndReportsUnclosedQuotes) {
  auto parsed = ParseCsv("a,b\n\n\nc,d");
  ASSERT_TRUE(parsed.ok());
  ASSERT_EQ(parsed->size(), 2u);
  EXPECT_EQ((*parsed)[1].line, 4);
  auto bad = ParseCsv("a,b\nc,\"d\n");
  EXPECT_EQ(bad.status().reason(), "invalid_csv");
  EXPECT_EQ(bad.status().field(), "line 2");
}

// Regression for a fuzzing find (fuzz/corpus/csv_import/rfc4180): a record of one empty cell
// written out must not read back as a blank line, which is skipped.
TEST(Csv, ALoneEmptyCellSurvivesARoundTrip) {
  std::string out;
  AppendCsvRecord(out, {"a", "b"});
  AppendCsvRecord(out, {""});
  AppendCsvRecord(out, {"", ""});
  auto back = ParseCsv(out);
  ASSERT_TRUE(back.ok());
  ASSERT_EQ(back->size(), 3u);
  EXPECT_EQ((*back)[1].cells, std::vector<std::string>{""});
  EXPECT_EQ((*back)[2].cells, (std::vector<std::string>{"", ""}));
}

// Regression for a fuzzing find (fuzz/corpus/csv_import/regression_leading_bom): a first cell
// that itself starts with a byte-order mark must not be taken for the file's BOM on reading back.
TEST(Csv, ACellStartingWithABomSurvivesARoundTrip) {
  const std::string cell = std::string(kUtf8Bom) + "ccod";
  std::string out;
  AppendCsvRecord(out, {cell, "x"});
  auto back = ParseCsv(out);
  ASSERT_TRUE(back.ok());
  ASSERT_EQ(back->size(), 1u);
  EXPECT_EQ((*back)[0].cells, (std::vector<std::string>{cell, "x"}));
}

}  // namespace
}  // namespace motcua

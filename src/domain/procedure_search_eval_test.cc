// How well search understands citizens, measured over the whole national catalogue (5,670
// procedures): tests/data/search_queries.tsv holds citizen phrasings (exact names, no marks,
// typos, casual questions, life situations) with the procedure codes a citizen wants; at least
// 95 % must have one of them in the top 5. A held-out file in the same format, never seen by
// the people tuning the search, is measured the same way when MOTCUA_SEARCH_HELDOUT names it.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "domain/procedure_search.h"
#include "support/national_entries.h"

namespace motcua::domain {
namespace {

struct Case {
  int line = 0;
  std::string query;
  std::vector<std::string> codes;
};

// query <TAB> code[,code...] [<TAB> note]; # starts a comment.
std::vector<Case> ReadCases(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << path;
  std::vector<Case> out;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    std::stringstream ss(line);
    Case c;
    c.line = number;
    std::string codes;
    std::getline(ss, c.query, '\t');
    std::getline(ss, codes, '\t');
    std::stringstream cs(codes);
    for (std::string code; std::getline(cs, code, ',');)
      if (!code.empty()) c.codes.push_back(code);
    EXPECT_FALSE(c.codes.empty()) << path << ":" << number;
    out.push_back(std::move(c));
  }
  return out;
}

const ProcedureIndex& National() {
  static const ProcedureIndex* index =
      new ProcedureIndex(testing::NationalCatalogueEntries(MOTCUA_SOURCE_DIR));
  return *index;
}

struct Score {
  size_t cases = 0, top1 = 0, top5 = 0;
  double Top1() const { return cases ? static_cast<double>(top1) / cases : 0; }
  double Top5() const { return cases ? static_cast<double>(top5) / cases : 0; }
};

Score Evaluate(const std::string& path, bool report_misses) {
  Score s;
  for (const auto& c : ReadCases(path)) {
    auto page = National().Search({.text = c.query, .page_size = 5});
    ++s.cases;
    int rank = -1;
    for (size_t i = 0; i < page.items.size() && rank < 0; ++i)
      for (const auto& code : c.codes)
        if (page.items[i].entry->procedure.code == code) rank = static_cast<int>(i);
    if (rank == 0) ++s.top1;
    if (rank >= 0) ++s.top5;
    if (rank < 0 && report_misses) {
      std::string got;
      for (const auto& h : page.items)
        got += " " + h.entry->procedure.code + " " + h.entry->procedure.name.substr(0, 60) + " |";
      std::cout << "  miss " << path.substr(path.rfind('/') + 1) << ":" << c.line << " \""
                << c.query << "\" wants " << c.codes[0] << " got" << got << "\n";
    }
  }
  return s;
}

TEST(SearchEvaluation, CitizenPhrasingsFindTheirProcedureInTheTopFive) {
  ASSERT_GT(National().entries().size(), 5000u);
  Score s = Evaluate(std::string(MOTCUA_SOURCE_DIR) + "/tests/data/search_queries.tsv", true);
  std::cout << "search_queries.tsv: " << s.cases << " queries, top-1 " << s.Top1() << ", top-5 "
            << s.Top5() << "\n";
  RecordProperty("top1", std::to_string(s.Top1()));
  RecordProperty("top5", std::to_string(s.Top5()));
  EXPECT_GE(s.cases, 150u);
  EXPECT_GE(s.Top5(), 0.95);
}

TEST(SearchEvaluation, HeldOutSetWhenGiven) {
  const char* path = std::getenv("MOTCUA_SEARCH_HELDOUT");
  if (path == nullptr || *path == '\0') GTEST_SKIP() << "MOTCUA_SEARCH_HELDOUT not set";
  Score s = Evaluate(path, std::getenv("MOTCUA_SEARCH_HELDOUT_MISSES") != nullptr);
  std::cout << "held-out " << path << ": " << s.cases << " queries, top-1 " << s.Top1()
            << ", top-5 " << s.Top5() << "\n";
  RecordProperty("top1", std::to_string(s.Top1()));
  RecordProperty("top5", std::to_string(s.Top5()));
  EXPECT_GT(s.cases, 0u);
}

}  // namespace
}  // namespace motcua::domain

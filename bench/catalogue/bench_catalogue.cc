// In-process cost of one catalogue search over 5,000 procedures (the HTTP figure is run.sh's).
#include <benchmark/benchmark.h>

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "domain/procedure_search.h"

namespace {

using namespace motcua::domain;

const ProcedureIndex& Index5000() {
  static const ProcedureIndex* index = [] {
    std::ifstream in(std::string(MOTCUA_SOURCE_DIR) + "/data/procedures/catalogue.json");
    std::stringstream ss;
    ss << in.rdbuf();
    auto v = boost::json::parse(ss.str());
    std::vector<CatalogueEntry> shipped;
    for (const auto& item : v.at("procedures").as_array())
      shipped.push_back({ProcedureFromJson(item).value(), 1, false});
    std::vector<CatalogueEntry> all = shipped;
    for (size_t i = 0; all.size() < 5000; ++i) {
      CatalogueEntry e = shipped[i % shipped.size()];
      e.procedure.code = "0.BENCH." + std::to_string(i);
      e.procedure.name += " (bản thử " + std::to_string(i) + ")";
      all.push_back(std::move(e));
    }
    return new ProcedureIndex(std::move(all));
  }();
  return *index;
}

const std::vector<ProcedureQuery>& Queries() {
  static const std::vector<ProcedureQuery> queries = {
      {.text = "dang ky khai sinh"},
      {.text = "Đăng ký kết hôn"},
      {.text = "ho tich", .page = 2},
      {.text = "giay phep xay dung", .level = ProcedureLevel::kCommune},
      {.text = "chung thuc", .online_level = OnlineLevel::kFull},
      {.field_code = "DD", .page = 3},
      {.text = "1.001193"},
      {.text = "giay phep", .agency_code = "000.00.15.H99"},
  };
  return queries;
}

// The mix run.sh sends over HTTP.
void BM_Search(benchmark::State& state) {
  const auto& index = Index5000();
  const auto& queries = Queries();
  size_t i = 0;
  for (auto _ : state) {
    auto page = index.Search(queries[i++ % queries.size()]);
    benchmark::DoNotOptimize(page);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Search);

void BM_SearchOne(benchmark::State& state) {
  const auto& index = Index5000();
  const auto& q = Queries()[state.range(0)];
  for (auto _ : state) benchmark::DoNotOptimize(index.Search(q));
}
BENCHMARK(BM_SearchOne)->DenseRange(0, 7);

}  // namespace

BENCHMARK_MAIN();

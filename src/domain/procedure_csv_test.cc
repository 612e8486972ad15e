#include "domain/procedure_csv.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "common/csv.h"

namespace motcua::domain {
namespace {

std::vector<Procedure> Shipped() {
  std::ifstream in(std::string(MOTCUA_SOURCE_DIR) + "/data/procedures/catalogue.json");
  std::stringstream ss;
  ss << in.rdbuf();
  auto v = boost::json::parse(ss.str());
  std::vector<Procedure> out;
  for (const auto& item : v.at("procedures").as_array()) {
    auto p = ProcedureFromJson(item);
    EXPECT_TRUE(p.ok()) << p.status().ToString();
    if (p.ok()) out.push_back(*p);
  }
  return out;
}

TEST(ProcedureCsv, ShippedCatalogueIsValidAndRoundTrips) {
  auto procedures = Shipped();
  ASSERT_GE(procedures.size(), 150u);
  for (const auto& p : procedures) {
    Status s = ValidateProcedure(p);
    EXPECT_TRUE(s.ok()) << p.code << ": " << s.ToString();
  }
  std::string csv = ProceduresToCsv(procedures);
  EXPECT_EQ(csv.substr(0, 3), std::string(kUtf8Bom));
  auto back = ProceduresFromCsv(csv);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ASSERT_EQ(back->size(), procedures.size());
  for (size_t i = 0; i < procedures.size(); ++i) EXPECT_EQ((*back)[i].procedure, procedures[i]);
  EXPECT_EQ(ProceduresToCsv([&] {
              std::vector<Procedure> v;
              for (auto& n : *back) v.push_back(n.procedure);
              return v;
            }()),
            csv);
}

TEST(ProcedureCsv, BadCellNamesLineAndColumn) {
  auto procedures = Shipped();
  procedures.resize(3);
  std::string csv = ProceduresToCsv(procedures);
  // Break the third data row (line 4): a non-numeric amount.
  auto pos = csv.find("\r\n" + procedures[2].code + ",");
  ASSERT_NE(pos, std::string::npos);
  std::string needle = ",working_days,";
  auto at = csv.find(needle, pos);
  if (at == std::string::npos) at = csv.find(",same_day,", pos), needle = ",same_day,";
  ASSERT_NE(at, std::string::npos);
  auto comma = csv.find(',', at + needle.size());
  csv.replace(at + needle.size(), comma - at - needle.size(), "năm");
  int line = 0;
  auto bad = ProceduresFromCsv(csv, &line);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(line, 4);
  EXPECT_EQ(bad.status().field(), "time_limit_amount");
  EXPECT_EQ(bad.status().reason(), "import_row_invalid");
  EXPECT_NE(bad.status().Message().find("Dòng 4"), std::string::npos) << bad.status().Message();
}

TEST(ProcedureCsv, NestedErrorsKeepTheirPath) {
  std::string csv(kUtf8Bom);
  AppendCsvRecord(csv, {"code", "name", "workflow"});
  AppendCsvRecord(csv, {"1.001193", "Khai sinh", R"([{"name":"a","quota_hours":"x"}])"});
  int line = 0;
  auto bad = ProceduresFromCsv(csv, &line);
  EXPECT_EQ(line, 2);
  EXPECT_EQ(bad.status().field(), "workflow[0].quota_hours");
  AppendCsvRecord(csv, {"1", "2"});
  EXPECT_FALSE(ProceduresFromCsv(csv).ok());
  std::string unknown(kUtf8Bom);
  AppendCsvRecord(unknown, {"code", "name", "colour"});
  EXPECT_EQ(ProceduresFromCsv(unknown).status().field(), "colour");
}

}  // namespace
}  // namespace motcua::domain

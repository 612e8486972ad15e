#include "domain/procedure_search.h"

#include <gtest/gtest.h>

#include "domain/catalogue_stats.h"

namespace motcua::domain {
namespace {

CatalogueEntry Entry(std::string code, std::string name, std::string field_code,
                     std::string field_name, ProcedureLevel level = ProcedureLevel::kCommune,
                     OnlineLevel online = OnlineLevel::kNone) {
  CatalogueEntry e;
  e.procedure.code = std::move(code);
  e.procedure.name = std::move(name);
  e.procedure.field_code = std::move(field_code);
  e.procedure.field_name = std::move(field_name);
  e.procedure.level = level;
  e.procedure.online_level = online;
  e.procedure.implementing_agencies = {"000.21.00.H99"};
  return e;
}

ProcedureIndex Sample() {
  std::vector<CatalogueEntry> v;
  v.push_back(Entry("1.001193", "Thủ tục đăng ký khai sinh", "HT", "Hộ tịch",
                    ProcedureLevel::kCommune, OnlineLevel::kFull));
  v.push_back(Entry("1.000894", "Thủ tục đăng ký kết hôn", "HT", "Hộ tịch"));
  v.push_back(Entry("1.004772", "Thủ tục đăng ký khai sinh có yếu tố nước ngoài", "HT", "Hộ tịch",
                    ProcedureLevel::kCommune, OnlineLevel::kPartial));
  v.push_back(Entry("1.001022", "Thủ tục đăng ký khai sinh kết hợp đăng ký nhận cha, mẹ, con", "HT",
                    "Hộ tịch"));
  v.push_back(Entry("2.000815", "Chứng thực bản sao từ bản chính", "CT", "Chứng thực"));
  v.push_back(Entry("1.010791", "Đăng ký thành lập hộ kinh doanh", "HKD",
                    "Thành lập và hoạt động của hộ kinh doanh", ProcedureLevel::kCommune));
  v.push_back(Entry("1.002804", "Cấp mới giấy phép lái xe", "GPLX", "Đường bộ",
                    ProcedureLevel::kProvince, OnlineLevel::kFull));
  v.back().procedure.implementing_agencies = {"000.00.12.H99"};
  v.push_back(Entry("1.000001", "Một thủ tục đã bãi bỏ về khai sinh", "HT", "Hộ tịch"));
  v.back().retired = true;
  return ProcedureIndex(std::move(v));
}

std::vector<std::string> Codes(const ProcedurePage& p) {
  std::vector<std::string> out;
  for (const auto& h : p.items) out.push_back(h.entry->procedure.code);
  return out;
}

TEST(ProcedureSearch, WithoutToneMarksFindsTheProcedureFirst) {
  auto idx = Sample();
  auto page = idx.Search({.text = "dang ky khai sinh"});
  ASSERT_GE(page.items.size(), 3u);
  EXPECT_EQ(page.items[0].entry->procedure.code, "1.001193");
  EXPECT_EQ(page.total, 3u);  // the retired one is hidden
  auto upper = idx.Search({.text = "ĐĂNG KÝ KHAI SINH"});
  EXPECT_EQ(Codes(upper), Codes(page));
}

TEST(ProcedureSearch, FieldNameMatches) {
  auto idx = Sample();
  auto page = idx.Search({.text = "ho tich"});
  EXPECT_EQ(page.total, 4u);
  for (const auto& h : page.items) EXPECT_EQ(h.entry->procedure.field_code, "HT");
}

TEST(ProcedureSearch, PhraseBeatsScatteredWordsAndPrefixWorks) {
  auto idx = Sample();
  auto page = idx.Search({.text = "khai sinh ket hop"});
  ASSERT_FALSE(page.items.empty());
  EXPECT_EQ(page.items[0].entry->procedure.code, "1.001022");
  auto prefix = idx.Search({.text = "giay phep lai x"});
  EXPECT_EQ(Codes(prefix), std::vector<std::string>{"1.002804"});
  EXPECT_EQ(Codes(idx.Search({.text = "2.000815"})), std::vector<std::string>{"2.000815"});
  EXPECT_TRUE(idx.Search({.text = "khong co gi"}).items.empty());
}

TEST(ProcedureSearch, UnknownWordsAndCodePrefixes) {
  auto idx = Sample();
  EXPECT_EQ(idx.Search({.text = "khai sinh zzzz"}).total, 0u);
  EXPECT_EQ(idx.Search({.text = "!!!"}).total, 0u);
  auto prefix = idx.Search({.text = "1.00"});
  EXPECT_EQ(prefix.total, 5u);  // 1.000001 is retired
  // "ket" prefixes both "kết hôn" and "kết hợp"; the phrase at the start ranks first.
  EXPECT_EQ(Codes(idx.Search({.text = "dang ky ket"})),
            (std::vector<std::string>{"1.000894", "1.001022"}));
  auto retired = idx.Search({.text = "khai sinh", .include_retired = true});
  EXPECT_EQ(retired.total, 4u);
}

TEST(ProcedureSearch, FiltersAndPagination) {
  auto idx = Sample();
  EXPECT_EQ(idx.Search({.online_level = OnlineLevel::kFull}).total, 2u);
  EXPECT_EQ(idx.Search({.level = ProcedureLevel::kProvince}).total, 1u);
  EXPECT_EQ(idx.Search({.agency_code = "000.00.12.H99"}).total, 1u);
  EXPECT_EQ(idx.Search({.field_code = "HT"}).total, 4u);
  EXPECT_EQ(idx.Search({.field_code = "HT", .include_retired = true}).total, 5u);
  auto p1 = idx.Search({.page = 1, .page_size = 4});
  auto p2 = idx.Search({.page = 2, .page_size = 4});
  EXPECT_EQ(p1.total, 7u);
  EXPECT_EQ(p1.items.size(), 4u);
  EXPECT_EQ(p2.items.size(), 3u);
  EXPECT_TRUE(idx.Search({.page = 3, .page_size = 4}).items.empty());
  // Listing is in name order, ignoring tone marks: "Cấp", "Chứng", "Đăng", ...
  EXPECT_EQ(p1.items[0].entry->procedure.code, "1.002804");
  EXPECT_NE(idx.Find("1.001193"), nullptr);
  EXPECT_EQ(idx.Find("9.999999"), nullptr);
}

TEST(CatalogueStats, CountsProceduresInForce) {
  auto idx = Sample();
  auto s = ComputeCatalogueStats(idx.entries());
  EXPECT_EQ(s.total, 7);
  EXPECT_EQ(s.retired, 1);
  EXPECT_EQ(s.online_full, 2);
  EXPECT_EQ(s.online_partial, 1);
  EXPECT_EQ(s.by_agency["000.21.00.H99"], 6);
  EXPECT_EQ(s.by_field["HT"], 4);
  auto fields = ListFields(idx.entries());
  ASSERT_EQ(fields.size(), 4u);
  EXPECT_EQ(fields[0].name, "Chứng thực");
}

}  // namespace
}  // namespace motcua::domain

#include "domain/procedure_search.h"

#include <gtest/gtest.h>

#include "domain/catalogue_stats.h"
#include "domain/search_lexicon.h"

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
  EXPECT_EQ(Codes(upper), Codes(idx.Search({.text = "đăng ký khai sinh"})));
  EXPECT_EQ(upper.items[0].entry->procedure.code, "1.001193");
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
  // Only stop words: nothing is asked, nothing is found.
  EXPECT_TRUE(idx.Search({.text = "khong co gi"}).items.empty());
}

TEST(ProcedureSearch, UnknownWordsAndCodePrefixes) {
  auto idx = Sample();
  // A word the catalogue does not hold no longer hides everything (it used to: every word was
  // required); it is reported as ignored.
  auto unknown = idx.Search({.text = "khai sinh zzzz"});
  EXPECT_EQ(unknown.total, 3u);
  EXPECT_EQ(unknown.ignored, std::vector<std::string>{"zzzz"});
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

namespace motcua::domain {
namespace {

ProcedureIndex Citizens() {
  std::vector<CatalogueEntry> v;
  v.push_back(Entry("1.001193", "Thủ tục đăng ký khai sinh", "HT", "Hộ tịch"));
  v.push_back(Entry("1.000894", "Thủ tục đăng ký kết hôn", "HT", "Hộ tịch"));
  v.push_back(Entry("1.000656", "Thủ tục đăng ký khai tử", "HT", "Hộ tịch"));
  v.push_back(Entry("2.000528", "Thủ tục đăng ký khai sinh có yếu tố nước ngoài", "HT", "Hộ tịch"));
  v.push_back(Entry("9.000001", "Khai thác nước sinh hoạt", "TN", "Tài nguyên nước"));
  v.push_back(Entry("9.000002", "Gia hạn nộp thuế khi nộp trễ hạn", "THUE", "Thuế"));
  v.push_back(Entry("9.000003", "Hỗ trợ trẻ em khuyết tật", "BTXH", "Bảo trợ xã hội"));
  v.push_back(Entry("1.010041", "Xác nhận thông tin về cư trú", "CT", "Đăng ký, quản lý cư trú"));
  v.push_back(Entry("1.014177", "Hưởng trợ cấp mai táng", "BHXH", "Bảo hiểm xã hội"));
  v.push_back(Entry("2.000554", "Ghi vào Sổ hộ tịch việc ly hôn", "HT", "Hộ tịch"));
  return ProcedureIndex(std::move(v));
}

std::string First(const ProcedureIndex& idx, std::string text) {
  auto page = idx.Search({.text = std::move(text)});
  return page.items.empty() ? "" : page.items[0].entry->procedure.code;
}

TEST(ProcedureSearchLinguistics, StopAndQuestionWordsAreDropped) {
  auto idx = Citizens();
  auto page = idx.Search({.text = "cho hỏi thủ tục đăng ký khai sinh ở đâu, bao nhiêu tiền?"});
  ASSERT_FALSE(page.items.empty());
  EXPECT_EQ(page.items[0].entry->procedure.code, "1.001193");
  EXPECT_EQ(page.ignored,
            (std::vector<std::string>{"cho hỏi", "thủ tục", "ở đâu", "bao nhiêu tiền"}));
  EXPECT_EQ(First(idx, "đăng ký kết hôn cần giấy tờ gì"), "1.000894");
  EXPECT_EQ(First(idx, "làm sao để đăng ký khai tử"), "1.000656");
}

TEST(ProcedureSearchLinguistics, MarksTypedCountWhereTheCatalogueHasThem) {
  auto idx = Citizens();
  // "trễ" (late) is not "trẻ" (child), though both fold to "tre".
  EXPECT_EQ(First(idx, "trễ hạn"), "9.000002");
  EXPECT_EQ(First(idx, "trễ"), "9.000002");
  EXPECT_EQ(First(idx, "trẻ"), "9.000003");
  // Without marks both are found.
  auto plain = idx.Search({.text = "tre"});
  EXPECT_EQ(plain.total, 2u);
  // The other-marks hit ranks far below and says so.
  auto marked = idx.Search({.text = "trễ"});
  ASSERT_EQ(marked.items.size(), 2u);
  EXPECT_GT(marked.items[0].score, 3 * marked.items[1].score);
  ASSERT_FALSE(marked.items[1].why.terms.empty());
  EXPECT_TRUE(marked.items[1].why.terms[0].marks_differ);
  EXPECT_FALSE(marked.items[0].why.terms[0].marks_differ);
}

TEST(ProcedureSearchLinguistics, KyAndKiAreOneWord) {
  auto idx = Citizens();
  auto ky = idx.Search({.text = "đăng ký kết hôn"});
  auto ki = idx.Search({.text = "đăng kí kết hôn"});
  EXPECT_EQ(Codes(ki), Codes(ky));
  EXPECT_EQ(First(idx, "dang ki ket hon"), "1.000894");
  EXPECT_EQ(First(idx, "li hôn"), "2.000554");
}

TEST(ProcedureSearchLinguistics, TelexAndVniKeysTypedWithoutTheInputMethod) {
  auto idx = Citizens();
  EXPECT_EQ(First(idx, "dang kys khai sinh"), "1.001193");
  EXPECT_EQ(First(idx, "ddawng kys ket hoon"), "1.000894");
  EXPECT_EQ(First(idx, "dang ky khai sinh2"), "1.001193");
  EXPECT_EQ(First(idx, "d9ang ky1 ke61t ho6n"), "1.000894");
  auto page = idx.Search({.text = "dang kys khai tu73"});
  ASSERT_FALSE(page.items.empty());
  EXPECT_EQ(page.items[0].entry->procedure.code, "1.000656");
  bool told = false;
  for (const auto& t : page.items[0].why.terms) told |= t.typed.find("kys") != std::string::npos;
  EXPECT_TRUE(told) << DescribeMatchVi(page.items[0].why);
  EXPECT_NE(DescribeMatchVi(page.items[0].why).find("bạn gõ “dang kys”"), std::string::npos)
      << DescribeMatchVi(page.items[0].why);
}

TEST(ProcedureSearchLinguistics, AdjacentSyllablesBeatScatteredOnes) {
  auto idx = Citizens();
  // "Khai thác nước sinh hoạt" is shorter and has both words, but not side by side.
  auto page = idx.Search({.text = "khai sinh"});
  ASSERT_GE(page.items.size(), 2u);
  EXPECT_EQ(page.items[0].entry->procedure.code, "1.001193");
  EXPECT_EQ(page.items[1].entry->procedure.code, "2.000528");
  ASSERT_FALSE(page.items[0].why.terms.empty());
  EXPECT_EQ(page.items[0].why.terms[0].term, "khai sinh");
  EXPECT_EQ(page.items[0].why.terms[0].fields, std::vector<std::string>{"name"});
}

TEST(ProcedureSearchLinguistics, SynonymsAndLifeEventsFromTheLexicon) {
  auto lexicon = SearchLexicon::FromJson(R"({
    "stop_words": ["tôi"],
    "synonyms": [{"phrases": ["hộ khẩu", "sổ hộ khẩu"], "means": ["cư trú"]}],
    "life_events": [{"label": "Người thân qua đời", "phrases": ["bố mất"],
                     "means": ["khai tử", "trợ cấp mai táng"]}]})");
  ASSERT_TRUE(lexicon.ok()) << lexicon.status().reason();
  std::vector<CatalogueEntry> entries = Citizens().entries();
  ProcedureIndex idx(entries, *lexicon);
  auto page = idx.Search({.text = "sổ hộ khẩu"});
  ASSERT_FALSE(page.items.empty());
  EXPECT_EQ(page.items[0].entry->procedure.code, "1.010041");
  EXPECT_EQ(page.items[0].why.synonyms, std::vector<std::string>{"sổ hộ khẩu → cư trú"});
  EXPECT_TRUE(page.items[0].why.terms[0].via_synonym);
  EXPECT_NE(DescribeMatchVi(page.items[0].why).find("Đã hiểu: sổ hộ khẩu → cư trú"),
            std::string::npos);

  auto event = idx.Search({.text = "bố mất"});
  std::vector<std::string> codes = Codes(event);
  ASSERT_GE(codes.size(), 2u);
  std::sort(codes.begin(), codes.begin() + 2);
  EXPECT_EQ(codes[0], "1.000656");
  EXPECT_EQ(codes[1], "1.014177");
  EXPECT_EQ(event.items[0].why.life_event, "Người thân qua đời");
  EXPECT_NE(DescribeMatchVi(event.items[0].why).find("Tình huống: Người thân qua đời"),
            std::string::npos);
  // Without the lexicon entry the same words find nothing of the kind.
  auto bare = SearchLexicon::FromJson("{}");
  ProcedureIndex plain(entries, *bare);
  EXPECT_NE(First(plain, "sổ hộ khẩu"), "1.010041");
}

TEST(ProcedureSearchLinguistics, CodeQueryStillComesFirst) {
  auto idx = Citizens();
  auto page = idx.Search({.text = "1.000894"});
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_TRUE(page.items[0].why.code);
  EXPECT_EQ(DescribeMatchVi(page.items[0].why), "Khớp mã thủ tục.");
}

}  // namespace
}  // namespace motcua::domain

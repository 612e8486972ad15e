// The public page of one procedure (/thu-tuc/{code}, issue 14): time limits with their unit and
// fees per channel, per-case limits, legal documents with their numbers, components with
// originals and copies, and "Chưa công bố" wherever nothing was published (a fee of 0 without any
// text is not "Miễn phí").
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>

#include "support/demo_server_test.h"

namespace motcua::testing {
namespace {

namespace json = boost::json;

class ProcedurePageTest : public DemoServerTest {
 protected:
  std::string Page(const std::string& code) {
    auto c = Client();
    auto r = c.Get("/thu-tuc/" + code);
    EXPECT_EQ(r.status, 200) << code;
    return r.body;
  }
  // The text of the first <table class="channels">…</table>.
  static std::string ChannelTable(const std::string& page) {
    size_t at = page.find("<table class=\"channels\">");
    if (at == std::string::npos) return {};
    return page.substr(at, page.find("</table>", at) - at);
  }
};

TEST_F(ProcedurePageTest, FeesAndTimePerChannel) {
  std::string page = Page("1.004222");  // Đăng ký thường trú
  std::string table = ChannelTable(page);
  ASSERT_FALSE(table.empty());
  size_t online = table.find("Trực tuyến"), direct = table.find("Trực tiếp");
  ASSERT_NE(online, std::string::npos);
  ASSERT_NE(direct, std::string::npos);
  // Each channel's row carries its own fee.
  std::string online_row = table.substr(online, table.find("</tr>", online) - online);
  std::string direct_row = table.substr(direct, table.find("</tr>", direct) - direct);
  EXPECT_NE(online_row.find("10.000 đồng"), std::string::npos) << online_row;
  EXPECT_EQ(online_row.find("20.000 đồng"), std::string::npos) << online_row;
  EXPECT_NE(direct_row.find("20.000 đồng"), std::string::npos) << direct_row;
  EXPECT_NE(online_row.find("07 ngày làm việc"), std::string::npos);
  // Legal documents by number; components with originals and copies.
  EXPECT_NE(page.find("<strong>68/2020/QH14</strong>"), std::string::npos);
  EXPECT_NE(page.find("Mẫu CT01 (Thông tư số 53/2025/TT-BCA)"), std::string::npos);
}

TEST_F(ProcedurePageTest, NothingPublishedIsNotFree) {
  std::string table = ChannelTable(Page("1.003197"));  // Xóa đăng ký thường trú
  EXPECT_NE(table.find("Chưa công bố"), std::string::npos) << table;
  EXPECT_EQ(table.find("Miễn phí"), std::string::npos) << table;
  EXPECT_NE(table.find("05 ngày làm việc"), std::string::npos) << table;
  // No limit, no fee, no component published: each says so.
  std::string page = Page("1.014177");
  table = ChannelTable(page);
  EXPECT_NE(table.find("Chưa công bố"), std::string::npos) << table;
  EXPECT_EQ(table.find("ngày làm việc"), std::string::npos) << table;
  size_t components = page.find("<h2>Thành phần hồ sơ</h2>");
  ASSERT_NE(components, std::string::npos);
  std::string section = page.substr(components, page.find("<h2>", components + 4) - components);
  EXPECT_NE(section.find("<p>Chưa công bố</p>"), std::string::npos) << section;
  // A published "Miễn phí" stays free.
  table = ChannelTable(Page("1.001939"));
  EXPECT_NE(table.find("Miễn phí"), std::string::npos) << table;
  EXPECT_NE(table.find("Dịch vụ bưu chính"), std::string::npos) << table;
}

TEST_F(ProcedurePageTest, CasesUnitsAndFeeKindsAsPublished) {
  // A publication with what the national database carries: limits per case in calendar and
  // working days, a fee per page, a fee set by the province, legal documents by number.
  json::object p{{"code", "9.000777"},
                 {"name", "Thủ tục thử nghiệm trang công khai"},
                 {"field_code", "HT"},
                 {"field_name", "Hộ tịch"},
                 {"level", "commune"},
                 {"competent_agency", "Ủy ban nhân dân cấp xã"},
                 {"implementing_agencies", json::array{"000.21.00.H99"}},
                 {"time_limit", json::object{{"unit", "calendar_days"}, {"amount", 2}}},
                 {"case_time_limits", json::array{json::object{{"case_code", "9.000777.01"},
                                                               {"unit", "working_days"},
                                                               {"amount", 5},
                                                               {"description", "Cần xác minh"}},
                                                  json::object{{"case_code", "9.000777.02"},
                                                               {"unit", "calendar_days"},
                                                               {"amount", 1},
                                                               {"description", ""}}}},
                 {"fees", json::array{json::object{{"name", "Phí sao chụp"},
                                                   {"amount", 2000},
                                                   {"per_page", true},
                                                   {"channels", json::array{"in_person"}}},
                                      json::object{{"name", "Lệ phí"},
                                                   {"amount", 0},
                                                   {"set_by_province", true},
                                                   {"description", "Theo Nghị quyết của HĐND tỉnh"},
                                                   {"channels", json::array{"online"}}}}},
                 {"legal_documents",
                  json::array{json::object{{"number", "60/2014/QH13"}, {"title", "Luật Hộ tịch"}}}},
                 {"components", json::array{json::object{{"name", "Tờ khai"},
                                                         {"originals", 1},
                                                         {"template_name", "Mẫu tờ khai"},
                                                         {"template_url", "javascript:alert(1)"}}}},
                 {"result", "Trích lục"},
                 {"applicants", json::array{"citizen"}},
                 {"online_level", "toan_trinh"},
                 {"effective_from", "2025-07-01"},
                 {"workflow", json::array{json::object{{"name", "Tiếp nhận"},
                                                       {"agency", "reception"},
                                                       {"role", "reception_officer"},
                                                       {"quota_hours", 4}},
                                          json::object{{"name", "Giải quyết"},
                                                       {"agency", "competent"},
                                                       {"role", "specialist"},
                                                       {"quota_hours", 8}}}}};
  auto admin = Login("demo.admin");
  auto c = Client();
  auto created = c.PostJson("/api/v1/procedures", json::serialize(p), admin.Bearer());
  ASSERT_EQ(created.status, 201) << created.body;

  std::string page = Page("9.000777");
  std::string table = ChannelTable(page);
  EXPECT_NE(table.find("02 ngày"), std::string::npos) << table;  // calendar days, not working
  EXPECT_EQ(table.find("02 ngày làm việc"), std::string::npos) << table;
  EXPECT_NE(table.find("2.000 đồng/trang"), std::string::npos) << table;
  EXPECT_NE(table.find("Do HĐND tỉnh quy định — Theo Nghị quyết của HĐND tỉnh"), std::string::npos)
      << table;
  size_t cases = page.find("<table class=\"cases\">");
  ASSERT_NE(cases, std::string::npos);
  std::string case_table = page.substr(cases, page.find("</table>", cases) - cases);
  EXPECT_NE(case_table.find("9.000777.01</td><td>05 ngày làm việc</td><td>Cần xác minh"),
            std::string::npos)
      << case_table;
  EXPECT_NE(case_table.find("9.000777.02</td><td>01 ngày</td>"), std::string::npos) << case_table;
  EXPECT_NE(page.find("<strong>60/2014/QH13</strong> — Luật Hộ tịch"), std::string::npos);
  // A form link is only ever a web address: the script URL stays text.
  EXPECT_EQ(page.find("javascript:alert"), std::string::npos);
  EXPECT_NE(page.find("Mẫu tờ khai"), std::string::npos);
}

}  // namespace
}  // namespace motcua::testing

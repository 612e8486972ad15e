// The public page of one procedure (/thu-tuc/{code}, issue 14): time limits with their unit and
// fees per channel, per-case limits, legal documents with their numbers, components with
// originals and copies, and "Chưa công bố" wherever nothing was published (a fee of 0 without any
// text is not "Miễn phí").
#include <gtest/gtest.h>

#include <string>

#include "support/demo_server_test.h"

namespace motcua::testing {
namespace {

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

}  // namespace
}  // namespace motcua::testing

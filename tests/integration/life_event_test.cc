// Life events over real HTTP (issue 14): the JSON API lists the linked groups of Decree 63/2024
// and takes one submission that creates every dossier of the group; the portal's wizard does the
// same without JavaScript, and each dossier page names its siblings. Refused requests write
// nothing.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>

#include "support/demo_server_test.h"
#include "support/form_body.h"

namespace motcua::testing {
namespace {

namespace json = boost::json;

class LifeEventTest : public DemoServerTest {
 protected:
  void SetUp() override { citizen_ = Login("demo.citizen"); }
  int64_t Rows(const std::string& table) { return Count("SELECT COUNT(*) FROM " + table); }

  static std::string Body(const std::string& commune) {
    json::object b{
        {"commune_code", commune},
        {"applicant", json::object{{"type", "citizen"},
                                   {"full_name", "Nguyễn Thị Mẹ"},
                                   {"id_number", "001190012345"},
                                   {"phone", "0912345678"},
                                   {"address", "Tổ 5, phường Đông Thành"}}},
        {"dossiers",
         json::array{json::object{
             {"components", json::array{json::object{{"name", "Tờ khai đăng ký khai sinh"},
                                                     {"originals", 1}}}}}}},
        {"return_method", "online"}};
    return json::serialize(b);
  }

  DemoSession citizen_;
};

TEST_F(LifeEventTest, ListsTheTwoGroupsWithRealProcedureCodes) {
  auto c = Client();
  auto r = c.Get("/api/v1/life-events");
  ASSERT_EQ(r.status, 200) << r.body;
  auto items = json::parse(r.body).at("items").as_array();
  ASSERT_EQ(items.size(), 2u);
  std::vector<std::string> birth, death;
  for (const auto& m : items[0].at("members").as_array())
    birth.emplace_back(m.at("procedure_code").as_string());
  for (const auto& m : items[1].at("members").as_array())
    death.emplace_back(m.at("procedure_code").as_string());
  EXPECT_EQ(birth, (std::vector<std::string>{"1.001193", "1.004222", "1.001939"}));
  EXPECT_EQ(death, (std::vector<std::string>{"1.000656", "1.003197", "1.014177"}));
  // Every member is in the shipped catalogue, under the name the national database gives it.
  EXPECT_EQ(items[0].at("members").as_array()[1].at("procedure").as_string(), "Đăng ký thường trú");
  EXPECT_EQ(items[1].at("members").as_array()[1].at("procedure").as_string(),
            "Xóa đăng ký thường trú");
  EXPECT_EQ(c.Get("/api/v1/life-events/khong-co").status, 404);
}

TEST_F(LifeEventTest, OneSubmissionCreatesThreeLinkedDossiers) {
  auto c = Client();
  const int64_t dossiers = Rows("dossiers"), groups = Rows("life_event_submissions");
  // Cookie session without the CSRF header: refused, nothing written.
  auto forged = c.Send(
      "POST", "/api/v1/life-events/khai-sinh/submissions", Body("000.21.00.H99"),
      {{"Content-Type", "application/json"}, {"Cookie", "motcua_session=" + citizen_.token}});
  ASSERT_TRUE(forged.has_value());
  EXPECT_EQ(forged->status, 403);
  // No commune: 422 naming the field, nothing written.
  auto invalid =
      c.PostJson("/api/v1/life-events/khai-sinh/submissions", Body(""), citizen_.Bearer());
  EXPECT_EQ(invalid.status, 422) << invalid.body;
  EXPECT_EQ(json::parse(invalid.body).at("error").at("field").as_string(), "commune_code");
  EXPECT_EQ(Rows("dossiers"), dossiers);
  EXPECT_EQ(Rows("life_event_submissions"), groups);
  // Staff do not submit life events online.
  auto officer = Login("demo.reception_officer");
  EXPECT_EQ(c.PostJson("/api/v1/life-events/khai-sinh/submissions", Body("000.21.00.H99"),
                       officer.Bearer())
                .status,
            403);

  auto r = c.PostJson("/api/v1/life-events/khai-sinh/submissions", Body("000.21.00.H99"),
                      citizen_.Bearer());
  ASSERT_EQ(r.status, 201) << r.body;
  auto body = json::parse(r.body).as_object();
  const auto& created = body.at("dossiers").as_array();
  ASSERT_EQ(created.size(), 3u);
  EXPECT_EQ(Rows("dossiers"), dossiers + 3);
  EXPECT_EQ(Rows("life_event_submissions"), groups + 1);
  const char* competent[] = {"000.21.00.H99", "000.31.21.H99", "000.00.32.H99"};
  std::set<std::string> codes;
  for (size_t i = 0; i < 3; ++i) {
    std::string code(created[i].at("code").as_string());
    codes.insert(code);
    // Received by the ward's one-stop centre; decided by its own agency.
    EXPECT_TRUE(code.starts_with("000.21.01.H99-")) << code;
    EXPECT_EQ(created[i].at("competent_agency").at("code").as_string(), competent[i]);
  }
  EXPECT_EQ(codes.size(), 3u);
  // Each dossier names its siblings, over the API and on its page.
  std::string second(created[1].at("code").as_string());
  auto view = c.Get("/api/v1/dossiers/" + second, citizen_.Bearer());
  ASSERT_EQ(view.status, 200);
  json::value parsed = json::parse(view.body);
  const auto& group = parsed.at("life_event").as_object();
  EXPECT_EQ(group.at("id").as_string(), "khai-sinh");
  ASSERT_EQ(group.at("dossiers").as_array().size(), 3u);
  auto page = c.Get("/ho-so/" + second, citizen_.Cookie());
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Hồ sơ liên thông cùng sự kiện"), std::string::npos);
  for (const auto& code : codes) EXPECT_NE(page.body.find(code), std::string::npos) << code;
  EXPECT_NE(page.body.find("Công an phường Đông Thành"), std::string::npos);
  // Each with the time limit of its own procedure (received online).
  EXPECT_NE(page.body.find("Thời hạn giải quyết: 07 ngày làm việc"), std::string::npos);
  EXPECT_NE(page.body.find("Thời hạn giải quyết: 05 ngày làm việc"), std::string::npos);
}

TEST_F(LifeEventTest, ThePortalWizardWorksWithoutScript) {
  auto c = Client();
  auto anonymous = c.Get("/su-kien/khai-sinh");
  ASSERT_EQ(anonymous.status, 200);
  EXPECT_NE(anonymous.body.find("1.004222"), std::string::npos);
  EXPECT_EQ(anonymous.body.find("<form method=\"post\""), std::string::npos);
  auto form = c.Get("/su-kien/khai-sinh", citizen_.Cookie());
  ASSERT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("name=\"m2_c0\""), std::string::npos);
  EXPECT_NE(form.body.find("<option value=\"000.22.00.H99\">"), std::string::npos);

  const int64_t dossiers = Rows("dossiers");
  auto post = [&](const std::string& commune, const std::string& csrf) {
    auto r = c.Send(
        "POST", "/su-kien/khai-tu",
        FormBody({{"csrf_token", csrf},
                  {"full_name", "Trần Văn Con"},
                  {"id_number", "001085012345"},
                  {"phone", "0987654321"},
                  {"commune_code", commune},
                  {"m0_c0", "1"},
                  {"m1_c0", "1"},
                  {"return_method", "counter"},
                  {"confirm", "1"}}),
        {{"Content-Type", kFormContentType}, {"Cookie", "motcua_session=" + citizen_.token}});
    EXPECT_TRUE(r.has_value());
    return r.value_or(HttpResponse{});
  };
  EXPECT_EQ(post("000.22.00.H99", "sai").status, 403);
  auto no_commune = post("", citizen_.csrf);
  EXPECT_EQ(no_commune.status, 422);
  EXPECT_NE(no_commune.body.find("Chọn xã, phường, đặc khu nơi đăng ký."), std::string::npos);
  EXPECT_EQ(Rows("dossiers"), dossiers);
  auto ok = post("000.22.00.H99", citizen_.csrf);
  ASSERT_EQ(ok.status, 303) << ok.body;
  EXPECT_EQ(Rows("dossiers"), dossiers + 3);
  auto where = ok.headers.find("location");
  ASSERT_NE(where, ok.headers.end());
  EXPECT_NE(where->second.find("/ho-so/000.22.01.H99-"), std::string::npos) << where->second;
  auto page = c.Get(where->second, citizen_.Cookie());
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Công an xã Tân Lập"), std::string::npos);
  EXPECT_NE(page.body.find("Hưởng trợ cấp mai táng"), std::string::npos);
  // The funeral allowance's limit is not published: no due date is invented for it.
  EXPECT_NE(page.body.find("Thời hạn giải quyết: Chưa công bố"), std::string::npos);
}

}  // namespace
}  // namespace motcua::testing

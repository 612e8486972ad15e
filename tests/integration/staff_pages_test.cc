// The staff screens over real HTTP on the demo organisation: the work queues (/xu-ly) and the
// counter (/quay) in both languages, and the administration of a centre's counters (POST forms
// with the session's CSRF token), whose changes the workload report shows at once.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "support/demo_server_test.h"
#include "support/form_body.h"
#include "support/http_client.h"
#include "support/test_server.h"

namespace motcua::testing {
namespace {

namespace json = boost::json;
using Headers = std::map<std::string, std::string>;

constexpr const char* kCentre = "000.00.01.H99";

bool Has(const std::string& body, const std::string& text) {
  return body.find(text) != std::string::npos;
}

class StaffPagesTest : public DemoServerTest {
 protected:
  using Session = DemoSession;
  HttpResponse PostForm(const Session& who, const std::string& path,
                        std::initializer_list<FormField> fields, const std::string& lang = "") {
    auto c = Client();
    Headers h = who.Cookie(lang);
    h["Content-Type"] = kFormContentType;
    auto r = c.Send("POST", path, FormBody(fields), h);
    EXPECT_TRUE(r.has_value());
    return r ? *r : HttpResponse{};
  }
  // The counters the workload report lists for the centre: number -> "name|fields".
  std::map<int64_t, std::string> CurrentCounters(const Session& who) {
    auto c = Client();
    auto r = c.Get(
        "/api/v1/reports/workload?from=2026-01-01&to=2026-01-31&agency=" + std::string(kCentre),
        who.Bearer());
    EXPECT_EQ(r.status, 200) << r.body;
    std::map<int64_t, std::string> out;
    if (r.status != 200) return out;
    json::value doc = json::parse(r.body);
    for (const auto& k : doc.at("current_counters").as_array()) {
      std::string fields;
      for (const auto& f : k.at("fields").as_array()) {
        if (!fields.empty()) fields += ",";
        fields += f.is_string() ? std::string(f.as_string()) : json::serialize(f);
      }
      out[k.at("number").as_int64()] = std::string(k.at("name").as_string()) + "|" + fields;
    }
    return out;
  }
};

TEST_F(StaffPagesTest, QueueShowsStatesAndTimeInThePagesLanguage) {
  auto officer = Login("demo.reception_officer");
  auto c = Client();
  json::object body{{"procedure_code", "2.000488"},
                    {"channel", "counter"},
                    {"applicant", json::object{{"type", "citizen"},
                                               {"full_name", "Nguyễn Văn An"},
                                               {"id_number", "001090012345"},
                                               {"phone", "0912345678"},
                                               {"address", "Số 7 phố Tràng Tiền"}}},
                    {"components", json::array{json::object{
                                       {"name", "Tờ khai"}, {"originals", 1}, {"copies", 0}}}}};
  auto created = c.PostJson("/api/v1/dossiers", json::serialize(body), officer.Bearer());
  ASSERT_EQ(created.status, 201) << created.body;
  std::string code(json::parse(created.body).at("code").as_string());

  // A dossier just received waits in the officer's "to receive" queue (to be forwarded).
  auto en = c.Get("/xu-ly?hang-doi=to_receive&lang=en", officer.Cookie());
  ASSERT_EQ(en.status, 200) << en.body;
  ASSERT_TRUE(Has(en.body, code)) << en.body;
  std::string row = en.body.substr(en.body.find(code));
  row = row.substr(0, row.find("</tr>"));
  EXPECT_TRUE(Has(row, "<td>Received</td>")) << row;
  EXPECT_TRUE(Has(row, " left<") || Has(row, "Overdue by ")) << row;
  EXPECT_FALSE(Has(row, "Đã tiếp nhận")) << row;
  EXPECT_FALSE(Has(row, "Còn ")) << row;
  EXPECT_FALSE(Has(row, " giờ ")) << row;

  // Vietnamese stays the default.
  auto vi = c.Get("/xu-ly?hang-doi=to_receive", officer.Cookie());
  ASSERT_EQ(vi.status, 200);
  row = vi.body.substr(vi.body.find(code));
  row = row.substr(0, row.find("</tr>"));
  EXPECT_TRUE(Has(row, "<td>Đã tiếp nhận</td>")) << row;
  EXPECT_TRUE(Has(row, "Còn ") || Has(row, "Quá hạn ")) << row;
}

TEST_F(StaffPagesTest, CounterShowsTimeLimitAndResultTextsInThePagesLanguage) {
  auto officer = Login("demo.reception_officer");
  auto c = Client();
  auto en = c.Get("/quay?thu-tuc=2.000488&lang=en", officer.Cookie());
  ASSERT_EQ(en.status, 200) << en.body;
  EXPECT_TRUE(Has(en.body, "working days") || Has(en.body, "working hours") ||
              Has(en.body, "Within the working day"))
      << en.body;
  EXPECT_FALSE(Has(en.body, "ngày làm việc"));
  EXPECT_FALSE(Has(en.body, "giờ làm việc"));
  // counter.js reads the texts of the result box and the state names from the form.
  EXPECT_TRUE(Has(en.body, "data-l-due=\"Result due\"")) << en.body;
  EXPECT_TRUE(Has(en.body, "&quot;received&quot;:&quot;Received&quot;")) << en.body;

  auto vi = c.Get("/quay?thu-tuc=2.000488", officer.Cookie());
  ASSERT_EQ(vi.status, 200);
  EXPECT_TRUE(Has(vi.body, "làm việc")) << vi.body;
  EXPECT_TRUE(Has(vi.body, "data-l-due=\"Hẹn trả kết quả\""));
  EXPECT_TRUE(Has(vi.body, "&quot;received&quot;:&quot;Đã tiếp nhận&quot;"));
}

TEST_F(StaffPagesTest, AdminManagesTheCentresCountersAndTheWorkloadFollows) {
  auto admin = Login("demo.admin");
  auto monitor = Login("demo.monitor");
  const std::string base = "/quan-tri/co-quan/" + std::string(kCentre) + "/quay";
  auto before = CurrentCounters(monitor);
  ASSERT_FALSE(before.empty());
  ASSERT_EQ(before.count(7), 0u);

  // Added: on the centre's page and in the workload report's current counters.
  auto added = PostForm(admin, base,
                        {{"csrf_token", admin.csrf},
                         {"number", "7"},
                         {"name", "Quầy 7 — Thử nghiệm"},
                         {"fields", "HT"},
                         {"fields", "DKKD"}});
  ASSERT_EQ(added.status, 303) << added.body;
  auto c = Client();
  auto page = c.Get("/quan-tri/co-quan/" + std::string(kCentre), admin.Cookie());
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(Has(page.body, "id=\"quay-7\"")) << page.body;
  EXPECT_TRUE(Has(page.body, "Quầy 7 — Thử nghiệm"));
  EXPECT_EQ(CurrentCounters(monitor)[7], "Quầy 7 — Thử nghiệm|HT,DKKD");

  // A second counter 7 is refused beside the number, in English for an English page.
  auto dup =
      PostForm(admin, base, {{"csrf_token", admin.csrf}, {"number", "7"}, {"name", "Trùng"}}, "en");
  EXPECT_EQ(dup.status, 409) << dup.body;
  EXPECT_TRUE(Has(dup.body, "for=\"kn-number\">Counter number <span class=\"field-error\">"))
      << dup.body;
  EXPECT_TRUE(Has(dup.body, "value=\"Trùng\""));  // what the admin typed is kept

  // Changed: name and fields.
  auto changed =
      PostForm(admin, base + "/7",
               {{"csrf_token", admin.csrf}, {"name", "Quầy 7 — Lao động"}, {"fields", "LD"}});
  ASSERT_EQ(changed.status, 303) << changed.body;
  EXPECT_EQ(CurrentCounters(monitor)[7], "Quầy 7 — Lao động|LD");
  // An empty name is refused beside the counter's own name field; nothing changes.
  auto bad = PostForm(admin, base + "/7", {{"csrf_token", admin.csrf}, {"name", " "}});
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_TRUE(Has(bad.body, "for=\"k7-name\">Tên")) << bad.body;
  EXPECT_TRUE(Has(bad.body, "for=\"k7-name\">Tên <span class=\"field-error\">")) << bad.body;
  EXPECT_EQ(CurrentCounters(monitor)[7], "Quầy 7 — Lao động|LD");

  // Without the CSRF token, or not as an admin: refused, nothing written.
  EXPECT_EQ(PostForm(admin, base + "/7/trang-thai", {{"active", "0"}}).status, 403);
  auto leader = Login("demo.leader");
  EXPECT_EQ(PostForm(leader, base + "/7/trang-thai", {{"csrf_token", leader.csrf}, {"active", "0"}})
                .status,
            403);
  EXPECT_EQ(CurrentCounters(monitor).count(7), 1u);

  // Deactivated: gone from the current counters, still listed (inactive) for the admin.
  auto off = PostForm(admin, base + "/7/trang-thai", {{"csrf_token", admin.csrf}, {"active", "0"}});
  ASSERT_EQ(off.status, 303) << off.body;
  EXPECT_EQ(CurrentCounters(monitor).count(7), 0u);
  EXPECT_EQ(CurrentCounters(monitor).size(), before.size());
  page = c.Get("/quan-tri/co-quan/" + std::string(kCentre), admin.Cookie());
  EXPECT_TRUE(Has(page.body, "class=\"counter-item inactive\""));
  auto on = PostForm(admin, base + "/7/trang-thai", {{"csrf_token", admin.csrf}, {"active", "1"}});
  ASSERT_EQ(on.status, 303) << on.body;
  EXPECT_EQ(CurrentCounters(monitor).count(7), 1u);
  // An unknown counter.
  EXPECT_EQ(PostForm(admin, base + "/99", {{"csrf_token", admin.csrf}, {"name", "X"}}).status, 404);
}

}  // namespace
}  // namespace motcua::testing

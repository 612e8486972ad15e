// The administration form of a procedure over real HTTP (POST /quan-tri/thu-tuc/{code} with the
// session's CSRF token): adding and removing workflow steps and component documents saves a
// new version; an invalid workflow is refused with 422, the message beside the row the admin
// typed, in the page's language, and no version is written.
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
#include "web/site.h"

namespace motcua::testing {
namespace {

namespace json = boost::json;
using Headers = std::map<std::string, std::string>;
using Fields = std::vector<std::pair<std::string, std::string>>;

// 10 working days; quotas 4, 4, 38, 18, 12, 4 (80 hours); two components, one fee.
constexpr const char* kRecord = "2.000488";
// Same day; four 1-hour steps; two components.
constexpr const char* kBirth = "1.001193";

bool Has(const std::string& body, const std::string& text) {
  return body.find(text) != std::string::npos;
}

// The text between `name="<name>"` and the end of that element's `value="..."`.
std::string InputValue(const std::string& html, const std::string& name) {
  size_t at = html.find("name=\"" + name + "\"");
  if (at == std::string::npos) return "";
  size_t v = html.find("value=\"", at);
  if (v == std::string::npos) return "";
  v += 7;
  return html.substr(v, html.find('"', v) - v);
}

// The label element for `id` with its contents, for checking the error shown beside a field.
std::string LabelFor(const std::string& html, const std::string& id) {
  size_t at = html.find("<label for=\"" + id + "\"");
  if (at == std::string::npos) return "";
  return html.substr(at, html.find("</label>", at) - at);
}

void Set(Fields& f, const std::string& name, const std::string& value) {
  for (auto& [k, v] : f) {
    if (k == name) {
      v = value;
      return;
    }
  }
  f.emplace_back(name, value);
}

// Takes `hours` off the step with the largest quota, so that a new step of `hours` keeps the
// total equal to the time limit. Returns that step's index.
size_t MakeRoom(Fields& f, const json::object& procedure, int64_t hours) {
  const auto& steps = procedure.at("workflow").as_array();
  size_t widest = 0;
  for (size_t i = 1; i < steps.size(); ++i) {
    if (steps[i].at("quota_hours").as_int64() > steps[widest].at("quota_hours").as_int64())
      widest = i;
  }
  Set(f, "quota_" + std::to_string(widest),
      std::to_string(steps[widest].at("quota_hours").as_int64() - hours));
  return widest;
}

class AdminPagesTest : public DemoServerTest {
 protected:
  using Session = DemoSession;

  json::object Procedure(const std::string& code) {
    auto r = Client().Get("/api/v1/procedures/" + code);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? json::parse(r.body).as_object() : json::object{};
  }

  // The form as the edit page fills it for the current version: every field unchanged, the
  // effective day the page proposes, the session's token; no step or component touched.
  Fields CurrentForm(const Session& admin, const std::string& code) {
    auto page = Client().Get("/quan-tri/thu-tuc/" + code, admin.Cookie());
    EXPECT_EQ(page.status, 200) << page.body;
    json::object p = Procedure(code);
    Fields f{{"csrf_token", admin.csrf},
             {"name", std::string(p.at("name").as_string())},
             {"online_level", std::string(p.at("online_level").as_string())},
             {"time_unit", std::string(p.at("time_limit").at("unit").as_string())},
             {"time_amount", std::to_string(p.at("time_limit").at("amount").as_int64())},
             {"effective_from", InputValue(page.body, "effective_from")}};
    if (p.at("postal_submission").as_bool()) f.emplace_back("postal_submission", "1");
    if (p.at("postal_return").as_bool()) f.emplace_back("postal_return", "1");
    const auto& steps = p.at("workflow").as_array();
    for (size_t i = 0; i < steps.size(); ++i)
      f.emplace_back("quota_" + std::to_string(i),
                     std::to_string(steps[i].at("quota_hours").as_int64()));
    const auto& fees = p.at("fees").as_array();
    for (size_t i = 0; i < fees.size(); ++i)
      f.emplace_back("fee_" + std::to_string(i), std::to_string(fees[i].at("amount").as_int64()));
    // The new rows as the page leaves them when unused.
    for (const char* j : {"0", "1"}) {
      f.emplace_back(std::string("new_step_name_") + j, "");
      f.emplace_back(std::string("new_step_agency_") + j, "competent");
      f.emplace_back(std::string("new_step_role_") + j, "specialist");
      f.emplace_back(std::string("new_step_quota_") + j, "");
      f.emplace_back(std::string("new_component_name_") + j, "");
      f.emplace_back(std::string("new_component_originals_") + j, "1");
      f.emplace_back(std::string("new_component_copies_") + j, "0");
      f.emplace_back(std::string("new_component_required_") + j, "1");
    }
    return f;
  }

  HttpResponse Post(const Session& who, const std::string& code, const Fields& f,
                    const std::string& lang = "") {
    Headers h = who.Cookie(lang);
    h["Content-Type"] = "application/x-www-form-urlencoded";
    auto r = Client().Send("POST", "/quan-tri/thu-tuc/" + code, FormBody(f), h);
    EXPECT_TRUE(r.has_value());
    return r ? *r : HttpResponse{};
  }

  // Posts a form that must be refused with `status`; the procedure keeps its version.
  HttpResponse ExpectRefused(const Session& who, const std::string& code, const Fields& f,
                             int status, const std::string& lang = "") {
    int64_t version = Procedure(code).at("version").as_int64();
    auto r = Post(who, code, f, lang);
    EXPECT_EQ(r.status, status) << r.body.substr(0, 2000);
    EXPECT_EQ(Procedure(code).at("version").as_int64(), version) << "no new version";
    return r;
  }
};

TEST_F(AdminPagesTest, AddsAStepWhereTheAdminPutsIt) {
  auto admin = Login("demo.admin");
  json::object before = Procedure(kRecord);
  Fields f = CurrentForm(admin, kRecord);
  // A field visit after the check of records (step 4), its 8 hours taken from the appraisal.
  ASSERT_EQ(MakeRoom(f, before, 8), 2u);
  Set(f, "new_step_name_0", "Xác minh thực địa");
  Set(f, "new_step_agency_0", "competent");
  Set(f, "new_step_role_0", "specialist");
  Set(f, "new_step_quota_0", "8");
  Set(f, "new_step_after_0", "4");
  auto r = Post(admin, kRecord, f);
  ASSERT_EQ(r.status, 303) << r.body.substr(0, 2000);
  EXPECT_EQ(r.Header("location").value_or(""),
            std::string("/quan-tri/thu-tuc/") + kRecord + "?da-luu=1");

  json::object after = Procedure(kRecord);
  EXPECT_EQ(after.at("version").as_int64(), before.at("version").as_int64() + 1);
  const auto& old_steps = before.at("workflow").as_array();
  const auto& steps = after.at("workflow").as_array();
  ASSERT_EQ(steps.size(), old_steps.size() + 1);
  for (size_t i = 0; i < 4; ++i) EXPECT_EQ(steps[i].at("name"), old_steps[i].at("name")) << i;
  EXPECT_EQ(steps[2].at("quota_hours").as_int64(), old_steps[2].at("quota_hours").as_int64() - 8);
  EXPECT_EQ(steps[4].at("name").as_string(), "Xác minh thực địa");
  EXPECT_EQ(steps[4].at("agency").as_string(), "competent");
  EXPECT_EQ(steps[4].at("role").as_string(), "specialist");
  EXPECT_EQ(steps[4].at("quota_hours").as_int64(), 8);
  EXPECT_EQ(steps[5].at("name"), old_steps[4].at("name"));
  EXPECT_EQ(steps[6].at("name"), old_steps[5].at("name"));
  // The rest of the publication is as it was.
  EXPECT_EQ(after.at("components"), before.at("components"));
  EXPECT_EQ(after.at("fees"), before.at("fees"));

  // The edit page now lists the step among the current ones.
  auto page = Client().Get("/quan-tri/thu-tuc/" + std::string(kRecord), admin.Cookie());
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(Has(LabelFor(page.body, "p-q-4"), "Bước 5: Xác minh thực địa")) << page.body;
  EXPECT_TRUE(Has(page.body, "name=\"remove_step_6\""));
}

TEST_F(AdminPagesTest, RemovesOneComponentAndAddsAnother) {
  auto admin = Login("demo.admin");
  json::object before = Procedure(kBirth);
  const auto& old = before.at("components").as_array();
  ASSERT_EQ(old.size(), 2u);
  Fields f = CurrentForm(admin, kBirth);
  f.emplace_back("remove_component_0", "1");
  Set(f, "new_component_name_1", "Giấy chứng sinh");
  Set(f, "new_component_originals_1", "1");
  Set(f, "new_component_copies_1", "2");
  Set(f, "new_component_required_1", "");
  auto r = Post(admin, kBirth, f);
  ASSERT_EQ(r.status, 303) << r.body.substr(0, 2000);

  json::object after = Procedure(kBirth);
  EXPECT_EQ(after.at("version").as_int64(), before.at("version").as_int64() + 1);
  const auto& comps = after.at("components").as_array();
  ASSERT_EQ(comps.size(), 2u);
  EXPECT_EQ(comps[0], old[1]);
  EXPECT_EQ(comps[1].at("name").as_string(), "Giấy chứng sinh");
  EXPECT_EQ(comps[1].at("originals").as_int64(), 1);
  EXPECT_EQ(comps[1].at("copies").as_int64(), 2);
  EXPECT_FALSE(comps[1].at("required").as_bool());
  EXPECT_EQ(after.at("workflow"), before.at("workflow"));

  // The public page of the procedure shows the new list.
  auto pub = Client().Get("/thu-tuc/" + std::string(kBirth));
  ASSERT_EQ(pub.status, 200);
  EXPECT_TRUE(Has(pub.body, "Giấy chứng sinh"));
  EXPECT_FALSE(Has(pub.body, std::string(old[0].at("name").as_string())));
}

TEST_F(AdminPagesTest, AStepAddedWithoutAdjustingQuotasIsRefusedAndKeptInTheForm) {
  auto admin = Login("demo.admin");
  Fields f = CurrentForm(admin, kRecord);
  Set(f, "new_step_name_1", "Lấy ý kiến cơ quan liên quan");
  Set(f, "new_step_quota_1", "16");
  auto r = ExpectRefused(admin, kRecord, f, 422);
  EXPECT_TRUE(Has(r.body, "phải bằng thời hạn giải quyết")) << r.body;
  EXPECT_TRUE(Has(r.body, "role=\"alert\""));
  // What the admin typed is still there, to correct the quotas and save again.
  EXPECT_EQ(InputValue(r.body, "new_step_name_1"), "Lấy ý kiến cơ quan liên quan");
  EXPECT_EQ(InputValue(r.body, "new_step_quota_1"), "16");

  // In English, the same refusal in English.
  r = ExpectRefused(admin, kRecord, f, 422, "en");
  EXPECT_TRUE(Has(r.body, "The workflow quotas add up to")) << r.body;
}

TEST_F(AdminPagesTest, ErrorsAreShownBesideTheRowTheAdminTyped) {
  auto admin = Login("demo.admin");
  // Step 1 removed and step 3's quota emptied to 0: validation names the second step of the
  // version it would save, which is the form's third row.
  Fields f = CurrentForm(admin, kRecord);
  f.emplace_back("remove_step_0", "1");
  Set(f, "quota_2", "0");
  auto r = ExpectRefused(admin, kRecord, f, 422);
  EXPECT_TRUE(Has(LabelFor(r.body, "p-q-2"), "field-error")) << LabelFor(r.body, "p-q-2");
  EXPECT_FALSE(Has(LabelFor(r.body, "p-q-1"), "field-error"));
  EXPECT_TRUE(Has(r.body, "id=\"p-rm-0\" name=\"remove_step_0\" value=\"1\" checked"));

  // A new step with a role that cannot act: beside that row's role.
  f = CurrentForm(admin, kRecord);
  MakeRoom(f, Procedure(kRecord), 8);
  Set(f, "new_step_name_0", "Bước thử");
  Set(f, "new_step_quota_0", "8");
  Set(f, "new_step_role_0", "citizen");
  r = ExpectRefused(admin, kRecord, f, 422);
  std::string role = LabelFor(r.body, "p-ns-role-0");
  EXPECT_TRUE(Has(role, "field-error") && Has(role, "citizen") && Has(role, "không hợp lệ"))
      << role;

  // A new step naming an agency that does not exist.
  Set(f, "new_step_role_0", "specialist");
  Set(f, "new_step_agency_0", "000.99.99.H99");
  r = ExpectRefused(admin, kRecord, f, 422);
  EXPECT_TRUE(Has(LabelFor(r.body, "p-ns-agency-0"), "000.99.99.H99"))
      << LabelFor(r.body, "p-ns-agency-0");

  // A quota without a name.
  f = CurrentForm(admin, kRecord);
  Set(f, "new_step_quota_1", "4");
  r = ExpectRefused(admin, kRecord, f, 422);
  EXPECT_TRUE(Has(LabelFor(r.body, "p-ns-name-1"), "field-error"));

  // A component with a count that is not a number.
  f = CurrentForm(admin, kBirth);
  Set(f, "new_component_name_0", "Giấy tờ thử");
  Set(f, "new_component_originals_0", "hai");
  r = ExpectRefused(admin, kBirth, f, 422);
  EXPECT_TRUE(Has(LabelFor(r.body, "p-nc-orig-0"), "field-error"));
  EXPECT_EQ(InputValue(r.body, "new_component_name_0"), "Giấy tờ thử");
}

TEST_F(AdminPagesTest, AWorkflowWithNoStepLeftIsRefused) {
  auto admin = Login("demo.admin");
  Fields f = CurrentForm(admin, kBirth);
  size_t steps = Procedure(kBirth).at("workflow").as_array().size();
  for (size_t i = 0; i < steps; ++i) f.emplace_back("remove_step_" + std::to_string(i), "1");
  auto r = ExpectRefused(admin, kBirth, f, 422);
  EXPECT_TRUE(Has(r.body, "Thiếu quy trình nội bộ (ít nhất một bước)")) << r.body;
}

TEST_F(AdminPagesTest, OnlyAdminsWithTheFormTokenMayChangeAProcedure) {
  auto admin = Login("demo.admin");
  Fields f = CurrentForm(admin, kBirth);
  f.emplace_back("remove_component_1", "1");
  Fields no_token = f;
  Set(no_token, "csrf_token", "");
  ExpectRefused(admin, kBirth, no_token, 403);
  Set(no_token, "csrf_token", admin.csrf + "x");
  ExpectRefused(admin, kBirth, no_token, 403);
  auto leader = Login("demo.leader");
  Fields theirs = f;
  Set(theirs, "csrf_token", leader.csrf);
  ExpectRefused(leader, kBirth, theirs, 403);
}

}  // namespace
}  // namespace motcua::testing

// The authorisation matrix (issue 15): every registered route, JSON API and web page, called by
// every role, on an object in the caller's scope and on one outside it, against a real server.
// The route list comes from the server itself (`motcua serve --routes`, the ApiRouter's and the
// page router's tables), so a route added without an entry below fails
// EveryRegisteredRouteHasAMatrixEntry.
//
// The organisation: the callers' agencies are UBND phường Đông Thành (000.21.00.H99) and its
// one-stop centre (000.21.01.H99); "other" objects belong to xã Tân Lập (000.22.00.H99, centre
// 000.22.01.H99), which no caller covers. The citizen's own dossier is at Đông Thành; the other
// dossier belongs to a second citizen at Tân Lập, so one "other" object is both another agency's
// (for staff) and another citizen's (for citizens).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "support/demo_server_test.h"
#include "support/run_cli.h"

namespace motcua::testing {
namespace {

namespace json = boost::json;

// The callers, in the order of the expectation strings below.
enum Caller { kAnonymous, kCitizen, kReception, kSpecialist, kLeader, kMonitor, kAdmin, kCallers };
constexpr const char* kCallerNames[kCallers] = {
    "anonymous", "citizen", "reception_officer", "specialist", "leader", "monitor", "admin"};
// Accounts made in SetUpTestSuite (the demo ones sit at the province or its departments).
constexpr const char* kUsernames[kCallers] = {
    "", "demo.citizen", "mt.tiepnhan", "mt.chuyenvien", "mt.lanhdao", "mt.giamsat", "mt.quantri"};

constexpr const char* kOwnCommune = "000.21.00.H99";
constexpr const char* kOwnCentre = "000.21.01.H99";
constexpr const char* kOtherCommune = "000.22.00.H99";
constexpr const char* kOtherCentre = "000.22.01.H99";

// One character per caller (anonymous, citizen, reception_officer, specialist, leader, monitor,
// admin):
//   y  served: the request passed authentication and authorisation (2xx, 3xx other than a
//      redirect to the log-in page, or a 4xx about the request itself: 400, 409, 415, 422)
//   u  not logged in: 401 from the API, a redirect to /dang-nhap from a page
//   f  403
//   d  out of scope: 403 or 404 (either is right for an object the caller may not see)
struct Rule {
  const char* route;  // "METHOD pattern" exactly as registered
  const char* own;    // target in the callers' scope (placeholders: see Expand)
  const char* own_expect;
  const char* other = nullptr;  // target outside it; nullptr when the route has no object
  const char* other_expect = nullptr;
  const char* body = "";        // JSON (API) or form fields (pages; csrf_token is added)
  const char* other_body = "";  // body for `other`, when it differs
  bool fresh_session = false;   // the call ends its session (log-out): use a throwaway one
};

// A procedure only Đông Thành (or Tân Lập) implements: a sub-agency admin's own (decision 0011).
std::string ProcedureJson(const std::string& code, const std::string& commune,
                          const std::string& note = "") {
  json::object p{
      {"code", code},
      {"name", "Thủ tục kiểm thử phân quyền " + code},
      {"field_code", "HT"},
      {"field_name", "Hộ tịch"},
      {"level", "commune"},
      {"competent_agency", "Ủy ban nhân dân " + commune},
      {"competent_agency_code", commune},
      {"implementing_agencies", json::array{json::value(commune)}},
      {"time_limit", {{"unit", "working_days"}, {"amount", 1}}},
      {"components", json::array{{{"name", "Tờ khai"}, {"originals", 1}, {"copies", 0}}}},
      {"result", "Giấy xác nhận"},
      {"legal_bases", json::array{"Luật Hộ tịch số 60/2014/QH13"}},
      {"applicants", json::array{"citizen"}},
      {"online_level", "toan_trinh"},
      {"postal_submission", true},
      {"postal_return", true},
      {"effective_from", "2020-01-01"},
      {"note", note},
      {"workflow",
       json::array{
           {{"name", "Tiếp nhận"},
            {"agency", "reception"},
            {"role", "reception_officer"},
            {"quota_hours", 2}},
           {{"name", "Thẩm định"},
            {"agency", "competent"},
            {"role", "specialist"},
            {"quota_hours", 4}},
           {{"name", "Phê duyệt"}, {"agency", "competent"}, {"role", "leader"}, {"quota_hours", 1}},
           {{"name", "Trả kết quả"},
            {"agency", "reception"},
            {"role", "reception_officer"},
            {"quota_hours", 1}}}}};
  return json::serialize(p);
}

json::object ApplicantJson(const std::string& id_number, const std::string& name) {
  return {{"type", "citizen"},
          {"full_name", name},
          {"id_number", id_number},
          {"phone", "0912345678"},
          {"address", "Số 7 phố Tràng Tiền"}};
}

constexpr const char* kFormToken = "matrixmatrixmatrixmatrix";
constexpr const char* kOwnIdNumber = "001090011111";
constexpr const char* kOtherIdNumber = "001090022222";

// The matrix of the JSON API. Placeholders: $OWN_DOSSIER / $OTHER_DOSSIER (dossier codes),
// $OWN_FILE / $OTHER_FILE (attachment ids in them), $OWN_COMPLAINT / $OTHER_COMPLAINT,
// $OWN_COMPLAINT2 (for answers), $N (a number unique to the call), $DAY (a day unique to the
// call), $OWN_PROCEDURE / $OTHER_PROCEDURE (procedure JSON with a note unique to the call),
// $NEW_OWN_PROCEDURE / $NEW_OTHER_PROCEDURE (with a new code).
const std::vector<Rule>& ApiRules() {
  static const std::vector<Rule> rules = {
      {"GET /healthz", "/healthz", "yyyyyyy"},
      {"GET /readyz", "/readyz", "yyyyyyy"},
      {"GET /api/openapi.json", "/api/openapi.json", "yyyyyyy"},
      // Identity.
      // The SMS gateway's webhook: only a body signed with --sms-key is answered (the matrix
      // server has none), whoever calls.
      {"POST /api/v1/sms/inbound", "/api/v1/sms/inbound", "fffffff", nullptr, nullptr,
       R"({"phone":"84912345678","message":"MC 000.21.01.H99-250101-0001"})"},
      {"POST /api/v1/auth/login", "/api/v1/auth/login", "yyyyyyy", nullptr, nullptr,
       R"({"username":"demo.citizen","password":"motcua-demo"})"},
      {"POST /api/v1/auth/logout", "/api/v1/auth/logout", "uyyyyyy", nullptr, nullptr, "{}", "",
       true},
      {"GET /api/v1/auth/me", "/api/v1/auth/me", "uyyyyyy"},
      {"POST /api/v1/auth/register", "/api/v1/auth/register", "yyyyyyy", nullptr, nullptr,
       R"({"username":"mt.dangky$N","full_name":"Người đăng ký $N","password":"motcua-demo"})"},
      {"POST /api/v1/users", "/api/v1/users", "ufffffy", "/api/v1/users", "ufffffd",
       R"({"username":"mt.canbo$N","full_name":"Cán bộ $N","role":"specialist",
           "password":"motcua-demo","agency_code":"000.21.00.H99"})",
       R"({"username":"mt.canbo$N","full_name":"Cán bộ $N","role":"specialist",
           "password":"motcua-demo","agency_code":"000.22.00.H99"})"},
      {"GET /api/v1/audit", "/api/v1/audit", "ufffffy"},
      // Organisation.
      {"GET /api/v1/agencies", "/api/v1/agencies", "yyyyyyy"},
      {"GET /api/v1/agencies/{code}", "/api/v1/agencies/000.21.01.H99", "yyyyyyy"},
      {"POST /api/v1/agencies", "/api/v1/agencies", "ufffffy", "/api/v1/agencies", "ufffffd",
       R"({"code":"000.21.A$N.H99","name":"Bộ phận thử $N","type":"department",
           "parent_code":"000.21.00.H99"})",
       R"({"code":"000.22.A$N.H99","name":"Bộ phận thử $N","type":"department",
           "parent_code":"000.22.00.H99"})"},
      {"PATCH /api/v1/agencies/{code}", "/api/v1/agencies/000.21.01.H99", "ufffffy",
       "/api/v1/agencies/000.22.01.H99", "ufffffd", R"({"address":"Số $N đường Thử"})"},
      {"GET /api/v1/agencies/{code}/users", "/api/v1/agencies/000.21.01.H99/users", "ufffyyy",
       "/api/v1/agencies/000.22.01.H99/users", "ufffddd"},
      {"GET /api/v1/agencies/{code}/counters", "/api/v1/agencies/000.21.01.H99/counters", "ufyyyyy",
       "/api/v1/agencies/000.22.01.H99/counters", "ufddddd"},
      {"POST /api/v1/agencies/{code}/counters", "/api/v1/agencies/000.21.01.H99/counters",
       "ufffffy", "/api/v1/agencies/000.22.01.H99/counters", "ufffffd",
       R"({"number":$N,"name":"Quầy $N"})"},
      {"PATCH /api/v1/agencies/{code}/counters/{number}",
       "/api/v1/agencies/000.21.01.H99/counters/1", "ufffffy",
       "/api/v1/agencies/000.22.01.H99/counters/1", "ufffffd", R"({"name":"Quầy một $N"})"},
      {"DELETE /api/v1/agencies/{code}/counters/{number}",
       "/api/v1/agencies/000.21.01.H99/counters/2", "ufffffy",
       "/api/v1/agencies/000.22.01.H99/counters/2", "ufffffd"},
      // Calendar.
      {"GET /api/v1/calendar/due", "/api/v1/calendar/due", "yyyyyyy"},
      {"GET /api/v1/calendar/{year}", "/api/v1/calendar/2026", "yyyyyyy"},
      {"GET /api/v1/calendar/overrides", "/api/v1/calendar/overrides", "ufffffy"},
      {"POST /api/v1/calendar/overrides", "/api/v1/calendar/overrides", "ufffffy",
       "/api/v1/calendar/overrides", "ufffffd",
       R"({"day":"$DAY","kind":"day-off","name":"Nghỉ thử $N","agency_code":"000.21.00.H99"})",
       R"({"day":"$DAY","kind":"day-off","name":"Nghỉ thử $N","agency_code":"000.22.00.H99"})"},
      {"DELETE /api/v1/calendar/overrides/{day}",
       "/api/v1/calendar/overrides/2027-03-01?agency=000.21.00.H99", "ufffffy",
       "/api/v1/calendar/overrides/2027-03-02?agency=000.22.00.H99", "ufffffd"},
      // Catalogue.
      {"GET /api/v1/procedures", "/api/v1/procedures?q=khai+sinh", "yyyyyyy"},
      {"GET /api/v1/procedures/stats", "/api/v1/procedures/stats", "yyyyyyy"},
      {"GET /api/v1/procedures/export", "/api/v1/procedures/export?format=json", "yyyyyyy"},
      {"GET /api/v1/procedures/{code}", "/api/v1/procedures/9.900001", "yyyyyyy"},
      {"GET /api/v1/fields", "/api/v1/fields", "yyyyyyy"},
      {"POST /api/v1/procedures", "/api/v1/procedures", "ufffffy", "/api/v1/procedures", "ufffffd",
       "$NEW_OWN_PROCEDURE", "$NEW_OTHER_PROCEDURE"},
      {"PUT /api/v1/procedures/{code}", "/api/v1/procedures/9.900001", "ufffffy",
       "/api/v1/procedures/9.900002", "ufffffd", "$OWN_PROCEDURE", "$OTHER_PROCEDURE"},
      {"DELETE /api/v1/procedures/{code}", "/api/v1/procedures/9.900003", "ufffffy",
       "/api/v1/procedures/9.900002", "ufffffd"},
      {"POST /api/v1/procedures/import", "/api/v1/procedures/import?format=json", "ufffffy",
       "/api/v1/procedures/import?format=json", "ufffffd", "[$OWN_PROCEDURE]",
       "[$OTHER_PROCEDURE]"},
      // Dossiers.
      {"POST /api/v1/attachments", "/api/v1/attachments?name=to-khai.pdf", "uyyyyyy", nullptr,
       nullptr, "%PDF-1.4 matrix"},
      {"POST /api/v1/dossiers", "/api/v1/dossiers", "uyfffff", "/api/v1/dossiers", "ufdffff",
       R"({"procedure_code":"9.900001","channel":"online","applicant":{"type":"citizen",
           "full_name":"Nguyễn Văn An","id_number":"001090011111","phone":"0912345678",
           "address":"Số 7"},"components":[{"name":"Tờ khai","originals":1}]})",
       R"({"procedure_code":"9.900002","channel":"counter","agency_code":"000.22.01.H99",
           "applicant":{"type":"citizen","full_name":"Nguyễn Văn An",
           "id_number":"001090011111","phone":"0912345678","address":"Số 7"},
           "components":[{"name":"Tờ khai","originals":1}]})"},
      {"GET /api/v1/dossiers/{code}", "/api/v1/dossiers/$OWN_DOSSIER", "uyyyyyy",
       "/api/v1/dossiers/$OTHER_DOSSIER", "udddddd"},
      {"GET /api/v1/dossiers/{code}/attachments/{id}",
       "/api/v1/dossiers/$OWN_DOSSIER/attachments/$OWN_FILE", "uyyyyyy",
       "/api/v1/dossiers/$OTHER_DOSSIER/attachments/$OTHER_FILE", "udddddd"},
      // The matrix's dossiers have no electronic result yet: 404 to everyone signed in (the
      // served cases, owner and staff in scope, are in electronic_result_test).
      {"GET /api/v1/dossiers/{code}/result", "/api/v1/dossiers/$OWN_DOSSIER/result", "udddddd",
       "/api/v1/dossiers/$OTHER_DOSSIER/result", "udddddd"},
      // Which role may take which action in which state is domain::DecideTransition's (unit-tested
      // in dossier_state_test); a stale version is refused first (409), so here every caller who
      // can see the dossier is served and everyone else is not.
      {"POST /api/v1/dossiers/{code}/actions", "/api/v1/dossiers/$OWN_DOSSIER/actions", "uyyyyyy",
       "/api/v1/dossiers/$OTHER_DOSSIER/actions", "udddddd",
       R"({"action":"withdraw","version":999999,"reason":"Thử"})"},
      {"GET /api/v1/dossiers/{code}/forms/{file}", "/api/v1/dossiers/$OWN_DOSSIER/forms/01.html",
       "uyyyyyy", "/api/v1/dossiers/$OTHER_DOSSIER/forms/01.html", "udddddd"},
      {"GET /api/v1/queues/{name}", "/api/v1/queues/to_receive", "ufyyyyy"},
      {"GET /api/v1/lookup/{code}", "/api/v1/lookup/$OWN_DOSSIER", "yyyyyyy"},
      {"GET /api/v1/my/dossiers", "/api/v1/my/dossiers", "uyfffff"},
      {"POST /api/v1/applicants/recall", "/api/v1/applicants/recall", "ufyffff",
       "/api/v1/applicants/recall", "ufdffff", R"({"id_number":"001090011111"})",
       R"({"id_number":"001090022222"})"},
      {"GET /api/v1/registers/{agency}",
       "/api/v1/registers/000.21.01.H99?from=2026-01-01&to=2026-12-31&format=html", "ufyyyyy",
       "/api/v1/registers/000.22.01.H99?from=2026-01-01&to=2026-12-31&format=html", "ufddddd"},
      // Reports.
      {"GET /api/v1/reports/timeliness", "/api/v1/reports/timeliness?from=2026-01-01&to=2026-12-31",
       "ufffyyy", "/api/v1/reports/timeliness?from=2026-01-01&to=2026-12-31&agency=000.22.00.H99",
       "ufffddd"},
      {"GET /api/v1/reports/timeliness/dossiers",
       "/api/v1/reports/timeliness/dossiers?from=2026-01-01&to=2026-12-31&figure=received",
       "ufffyyy",
       "/api/v1/reports/timeliness/"
       "dossiers?from=2026-01-01&to=2026-12-31&figure=received&agency=000.22.00.H99",
       "ufffddd"},
      {"GET /api/v1/reports/steps", "/api/v1/reports/steps?from=2026-01-01&to=2026-12-31",
       "ufffyyy", "/api/v1/reports/steps?from=2026-01-01&to=2026-12-31&agency=000.22.00.H99",
       "ufffddd"},
      {"GET /api/v1/reports/evaluation", "/api/v1/reports/evaluation?quarter=2026Q3", "ufffyyy",
       "/api/v1/reports/evaluation?quarter=2026Q3&agency=000.22.00.H99", "ufffddd"},
      {"GET /api/v1/reports/index766", "/api/v1/reports/index766?from=2026-01-01&to=2026-12-31",
       "ufffyyy", "/api/v1/reports/index766?from=2026-01-01&to=2026-12-31&agency=000.22.00.H99",
       "ufffddd"},
      {"GET /api/v1/reports/workload", "/api/v1/reports/workload?from=2026-01-01&to=2026-12-31",
       "ufffyyy", "/api/v1/reports/workload?from=2026-01-01&to=2026-12-31&agency=000.22.00.H99",
       "ufffddd"},
      // Feedback.
      {"POST /api/v1/ratings", "/api/v1/ratings", "uyfffff", "/api/v1/ratings", "uffffff",
       R"({"dossier_code":"$OWN_DOSSIER","channel":"online","answers":{"attitude":2}})",
       R"({"dossier_code":"$OTHER_DOSSIER","channel":"online","answers":{"attitude":2}})"},
      {"POST /api/v1/complaints", "/api/v1/complaints", "yyyyyyy", nullptr, nullptr,
       R"({"agency_code":"000.21.00.H99","channel":"portal","content":"Phản ánh thử $N"})"},
      {"GET /api/v1/complaints", "/api/v1/complaints", "ufffyyy",
       "/api/v1/complaints?agency=000.22.00.H99", "ufffddd"},
      {"POST /api/v1/complaints/{id}/assign", "/api/v1/complaints/$OWN_COMPLAINT/assign", "ufffyyy",
       "/api/v1/complaints/$OTHER_COMPLAINT/assign", "ufffddd", R"({"username":"mt.chuyenvien"})"},
      {"POST /api/v1/complaints/{id}/answer", "/api/v1/complaints/$OWN_COMPLAINT2/answer",
       "ufffyyy", "/api/v1/complaints/$OTHER_COMPLAINT/answer", "ufffddd",
       R"({"answer":"Đã xác minh $N","substantiated":false})"},
      // Life events (Decree 63/2024): citizens submit; the groups are public.
      {"GET /api/v1/life-events", "/api/v1/life-events", "yyyyyyy"},
      {"GET /api/v1/life-events/{id}", "/api/v1/life-events/khai-sinh", "yyyyyyy"},
      {"POST /api/v1/life-events/{id}/submissions", "/api/v1/life-events/khai-sinh/submissions",
       "uyfffff", nullptr, nullptr, "{}"},
      // The postal carrier's webhook (decision 0018): no session is a credential, only the
      // body's signature with the carrier key, which none of the callers has.
      {"POST /api/v1/postal/events", "/api/v1/postal/events", "uuuuuuu", nullptr, nullptr,
       R"({"events":[]})"},
  };
  return rules;
}

// The matrix of the web pages (form posts carry the session's csrf_token).
const std::vector<Rule>& PageRules();

struct Session {
  std::string token, csrf;
};

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  for (size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size()))
    s.replace(pos, from.size(), to);
  return s;
}

char Classify(const HttpResponse& r, bool page) {
  if (r.status == 401) return 'u';
  // The log-in page, except as the place a new account is sent to ("?da-dang-ky=1").
  const std::string location = r.Header("location").value_or("");
  if (page && (r.status == 302 || r.status == 303) && location.rfind("/dang-nhap", 0) == 0 &&
      location.find("da-dang-ky") == std::string::npos)
    return 'u';
  if (r.status == 403) return 'f';
  if (r.status == 404) return 'n';
  return 'y';
}

bool Matches(char expected, char actual) {
  if (expected == 'd') return actual == 'f' || actual == 'n';
  return expected == actual;
}

class AuthorizationMatrixTest : public DemoServerTest {
 protected:
  static void SetUpTestSuite() {
    // The matrix registers and files complaints from one address many times over: the outsider
    // throttles (security_edge_test covers them) are raised so that they do not decide here.
    server_ =
        new TestServer({"--demo", "--no-access-log", "--register-rate-per-minute", "10000",
                        "--complaint-rate-per-minute", "10000", "--rate-limit-per-minute", "0",
                        // A carrier (never reached: no sync job) so that the webhook checks
                        // signatures rather than answering 503.
                        "--carrier-url", "http://127.0.0.1:9", "--carrier-key", "matrix-key",
                        "--carrier-sync-seconds", "0"});
    HttpClient c(server_->port());
    auto root = LogInDemo(c, "demo.admin");
    auto post = [&](const std::string& target, const std::string& body, const DemoSession& s) {
      auto r =
          c.Send("POST", target, body,
                 {{"Authorization", "Bearer " + s.token}, {"Content-Type", "application/json"}});
      EXPECT_TRUE(r && r->status / 100 == 2) << target << " " << (r ? r->body : "");
      return r ? json::parse(r->body.empty() ? "{}" : r->body) : json::value();
    };
    const std::pair<const char*, const char*> staff[] = {{"mt.tiepnhan", "reception_officer"},
                                                         {"mt.chuyenvien", "specialist"},
                                                         {"mt.lanhdao", "leader"},
                                                         {"mt.giamsat", "monitor"},
                                                         {"mt.quantri", "admin"}};
    for (auto [name, role] : staff) {
      std::string agency = std::string(role) == "reception_officer" ? kOwnCentre : kOwnCommune;
      post("/api/v1/users",
           json::serialize(json::object{{"username", name},
                                        {"full_name", std::string("Cán bộ ") + name},
                                        {"role", role},
                                        {"password", "motcua-demo"},
                                        {"agency_code", agency}}),
           root);
    }
    post("/api/v1/users",
         R"({"username":"mt.tiepnhan2","full_name":"Cán bộ Tân Lập","role":"reception_officer",
             "password":"motcua-demo","agency_code":"000.22.01.H99"})",
         root);
    post("/api/v1/users",
         R"({"username":"mt.doimatkhau","full_name":"Cán bộ đổi mật khẩu","role":"specialist",
             "password":"motcua-demo","agency_code":"000.21.00.H99"})",
         root);
    post("/api/v1/auth/register",
         R"({"username":"mt.congdan2","full_name":"Trần Thị Hai","password":"motcua-demo"})", root);
    for (const char* centre : {kOwnCentre, kOtherCentre})
      for (int n : {1, 2})
        post(std::string("/api/v1/agencies/") + centre + "/counters",
             json::serialize(json::object{{"number", n}, {"name", "Quầy " + std::to_string(n)}}),
             root);
    post("/api/v1/procedures", ProcedureJson("9.900001", kOwnCommune), root);
    post("/api/v1/procedures", ProcedureJson("9.900002", kOtherCommune), root);
    post("/api/v1/procedures", ProcedureJson("9.900003", kOwnCommune), root);
    post("/api/v1/calendar/overrides",
         R"({"day":"2027-03-01","kind":"day-off","name":"Nghỉ","agency_code":"000.21.00.H99"})",
         root);
    post("/api/v1/calendar/overrides",
         R"({"day":"2027-03-03","kind":"day-off","name":"Nghỉ","agency_code":"000.21.00.H99"})",
         root);
    post("/api/v1/calendar/overrides",
         R"({"day":"2027-03-02","kind":"day-off","name":"Nghỉ","agency_code":"000.22.00.H99"})",
         root);

    // The two dossiers, each with a file of its applicant's.
    auto dossier = [&](const std::string& user, const std::string& procedure,
                       const std::string& id_number, std::string* code, std::string* file) {
      auto s = LogInDemo(c, user);
      auto up =
          c.Send("POST", "/api/v1/attachments?name=cccd.pdf", "%PDF-1.4 " + user,
                 {{"Authorization", "Bearer " + s.token}, {"Content-Type", "application/pdf"}});
      ASSERT_TRUE(up && up->status == 201) << (up ? up->body : "");
      int64_t id = json::parse(up->body).at("id").as_int64();
      *file = std::to_string(id);
      json::object body{
          {"procedure_code", procedure},
          {"channel", "online"},
          {"applicant", ApplicantJson(id_number, "Người nộp " + user)},
          {"components", json::array{{{"name", "Tờ khai"},
                                      {"originals", 1},
                                      {"attachment_ids", json::array{json::value(id)}}}}}};
      auto d = post("/api/v1/dossiers", json::serialize(body), s);
      *code = std::string(d.at("code").as_string());
    };
    dossier("demo.citizen", "9.900001", kOwnIdNumber, &own_dossier_, &own_file_);
    dossier("mt.congdan2", "9.900002", kOtherIdNumber, &other_dossier_, &other_file_);
    // The centres receive them, so that both show in registers and the recall finds them.
    for (auto [user, code] :
         {std::pair{"mt.tiepnhan", &own_dossier_}, std::pair{"mt.tiepnhan2", &other_dossier_}}) {
      auto s = LogInDemo(c, user);
      auto v = c.Get("/api/v1/dossiers/" + *code, {{"Authorization", "Bearer " + s.token}});
      int64_t version = json::parse(v.body).at("version").as_int64();
      post("/api/v1/dossiers/" + *code + "/actions",
           json::serialize(json::object{{"action", "receive"}, {"version", version}}), s);
    }
    auto complaint = [&](const char* agency) {
      auto k = post("/api/v1/complaints",
                    json::serialize(json::object{{"agency_code", agency},
                                                 {"channel", "portal"},
                                                 {"content", "Cán bộ hẹn lại nhiều lần."}}),
                    root);
      return std::to_string(k.at("id").as_int64());
    };
    own_complaint_ = complaint(kOwnCommune);
    own_complaint2_ = complaint(kOwnCommune);
    other_complaint_ = complaint(kOtherCommune);
    // The specialist is the assignee of the first: the inbox lets an assignee read it.
    post("/api/v1/complaints/" + own_complaint_ + "/assign", R"({"username":"mt.chuyenvien"})",
         root);
  }

  // The route table as the server registered it.
  static json::object RouteTable() {
    std::string dir = server_->dir() + "/routes";
    std::filesystem::create_directories(dir);
    auto run = RunMotcua("serve --routes --no-access-log --db " + dir + "/motcua.db", false);
    EXPECT_EQ(run.status, 0) << run.out;
    auto v = json::parse(run.out.substr(run.out.find('{')));
    return v.as_object();
  }

  Session SessionOf(int caller, bool fresh) {
    if (caller == kAnonymous) return {};
    auto it = sessions_.find(caller);
    if (it != sessions_.end() && !fresh) return it->second;
    auto c = Client();
    auto s = LogInDemo(c, kUsernames[caller]);
    Session out{s.token, s.csrf};
    if (!fresh) sessions_[caller] = out;
    return out;
  }

  std::string Expand(std::string s) {
    static int counter = 100;
    int n = counter++;
    s = Replace(s, "$OWN_DOSSIER", own_dossier_);
    s = Replace(s, "$OTHER_DOSSIER", other_dossier_);
    s = Replace(s, "$OWN_FILE", own_file_);
    s = Replace(s, "$OTHER_FILE", other_file_);
    s = Replace(s, "$OWN_COMPLAINT2", own_complaint2_);
    s = Replace(s, "$OWN_COMPLAINT", own_complaint_);
    s = Replace(s, "$OTHER_COMPLAINT", other_complaint_);
    s = Replace(s, "$NEW_OWN_PROCEDURE",
                ProcedureJson("9.91" + std::to_string(1000 + n), kOwnCommune));
    s = Replace(s, "$NEW_OTHER_PROCEDURE",
                ProcedureJson("9.92" + std::to_string(1000 + n), kOtherCommune));
    s = Replace(s, "$OWN_PROCEDURE", ProcedureJson("9.900001", kOwnCommune, std::to_string(n)));
    s = Replace(s, "$OTHER_PROCEDURE", ProcedureJson("9.900002", kOtherCommune, std::to_string(n)));
    char day[16];
    std::snprintf(day, sizeof day, "2028-%02d-%02d", 1 + n / 28 % 12, 1 + n % 28);
    s = Replace(s, "$DAY", day);
    s = Replace(s, "$N", std::to_string(n));
    return s;
  }

  // Runs one variant of a rule for every caller; returns the observed classes.
  std::string Run(const Rule& rule, bool other, bool page) {
    const std::string route(rule.route);
    const std::string method = route.substr(0, route.find(' '));
    std::string observed;
    for (int caller = 0; caller < kCallers; ++caller) {
      Session s = SessionOf(caller, rule.fresh_session);
      std::string target = Expand(other ? rule.other : rule.own);
      std::string body =
          Expand(other && *rule.other_body ? std::string(rule.other_body) : rule.body);
      std::map<std::string, std::string> h;
      if (page) {
        // The double-submit token of the public forms, and the session's for logged-in ones:
        // the matrix is about who may, so every request is a well-formed one.
        h["Cookie"] = std::string("motcua_form=") + kFormToken;
        if (!s.token.empty()) h["Cookie"] += "; motcua_session=" + s.token;
        if (method != "GET") {
          h["Content-Type"] = "application/x-www-form-urlencoded";
          body = "csrf_token=" + s.csrf + "&form_token=" + kFormToken +
                 (body.empty() ? "" : "&" + body);
        }
      } else {
        if (!s.token.empty()) h["Authorization"] = "Bearer " + s.token;
        if (method != "GET" && method != "DELETE")
          h["Content-Type"] = body.rfind("%PDF", 0) == 0 ? "application/pdf" : "application/json";
      }
      auto c = Client();
      auto r = c.Send(method, target, body, h);
      char cls = r ? Classify(*r, page) : '?';
      observed += cls;
      if (r && std::getenv("MOTCUA_MATRIX_TRACE"))
        std::cerr << kCallerNames[caller] << " " << method << " " << target << " -> " << r->status
                  << " " << r->body.substr(0, 160) << "\n";
    }
    return observed;
  }

  void CheckAll(const std::vector<Rule>& rules, bool page) {
    // MOTCUA_MATRIX_ONLY=<substring of a route> narrows a run while investigating; with
    // MOTCUA_MATRIX_TRACE=1 every response is printed.
    const char* only = std::getenv("MOTCUA_MATRIX_ONLY");
    for (const auto& rule : rules) {
      if (only && std::string(rule.route).find(only) == std::string::npos) continue;
      for (bool other : {false, true}) {
        if (other && !rule.other) continue;
        const std::string expect = other ? rule.other_expect : rule.own_expect;
        ASSERT_EQ(expect.size(), size_t{kCallers}) << rule.route;
        const std::string got = Run(rule, other, page);
        bool same = got.size() == expect.size();
        for (size_t i = 0; same && i < got.size(); ++i) same = Matches(expect[i], got[i]);
        EXPECT_TRUE(same) << rule.route << (other ? " (other)" : " (own)") << ": expected "
                          << expect << ", got " << got << "  [" << (other ? rule.other : rule.own)
                          << "; callers: anonymous citizen reception specialist leader "
                             "monitor admin]";
      }
    }
  }

  static inline std::string own_dossier_, other_dossier_, own_file_, other_file_;
  static inline std::string own_complaint_, own_complaint2_, other_complaint_;
  std::map<int, Session> sessions_;
};

TEST_F(AuthorizationMatrixTest, EveryRegisteredRouteHasAMatrixEntry) {
  json::object table = RouteTable();
  auto check = [](const json::array& registered, const std::vector<Rule>& rules, const char* what) {
    std::set<std::string> in_table, in_matrix;
    for (const auto& r : registered)
      in_table.insert(std::string(r.at("method").as_string()) + " " +
                      std::string(r.at("pattern").as_string()));
    for (const auto& rule : rules) {
      EXPECT_TRUE(in_matrix.insert(rule.route).second) << "twice in the matrix: " << rule.route;
    }
    for (const auto& r : in_table)
      EXPECT_TRUE(in_matrix.count(r)) << what << " route without a matrix entry: " << r;
    for (const auto& r : in_matrix)
      EXPECT_TRUE(in_table.count(r)) << "matrix entry for no registered " << what << ": " << r;
  };
  ASSERT_TRUE(table.contains("api") && table.contains("pages"));
  EXPECT_GT(table.at("api").as_array().size(), 40u);
  EXPECT_GT(table.at("pages").as_array().size(), 40u);
  check(table.at("api").as_array(), ApiRules(), "API");
  check(table.at("pages").as_array(), PageRules(), "page");
}

// The OpenAPI description tells clients the same access rule the router enforces.
TEST_F(AuthorizationMatrixTest, OpenApiAccessIsTheRouteTables) {
  json::object table = RouteTable();
  auto c = Client();
  auto doc = json::parse(c.Get("/api/openapi.json").body).as_object();
  const auto& paths = doc.at("paths").as_object();
  for (const auto& r : table.at("api").as_array()) {
    std::string method(r.at("method").as_string());
    for (char& ch : method) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    const auto* path = paths.if_contains(r.at("pattern").as_string());
    ASSERT_NE(path, nullptr) << r.at("pattern").as_string();
    const auto* op = path->as_object().if_contains(method);
    ASSERT_NE(op, nullptr) << method << " " << r.at("pattern").as_string();
    EXPECT_EQ(op->at("x-access"), r.at("access")) << r.at("pattern").as_string();
  }
}

// The outside probe's three holes (issue 15), over HTTP as it found them.
TEST_F(AuthorizationMatrixTest, TheProbesHolesStayClosed) {
  auto c = Client();
  auto bearer = [](const DemoSession& s, const std::string& type = "application/json") {
    return std::map<std::string, std::string>{{"Authorization", "Bearer " + s.token},
                                              {"Content-Type", type}};
  };
  // 1. Another user's upload, named by its sequential id in a new counter dossier, then read.
  auto citizen = LogInDemo(c, "demo.citizen");
  auto up = c.Send("POST", "/api/v1/attachments?name=cccd.pdf", "%PDF-1.4 cua cong dan",
                   bearer(citizen, "application/pdf"));
  ASSERT_TRUE(up && up->status == 201);
  int64_t id = json::parse(up->body).at("id").as_int64();
  auto officer = LogInDemo(c, "mt.tiepnhan");
  const int64_t dossiers_before = Count("SELECT COUNT(*) FROM dossiers");
  json::object body{
      {"procedure_code", "9.900001"},
      {"channel", "counter"},
      {"applicant", ApplicantJson("001090033333", "Người nộp tại quầy")},
      {"components",
       json::array{{{"name", "Tờ khai"}, {"originals", 1}, {"attachment_ids", json::array{id}}}}}};
  auto stolen = c.Send("POST", "/api/v1/dossiers", json::serialize(body), bearer(officer));
  ASSERT_TRUE(stolen);
  EXPECT_EQ(stolen->status, 422) << stolen->body;
  EXPECT_NE(stolen->body.find("unknown_attachment"), std::string::npos);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM dossiers"), dossiers_before);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM attachments WHERE id = " + std::to_string(id) +
                  " AND dossier_id IS NULL"),
            1);
  // Nor through a dossier the officer can read: the file is not one of its files.
  auto read = c.Get("/api/v1/dossiers/" + own_dossier_ + "/attachments/" + std::to_string(id),
                    bearer(officer));
  EXPECT_EQ(read.status, 404);
  auto other_file =
      c.Get("/api/v1/dossiers/" + own_dossier_ + "/attachments/" + other_file_, bearer(citizen));
  EXPECT_EQ(other_file.status, 404);

  // 2. A sub-agency admin retiring or changing a shared procedure of the national catalogue.
  auto admin = LogInDemo(c, "mt.quantri");
  EXPECT_EQ(c.Send("DELETE", "/api/v1/procedures/1.001193", "", bearer(admin))->status, 403);
  auto shared = json::parse(c.Get("/api/v1/procedures/1.001193").body).as_object();
  EXPECT_EQ(shared.at("retired"), json::value(false));
  auto put = c.Send("PUT", "/api/v1/procedures/9.900002", ProcedureJson("9.900002", kOwnCommune),
                    bearer(admin));
  EXPECT_EQ(put->status, 403) << put->body;
  EXPECT_NE(put->body.find("procedure_scope"), std::string::npos);
  auto after = json::parse(c.Get("/api/v1/procedures/9.900002").body).as_object();
  EXPECT_EQ(after.at("competent_agency_code"), json::value(kOtherCommune));

  // 3. A complaint assigned to a citizen, or to staff outside its agency's subtree.
  auto leader = LogInDemo(c, "mt.lanhdao");
  for (const char* who : {"demo.citizen", "demo.specialist", "mt.tiepnhan2"}) {
    auto r = c.Send("POST", "/api/v1/complaints/" + own_complaint_ + "/assign",
                    json::serialize(json::object{{"username", who}}), bearer(leader));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 422) << who << " " << r->body;
    EXPECT_NE(r->body.find("unknown_assignee"), std::string::npos) << who;
  }
}

TEST_F(AuthorizationMatrixTest, ApiRoutesFollowTheMatrix) { CheckAll(ApiRules(), false); }

TEST_F(AuthorizationMatrixTest, PagesFollowTheMatrix) { CheckAll(PageRules(), true); }

const std::vector<Rule>& PageRules() {
  static const std::vector<Rule> rules = {
      // Public pages.
      {"GET /", "/", "yyyyyyy"},
      {"GET /thu-tuc", "/thu-tuc?q=khai+sinh", "yyyyyyy"},
      {"GET /thu-tuc/{code}", "/thu-tuc/9.900001", "yyyyyyy"},
      {"GET /tra-cuu", "/tra-cuu", "yyyyyyy"},
      {"GET /tra-cuu/{code}", "/tra-cuu/$OWN_DOSSIER", "yyyyyyy"},
      {"GET /kiosk", "/kiosk", "yyyyyyy"},
      {"GET /kiosk/thu-tuc", "/kiosk/thu-tuc", "yyyyyyy"},
      {"GET /kiosk/thu-tuc/{code}", "/kiosk/thu-tuc/9.900001", "yyyyyyy"},
      {"GET /kiosk/tra-cuu", "/kiosk/tra-cuu", "yyyyyyy"},
      {"GET /kiosk/danh-gia", "/kiosk/danh-gia", "yyyyyyy"},
      {"POST /kiosk/danh-gia", "/kiosk/danh-gia", "yyyyyyy", nullptr, nullptr,
       "code=$OTHER_DOSSIER&verifier=0000"},
      {"GET /danh-gia/{code}", "/danh-gia/$OWN_DOSSIER", "yyyyyyy"},
      {"POST /danh-gia/{code}", "/danh-gia/$OWN_DOSSIER", "yyyyyyy", nullptr, nullptr,
       "verifier=0000"},
      {"GET /phan-anh", "/phan-anh", "yyyyyyy"},
      {"POST /phan-anh", "/phan-anh", "yyyyyyy", nullptr, nullptr,
       "agency_code=000.21.00.H99&content=Phan+anh+thu+$N"},
      {"GET /kiosk/phan-anh", "/kiosk/phan-anh", "yyyyyyy"},
      {"POST /kiosk/phan-anh", "/kiosk/phan-anh", "yyyyyyy", nullptr, nullptr,
       "agency_code=000.21.00.H99&content=Phan+anh+thu+$N"},
      // Accounts.
      {"GET /dang-nhap", "/dang-nhap", "yyyyyyy"},
      {"POST /dang-nhap", "/dang-nhap", "yyyyyyy", nullptr, nullptr,
       "username=demo.citizen&password=motcua-demo"},
      {"GET /dang-ky", "/dang-ky", "yyyyyyy"},
      {"POST /dang-ky", "/dang-ky", "yyyyyyy", nullptr, nullptr,
       "username=mt.web$N&full_name=Nguoi+$N&password=motcua-demo&password_confirm=motcua-demo"},
      {"POST /dang-xuat", "/dang-xuat", "yyyyyyy", nullptr, nullptr, "", "", true},
      {"GET /ca-nhan", "/ca-nhan", "uyyyyyy"},
      {"POST /ca-nhan/thu-dien-tu", "/ca-nhan/thu-dien-tu", "uyyyyyy", nullptr, nullptr,
       "email=mt$N%40example.vn"},
      // Forgotten passwords: open to anyone, one answer for every account; a forged link is a
      // 400 for everyone.
      {"GET /quen-mat-khau", "/quen-mat-khau", "yyyyyyy"},
      {"POST /quen-mat-khau", "/quen-mat-khau", "yyyyyyy", nullptr, nullptr, "who=mt.khongco$N"},
      // Notifications: the unsubscribe link is open to anyone (a forged one is a 4xx for
      // everyone); the channel choices are the citizen's own.
      {"GET /ngung-nhan-thong-bao", "/ngung-nhan-thong-bao?ma=gia-mao", "yyyyyyy"},
      {"POST /ngung-nhan-thong-bao", "/ngung-nhan-thong-bao", "yyyyyyy", nullptr, nullptr,
       "ma=gia-mao"},
      {"POST /ca-nhan/thong-bao", "/ca-nhan/thong-bao", "uyfffff", nullptr, nullptr,
       "email=1&sms=1"},
      {"GET /dat-lai-mat-khau", "/dat-lai-mat-khau?ma=gia-mao", "yyyyyyy"},
      {"POST /dat-lai-mat-khau", "/dat-lai-mat-khau", "yyyyyyy", nullptr, nullptr,
       "ma=gia-mao&password=motcua-demo-2&password_confirm=motcua-demo-2"},
      // Life events: anyone reads the form; only a citizen submits it.
      {"GET /su-kien", "/su-kien", "yyyyyyy"},
      {"GET /su-kien/{id}", "/su-kien/khai-sinh", "yyyyyyy"},
      {"POST /su-kien/{id}", "/su-kien/khai-sinh", "uyfffff"},
      // Online submission and the dossier page.
      {"GET /nop-ho-so/{code}", "/nop-ho-so/9.900001", "uyfffff"},
      {"POST /nop-ho-so/{code}", "/nop-ho-so/9.900001", "uyfffff"},
      {"GET /ho-so/{code}", "/ho-so/$OWN_DOSSIER", "uyyyyyy", "/ho-so/$OTHER_DOSSIER", "udddddd"},
      // Staff who can see the dossier get the supplement page (refused 409: not waiting for
      // one) and the action form; the transition rules decide, as for the API's actions.
      {"GET /ho-so/{code}/bo-sung", "/ho-so/$OWN_DOSSIER/bo-sung", "uyyyyyy",
       "/ho-so/$OTHER_DOSSIER/bo-sung", "udddddd"},
      {"POST /ho-so/{code}/bo-sung", "/ho-so/$OWN_DOSSIER/bo-sung", "uyyyyyy",
       "/ho-so/$OTHER_DOSSIER/bo-sung", "udddddd"},
      {"POST /ho-so/{code}/danh-gia", "/ho-so/$OWN_DOSSIER/danh-gia", "uyfffff",
       "/ho-so/$OTHER_DOSSIER/danh-gia", "udddddd", "attitude=2"},
      {"GET /ho-so/{code}/in/{file}", "/ho-so/$OWN_DOSSIER/in/01.pdf", "uyyyyyy",
       "/ho-so/$OTHER_DOSSIER/in/01.pdf", "udddddd"},
      {"POST /ho-so/{code}/hanh-dong", "/ho-so/$OWN_DOSSIER/hanh-dong", "uyyyyyy",
       "/ho-so/$OTHER_DOSSIER/hanh-dong", "udddddd", "action=withdraw&version=999999&reason=Thu"},
      // Electronic results (decision 0017); see the API's /result above for the 404s.
      {"GET /ho-so/{code}/ket-qua.pdf", "/ho-so/$OWN_DOSSIER/ket-qua.pdf", "udddddd",
       "/ho-so/$OTHER_DOSSIER/ket-qua.pdf", "udddddd"},
      {"POST /ho-so/{code}/ket-qua", "/ho-so/$OWN_DOSSIER/ket-qua", "uyyyyyy",
       "/ho-so/$OTHER_DOSSIER/ket-qua", "udddddd", "action=approve&version=999999"},
      {"GET /ho-so/{code}/in-ky-so/{file}", "/ho-so/$OWN_DOSSIER/in-ky-so/01.pdf", "uyyyyyy",
       "/ho-so/$OTHER_DOSSIER/in-ky-so/01.pdf", "udddddd"},
      // Staff pages.
      {"GET /quay", "/quay", "ufyfffy"},
      {"GET /xu-ly", "/xu-ly", "ufyyyyy"},
      {"GET /dieu-hanh", "/dieu-hanh", "ufffyyy"},
      {"GET /dieu-hanh/ho-so", "/dieu-hanh/ho-so?from=2026-01-01&to=2026-12-31&figure=received",
       "ufffyyy",
       "/dieu-hanh/ho-so?from=2026-01-01&to=2026-12-31&figure=received&agency=000.22.00.H99",
       "ufffddd"},
      {"GET /dieu-hanh/khoi-luong", "/dieu-hanh/khoi-luong", "ufffyyy",
       "/dieu-hanh/khoi-luong?don-vi=000.22.00.H99", "ufffddd"},
      {"GET /dieu-hanh/danh-gia", "/dieu-hanh/danh-gia", "ufffyyy",
       "/dieu-hanh/danh-gia?co-quan=000.22.00.H99", "ufffddd"},
      {"GET /dieu-hanh/qua-han", "/dieu-hanh/qua-han", "ufffyyy",
       "/dieu-hanh/qua-han?co-quan=000.22.00.H99", "ufffddd"},
      // The complaints inbox: leaders, monitors and admins of the agency; the assignee answers.
      // Other staff see only what is assigned to them (the filter does not widen it); the
      // specialist is the assignee of $OWN_COMPLAINT (SetUpTestSuite).
      {"GET /dieu-hanh/phan-anh", "/dieu-hanh/phan-anh", "ufyyyyy",
       "/dieu-hanh/phan-anh?co-quan=000.22.00.H99", "ufyyddd"},
      {"GET /dieu-hanh/phan-anh/{id}", "/dieu-hanh/phan-anh/$OWN_COMPLAINT", "uffyyyy",
       "/dieu-hanh/phan-anh/$OTHER_COMPLAINT", "ufddddd"},
      {"POST /dieu-hanh/phan-anh/{id}/giao", "/dieu-hanh/phan-anh/$OWN_COMPLAINT/giao", "ufffyyy",
       "/dieu-hanh/phan-anh/$OTHER_COMPLAINT/giao", "ufffddd", "username=mt.chuyenvien"},
      {"POST /dieu-hanh/phan-anh/{id}/tra-loi", "/dieu-hanh/phan-anh/$OWN_COMPLAINT2/tra-loi",
       "ufffyyy", "/dieu-hanh/phan-anh/$OTHER_COMPLAINT/tra-loi", "ufffddd",
       "answer=Da+xac+minh+$N"},
      // Fees and payment (issue 16). The fee request is the specialist's and the leader's, the
      // counter payment the reception officer's, online payment the applicant's (409 here: the
      // dossier does not wait for payment); the gateway's return and IPN are open to anyone and
      // answer by signature; no receipt exists here, so its download and public check are 404
      // for everyone who may ask (d); refunds and the reconciliation are the collecting staff's.
      // A refused post on another agency's dossier answers with the dossier page, which a
      // stranger may not see: 404 for every role (d), so nobody learns the dossier exists.
      {"POST /ho-so/{code}/phi", "/ho-so/$OWN_DOSSIER/phi", "uffyyff", "/ho-so/$OTHER_DOSSIER/phi",
       "udddddd", "pages=1&copies=1"},
      {"POST /ho-so/{code}/nop-phi-tai-quay", "/ho-so/$OWN_DOSSIER/nop-phi-tai-quay", "ufyffff",
       "/ho-so/$OTHER_DOSSIER/nop-phi-tai-quay", "udddddd", "method=cash&counter_receipt_no=1"},
      {"POST /ho-so/{code}/thanh-toan", "/ho-so/$OWN_DOSSIER/thanh-toan", "uyfffff",
       "/ho-so/$OTHER_DOSSIER/thanh-toan", "udddddd"},
      {"GET /thanh-toan/ket-qua", "/thanh-toan/ket-qua?vnp_TxnRef=1&vnp_SecureHash=00", "yyyyyyy"},
      {"GET /thanh-toan/ipn", "/thanh-toan/ipn?vnp_TxnRef=1&vnp_SecureHash=00", "yyyyyyy"},
      {"POST /thanh-toan/ipn", "/thanh-toan/ipn", "yyyyyyy", nullptr, nullptr,
       "vnp_TxnRef=1&vnp_SecureHash=00"},
      {"GET /ho-so/{code}/bien-lai/{file}", "/ho-so/$OWN_DOSSIER/bien-lai/BL26-X-0000001.pdf",
       "udddddd", "/ho-so/$OTHER_DOSSIER/bien-lai/BL26-X-0000001.pdf", "udddddd"},
      {"GET /bien-lai/{number}", "/bien-lai/BL26-X-0000001?k=gia-mao", "ddddddd"},
      {"POST /ho-so/{code}/hoan-phi/{id}", "/ho-so/$OWN_DOSSIER/hoan-phi/999999", "ufdfdff",
       "/ho-so/$OTHER_DOSSIER/hoan-phi/999999", "udddddd", "reference=UNC+1"},
      {"GET /dieu-hanh/doi-soat", "/dieu-hanh/doi-soat", "ufyfyyf"},
      // Administration.
      {"GET /quan-tri", "/quan-tri", "ufffffy"},
      {"POST /quan-tri/co-quan", "/quan-tri/co-quan", "ufffffy", "/quan-tri/co-quan", "ufffffd",
       "code=000.21.B$N.H99&name=Bo+phan+$N&type=department&parent_code=000.21.00.H99",
       "code=000.22.B$N.H99&name=Bo+phan+$N&type=department&parent_code=000.22.00.H99"},
      {"GET /quan-tri/co-quan/{code}", "/quan-tri/co-quan/000.21.01.H99", "ufffffy",
       "/quan-tri/co-quan/000.22.01.H99", "ufffffd"},
      {"POST /quan-tri/co-quan/{code}", "/quan-tri/co-quan/000.21.01.H99", "ufffffy",
       "/quan-tri/co-quan/000.22.01.H99", "ufffffd",
       "name=Trung+tam+$N&type=service_centre&is_one_stop_centre=1&parent_code=000.21.00.H99",
       "name=Trung+tam+$N&type=service_centre&is_one_stop_centre=1&parent_code=000.22.00.H99"},
      {"POST /quan-tri/co-quan/{code}/quay", "/quan-tri/co-quan/000.21.01.H99/quay", "ufffffy",
       "/quan-tri/co-quan/000.22.01.H99/quay", "ufffffd", "number=$N&name=Quay+$N"},
      {"POST /quan-tri/co-quan/{code}/quay/{number}", "/quan-tri/co-quan/000.21.01.H99/quay/1",
       "ufffffy", "/quan-tri/co-quan/000.22.01.H99/quay/1", "ufffffd", "name=Quay+mot+$N"},
      {"POST /quan-tri/co-quan/{code}/quay/{number}/trang-thai",
       "/quan-tri/co-quan/000.21.01.H99/quay/1/trang-thai", "ufffffy",
       "/quan-tri/co-quan/000.22.01.H99/quay/1/trang-thai", "ufffffd", "active=1"},
      {"GET /quan-tri/nguoi-dung", "/quan-tri/nguoi-dung", "ufffffy"},
      {"POST /quan-tri/nguoi-dung", "/quan-tri/nguoi-dung", "ufffffy", "/quan-tri/nguoi-dung",
       "ufffffd",
       "username=mt.web$N&password=motcua-demo&full_name=Can+bo+$N&role=specialist&"
       "agency_code=000.21.00.H99",
       "username=mt.web$N&password=motcua-demo&full_name=Can+bo+$N&role=specialist&"
       "agency_code=000.22.00.H99"},
      {"GET /quan-tri/nguoi-dung/{username}", "/quan-tri/nguoi-dung/mt.chuyenvien", "ufffffy",
       "/quan-tri/nguoi-dung/mt.tiepnhan2", "ufffffd"},
      {"POST /quan-tri/nguoi-dung/{username}", "/quan-tri/nguoi-dung/mt.chuyenvien", "ufffffy",
       "/quan-tri/nguoi-dung/mt.tiepnhan2", "ufffffd",
       "full_name=Can+bo+chuyen+vien&role=specialist&agency_code=000.21.00.H99&active=1",
       "full_name=Can+bo&role=reception_officer&agency_code=000.22.01.H99&active=1"},
      {"POST /quan-tri/nguoi-dung/{username}/mat-khau",
       "/quan-tri/nguoi-dung/mt.doimatkhau/mat-khau", "ufffffy",
       "/quan-tri/nguoi-dung/mt.tiepnhan2/mat-khau", "ufffffd", "password=motcua-demo"},
      {"GET /quan-tri/thu-tuc", "/quan-tri/thu-tuc?q=kiem+thu", "ufffffy"},
      {"GET /quan-tri/thu-tuc/{code}", "/quan-tri/thu-tuc/9.900001", "ufffffy",
       "/quan-tri/thu-tuc/9.900002", "ufffffd"},
      {"POST /quan-tri/thu-tuc/{code}", "/quan-tri/thu-tuc/9.900001", "ufffffy",
       "/quan-tri/thu-tuc/9.900002", "ufffffd", "note=Sua+$N"},
      {"GET /quan-tri/lich", "/quan-tri/lich", "ufffffy"},
      {"GET /quan-tri/nhat-ky", "/quan-tri/nhat-ky", "ufffffy"},
      {"POST /quan-tri/lich", "/quan-tri/lich", "ufffffy", "/quan-tri/lich", "ufffffd",
       "day=$DAY&kind=day-off&name=Nghi+thu&agency_code=000.21.00.H99",
       "day=$DAY&kind=day-off&name=Nghi+thu&agency_code=000.22.00.H99"},
      {"POST /quan-tri/lich/xoa", "/quan-tri/lich/xoa", "ufffffy", "/quan-tri/lich/xoa", "ufffffd",
       "day=2027-03-03&agency_code=000.21.00.H99", "day=2027-03-02&agency_code=000.22.00.H99"},
  };
  return rules;
}

}  // namespace
}  // namespace motcua::testing

// The official forms of real dossiers over real HTTP (issue 7): a `motcua serve --demo` process,
// dossiers received through the API, forms fetched as PDF / HTML and checked with poppler
// (pdftotext, pdftoppm) and zbar (zbarimg). Rendered pages go to tests/artifacts/forms-api/.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "forms/forms_test_util.h"
#include "support/http_client.h"
#include "support/test_server.h"

namespace motcua::testing {
namespace {

namespace json = boost::json;
namespace ft = motcua::forms::testing;

constexpr const char* kCentre = "000.00.01.H99";
constexpr const char* kPublicUrl = "https://dichvucong.example.vn";

json::object Obj(const HttpResponse& r) {
  boost::system::error_code ec;
  auto v = json::parse(r.body, ec);
  return !ec && v.is_object() ? v.as_object() : json::object{};
}

std::string Login(HttpClient& c, const std::string& user) {
  auto r =
      c.PostJson("/api/v1/auth/login",
                 json::serialize(json::object{{"username", user}, {"password", "motcua-demo"}}));
  EXPECT_EQ(r.status, 200) << user << " " << r.body;
  if (r.status != 200) return {};
  return std::string(Obj(r).at("token").as_string());
}

std::map<std::string, std::string> Auth(const std::string& token) {
  return {{"Authorization", "Bearer " + token}};
}

json::object Applicant() {
  return {{"type", "citizen"},
          {"full_name", "Nguyễn Thị Ánh Tuyết"},
          {"id_number", "001190012345"},
          {"phone", "0912345678"},
          {"address", "Số 12 phố Tràng Tiền, phường Hoàn Kiếm"}};
}

json::object SubmitBody(const std::string& procedure, const std::string& channel) {
  return {{"procedure_code", procedure},
          {"channel", channel},
          {"applicant", Applicant()},
          {"components",
           json::array{json::object{{"name", "Tờ khai theo mẫu"}, {"originals", 1}, {"copies", 0}},
                       json::object{{"name", "Bản sao giấy tờ chứng minh nơi cư trú"},
                                    {"originals", 0},
                                    {"copies", 2}}}}};
}

std::string ErrorCode(const HttpResponse& r) {
  auto o = Obj(r);
  auto* e = o.if_contains("error");
  if (!e || !e->is_object()) return {};
  auto* code = e->as_object().if_contains("code");
  return code && code->is_string() ? std::string(code->as_string()) : std::string();
}

std::string ErrorMessage(const HttpResponse& r) {
  auto o = Obj(r);
  auto* e = o.if_contains("error");
  if (!e || !e->is_object()) return {};
  auto* m = e->as_object().if_contains("message");
  return m && m->is_string() ? std::string(m->as_string()) : std::string();
}

// "ngày 05 tháng 02 năm 2026" / "17 giờ 00 phút, ngày 14 tháng 7 năm 2026" from an ISO instant
// "YYYY-MM-DDTHH:MM:SS+07:00", as the forms write them.
std::string DateTimeViFromIso(const std::string& iso) {
  const int year = std::stoi(iso.substr(0, 4));
  const int month = std::stoi(iso.substr(5, 2));
  const int day = std::stoi(iso.substr(8, 2));
  const std::string month_text = month < 3 ? "0" + std::to_string(month) : std::to_string(month);
  return iso.substr(11, 2) + " giờ " + iso.substr(14, 2) + " phút, ngày " + (day < 10 ? "0" : "") +
         std::to_string(day) + " tháng " + month_text + " năm " + std::to_string(year);
}

std::filesystem::path ArtifactDir() {
  auto dir = std::filesystem::path(MOTCUA_SOURCE_DIR) / "tests" / "artifacts" / "forms-api";
  std::filesystem::create_directories(dir);
  return dir;
}

// Writes `pdf` under a temp dir and returns its text (pdftotext -enc UTF-8, whitespace squeezed).
std::string PdfText(const std::string& pdf, const std::string& name) {
  auto dir = ft::TempDir("api");
  auto path = dir / (name + ".pdf");
  ft::WriteFile(path, pdf);
  int rc = -1;
  std::string text = ft::RunCommand("pdftotext -enc UTF-8 '" + path.string() + "' -", &rc);
  EXPECT_EQ(rc, 0) << name;
  return ft::Squeeze(text);
}

// Renders every page of `pdf` at 200 dpi into tests/artifacts/forms-api/<name>-N.png and returns
// the first page's path.
std::filesystem::path RenderPages(const std::string& pdf, const std::string& name) {
  auto dir = ft::TempDir("api");
  auto path = dir / (name + ".pdf");
  ft::WriteFile(path, pdf);
  auto prefix = ArtifactDir() / name;
  int rc = -1;
  ft::RunCommand("pdftoppm -r 200 -png '" + path.string() + "' '" + prefix.string() + "'", &rc);
  EXPECT_EQ(rc, 0) << name;
  for (const char* suffix : {"-1.png", "-01.png", "-001.png"}) {
    std::filesystem::path first = prefix.string() + suffix;
    if (std::filesystem::exists(first)) return first;
  }
  ADD_FAILURE() << "no page rendered for " << name;
  return {};
}

class FormsApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer(
        {"--demo", "--no-access-log", "--public-url", std::string(kPublicUrl) + "/"});
    HttpClient c(server_->port());
    officer_ = new std::string(Login(c, "demo.reception_officer"));
    citizen_ = new std::string(Login(c, "demo.citizen"));
    specialist_ = new std::string(Login(c, "demo.specialist"));
    procedure_ = new std::string(PickProcedure(c));
  }
  static void TearDownTestSuite() {
    delete server_;
    delete officer_;
    delete citizen_;
    delete specialist_;
    delete procedure_;
    server_ = nullptr;
    std::error_code ec;
    std::filesystem::remove_all(ft::TempDir("api"), ec);  // the PDFs handed to poppler
  }

  // A procedure from the catalogue that the demo centre receives at the counter: the first one
  // listed by GET /api/v1/procedures that a test submission accepts (the same-day legal-aid one
  // 1.000502 when it is there).
  static std::string PickProcedure(HttpClient& c) {
    auto list = c.Get("/api/v1/procedures?page_size=200");
    EXPECT_EQ(list.status, 200) << list.body;
    std::vector<std::string> codes;
    const json::object listed = Obj(list);
    const json::value* items = listed.if_contains("items");
    if (items && items->is_array())
      for (const auto& item : items->as_array())
        codes.emplace_back(item.as_object().at("code").as_string());
    EXPECT_FALSE(codes.empty());
    std::stable_partition(codes.begin(), codes.end(),
                          [](const std::string& code) { return code == "1.000502"; });
    for (const auto& code : codes) {
      auto r = c.PostJson("/api/v1/dossiers", json::serialize(SubmitBody(code, "counter")),
                          Auth(*officer_));
      if (r.status == 201) return code;
    }
    ADD_FAILURE() << "no procedure could be received at the counter";
    return {};
  }

  static json::object Receive(HttpClient& c, json::object extra = {}) {
    json::object body = SubmitBody(*procedure_, "counter");
    for (auto& kv : extra) body[kv.key()] = kv.value();
    auto r = c.PostJson("/api/v1/dossiers", json::serialize(body), Auth(*officer_));
    EXPECT_EQ(r.status, 201) << r.body;
    return Obj(r);
  }

  HttpClient Client() { return HttpClient(server_->port()); }

  static TestServer* server_;
  static std::string* officer_;
  static std::string* citizen_;
  static std::string* specialist_;
  static std::string* procedure_;
};
TestServer* FormsApiTest::server_ = nullptr;
std::string* FormsApiTest::officer_ = nullptr;
std::string* FormsApiTest::citizen_ = nullptr;
std::string* FormsApiTest::specialist_ = nullptr;
std::string* FormsApiTest::procedure_ = nullptr;

TEST_F(FormsApiTest, ReceiptPdfCarriesTitleCodeDueDateAndQrCode) {
  if (!ft::HaveTool("pdftotext") || !ft::HaveTool("pdftoppm") || !ft::HaveTool("zbarimg"))
    GTEST_SKIP() << "poppler-utils and zbar-tools are needed";
  auto c = Client();
  auto d = Receive(c);
  ASSERT_TRUE(d.contains("code")) << json::serialize(d);
  const std::string code(d.at("code").as_string());
  ASSERT_TRUE(d.at("due_at").is_string()) << "the procedure has a time limit";
  const std::string due(d.at("due_at").as_string());

  auto r = c.Get("/api/v1/dossiers/" + code + "/forms/01.pdf", Auth(*officer_));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Header("content-type").value_or(""), "application/pdf");
  EXPECT_EQ(r.Header("content-disposition").value_or(""),
            "inline; filename=\"mau-01-" + code + ".pdf\"");
  ASSERT_EQ(r.body.rfind("%PDF-", 0), 0u);

  const std::string text = PdfText(r.body, "receipt");
  EXPECT_NE(text.find("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"), std::string::npos) << text;
  EXPECT_NE(text.find("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), std::string::npos) << text;
  EXPECT_NE(text.find(code), std::string::npos) << text;
  EXPECT_NE(text.find(DateTimeViFromIso(due)), std::string::npos) << DateTimeViFromIso(due) << "\n"
                                                                  << text;
  // Header from the receiving agency and its parent; applicant, components and register book.
  EXPECT_NE(text.find("ỦY BAN NHÂN DÂN TỈNH"), std::string::npos) << text;
  EXPECT_NE(text.find("Trung tâm Phục vụ hành chính công tỉnh"), std::string::npos) << text;
  EXPECT_NE(text.find("Nguyễn Thị Ánh Tuyết"), std::string::npos) << text;
  EXPECT_NE(text.find("Bản sao giấy tờ chứng minh nơi cư trú"), std::string::npos) << text;
  EXPECT_NE(text.find("Quyển số: " + due.substr(0, 4)), std::string::npos) << text;
  EXPECT_NE(text.find("Trần Thị Bình"), std::string::npos) << "receiving officer\n" << text;

  auto png = RenderPages(r.body, "mau-01-receipt");
  ASSERT_FALSE(png.empty());
  int rc = -1;
  std::string qr = ft::RunCommand("zbarimg -q --raw '" + png.string() + "'", &rc);
  while (!qr.empty() && (qr.back() == '\n' || qr.back() == '\r')) qr.pop_back();
  EXPECT_EQ(qr, std::string(kPublicUrl) + "/tra-cuu/" + code);

  // The print-ready HTML twin.
  auto html = c.Get("/api/v1/dossiers/" + code + "/forms/01.html", Auth(*officer_));
  ASSERT_EQ(html.status, 200) << html.body;
  EXPECT_EQ(html.Header("content-type").value_or("").rfind("text/html", 0), 0u);
  EXPECT_NE(html.body.find(code), std::string::npos);
  EXPECT_NE(html.body.find("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"), std::string::npos);
}

TEST_F(FormsApiTest, ControlSheetListsTheReceptionStep) {
  if (!ft::HaveTool("pdftotext") || !ft::HaveTool("pdftoppm"))
    GTEST_SKIP() << "poppler-utils is needed";
  auto c = Client();
  auto d = Receive(c);
  const std::string code(d.at("code").as_string());
  // Dossiers received from 2025 on print the 2025 set, where the control sheet is Mẫu 06.
  auto r = c.Get("/api/v1/dossiers/" + code + "/forms/06.pdf", Auth(*officer_));
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string text = PdfText(r.body, "control");
  EXPECT_NE(text.find("PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"), std::string::npos) << text;
  EXPECT_NE(text.find(code), std::string::npos) << text;
  EXPECT_NE(text.find("Người nộp hồ sơ"), std::string::npos) << text;
  RenderPages(r.body, "mau-06-control-sheet");
}

TEST_F(FormsApiTest, SupplementRequestOnlyWhenOneWasMade) {
  if (!ft::HaveTool("pdftotext") || !ft::HaveTool("pdftoppm"))
    GTEST_SKIP() << "poppler-utils is needed";
  auto c = Client();
  // A received dossier has no supplement request: Mẫu 02 does not apply (Vietnamese message).
  auto received = Receive(c);
  const std::string received_code(received.at("code").as_string());
  auto none = c.Get("/api/v1/dossiers/" + received_code + "/forms/02.pdf", Auth(*officer_));
  EXPECT_EQ(none.status, 404) << none.body;
  EXPECT_EQ(ErrorCode(none), "form_not_applicable") << none.body;
  EXPECT_NE(ErrorMessage(none).find("bổ sung"), std::string::npos) << none.body;

  // Incomplete at the counter: Mẫu 02 lists what is missing; there is no receipt.
  auto d = Receive(c, {{"outcome", "incomplete"},
                       {"reason", "Thiếu giấy tờ theo quy định"},
                       {"missing_items", json::array{"Bản sao Giấy chứng nhận kết hôn"}}});
  const std::string code(d.at("code").as_string());
  auto r = c.Get("/api/v1/dossiers/" + code + "/forms/02.pdf", Auth(*officer_));
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string text = PdfText(r.body, "supplement");
  EXPECT_NE(text.find("PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"), std::string::npos) << text;
  EXPECT_NE(text.find("Bản sao Giấy chứng nhận kết hôn"), std::string::npos) << text;
  EXPECT_NE(text.find("Thiếu giấy tờ theo quy định"), std::string::npos) << text;
  RenderPages(r.body, "mau-02-supplement-request");
  auto receipt = c.Get("/api/v1/dossiers/" + code + "/forms/01.pdf", Auth(*officer_));
  EXPECT_EQ(receipt.status, 404) << receipt.body;
  EXPECT_EQ(ErrorCode(receipt), "form_not_applicable");
}

TEST_F(FormsApiTest, PermissionsAndUnknownForms) {
  auto c = Client();
  auto d = Receive(c);
  const std::string code(d.at("code").as_string());
  const std::string base = "/api/v1/dossiers/" + code + "/forms/";

  // A citizen who owns another dossier may not print this one.
  auto own = c.PostJson("/api/v1/dossiers", json::serialize(SubmitBody("2.000488", "online")),
                        Auth(*citizen_));
  EXPECT_EQ(own.status, 201) << own.body;
  auto foreign = c.Get(base + "01.pdf", Auth(*citizen_));
  EXPECT_EQ(foreign.status, 403) << foreign.body;
  // Staff of an agency that never held it neither.
  auto outsider = c.Get(base + "01.pdf", Auth(*specialist_));
  EXPECT_EQ(outsider.status, 403) << outsider.body;
  EXPECT_EQ(ErrorCode(outsider), "agency_scope");
  // Anonymous callers must log in.
  EXPECT_EQ(c.Get(base + "01.pdf").status, 401);

  // The citizen's own online dossier, not yet received: no receipt yet.
  if (own.status == 201) {
    const std::string own_code(Obj(own).at("code").as_string());
    auto r = c.Get("/api/v1/dossiers/" + own_code + "/forms/01.pdf", Auth(*citizen_));
    EXPECT_EQ(r.status, 404) << r.body;
    EXPECT_EQ(ErrorCode(r), "form_not_applicable");
  }

  for (const char* file : {"09.pdf", "01.doc", "1x.pdf", "abc"}) {
    auto r = c.Get(base + file, Auth(*officer_));
    EXPECT_EQ(r.status, 404) << file << " " << r.body;
    EXPECT_EQ(ErrorCode(r), "form_not_found") << file;
  }
  // The register is per agency, not per dossier.
  auto reg = c.Get(base + "07.pdf", Auth(*officer_));
  EXPECT_EQ(reg.status, 404);
  EXPECT_EQ(ErrorCode(reg), "form_not_applicable");
  auto unknown = c.Get("/api/v1/dossiers/" + std::string(kCentre) + "-200101-9999/forms/01.pdf",
                       Auth(*officer_));
  EXPECT_EQ(unknown.status, 404) << unknown.body;
}

TEST_F(FormsApiTest, RegisterAsXlsxAndPdf) {
  auto c = Client();
  auto d = Receive(c);
  const std::string code(d.at("code").as_string());
  const std::string day = std::string(d.at("received_at").as_string()).substr(0, 10);
  const std::string base =
      "/api/v1/registers/" + std::string(kCentre) + "?from=" + day + "&to=" + day;

  auto xlsx = c.Get(base + "&format=xlsx", Auth(*officer_));
  ASSERT_EQ(xlsx.status, 200) << xlsx.body;
  EXPECT_EQ(xlsx.Header("content-type").value_or(""),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_NE(xlsx.Header("content-disposition").value_or("").find(".xlsx"), std::string::npos);
  EXPECT_EQ(xlsx.body.rfind("PK", 0), 0u);

  auto pdf = c.Get(base + "&format=pdf", Auth(*officer_));
  ASSERT_EQ(pdf.status, 200) << pdf.body;
  EXPECT_EQ(pdf.Header("content-type").value_or(""), "application/pdf");
  ASSERT_EQ(pdf.body.rfind("%PDF-", 0), 0u);
  if (ft::HaveTool("pdftotext") && ft::HaveTool("pdftoppm")) {
    const std::string text = PdfText(pdf.body, "register");
    EXPECT_NE(text.find("SỔ THEO DÕI HỒ SƠ"), std::string::npos) << text;
    EXPECT_NE(text.find(code), std::string::npos) << text;
    RenderPages(pdf.body, "mau-07-register");
  }

  EXPECT_EQ(c.Get(base + "&format=pdf", Auth(*citizen_)).status, 403);
  auto outsider = c.Get(base + "&format=pdf", Auth(*specialist_));
  EXPECT_EQ(outsider.status, 403) << outsider.body;
  auto backwards = c.Get(
      "/api/v1/registers/" + std::string(kCentre) + "?from=2025-07-02&to=2025-07-01&format=pdf",
      Auth(*officer_));
  EXPECT_EQ(ErrorCode(backwards), "invalid_date_range") << backwards.body;
  auto bad_format = c.Get(base + "&format=doc", Auth(*officer_));
  EXPECT_EQ(bad_format.status / 100, 4) << bad_format.body;
  auto missing =
      c.Get("/api/v1/registers/" + std::string(kCentre) + "?from=" + day, Auth(*officer_));
  EXPECT_EQ(missing.status / 100, 4);
  auto unknown =
      c.Get("/api/v1/registers/000.00.99.H99?from=" + day + "&to=" + day, Auth(*officer_));
  EXPECT_EQ(unknown.status, 404) << unknown.body;
}

}  // namespace
}  // namespace motcua::testing

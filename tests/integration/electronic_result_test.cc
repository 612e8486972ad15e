// Electronic results (issue 16 part 3, decision 0017) over real HTTP: the leader approves an
// online dossier on its page (with or without a PDF to sign), the applicant downloads the
// PAdES-signed result, which pdfsig validates; nobody else gets it; the public lookup says how
// to check it.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>

#include "support/demo_server_test.h"
#include "support/multipart_body.h"

namespace motcua::testing {
namespace {

namespace json = boost::json;

constexpr const char* kProcedure = "1.000502";  // trợ giúp pháp lý: online, same day, Sở Tư pháp

std::string RunPdfsig(const std::string& pdf) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("motcua-result-" + std::to_string(::getpid()) + ".pdf");
  std::ofstream(path, std::ios::binary) << pdf;
  std::string out;
  if (FILE* p = ::popen(("pdfsig '" + path.string() + "' 2>&1").c_str(), "r")) {
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    ::pclose(p);
  }
  std::filesystem::remove(path);
  return out;
}

class ElectronicResultTest : public DemoServerTest {
 protected:
  json::object Obj(const HttpResponse& r) {
    auto v = json::parse(r.body);
    return v.is_object() ? v.as_object() : json::object{};
  }
  std::string Submit(const DemoSession& who, const std::string& channel) {
    auto c = Client();
    json::object b{{"procedure_code", kProcedure},
                   {"channel", channel},
                   {"applicant", json::object{{"type", "citizen"},
                                              {"full_name", "Nguyễn Văn An"},
                                              {"id_number", "001090012345"},
                                              {"phone", "0912345678"},
                                              {"address", "Số 7 phố Tràng Tiền"}}},
                   {"components", json::array{json::object{
                                      {"name", "Tờ khai"}, {"originals", 1}, {"copies", 0}}}}};
    auto r = c.PostJson("/api/v1/dossiers", json::serialize(b), who.Bearer());
    EXPECT_EQ(r.status, 201) << r.body;
    return std::string(Obj(r).at("code").as_string());
  }
  int64_t Version(const DemoSession& who, const std::string& code) {
    auto c = Client();
    auto r = c.Get("/api/v1/dossiers/" + code, who.Bearer());
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? Obj(r).at("version").as_int64() : 0;
  }
  void Act(const DemoSession& who, const std::string& code, const std::string& action) {
    auto c = Client();
    json::object b{{"action", action}, {"version", Version(who, code)}};
    auto r = c.PostJson("/api/v1/dossiers/" + code + "/actions", json::serialize(b), who.Bearer());
    EXPECT_EQ(r.status, 200) << action << ": " << r.body;
  }
  // The leader's result form on the dossier page, posted as the browser does.
  HttpResponse PostResult(const DemoSession& leader, const std::string& code,
                          std::string_view file_name, std::string_view file) {
    MultipartBody b;
    b.Field("csrf_token", leader.csrf)
        .Field("action", "approve")
        .Field("version", std::to_string(Version(leader, code)))
        .Field("result_note", "Đã cử trợ giúp viên pháp lý");
    b.File("result_file", file_name, file, file.empty() ? "" : "application/pdf");
    auto c = Client();
    auto r = c.Send(
        "POST", "/ho-so/" + code + "/ket-qua", b.Build(),
        {{"Content-Type", MultipartBody::ContentType()}, {"Cookie", leader.Cookie()["Cookie"]}});
    EXPECT_TRUE(r.has_value());
    return r.value_or(HttpResponse{});
  }
  // A dossier of `channel` at the leader's approval step.
  std::string AtApproval(const std::string& channel) {
    DemoSession officer = Login("demo.reception_officer");
    const std::string code = Submit(channel == "online" ? Login("demo.citizen") : officer, channel);
    if (channel == "online") Act(officer, code, "receive");
    Act(officer, code, "forward");
    Act(Login("demo.specialist"), code, "forward");
    return code;
  }
};

TEST_F(ElectronicResultTest, OnlineDossierEndsWithASignedResultOnlyItsApplicantDownloads) {
  const std::string code = AtApproval("online");
  DemoSession leader = Login("demo.leader");
  auto c = Client();
  auto page = c.Get("/ho-so/" + code, leader.Cookie());
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(
      page.body.find("action=\"/ho-so/" + code + "/ket-qua\" enctype=\"multipart/form-data\""),
      std::string::npos);
  EXPECT_NE(page.body.find("name=\"result_file\" type=\"file\""), std::string::npos);

  // A file that is not a PDF: refused with the page, nothing written.
  const int64_t rows = Count("SELECT COUNT(*) FROM result_documents");
  const int64_t version = Version(leader, code);
  auto bad = PostResult(leader, code, "anh.png", std::string_view("\x89PNG\r\n\x1a\n\0\0", 10));
  EXPECT_EQ(bad.status, 415) << bad.body;
  EXPECT_NE(bad.body.find("Văn bản kết quả phải là tệp PDF"), std::string::npos);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM result_documents"), rows);
  EXPECT_EQ(Version(leader, code), version);

  // No file: the online dossier gets the generated notice, signed.
  auto done = PostResult(leader, code, "", "");
  ASSERT_EQ(done.status, 303) << done.body;
  EXPECT_EQ(Count("SELECT COUNT(*) FROM result_documents"), rows + 1);

  DemoSession citizen = Login("demo.citizen");
  auto api = c.Get("/api/v1/dossiers/" + code + "/result", citizen.Bearer());
  ASSERT_EQ(api.status, 200) << api.body;
  EXPECT_EQ(api.Header("content-type").value_or(""), "application/pdf");
  EXPECT_EQ(api.Header("cache-control").value_or(""), "private, no-store");
  const std::string report = RunPdfsig(api.body);
  EXPECT_NE(report.find("Signature Validation: Signature is Valid."), std::string::npos) << report;
  EXPECT_NE(report.find("Total document signed"), std::string::npos) << report;
  EXPECT_NE(report.find("Sở Tư pháp"), std::string::npos) << report;

  // "Hồ sơ của tôi": the dossier page links the download, which is the same file.
  auto mine = c.Get("/ho-so/" + code, citizen.Cookie());
  ASSERT_EQ(mine.status, 200);
  EXPECT_NE(mine.body.find("href=\"/ho-so/" + code + "/ket-qua.pdf\""), std::string::npos);
  auto web = c.Get("/ho-so/" + code + "/ket-qua.pdf", citizen.Cookie());
  ASSERT_EQ(web.status, 200);
  EXPECT_EQ(web.body, api.body);
  EXPECT_EQ(web.Header("cache-control").value_or(""), "private, no-store");
  EXPECT_GE(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'result.read'"), 2);

  // Nobody else: not signed in, an officer of an agency that never held it.
  EXPECT_EQ(c.Get("/api/v1/dossiers/" + code + "/result").status, 401);
  EXPECT_EQ(
      c.Get("/api/v1/dossiers/" + code + "/result", Login("demo.specialist.thue").Bearer()).status,
      404);
  EXPECT_EQ(c.Get("/ho-so/" + code + "/ket-qua.pdf", Login("demo.specialist.thue").Cookie()).status,
            404);

  // The public lookup says how to check it, with the fingerprint, and no personal data.
  auto lookup = c.Get("/tra-cuu/" + code);
  ASSERT_EQ(lookup.status, 200);
  EXPECT_NE(lookup.body.find("pdfsig"), std::string::npos);
  EXPECT_NE(lookup.body.find("class=\"fingerprint\""), std::string::npos);
  EXPECT_EQ(lookup.body.find("ket-qua.pdf\""), std::string::npos);
  EXPECT_EQ(lookup.body.find("001090012345"), std::string::npos);
}

TEST_F(ElectronicResultTest, TheLeadersOwnPdfIsSignedAndFormsComeSignedOnRequest) {
  const std::string code = AtApproval("counter");
  DemoSession officer = Login("demo.reception_officer");
  auto c = Client();
  // Our own receipt (Mẫu 01) stands in for the agency's decision document.
  auto receipt = c.Get("/ho-so/" + code + "/in/01.pdf", officer.Cookie());
  ASSERT_EQ(receipt.status, 200);
  DemoSession leader = Login("demo.leader");
  auto done = PostResult(leader, code, "quyet-dinh.pdf", receipt.body);
  ASSERT_EQ(done.status, 303) << done.body;
  auto file = c.Get("/api/v1/dossiers/" + code + "/result", leader.Bearer());
  ASSERT_EQ(file.status, 200) << file.body;
  EXPECT_EQ(file.body.substr(0, receipt.body.size()), receipt.body);  // an incremental update
  EXPECT_NE(RunPdfsig(file.body).find("Signature Validation: Signature is Valid."),
            std::string::npos);

  // Mẫu 01 signed with the receiving centre's certificate.
  auto page = c.Get("/ho-so/" + code, officer.Cookie());
  EXPECT_NE(page.body.find("href=\"/ho-so/" + code + "/in-ky-so/01.pdf\""), std::string::npos);
  auto signed_form = c.Get("/ho-so/" + code + "/in-ky-so/01.pdf", officer.Cookie());
  ASSERT_EQ(signed_form.status, 200) << signed_form.body;
  const std::string report = RunPdfsig(signed_form.body);
  EXPECT_NE(report.find("Signature Validation: Signature is Valid."), std::string::npos) << report;
  EXPECT_NE(report.find("Trung tâm Phục vụ hành chính công tỉnh"), std::string::npos) << report;
  EXPECT_EQ(c.Get("/ho-so/" + code + "/in-ky-so/07.pdf", officer.Cookie()).status, 404);
  // Out of scope: refused as the unsigned print route refuses it (403 or 404).
  const int stranger =
      c.Get("/ho-so/" + code + "/in-ky-so/01.pdf", Login("demo.specialist.thue").Cookie()).status;
  EXPECT_TRUE(stranger == 403 || stranger == 404) << stranger;
}

}  // namespace
}  // namespace motcua::testing

// The citizen's online submission wizard (/nop-ho-so/{code}) over real HTTP, with the
// components' files in one multipart body (issue 6): every refused post leaves the database as it
// was, and a good one records the dossier, its attachment rows and their links together.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <regex>

#include "support/demo_server_test.h"
#include "support/form_body.h"
#include "support/multipart_body.h"

namespace motcua::testing {
namespace {

namespace json = boost::json;

constexpr const char* kProcedure = "1.001612";  // enterprise registration, online toàn trình
constexpr std::string_view kPdf = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";
constexpr std::string_view kPng{"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16};

class WebSubmissionTest : public DemoServerTest {
 protected:
  void SetUp() override {
    DemoSession citizen = Login("demo.citizen");
    token_ = citizen.token;
    csrf_ = citizen.csrf;
  }
  std::string Cookie() const { return "motcua_session=" + token_; }
  int64_t Rows(const std::string& table) { return Count("SELECT COUNT(*) FROM " + table); }

  // The wizard's fields for a valid applicant; `id_number` may be made invalid.
  MultipartBody Applicant(const std::string& csrf, const std::string& id_number = "001085012345") {
    MultipartBody b;
    b.Field("csrf_token", csrf)
        .Field("full_name", "Nguyễn Thị <script>alert(1)</script>")
        .Field("id_number", id_number)
        .Field("phone", "0987654321")
        .Field("address", "Tổ 5, phường Đông Thành")
        .Field("return_method", "online")
        .Field("confirm", "1");
    return b;
  }

  HttpResponse Post(const std::string& body, const std::string& type) {
    auto c = Client();
    auto r = c.Send("POST", std::string("/nop-ho-so/") + kProcedure, body,
                    {{"Content-Type", type}, {"Cookie", Cookie()}});
    EXPECT_TRUE(r.has_value());
    return r.value_or(HttpResponse{});
  }
  HttpResponse Post(const MultipartBody& b) {
    return Post(b.Build(), MultipartBody::ContentType());
  }

  std::string token_, csrf_;
};

TEST_F(WebSubmissionTest, TheWizardTakesFilesPerComponent) {
  auto c = Client();
  auto page = c.Get(std::string("/nop-ho-so/") + kProcedure, {{"Cookie", Cookie()}});
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("enctype=\"multipart/form-data\""), std::string::npos);
  EXPECT_NE(page.body.find("name=\"f0\" type=\"file\" multiple"), std::string::npos);
  EXPECT_NE(page.body.find("<progress id=\"upload-progress\""), std::string::npos);
  // The script's size check uses the server's own limit (20 MiB by default) less room for fields.
  EXPECT_NE(page.body.find("data-upload-limit=\"" + std::to_string((20 << 20) - (64 << 10)) +
                           "\" data-upload-limit-mb=\"20\""),
            std::string::npos);
  ASSERT_NE(page.body.find("name=\"f1\""), std::string::npos) << "needs two components";

  const int64_t attachments = Rows("attachments"), dossiers = Rows("dossiers");
  auto unchanged = [&] {
    EXPECT_EQ(Rows("attachments"), attachments);
    EXPECT_EQ(Rows("dossiers"), dossiers);
  };
  // A forged form: 403, nothing written.
  EXPECT_EQ(Post(Applicant("not-the-token").Field("c0", "1").File("f0", "a.pdf", kPdf)).status,
            403);
  unchanged();
  // A file that is not a PDF, JPEG or PNG: 422, the error next to its own input, which names
  // the file; the note says chosen files must be chosen again.
  auto bad = Post(Applicant(csrf_)
                      .Field("c0", "1")
                      .File("f0", "to-khai.pdf", kPdf)
                      .File("f1", "virus.exe", "MZ not a scan"));
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("id=\"f1-error\""), std::string::npos) << bad.body;
  EXPECT_NE(bad.body.find("virus.exe"), std::string::npos);
  EXPECT_EQ(bad.body.find("id=\"f0-error\""), std::string::npos);
  EXPECT_NE(bad.body.find("class=\"note files-lost\""), std::string::npos);
  // What the applicant typed comes back, escaped.
  EXPECT_NE(bad.body.find("Nguyễn Thị &lt;script&gt;"), std::string::npos);
  EXPECT_EQ(bad.body.find("<script>alert(1)"), std::string::npos);
  unchanged();
  // A bad id number with good files: 422 naming the field, no row.
  auto bad_id = Post(Applicant(csrf_, "12ab").Field("c0", "1").File("f0", "a.pdf", kPdf));
  EXPECT_EQ(bad_id.status, 422);
  EXPECT_NE(bad_id.body.find("id_number"), std::string::npos);
  unchanged();
  // A body that is not multipart as announced: 400.
  EXPECT_EQ(Post("garbage", MultipartBody::ContentType()).status, 400);
  unchanged();

  // The submission: two files for the first component, one for the second (not ticked: sending
  // a scan means having the paper), an empty file input as browsers send it.
  auto done = Post(Applicant(csrf_)
                       .Field("c0", "1")
                       .File("f0", "to-khai.pdf", kPdf, "application/pdf")
                       .File("f0", "trang-2.png", kPng, "image/png")
                       .File("f1", "dieu-le.pdf", kPdf, "application/pdf")
                       .File("f2", "", ""));
  ASSERT_EQ(done.status, 303) << done.body;
  std::smatch m;
  const std::string location = done.Header("location").value_or("");
  ASSERT_TRUE(std::regex_match(location, m, std::regex("/ho-so/([^?]+)\\?da-nop=1")));
  const std::string code = m[1].str();
  EXPECT_EQ(Rows("attachments"), attachments + 3);
  EXPECT_EQ(Rows("dossiers"), dossiers + 1);
  auto view = c.Get("/api/v1/dossiers/" + code, {{"Authorization", "Bearer " + token_}});
  ASSERT_EQ(view.status, 200) << view.body;
  auto d = json::parse(view.body).as_object();
  ASSERT_EQ(d.at("attachments").as_array().size(), 3u);
  EXPECT_EQ(d.at("attachments").as_array()[0].at("original_name").as_string(), "to-khai.pdf");
  const auto& comps = d.at("components").as_array();
  ASSERT_GE(comps.size(), 2u);
  EXPECT_EQ(comps[0].at("attachment_ids").as_array().size(), 2u);
  EXPECT_EQ(comps[1].at("attachment_ids").as_array().size(), 1u);
  // The dossier page lists the papers for the applicant, each opening in the browser.
  auto sheet = c.Get(location, {{"Cookie", Cookie()}});
  EXPECT_EQ(sheet.status, 200);
  EXPECT_NE(sheet.body.find("dieu-le.pdf"), std::string::npos);
  const int64_t png_id = d.at("attachments").as_array()[1].at("id").as_int64();
  const std::string href = "/api/v1/dossiers/" + code + "/attachments/" + std::to_string(png_id);
  EXPECT_NE(sheet.body.find("href=\"" + href + "\""), std::string::npos);
  auto file = c.Get(href, {{"Cookie", Cookie()}});
  ASSERT_EQ(file.status, 200) << file.body;
  EXPECT_EQ(file.body, kPng);
  EXPECT_EQ(file.Header("content-type").value_or(""), "image/png");
  EXPECT_EQ(
      file.Header("content-disposition").value_or(""),
      "inline; filename=\"tep-" + std::to_string(png_id) + ".png\"; filename*=UTF-8''trang-2.png");
  EXPECT_EQ(file.Header("cache-control").value_or(""), "private, no-store");
  // Nobody else sees it: not logged in, an officer of an agency that never held the dossier, a
  // file id of another dossier, an id that is not a number.
  EXPECT_EQ(c.Get(href).status, 401);
  EXPECT_EQ(c.Get(href, Login("demo.specialist.thue").Bearer()).status, 404);
  const std::string base = "/api/v1/dossiers/" + code + "/attachments/";
  EXPECT_EQ(c.Get(base + std::to_string(png_id + 1000), {{"Cookie", Cookie()}}).status, 404);
  EXPECT_EQ(c.Get(base + "1%20OR%201", {{"Cookie", Cookie()}}).status, 404);
}

TEST_F(WebSubmissionTest, AFormWithoutFilesStillWorks) {
  // Url-encoded, as the page was before it took files (a cached page, or a script-less client).
  const int64_t attachments = Rows("attachments");
  auto r = Post(FormBody({{"csrf_token", csrf_},
                          {"full_name", "Trần Văn Bình"},
                          {"id_number", "001090054321"},
                          {"c0", "1"},
                          {"confirm", "1"}}),
                kFormContentType);
  EXPECT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(Rows("attachments"), attachments);
}

}  // namespace
}  // namespace motcua::testing

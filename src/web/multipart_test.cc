#include "web/multipart.h"

#include <gtest/gtest.h>

namespace motcua::web {
namespace {

constexpr const char* kType = "multipart/form-data; boundary=----WebKitFormBoundaryAbC123";
// File content with a NUL byte, CRLFs and a line that starts like a delimiter.
constexpr char kFile[] = "%PDF-1.4\r\n\0binary\r\n--not-a-boundary";
const std::string kFileData(kFile, sizeof(kFile) - 1);

std::string Body() {
  std::string b;
  b += "------WebKitFormBoundaryAbC123\r\n";
  b += "Content-Disposition: form-data; name=\"csrf_token\"\r\n\r\n";
  b += "tok\r\n";
  b += "------WebKitFormBoundaryAbC123\r\n";
  b += "Content-Disposition: form-data; name=\"file0\"; filename=\"gi\\\"ay; to.pdf\"\r\n";
  b += "Content-Type: application/pdf\r\n\r\n";
  b += kFileData;
  b += "\r\n------WebKitFormBoundaryAbC123\r\n";
  b += "Content-Disposition: form-data; name=\"file1\"; filename=\"\"\r\n";
  b += "Content-Type: application/octet-stream\r\n\r\n";
  b += "\r\n------WebKitFormBoundaryAbC123\r\n";
  b += "Content-Disposition: form-data; name=\"note\"\r\n\r\n";
  b += "Bổ sung bản sao\r\ndòng hai\r\n";
  b += "------WebKitFormBoundaryAbC123--\r\n";
  return b;
}

TEST(Multipart, ParsesFieldsAndFiles) {
  auto parts = ParseMultipart(kType, Body());
  ASSERT_TRUE(parts.has_value());
  ASSERT_EQ(parts->size(), 4u);
  EXPECT_EQ(MultipartValue(*parts, "csrf_token"), "tok");
  const MultipartPart& file = (*parts)[1];
  EXPECT_TRUE(file.is_file);
  EXPECT_EQ(file.name, "file0");
  EXPECT_EQ(file.filename, "gi\"ay; to.pdf");
  EXPECT_EQ(file.content_type, "application/pdf");
  EXPECT_EQ(file.data, kFileData);
  EXPECT_TRUE((*parts)[2].is_file);
  EXPECT_TRUE((*parts)[2].data.empty());  // a file input left empty
  EXPECT_EQ(MultipartValue(*parts, "note"), "Bổ sung bản sao\r\ndòng hai");
  EXPECT_EQ(MultipartValue(*parts, "file0"), "");  // files are not values
}

TEST(Multipart, QuotedBoundaryAndMalformedBodies) {
  std::string quoted = "multipart/form-data; boundary=\"----WebKitFormBoundaryAbC123\"";
  EXPECT_TRUE(ParseMultipart(quoted, Body()).has_value());
  EXPECT_FALSE(ParseMultipart("application/x-www-form-urlencoded", Body()).has_value());
  EXPECT_FALSE(ParseMultipart("multipart/form-data", Body()).has_value());
  std::string cut = Body();
  cut.resize(cut.size() - 40);  // no closing delimiter
  EXPECT_FALSE(ParseMultipart(kType, cut).has_value());
  std::string nameless = "--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--\r\n";
  EXPECT_FALSE(ParseMultipart("multipart/form-data; boundary=b", nameless).has_value());
  auto empty = ParseMultipart("multipart/form-data; boundary=b", "--b--\r\n");
  ASSERT_TRUE(empty.has_value());
  EXPECT_TRUE(empty->empty());
}

// Regression for a fuzzing find (fuzz/corpus/multipart/regression_empty_name): a part whose
// name is empty or whose quoted name never closes is malformed, not a field named "".
TEST(Multipart, PartsWithoutAUsableNameAreRefused) {
  const std::string type = "multipart/form-data; boundary=b";
  auto body = [](const std::string& disposition) {
    return "--b\r\nContent-Disposition: " + disposition + "\r\n\r\nabc\r\n--b--\r\n";
  };
  EXPECT_TRUE(ParseMultipart(type, body("form-data; name=\"a\"")).has_value());
  EXPECT_FALSE(ParseMultipart(type, body("form-data; name=\"\"")).has_value());
  EXPECT_FALSE(ParseMultipart(type, body("form-data; name=\"")).has_value());
  EXPECT_FALSE(ParseMultipart(type, body("form-data; name=\"abc")).has_value());
  EXPECT_FALSE(ParseMultipart(type, body("form-data; name=")).has_value());
  EXPECT_FALSE(ParseMultipart("multipart/form-data; boundary=\"b", body("form-data; name=\"a\""))
                   .has_value());
}

}  // namespace
}  // namespace motcua::web

// Building multipart/form-data bodies (RFC 7578) for integration tests that post the web forms
// with files, as a browser does for a form with enctype="multipart/form-data".
#pragma once

#include <string>
#include <string_view>

namespace motcua::testing {

class MultipartBody {
 public:
  // The boundary never occurs in test data; Content-Type() names it.
  static constexpr std::string_view kBoundary = "----motcua-test-boundary";

  MultipartBody& Field(std::string_view name, std::string_view value) {
    body_ += "--" + std::string(kBoundary) + "\r\nContent-Disposition: form-data; name=\"" +
             std::string(name) + "\"\r\n\r\n" + std::string(value) + "\r\n";
    return *this;
  }
  // A file input's part; an empty `filename` and `data` is what browsers send when no file was
  // chosen.
  MultipartBody& File(std::string_view name, std::string_view filename, std::string_view data,
                      std::string_view content_type = "application/octet-stream") {
    body_ += "--" + std::string(kBoundary) + "\r\nContent-Disposition: form-data; name=\"" +
             std::string(name) + "\"; filename=\"" + std::string(filename) +
             "\"\r\nContent-Type: " + std::string(content_type) + "\r\n\r\n" + std::string(data) +
             "\r\n";
    return *this;
  }
  // The body with its closing delimiter.
  std::string Build() const { return body_ + "--" + std::string(kBoundary) + "--\r\n"; }
  static std::string ContentType() {
    return "multipart/form-data; boundary=" + std::string(kBoundary);
  }

 private:
  std::string body_;
};

}  // namespace motcua::testing

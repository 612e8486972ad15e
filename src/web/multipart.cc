#include "web/multipart.h"

#include <cctype>

namespace motcua::web {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view TrimView(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The value of parameter `key` in a header value like `form-data; name="a"; filename="b.pdf"`.
// Handles quoted strings with backslash escapes; `found` tells an empty value from an absent one.
// A quoted value without its closing quote counts as absent: the header is malformed.
std::string Param(std::string_view header, std::string_view key, bool* found) {
  *found = false;
  size_t i = header.find(';');
  while (i != std::string_view::npos && i < header.size()) {
    ++i;
    while (i < header.size() && (header[i] == ' ' || header[i] == '\t')) ++i;
    size_t eq = header.find('=', i);
    if (eq == std::string_view::npos) return {};
    std::string name = Lower(TrimView(header.substr(i, eq - i)));
    size_t j = eq + 1;
    std::string value;
    if (j < header.size() && header[j] == '"') {
      ++j;
      while (j < header.size() && header[j] != '"') {
        if (header[j] == '\\' && j + 1 < header.size()) ++j;
        value += header[j++];
      }
      if (j >= header.size()) return {};  // unterminated
      ++j;                                // closing quote
    } else {
      size_t end = header.find(';', j);
      value =
          std::string(TrimView(header.substr(j, end == std::string_view::npos ? end : end - j)));
      j = end == std::string_view::npos ? header.size() : end;
    }
    if (name == key) {
      *found = true;
      return value;
    }
    i = header.find(';', j);
  }
  return {};
}

}  // namespace

std::optional<std::vector<MultipartPart>> ParseMultipart(std::string_view content_type,
                                                         std::string_view body) {
  if (Lower(content_type.substr(0, 19)) != "multipart/form-data") return std::nullopt;
  bool found = false;
  std::string boundary = Param(content_type, "boundary", &found);
  if (!found || boundary.empty() || boundary.size() > 70) return std::nullopt;
  const std::string delimiter = "--" + boundary;
  size_t pos = body.find(delimiter);
  if (pos == std::string_view::npos) return std::nullopt;
  std::vector<MultipartPart> parts;
  pos += delimiter.size();
  while (true) {
    if (body.substr(pos, 2) == "--") return parts;  // the closing delimiter
    if (body.substr(pos, 2) != "\r\n") return std::nullopt;
    pos += 2;
    size_t headers_end = body.find("\r\n\r\n", pos);
    if (headers_end == std::string_view::npos) return std::nullopt;
    MultipartPart part;
    bool has_name = false;
    std::string_view headers = body.substr(pos, headers_end - pos);
    size_t line_start = 0;
    while (line_start <= headers.size()) {
      size_t line_end = headers.find("\r\n", line_start);
      std::string_view line = headers.substr(
          line_start, line_end == std::string_view::npos ? line_end : line_end - line_start);
      size_t colon = line.find(':');
      if (colon != std::string_view::npos) {
        std::string name = Lower(TrimView(line.substr(0, colon)));
        std::string_view value = TrimView(line.substr(colon + 1));
        if (name == "content-disposition") {
          part.name = Param(value, "name", &has_name);
          part.filename = Param(value, "filename", &part.is_file);
        } else if (name == "content-type") {
          part.content_type = std::string(value);
        }
      }
      if (line_end == std::string_view::npos) break;
      line_start = line_end + 2;
    }
    // RFC 7578: every part names its field. Found by fuzzing (fuzz/multipart_fuzz.cc): an empty
    // or unterminated name="..." used to give a part named "".
    if (!has_name || part.name.empty()) return std::nullopt;
    size_t data_start = headers_end + 4;
    size_t next = body.find("\r\n" + delimiter, data_start);
    if (next == std::string_view::npos) return std::nullopt;
    part.data = std::string(body.substr(data_start, next - data_start));
    parts.push_back(std::move(part));
    pos = next + 2 + delimiter.size();
  }
}

std::string MultipartValue(const std::vector<MultipartPart>& parts, std::string_view name) {
  for (const auto& p : parts)
    if (!p.is_file && p.name == name) return p.data;
  return {};
}

}  // namespace motcua::web

#include "common/xz_lines.h"

#include <lzma.h>

#include <fstream>
#include <sstream>

namespace motcua {

Result<std::string> DecompressXz(std::string_view compressed) {
  lzma_stream strm = LZMA_STREAM_INIT;
  if (lzma_stream_decoder(&strm, UINT64_MAX, LZMA_CONCATENATED) != LZMA_OK)
    return Status::Internal("lzma_stream_decoder failed");
  std::string out;
  char buf[1 << 16];
  strm.next_in = reinterpret_cast<const uint8_t*>(compressed.data());
  strm.avail_in = compressed.size();
  lzma_ret ret = LZMA_OK;
  while (ret == LZMA_OK) {
    strm.next_out = reinterpret_cast<uint8_t*>(buf);
    strm.avail_out = sizeof buf;
    // All input is there: LZMA_FINISH lets the decoder tell a truncated stream from a short one.
    ret = lzma_code(&strm, LZMA_FINISH);
    out.append(buf, sizeof buf - strm.avail_out);
  }
  lzma_end(&strm);
  if (ret != LZMA_STREAM_END)
    return Status::InvalidArgument("invalid_xz", {}, "Tệp nén xz bị hỏng hoặc không đầy đủ.",
                                   "The xz data is corrupt or truncated.");
  return out;
}

std::vector<std::string> SplitLines(std::string_view text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.emplace_back(line);
    start = end + 1;
  }
  return lines;
}

Result<std::vector<std::string>> ReadXzLines(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return Status::InvalidArgument("file_unreadable", path, "Không đọc được tệp " + path + ".",
                                   "Cannot read " + path + ".");
  std::stringstream ss;
  ss << in.rdbuf();
  MOTCUA_ASSIGN_OR_RETURN(std::string text, DecompressXz(ss.str()));
  return SplitLines(text);
}

}  // namespace motcua

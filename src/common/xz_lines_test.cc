#include "common/xz_lines.h"

#include <gtest/gtest.h>
#include <lzma.h>

#include <fstream>

namespace motcua {
namespace {

std::string Compress(std::string_view text) {
  std::string out(lzma_stream_buffer_bound(text.size()), '\0');
  size_t pos = 0;
  lzma_ret r = lzma_easy_buffer_encode(6, LZMA_CHECK_CRC64, nullptr,
                                       reinterpret_cast<const uint8_t*>(text.data()), text.size(),
                                       reinterpret_cast<uint8_t*>(out.data()), &pos, out.size());
  EXPECT_EQ(r, LZMA_OK);
  out.resize(pos);
  return out;
}

TEST(XzLines, RoundTripsVietnameseText) {
  std::string text =
      "{\"code\": \"1.001193\", \"name\": \"Đăng ký khai sinh\"}\n{\"code\": \"2\"}\n";
  auto got = DecompressXz(Compress(text));
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(*got, text);
  auto lines = SplitLines(*got);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1], "{\"code\": \"2\"}");
}

TEST(XzLines, ConcatenatedStreamsAreOneText) {
  auto got = DecompressXz(Compress("a\n") + Compress("b\n"));
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(*got, "a\nb\n");
}

TEST(XzLines, CorruptOrTruncatedDataFails) {
  std::string xz = Compress(std::string(5000, 'x'));
  EXPECT_EQ(DecompressXz(xz.substr(0, xz.size() - 10)).status().reason(), "invalid_xz");
  std::string bad = xz;
  bad[bad.size() / 2] ^= 0x55;
  EXPECT_FALSE(DecompressXz(bad).ok());
  EXPECT_FALSE(DecompressXz("plain text").ok());
}

TEST(XzLines, SplitsCrLfAndKeepsALastLineWithoutEnd) {
  auto lines = SplitLines("a\r\n\nb");
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], "a");
  EXPECT_EQ(lines[1], "");
  EXPECT_EQ(lines[2], "b");
  EXPECT_TRUE(SplitLines("").empty());
}

TEST(XzLines, ReadsTheShippedNationalCatalogue) {
  auto lines =
      ReadXzLines(std::string(MOTCUA_SOURCE_DIR) + "/data/catalogue/national/catalogue.jsonl.xz");
  ASSERT_TRUE(lines.ok()) << lines.status().ToString();
  EXPECT_EQ(lines->size(), 5670u);
  EXPECT_EQ(ReadXzLines("/nonexistent/file.xz").status().reason(), "file_unreadable");
}

}  // namespace
}  // namespace motcua

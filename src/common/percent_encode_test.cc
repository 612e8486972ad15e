#include "common/percent_encode.h"

#include <gtest/gtest.h>

namespace motcua {
namespace {

TEST(PercentEncode, KeepsUnreservedAndEncodesEveryOtherByte) {
  EXPECT_EQ(PercentEncode("Az09-._~"), "Az09-._~");
  EXPECT_EQ(PercentEncode("a b&c=d/e?"), "a%20b%26c%3Dd%2Fe%3F");
  EXPECT_EQ(PercentEncode("tờ khai.pdf"), "t%E1%BB%9D%20khai.pdf");
  EXPECT_EQ(PercentEncode("\"x\"\r\n"), "%22x%22%0D%0A");
  EXPECT_EQ(PercentEncode(""), "");
}

}  // namespace
}  // namespace motcua

#include "common/crypto.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace motcua {
namespace {

TEST(CryptoTest, GenericHashHexIsBlake2b) {
  // RFC 7693 / the BLAKE2 reference vectors.
  EXPECT_EQ(GenericHashHex("", 32),
            "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
  EXPECT_EQ(GenericHashHex("abc", 64),
            "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
            "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923");
  EXPECT_EQ(GenericHashHex("abc", 16).size(), 32u);
  EXPECT_THROW(GenericHashHex("abc", 8), std::invalid_argument);
}

}  // namespace
}  // namespace motcua

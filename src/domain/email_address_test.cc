#include "domain/email_address.h"

#include <gtest/gtest.h>

namespace motcua::domain {
namespace {

TEST(NormaliseEmail, TrimsAndLowerCases) {
  EXPECT_EQ(NormaliseEmail("  Nguyen.Van-A+hs@Example.GOV.vn "), "nguyen.van-a+hs@example.gov.vn");
}

TEST(NormaliseEmail, RefusesMalformedAddresses) {
  for (const char* bad :
       {"", "a", "@example.vn", "a@", "a@vn", "a@@example.vn", "a b@example.vn", "a@example..vn",
        ".a@example.vn", "a.@example.vn", "a..b@example.vn", "a@-x.vn", "a@x-.vn",
        "a@example.vn\r\nBcc: b@example.vn", "a@example.vn>", "\"a\"@example.vn",
        "nguyễn@example.vn", "a@exämple.vn"}) {
    EXPECT_FALSE(NormaliseEmail(bad)) << bad;
  }
  EXPECT_FALSE(NormaliseEmail(std::string(65, 'a') + "@example.vn"));
  EXPECT_FALSE(NormaliseEmail("a@" + std::string(250, 'b') + ".vn"));
}

}  // namespace
}  // namespace motcua::domain

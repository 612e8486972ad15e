#include "http/client_address.h"

#include <gtest/gtest.h>

namespace motcua::http {
namespace {

TEST(TrustedProxies, ForwardedForIsIgnoredFromAnUntrustedPeer) {
  auto t = TrustedProxies::Parse("10.0.0.0/8");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->ClientAddress("203.0.113.9", {"1.2.3.4"}), "203.0.113.9");
  auto none = TrustedProxies::Parse("");
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->ClientAddress("127.0.0.1", {"1.2.3.4"}), "127.0.0.1");
}

TEST(TrustedProxies, TheRightmostUntrustedHopIsTheClient) {
  auto t = TrustedProxies::Parse(" 10.0.0.0/8 , 192.168.1.7,::1");
  ASSERT_TRUE(t.ok());
  // The client put a fake address first; the proxy appended the real one.
  EXPECT_EQ(t->ClientAddress("10.1.2.3", {"6.6.6.6, 198.51.100.4"}), "198.51.100.4");
  // Two proxies in a row.
  EXPECT_EQ(t->ClientAddress("10.1.2.3", {"198.51.100.4, 192.168.1.7"}), "198.51.100.4");
  EXPECT_EQ(t->ClientAddress("::1", {"198.51.100.4"}), "198.51.100.4");
  // Without the header the proxy is the client.
  EXPECT_EQ(t->ClientAddress("10.1.2.3", {}), "10.1.2.3");
  // Garbage stops the walk.
  EXPECT_EQ(t->ClientAddress("10.1.2.3", {"1.1.1.1, junk"}), "10.1.2.3");
  EXPECT_EQ(t->ClientAddress("::ffff:10.1.2.3", {"1.1.1.1"}), "1.1.1.1");
}

TEST(TrustedProxies, PrefixesMatchBitwiseAndBadEntriesAreRefused) {
  auto t = TrustedProxies::Parse("172.16.0.0/12,2001:db8::/32");
  ASSERT_TRUE(t.ok());
  EXPECT_TRUE(t->Contains("172.31.255.1"));
  EXPECT_FALSE(t->Contains("172.32.0.1"));
  EXPECT_TRUE(t->Contains("2001:db8:1::5"));
  EXPECT_FALSE(t->Contains("2001:db9::5"));
  EXPECT_FALSE(TrustedProxies::Parse("10.0.0.0/33").ok());
  EXPECT_FALSE(TrustedProxies::Parse("nonsense").ok());
  EXPECT_EQ(TrustedProxies::Parse("1.2.3.4/x").status().field(), "trusted-proxies");
}

}  // namespace
}  // namespace motcua::http

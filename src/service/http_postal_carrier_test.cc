#include "service/http_postal_carrier.h"

#include <gtest/gtest.h>

namespace motcua::service {
namespace {

TEST(CarrierSignature, IsHmacSha256InHex) {
  // RFC 4231, test case 2.
  EXPECT_EQ(CarrierSignature("Jefe", "what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

HttpPostalCarrier Carrier(const std::string& name = "vnpost") {
  HttpCarrierOptions o;
  o.name = name;
  o.key = "khoa";
  return HttpPostalCarrier(o);
}

TEST(HttpPostalCarrier, VerifiesThePushWithTheKey) {
  auto c = Carrier();
  const std::string body = R"({"events":[]})";
  EXPECT_TRUE(c.VerifyPush(body, CarrierSignature("khoa", body)));
  EXPECT_FALSE(c.VerifyPush(body, CarrierSignature("khac", body)));
  EXPECT_FALSE(c.VerifyPush(body + " ", CarrierSignature("khoa", body)));
  EXPECT_FALSE(c.VerifyPush(body, ""));
  // Without a key nothing is authentic, not even a body "signed" with the empty key.
  HttpPostalCarrier keyless(HttpCarrierOptions{});
  EXPECT_FALSE(keyless.VerifyPush(body, CarrierSignature("", body)));
}

TEST(HttpPostalCarrier, ParsesEventsAndNamesTheBadOne) {
  auto c = Carrier();
  auto ok = c.ParsePush(
      R"({"events":[{"event_id":"A1","tracking_number":"ev123456785vn","code":"delivered",)"
      R"("location":"Bưu cục Hoàn Kiếm","occurred_at":"2025-07-16T10:30:00+07:00"},)"
      R"({"event_id":"A2","tracking_number":"EV123456785VN","code":"returning","occurred_at":1752636600}]})");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  ASSERT_EQ(ok->size(), 2u);
  EXPECT_EQ((*ok)[0].tracking_number, "EV123456785VN");
  EXPECT_EQ((*ok)[0].occurred_at, 1752636600);
  EXPECT_EQ((*ok)[1].occurred_at, 1752636600);
  EXPECT_EQ((*ok)[0].location, "Bưu cục Hoàn Kiếm");

  struct Case {
    const char* body;
    const char* reason;
    const char* field;
  };
  for (
      const Case& k : {
          Case{R"({})", "missing_field", "events"},
          Case{
              R"({"events":[{"tracking_number":"EV123456785VN","code":"delivered","occurred_at":1}]})",
              "missing_field", "events[0].event_id"},
          Case{
              R"({"events":[{"event_id":"A","tracking_number":"EV123456789VN","code":"delivered","occurred_at":1}]})",
              "invalid_tracking_number", "events[0].tracking_number"},
          Case{
              R"({"events":[{"event_id":"A","tracking_number":"EV123456785VN","code":"lost","occurred_at":1}]})",
              "unknown_postal_event", "events[0].code"},
          Case{
              R"({"events":[{"event_id":"A","tracking_number":"EV123456785VN","code":"delivered"}]})",
              "missing_field", "events[0].occurred_at"},
          Case{
              R"({"events":[{"event_id":"A","tracking_number":"EV123456785VN","code":"delivered","occurred_at":"hôm qua"}]})",
              "invalid_field", "events[0].occurred_at"},
      }) {
    auto r = c.ParsePush(k.body);
    ASSERT_FALSE(r.ok()) << k.body;
    EXPECT_EQ(r.status().code(), Code::kValidation) << k.body;
    EXPECT_EQ(r.status().reason(), k.reason) << k.body;
    EXPECT_EQ(r.status().field(), k.field) << k.body;
  }
}

TEST(HttpPostalCarrier, OtherCarriersTakeTheFloorFormat) {
  EXPECT_TRUE(Carrier("viettelpost").NormalizeTrackingNumber("VTP 1234-5678", "f").ok());
  EXPECT_FALSE(Carrier("vnpost").NormalizeTrackingNumber("VTP 1234-5678", "f").ok());
}

TEST(HttpPostalCarrier, WithoutAnAddressTheCarrierIsUnavailable) {
  auto c = Carrier();
  EXPECT_EQ(c.Register({"EV123456785VN", "outbound", "X"}).code(), Code::kUnavailable);
  EXPECT_EQ(c.Track("EV123456785VN").status().code(), Code::kUnavailable);
}

}  // namespace
}  // namespace motcua::service

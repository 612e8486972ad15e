#include "domain/postal.h"

#include <gtest/gtest.h>

namespace motcua::domain {
namespace {

TEST(S10CheckDigit, MatchesTheUpuExamples) {
  // UPU S10 annex: RR473124829GB has serial 47312482 and check digit 9.
  EXPECT_EQ(S10CheckDigit("47312482"), 9);
  // 12345678: 8+12+12+8+15+30+63+56 = 204; 204 mod 11 = 6; 11 - 6 = 5.
  EXPECT_EQ(S10CheckDigit("12345678"), 5);
}

TEST(S10CheckDigit, MapsTenToZeroAndElevenToFive) {
  // 00000000: sum 0, 11 - 0 = 11 -> 5.
  EXPECT_EQ(S10CheckDigit("00000000"), 5);
  // 02000000: sum 12, 12 mod 11 = 1, 11 - 1 = 10 -> 0.
  EXPECT_EQ(S10CheckDigit("02000000"), 0);
  // Each weight alone: 00000001 sums 7 -> 4; 10000000 sums 8 -> 3; 00010000 sums 2 -> 9.
  EXPECT_EQ(S10CheckDigit("00000001"), 4);
  EXPECT_EQ(S10CheckDigit("10000000"), 3);
  EXPECT_EQ(S10CheckDigit("00010000"), 9);
}

TEST(S10CheckDigit, RefusesWhatIsNotEightDigits) {
  EXPECT_FALSE(S10CheckDigit("1234567"));
  EXPECT_FALSE(S10CheckDigit("123456789"));
  EXPECT_FALSE(S10CheckDigit("1234567A"));
}

TEST(NormalizeS10, AcceptsAValidNumberAsTyped) {
  auto n = NormalizeS10(" ev 12345678 5 vn ", "postal_tracking");
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(*n, "EV123456785VN");
  EXPECT_EQ(*NormalizeS10("RR473124829GB", "f"), "RR473124829GB");
}

TEST(NormalizeS10, RefusesAWrongCheckDigitOrShape) {
  for (const char* bad : {"EV123456789VN", "EV12345678VN", "E1123456785VN", "EV123456785V1",
                          "EV1234567855VN", "", "EV12345678-5VN"}) {
    auto n = NormalizeS10(bad, "postal_tracking");
    ASSERT_FALSE(n.ok()) << bad;
    EXPECT_EQ(n.status().code(), Code::kValidation);
    EXPECT_EQ(n.status().reason(), "invalid_tracking_number");
    EXPECT_EQ(n.status().field(), "postal_tracking");
  }
}

TEST(NormalizeTrackingNumber, IsTheFloorForOtherCarriers) {
  EXPECT_EQ(*NormalizeTrackingNumber("vtp-8812 3344", "f"), "VTP-88123344");
  EXPECT_FALSE(NormalizeTrackingNumber("12345", "f").ok());
  EXPECT_FALSE(NormalizeTrackingNumber(std::string(41, 'A'), "f").ok());
  EXPECT_FALSE(NormalizeTrackingNumber("ABC/12345", "f").ok());
  EXPECT_FALSE(NormalizeTrackingNumber("ĐƯỜNG123", "f").ok());
}

TEST(PostalEvents, LabelsAndTerminalEvents) {
  auto delivered = FindPostalEvent("delivered");
  ASSERT_TRUE(delivered);
  EXPECT_TRUE(delivered->terminal);
  EXPECT_EQ(PostalHistoryComment(*delivered), "Bưu điện: đã phát thành công");
  auto returned = FindPostalEvent("returned");
  ASSERT_TRUE(returned);
  EXPECT_TRUE(returned->terminal);
  EXPECT_EQ(returned->label_vi, "đã chuyển hoàn cho người gửi");
  for (const char* code :
       {"accepted", "in_transit", "arrived", "out_for_delivery", "delivery_failed", "returning"}) {
    auto e = FindPostalEvent(code);
    ASSERT_TRUE(e) << code;
    EXPECT_FALSE(e->terminal) << code;
    EXPECT_FALSE(e->label_vi.empty());
  }
  EXPECT_FALSE(FindPostalEvent("lost_in_space"));
  EXPECT_FALSE(FindPostalEvent(""));
}

TEST(PostalEvents, ATerminalStatusIsNeverLeft) {
  EXPECT_EQ(NextShipmentStatus("recorded", "accepted"), "accepted");
  EXPECT_EQ(NextShipmentStatus("in_transit", "delivered"), "delivered");
  EXPECT_EQ(NextShipmentStatus("delivered", "in_transit"), "delivered");
  EXPECT_EQ(NextShipmentStatus("returned", "delivered"), "returned");
  EXPECT_EQ(ShipmentStatusLabelVi("recorded"), "đã ghi nhận số hiệu bưu gửi");
  EXPECT_EQ(ShipmentStatusLabelVi("delivered"), "đã phát thành công");
}

TEST(PostalDirection, NamesRoundTrip) {
  for (auto d : {PostalDirection::kInbound, PostalDirection::kOutbound})
    EXPECT_EQ(ParsePostalDirection(PostalDirectionName(d)), d);
  EXPECT_FALSE(ParsePostalDirection("sideways"));
}

}  // namespace
}  // namespace motcua::domain

#include "domain/payment_gateway.h"

#include <gtest/gtest.h>

namespace motcua::domain {
namespace {

PaymentOrder Order() {
  PaymentOrder o;
  o.merchant = "MOTCUA01";
  o.amount_vnd = 16000;
  o.txn_ref = "TT-42-1";
  o.order_info = "Thanh toan le phi ho so 000.21.00.H99-251203-0001";
  o.return_url = "http://127.0.0.1:19201/thanh-toan/ket-qua";
  o.create_date = "20251203094500";
  o.expire_date = "20251203100000";
  o.ip_address = "127.0.0.1";
  return o;
}

// The vector was computed independently with Python's hmac and urllib.parse.quote_plus:
//   canon = '&'.join(f"{quote_plus(k, safe='')}={quote_plus(v, safe='')}" for k, v in sorted(p))
//   hmac.new(b'bi-mat-thu-nghiem', canon.encode(), hashlib.sha512).hexdigest()
TEST(PaymentGatewayTest, CanonicalQueryAndSignatureMatchAnIndependentComputation) {
  GatewayParams p = PaymentOrderParams(Order());
  EXPECT_EQ(CanonicalQuery(p),
            "vnp_Amount=1600000&vnp_Command=pay&vnp_CreateDate=20251203094500&vnp_CurrCode=VND&"
            "vnp_ExpireDate=20251203100000&vnp_IpAddr=127.0.0.1&vnp_Locale=vn&vnp_OrderInfo="
            "Thanh+toan+le+phi+ho+so+000.21.00.H99-251203-0001&vnp_OrderType=other&vnp_"
            "ReturnUrl=http%3A%2F%2F127.0.0.1%3A19201%2Fthanh-toan%2Fket-qua&vnp_TmnCode="
            "MOTCUA01&vnp_TxnRef=TT-42-1&vnp_Version=2.1.0");
  EXPECT_EQ(SignGatewayParams(p, "bi-mat-thu-nghiem"),
            "45f89c298af802da0c5360ede75b582583a222bc731f80b2eff78b0f45bd9bd9f5a0e070ed6ae310e30e"
            "3ff6f997043f02d88c8a98142a34c96f47d2e0492a4b");
}

TEST(PaymentGatewayTest, EncodingKeepsOnlyTheUnreservedSet) {
  EXPECT_EQ(GatewayEncode("Lệ phí ~*"), "L%E1%BB%87+ph%C3%AD+%7E%2A");
  EXPECT_EQ(GatewayEncode("a-b_c.d"), "a-b_c.d");
}

TEST(PaymentGatewayTest, SignatureLeavesOutTheHashEmptyValuesAndForeignNames) {
  GatewayParams p = PaymentOrderParams(Order());
  const std::string sig = SignGatewayParams(p, "k");
  GatewayParams q = p;
  q["vnp_SecureHash"] = "x";
  q["vnp_SecureHashType"] = "HmacSHA512";
  q["vnp_BankCode"] = "";
  q["other"] = "ignored";
  EXPECT_EQ(SignGatewayParams(q, "k"), sig);
}

TEST(PaymentGatewayTest, VerifyRejectsTamperingAndWrongKeys) {
  GatewayParams p = PaymentOrderParams(Order());
  p["vnp_SecureHash"] = SignGatewayParams(p, "bi-mat");
  EXPECT_TRUE(VerifyGatewayParams(p, "bi-mat"));
  GatewayParams upper = p;
  for (char& c : upper["vnp_SecureHash"])
    if (c >= 'a' && c <= 'f') c = static_cast<char>(c - 32);
  EXPECT_TRUE(VerifyGatewayParams(upper, "bi-mat"));
  EXPECT_FALSE(VerifyGatewayParams(p, "bi-mat-khac"));
  GatewayParams tampered = p;
  tampered["vnp_Amount"] = "100";
  EXPECT_FALSE(VerifyGatewayParams(tampered, "bi-mat"));
  GatewayParams unsigned_params = p;
  unsigned_params.erase("vnp_SecureHash");
  EXPECT_FALSE(VerifyGatewayParams(unsigned_params, "bi-mat"));
}

TEST(PaymentGatewayTest, RedirectUrlRoundTripsThroughTheParser) {
  const std::string url = PaymentRedirectUrl("http://gw.test/pay", Order(), "bi-mat");
  ASSERT_EQ(url.rfind("http://gw.test/pay?", 0), 0u);
  GatewayParams back = ParseGatewayQuery(url.substr(url.find('?') + 1));
  EXPECT_EQ(back.at("vnp_OrderInfo"), Order().order_info);
  EXPECT_EQ(back.at("vnp_Amount"), "1600000");
  EXPECT_TRUE(VerifyGatewayParams(back, "bi-mat"));
}

TEST(PaymentGatewayTest, DatesAreVietnamTime) {
  EXPECT_EQ(GatewayDate(0), "19700101070000");
  EXPECT_EQ(GatewayDate(1764729900), "20251203094500");  // 02:45 UTC
  EXPECT_EQ(GatewayDate(1709225999), "20240229235959");  // leap day
}

TEST(PaymentGatewayTest, AmountsAreHundredthsOfADong) {
  EXPECT_EQ(GatewayAmountVnd("1600000"), 16000);
  EXPECT_EQ(GatewayAmountVnd("1600050"), std::nullopt);
  EXPECT_EQ(GatewayAmountVnd("-100"), std::nullopt);
  EXPECT_EQ(GatewayAmountVnd(""), std::nullopt);
  EXPECT_EQ(GatewayAmountVnd("1e5"), std::nullopt);
}

}  // namespace
}  // namespace motcua::domain

#include "domain/fee.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "domain/amount_words.h"

namespace motcua::domain {
namespace {

Procedure WithFees(std::vector<Fee> fees) {
  Procedure p;
  p.code = "1.003583";
  p.name = "Cấp bản sao trích lục hộ tịch";
  p.fees = std::move(fees);
  return p;
}

Fee MakeFee(std::string name, int64_t amount, std::string description = "") {
  Fee f;
  f.name = std::move(name);
  f.amount = amount;
  f.description = std::move(description);
  return f;
}

const FeeExemption kPoor{"ho_ngheo", "Thành viên hộ nghèo", "Thông tư 85/2019/TT-BTC"};

TEST(FeeTest, FlatPerCopyAndPerPageFeesMultiplyByTheCounts) {
  Fee flat = MakeFee("Lệ phí", 10000);
  Fee copy = MakeFee("Phí bản sao", 8000, "8.000 đồng/bản");
  copy.per_copy = true;
  Fee page = MakeFee("Phí chứng thực", 2000, "2.000 đồng/trang");
  page.per_page = true;
  auto a = AssessFees(WithFees({flat, copy, page}), Channel::kOnline, {5, 3}, {});
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  ASSERT_EQ(a->lines.size(), 3u);
  EXPECT_EQ(a->lines[0].amount, 10000);
  EXPECT_EQ(a->lines[1].quantity, 3);
  EXPECT_EQ(a->lines[1].amount, 24000);
  EXPECT_EQ(a->lines[2].basis, "per_page");
  EXPECT_EQ(a->lines[2].amount, 10000);
  EXPECT_EQ(a->total, 44000);
  EXPECT_EQ(a->gross, 44000);
}

TEST(FeeTest, FreeFeesAndOtherChannelsAreLeftOut) {
  Fee free = MakeFee("Miễn lệ phí", 0);
  Fee counter_only = MakeFee("Lệ phí tại quầy", 5000);
  counter_only.channels = {Channel::kInPerson};
  auto a = AssessFees(WithFees({free, counter_only}), Channel::kOnline, {}, {});
  ASSERT_TRUE(a.ok());
  EXPECT_TRUE(a->lines.empty());
  EXPECT_EQ(a->total, 0);
  auto b = AssessFees(WithFees({free, counter_only}), Channel::kInPerson, {}, {});
  EXPECT_EQ(b->total, 5000);
}

TEST(FeeTest, ProvinceAmountsComeFromTheConfiguration) {
  Fee f = MakeFee("Lệ phí đăng ký", 0, "Do HĐND tỉnh quyết định");
  f.set_by_province = true;
  auto none = AssessFees(WithFees({f}), Channel::kOnline, {}, {});
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().reason(), "province_fee_not_configured");
  auto cfg = ProvinceFeesFromJson(boost::json::parse(
      R"({"province": "Tỉnh Mẫu", "amounts": {"1.003583": {"Lệ phí đăng ký": 12000}}})"));
  ASSERT_TRUE(cfg.ok()) << cfg.status().ToString();
  auto a = AssessFees(WithFees({f}), Channel::kOnline, {}, *cfg);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->total, 12000);
  EXPECT_TRUE(a->lines[0].province);
  auto star = ProvinceFeesFromJson(boost::json::parse(R"({"amounts": {"1.003583": {"*": 7000}}})"));
  EXPECT_EQ(AssessFees(WithFees({f}), Channel::kOnline, {}, *star)->total, 7000);
}

TEST(FeeTest, BadProvinceConfigurationNamesThePath) {
  auto neg = ProvinceFeesFromJson(boost::json::parse(R"({"amounts": {"1.003583": {"x": -1}}})"));
  ASSERT_FALSE(neg.ok());
  EXPECT_EQ(neg.status().field(), "amounts.1.003583.x");
  auto code = ProvinceFeesFromJson(boost::json::parse(R"({"amounts": {"abc": {"x": 1}}})"));
  EXPECT_FALSE(code.ok());
}

TEST(FeeTest, UnpublishedFeesCannotBeCharged) {
  Fee f = MakeFee("Lệ phí", 0);
  f.not_published = true;
  auto a = AssessFees(WithFees({f}), Channel::kOnline, {}, {});
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().reason(), "fee_not_published");
}

TEST(FeeTest, CountsAreBounded) {
  auto p = WithFees({MakeFee("Lệ phí", 1000)});
  EXPECT_EQ(AssessFees(p, Channel::kOnline, {0, 1}, {}).status().field(), "pages");
  EXPECT_EQ(AssessFees(p, Channel::kOnline, {1, kMaxFeeCopies + 1}, {}).status().field(), "copies");
}

TEST(FeeTest, AnExemptionNeedsAReasonAndMakesTheTotalZero) {
  auto p = WithFees({MakeFee("Lệ phí", 15000)});
  auto missing = AssessFees(p, Channel::kOnline, {}, {}, &kPoor, "  ");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().field(), "exemption_reason");
  auto a = AssessFees(p, Channel::kOnline, {}, {}, &kPoor, "Sổ hộ nghèo số 12/2025");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->gross, 15000);
  EXPECT_EQ(a->total, 0);
  EXPECT_EQ(a->exemption->code, "ho_ngheo");
}

TEST(FeeTest, AssessmentJsonRoundTrips) {
  Fee copy = MakeFee("Phí bản sao", 8000);
  copy.per_copy = true;
  auto a = AssessFees(WithFees({copy}), Channel::kOnline, {1, 2}, {}, &kPoor, "Sổ hộ nghèo");
  auto back = FeeAssessmentFromJson(ToJson(*a));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(ToJson(*back), ToJson(*a));
}

TEST(FeeTest, ExemptionListIsValidated) {
  auto ok = FeeExemptionsFromJson(boost::json::parse(
      R"([{"code": "tre_em", "label": "Trẻ em dưới 6 tuổi", "legal_basis": "Luật Trẻ em"}])"));
  ASSERT_TRUE(ok.ok());
  EXPECT_NE(FindExemption(*ok, "tre_em"), nullptr);
  EXPECT_EQ(FindExemption(*ok, "khac"), nullptr);
  auto dup = FeeExemptionsFromJson(boost::json::parse(
      R"([{"code": "a", "label": "A", "legal_basis": "L"}, {"code": "a", "label": "B", "legal_basis": "L"}])"));
  EXPECT_FALSE(dup.ok());
  auto no_basis = FeeExemptionsFromJson(boost::json::parse(R"([{"code": "a", "label": "A"}])"));
  EXPECT_EQ(no_basis.status().field(), "[0].legal_basis");
}

TEST(AmountWordsTest, ReadsAmountsTheWayReceiptsPrintThem) {
  EXPECT_EQ(AmountInWordsVi(0), "Không đồng");
  EXPECT_EQ(AmountInWordsVi(5), "Năm đồng");
  EXPECT_EQ(AmountInWordsVi(15), "Mười lăm đồng");
  EXPECT_EQ(AmountInWordsVi(21), "Hai mươi mốt đồng");
  EXPECT_EQ(AmountInWordsVi(105), "Một trăm linh năm đồng");
  EXPECT_EQ(AmountInWordsVi(8000), "Tám nghìn đồng");
  EXPECT_EQ(AmountInWordsVi(16000), "Mười sáu nghìn đồng");
  EXPECT_EQ(AmountInWordsVi(25000), "Hai mươi lăm nghìn đồng");
  EXPECT_EQ(AmountInWordsVi(200000), "Hai trăm nghìn đồng");
  EXPECT_EQ(AmountInWordsVi(1005000), "Một triệu không trăm linh năm nghìn đồng");
  EXPECT_EQ(AmountInWordsVi(1500000), "Một triệu năm trăm nghìn đồng");
  EXPECT_EQ(AmountInWordsVi(2000011), "Hai triệu không trăm mười một đồng");
  EXPECT_EQ(AmountInWordsVi(3000000000), "Ba tỷ đồng");
  EXPECT_EQ(AmountInWordsVi(1000000000000), "Một nghìn tỷ đồng");
}

}  // namespace
}  // namespace motcua::domain

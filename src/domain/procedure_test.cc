#include "domain/procedure.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace motcua::domain {
namespace {

Procedure Sample() {
  Procedure p;
  p.code = "1.001193";
  p.name = "Thủ tục đăng ký khai sinh";
  p.field_code = "HT";
  p.field_name = "Hộ tịch";
  p.level = ProcedureLevel::kCommune;
  p.competent_agency = "Ủy ban nhân dân cấp xã";
  p.implementing_agencies = {"000.21.00.H99", "000.22.00.H99"};
  p.time_limit = {TimeLimit::Unit::kWorkingDays, 1};
  p.channel_time_limits = {{Channel::kOnline, {TimeLimit::Unit::kWorkingHours, 4}}};
  p.fees = {{"Lệ phí đăng ký khai sinh",
             0,
             "Miễn lệ phí khi đăng ký đúng hạn",
             {"Đăng ký khai sinh đúng hạn", "Người thuộc gia đình có công"}}};
  p.components = {{"Tờ khai đăng ký khai sinh", 1, 0, true, "Mẫu tờ khai đăng ký khai sinh", ""},
                  {"Giấy chứng sinh", 1, 0, true, "", ""}};
  p.result = "Giấy khai sinh (bản chính)";
  p.legal_bases = {"Luật Hộ tịch số 60/2014/QH13"};
  p.applicants = {"citizen"};
  p.online_level = OnlineLevel::kFull;
  p.postal_submission = true;
  p.postal_return = true;
  p.workflow = {{"Tiếp nhận hồ sơ", "reception", "reception_officer", 1, "", ""},
                {"Thẩm định", "competent", "specialist", 4, "", ""},
                {"Xác minh", "competent", "specialist", 1, "xm", "khi cần xác minh"},
                {"Tra cứu CSDL", "competent", "specialist", 2, "xm", ""},
                {"Phê duyệt", "competent", "leader", 1, "", ""}};
  p.effective_from = "2025-07-01";
  return p;
}

TEST(Procedure, SampleIsValidAndParallelStepsTakeTheLongest) {
  Procedure p = Sample();
  EXPECT_EQ(WorkflowTotalHours(p.workflow), 8);
  EXPECT_TRUE(ValidateProcedure(p).ok()) << ValidateProcedure(p).ToString();
  EXPECT_EQ(p.LimitFor(Channel::kOnline).TotalHours(), 4);
  EXPECT_EQ(p.LimitFor(Channel::kPostal).TotalHours(), 8);
  EXPECT_EQ(p.time_limit.LabelVi(), "01 ngày làm việc");
}

TEST(Procedure, JsonRoundTripIsLossless) {
  Procedure p = Sample();
  auto text = boost::json::serialize(ToJson(p));
  auto back = ProcedureFromJson(boost::json::parse(text));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, p);
  EXPECT_EQ(boost::json::serialize(ToJson(*back)), text);
}

TEST(Procedure, QuotasMustAddUpToTheLegalLimit) {
  Procedure p = Sample();
  p.time_limit = {TimeLimit::Unit::kWorkingDays, 3};
  Status s = ValidateProcedure(p);
  EXPECT_EQ(s.reason(), "workflow_quota_mismatch");
  EXPECT_EQ(s.field(), "workflow");
  EXPECT_EQ(s.http_status(), 422);
  EXPECT_NE(s.Message("vi").find("(8 giờ làm việc) phải bằng thời hạn giải quyết"),
            std::string::npos)
      << s.Message("vi");
  EXPECT_NE(s.Message("vi").find("03 ngày làm việc = 24 giờ"), std::string::npos);
  EXPECT_NE(s.Message("vi").find("thiếu 16 giờ"), std::string::npos);
}

TEST(Procedure, SameDayAllowsAtMostOneWorkingDay) {
  Procedure p = Sample();
  p.time_limit = {TimeLimit::Unit::kSameDay, 0};
  p.workflow = {{"Tiếp nhận", "reception", "reception_officer", 1, "", ""},
                {"Ký", "competent", "leader", 2, "", ""}};
  EXPECT_TRUE(ValidateProcedure(p).ok());
  p.workflow[1].quota_hours = 8;
  EXPECT_EQ(ValidateProcedure(p).reason(), "workflow_quota_mismatch");
}

TEST(Procedure, ValidationNamesTheField) {
  Procedure p = Sample();
  p.workflow[1].role = "citizen";
  EXPECT_EQ(ValidateProcedure(p).field(), "workflow[1].role");
  p = Sample();
  p.workflow[0].agency = "phòng tư pháp";
  EXPECT_EQ(ValidateProcedure(p).field(), "workflow[0].agency");
  p = Sample();
  p.workflow[4].quota_hours = 0;
  EXPECT_EQ(ValidateProcedure(p).field(), "workflow[4].quota_hours");
  p = Sample();
  p.code = "khai-sinh";
  EXPECT_EQ(ValidateProcedure(p).reason(), "invalid_procedure_code");
  p = Sample();
  p.effective_from = "2025-02-30";
  EXPECT_EQ(ValidateProcedure(p).reason(), "invalid_date");
  p = Sample();
  p.components[1].copies = -1;
  EXPECT_EQ(ValidateProcedure(p).field(), "components[1].originals");
  p = Sample();
  p.name.clear();
  EXPECT_EQ(ValidateProcedure(p).reason(), "missing_field");
}

TEST(Procedure, FromJsonReportsThePath) {
  auto bad = ProcedureFromJson(
      boost::json::parse(R"({"code":"1.1","workflow":[{"name":"a"},{"quota_hours":"8"}]})"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().field(), "workflow[1].quota_hours");
  auto level = ProcedureFromJson(boost::json::parse(R"({"online_level":"level4"})"));
  EXPECT_EQ(level.status().field(), "online_level");
  EXPECT_NE(level.status().Message().find("toan_trinh"), std::string::npos);
}

TEST(ProcedureCode, Shapes) {
  for (auto good : {"1.001193", "2.000815", "1.00309.000.00.00.H12"})
    EXPECT_TRUE(ValidateProcedureCode(good).ok()) << good;
  for (auto bad : {"", "1", "1.", ".1", "a.1", "1..2", "1.001193 "})
    EXPECT_FALSE(ValidateProcedureCode(bad).ok()) << bad;
}

TEST(ProcedureNational, NewMembersRoundTripAndNationalNeedsNoWorkflow) {
  Procedure p;
  p.code = "1.000080";
  p.name = "Thủ tục đăng ký nhận cha, mẹ, con";
  p.field_code = "Hộ tịch";
  p.field_name = "Hộ tịch";
  p.competent_agency = "UBND cấp xã";
  p.effective_from = "2026-07-01";
  p.source = "national";
  p.time_limit = {TimeLimit::Unit::kNotPublished, 7};
  p.channel_time_limits = {{Channel::kOnline, {TimeLimit::Unit::kCalendarDays, 10}, "mô tả"}};
  p.case_time_limits = {{"1.000080.01", {TimeLimit::Unit::kWorkingDays, 12}, ""},
                        {"1.000080.02", {TimeLimit::Unit::kMonths, 2}, "khó"}};
  Fee fee;
  fee.name = "Lệ phí";
  fee.description = "Do HĐND tỉnh quyết định";
  fee.channels = {Channel::kOnline, Channel::kPostal};
  fee.set_by_province = true;
  fee.per_copy = true;
  Fee unpublished;
  unpublished.name = "Phí";
  unpublished.not_published = true;
  p.fees = {fee, unpublished};
  p.levels = {ProcedureLevel::kCentral, ProcedureLevel::kCommune};
  p.channels = {Channel::kOnline, Channel::kInPerson};
  p.legal_documents = {{"60/2014/QH13", "Luật Hộ tịch"}};
  p.steps = {"Bước 1: nộp", "Bước 2: nhận"};
  p.agency_names = {"UBND cấp xã"};
  p.applicant_names = {"Công dân Việt Nam"};
  p.conditions = "Không";
  p.province_specific = true;
  p.promulgated_by = "UBND tỉnh Bắc Ninh";
  auto back = ProcedureFromJson(ToJson(p));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, p);
  EXPECT_TRUE(ValidateProcedure(p).ok()) << ValidateProcedure(p).ToString();
  EXPECT_EQ(p.time_limit.LabelVi(), "7 (chưa công bố đơn vị)");
  EXPECT_EQ((TimeLimit{TimeLimit::Unit::kCalendarDays, 5}).LabelVi(), "05 ngày");
  EXPECT_EQ((TimeLimit{TimeLimit::Unit::kNotPublished, 0}).LabelVi(), "Chưa công bố");
  p.source.clear();  // a local procedure needs a field code and a workflow
  EXPECT_FALSE(ValidateProcedure(p).ok());
  auto bad = boost::json::parse(R"({"time_limit": {"unit": "weeks", "amount": 2}})");
  EXPECT_EQ(ProcedureFromJson(bad).status().field(), "time_limit.unit");
}

TEST(ProcedureNational, CalendarDayLimitsBoundTheWorkflow) {
  Procedure p = Sample();
  p.time_limit = {TimeLimit::Unit::kCalendarDays, 2};  // at most 16 working hours
  EXPECT_TRUE(ValidateProcedure(p).ok()) << ValidateProcedure(p).ToString();
  p.time_limit = {TimeLimit::Unit::kCalendarDays, 0};
  EXPECT_FALSE(ValidateProcedure(p).ok());
}

// Regression for a fuzzing find (fuzz/corpus/json_body/regression_huge_integer): integers out
// of range are refused, never converted (a double beyond int64 was undefined behaviour).
TEST(Procedure, OutOfRangeIntegersAreRefused) {
  auto with_amount = [](const std::string& amount) {
    boost::json::object o = ToJson(Sample());
    o["time_limit"] = boost::json::parse(R"({"unit":"working_days","amount":)" + amount + "}");
    return ProcedureFromJson(o);
  };
  EXPECT_TRUE(with_amount("3").ok());
  EXPECT_TRUE(with_amount("3.0").ok());
  EXPECT_EQ(with_amount("3.0")->time_limit.amount, 3);
  for (const char* bad : {"1.88889e+109", "-1e300", "4294967297", "9223372036854775807",
                          "18446744073709551615", "2.5"})
    EXPECT_FALSE(with_amount(bad).ok()) << bad;
}

}  // namespace
}  // namespace motcua::domain

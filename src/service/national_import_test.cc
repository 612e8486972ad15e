#include "service/national_import.h"

#include <gtest/gtest.h>
#include <lzma.h>

#include <filesystem>
#include <fstream>

#include "service/agency_service.h"
#include "service/auth_service.h"
#include "service/demo_data.h"
#include "storage/catalogue_store.h"
#include "storage/test_database.h"

namespace motcua::service {
namespace {

const std::string kNational = std::string(MOTCUA_SOURCE_DIR) + "/data/catalogue/national";
const std::string kShipped = std::string(MOTCUA_SOURCE_DIR) + "/data/procedures/catalogue.json";

void WriteXz(const std::filesystem::path& path, const std::string& text) {
  std::string out(lzma_stream_buffer_bound(text.size()), '\0');
  size_t pos = 0;
  ASSERT_EQ(lzma_easy_buffer_encode(1, LZMA_CHECK_CRC64, nullptr,
                                    reinterpret_cast<const uint8_t*>(text.data()), text.size(),
                                    reinterpret_cast<uint8_t*>(out.data()), &pos, out.size()),
            LZMA_OK);
  std::ofstream(path, std::ios::binary).write(out.data(), static_cast<std::streamsize>(pos));
}

std::string Row(const std::string& code, const std::string& name,
                const std::string& scope = "national", const std::string& by = "Bộ Tư pháp") {
  return "{\"code\": \"" + code + "\", \"name\": \"" + name +
         "\", \"fields\": [\"Hộ tịch\"], \"agencies\": [\"Ủy ban nhân dân cấp xã\"], "
         "\"promulgated_by\": \"" +
         by + "\", \"applicants\": [\"Công dân Việt Nam\"], \"scope\": \"" + scope +
         "\", \"state\": \"ACTIVE\"}\n";
}

std::string Detail(const std::string& code, const std::string& time) {
  return "{\"code\": \"" + code +
         "\", \"level\": \"Cấp xã\", \"channels_time_fees\": \"Hình thức nộpThời gianPhí, lệ "
         "phíMô tảTrực tiếp" +
         time +
         "Miễn phí(Miễn lệ phí)\", \"components\": \"--Tên giấy tờMẫu đơn, tờ khaiSố lượngTờ "
         "khai1 bản chính\", \"legal_bases\": \"Tên văn bản pháp lýMã văn bảnLuật Hộ "
         "tịch60/2014/QH13\", \"steps\": \"Bước 1: Nộp hồ sơ\", \"result\": \"Trích lụcMã: "
         "KQ.1\"}\n";
}

class NationalImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = storage::OpenTestDatabase("national", &dir_);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    catalogue_ = std::make_unique<CatalogueService>(*db_, clock_);
    files_ = dir_ / "files";
    std::filesystem::create_directories(files_);
  }
  void TearDown() override {
    db_->Close();
    std::filesystem::remove_all(dir_);
  }
  void Files(const std::string& rows, const std::string& text = "",
             const std::string& structured = "") {
    WriteXz(files_ / "catalogue.jsonl.xz", rows);
    WriteXz(files_ / "details_text.jsonl.xz", text);
    WriteXz(files_ / "details_structured.jsonl.xz", structured);
  }
  Result<NationalImportResult> Import(const std::string& dir, const std::string& province,
                                      const std::string& day = "2026-07-01", bool strict = false) {
    NationalImportOptions o;
    o.dir = dir;
    o.province = province;
    o.effective_from = day;
    o.strict = strict;
    return ImportNationalCatalogue(*db_, clock_, *catalogue_, o);
  }
  std::vector<storage::ProcedureRow> Stored() {
    std::vector<storage::ProcedureRow> rows;
    EXPECT_TRUE(db_->Read([&](storage::Connection& c) -> Status {
                     MOTCUA_ASSIGN_OR_RETURN(rows, storage::ListProcedures(c));
                     return Status::Ok();
                   })
                    .ok());
    return rows;
  }

  FakeClock clock_{1'780'000'000};
  std::filesystem::path dir_, files_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<CatalogueService> catalogue_;
};

TEST_F(NationalImportTest, LoadsEveryNationalCodeAndOnlyTheConfiguredProvince) {
  auto r = Import(kNational, "Bắc Ninh");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->lines, 5670);
  // 4,766 national rows + Bắc Ninh's 99; the other provinces' 803 are not loaded; two rows
  // whose codes are not national codes (" 1.014325", "1.014955-Xoa") are rejected and reported.
  EXPECT_EQ(r->created, 4766 + 99);
  EXPECT_EQ(r->other_province, 803);
  EXPECT_EQ(r->rejected, 2);
  EXPECT_EQ(r->created + r->other_province + r->rejected, r->lines);
  EXPECT_EQ(catalogue_->Stats().total, 4865);
  EXPECT_TRUE(catalogue_->Get("1.001193").ok());
  bool huế = false, bắc_ninh = false;
  for (const auto& e : catalogue_->Index()->entries()) {
    huế = huế || e.procedure.promulgated_by == "UBND Thành phố Huế";
    bắc_ninh = bắc_ninh || e.procedure.promulgated_by == "UBND tỉnh Bắc Ninh";
  }
  EXPECT_FALSE(huế);
  EXPECT_TRUE(bắc_ninh);
  int rejected_rows = 0;
  for (const auto& p : r->problems) rejected_rows += p.problem == "row_rejected";
  EXPECT_EQ(rejected_rows, 2);
  std::string csv = ParseReportCsv(r->problems);
  EXPECT_NE(csv.find("code,field,severity,problem,raw"), std::string::npos);

  // The same files again: nothing changes, no new version.
  auto again = Import(kNational, "Bắc Ninh");
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->created, 0);
  EXPECT_EQ(again->updated, 0);
  EXPECT_EQ(again->unchanged, 4865);
  auto detail = catalogue_->Get("1.001193");
  ASSERT_TRUE(detail.ok());
  EXPECT_EQ(detail->versions.size(), 1u);
}

TEST_F(NationalImportTest, WithoutAProvinceNoProvinceSpecificProcedure) {
  auto r = Import(kNational, "");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->created, 4766);
  EXPECT_EQ(r->other_province, 902);
  for (const auto& e : catalogue_->Index()->entries())
    EXPECT_FALSE(e.procedure.province_specific) << e.procedure.code;
}

TEST_F(NationalImportTest, ANewEffectiveDateAddsAVersionOnlyForWhatChanged) {
  Files(Row("1.000001", "Thủ tục A") + Row("1.000002", "Thủ tục B"),
        Detail("1.000001", "5 Ngày làm việc"));
  auto first = Import(files_.string(), "");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->created, 2);
  auto a = catalogue_->Get("1.000001");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->entry.procedure.time_limit,
            (domain::TimeLimit{domain::TimeLimit::Unit::kWorkingDays, 5}));
  EXPECT_EQ(a->entry.procedure.level, domain::ProcedureLevel::kCommune);

  Files(Row("1.000001", "Thủ tục A") + Row("1.000002", "Thủ tục B"),
        Detail("1.000001", "3 Ngày làm việc"));
  auto second = Import(files_.string(), "", "2026-08-01");
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->updated, 1);
  EXPECT_EQ(second->unchanged, 1);
  auto before = catalogue_->VersionOn("1.000001", "2026-07-15");
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(before->procedure.time_limit.amount, 5);
  auto after = catalogue_->VersionOn("1.000001", "2026-08-01");
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->procedure.time_limit.amount, 3);
  EXPECT_EQ(after->version, 2);
}

TEST_F(NationalImportTest, AFailingImportLeavesTheCatalogueUnchanged) {
  Files(Row("1.000001", "Thủ tục A"), Detail("1.000001", "5 Ngày làm việc"));
  ASSERT_TRUE(Import(files_.string(), "").ok());
  auto before = Stored();

  // A malformed line: nothing is written, not even the rows before it.
  Files(Row("1.000003", "Thủ tục C") + "{\"code\": \"1.000004\", \"name\": \n");
  auto bad = Import(files_.string(), "", "2026-08-01");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().reason(), "malformed_line");
  EXPECT_EQ(bad.status().field(), "catalogue.jsonl.xz");

  // A failure inside the transaction (a changed procedure dated no later than its current
  // version) rolls back the new code inserted before it.
  Files(Row("1.000000", "Thủ tục mới") + Row("1.000001", "Thủ tục A đã sửa"),
        Detail("1.000001", "5 Ngày làm việc"));
  auto late = Import(files_.string(), "", "2026-07-01");
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.status().reason(), "effective_from_too_early");

  auto after = Stored();
  ASSERT_EQ(after.size(), before.size());
  for (size_t i = 0; i < after.size(); ++i) {
    EXPECT_EQ(after[i].code, before[i].code);
    EXPECT_EQ(after[i].document, before[i].document);
    EXPECT_EQ(after[i].current_version, before[i].current_version);
  }
}

TEST_F(NationalImportTest, UnknownUnitsAreReportedAndNeverGuessed) {
  Files(Row("1.000001", "Thủ tục A") + Row("1.000002", "Thủ tục B"), Detail("1.000001", "3 Tuần"));
  auto strict = Import(files_.string(), "", "2026-07-01", true);
  ASSERT_FALSE(strict.ok());
  EXPECT_EQ(strict.status().reason(), "import_has_errors");
  EXPECT_TRUE(Stored().empty());

  auto r = Import(files_.string(), "");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  bool reported = false;
  for (const auto& p : r->problems)
    reported = reported || (p.code == "1.000001" && p.problem == "unit_unknown" && p.error &&
                            p.raw.find("3 Tuần") != std::string::npos);
  EXPECT_TRUE(reported);
  auto a = catalogue_->Get("1.000001");
  ASSERT_TRUE(a.ok());
  EXPECT_FALSE(a->entry.procedure.time_limit.Published());
  // The fee "Miễn lệ phí" is published as free; a procedure with no detail has nothing.
  EXPECT_FALSE(a->entry.procedure.fees.at(0).not_published);
  EXPECT_TRUE(catalogue_->Get("1.000002")->entry.procedure.fees.empty());
}

TEST_F(NationalImportTest, LocalProceduresWithTheirWorkflowsWin) {
  auto shipped = catalogue_->LoadShippedIfEmpty(kShipped);
  ASSERT_TRUE(shipped.ok()) << shipped.status().ToString();
  auto local = catalogue_->Get("1.001193");
  ASSERT_TRUE(local.ok());
  auto r = Import(kNational, "");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_GT(r->kept_local, 0);
  EXPECT_EQ(r->created + r->kept_local, 4766);
  auto kept = catalogue_->Get("1.001193");
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->entry.procedure, local->entry.procedure);
  EXPECT_FALSE(kept->entry.procedure.workflow.empty());
  EXPECT_EQ(catalogue_->Stats().total, *shipped + r->created);
}

}  // namespace
}  // namespace motcua::service

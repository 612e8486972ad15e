#include "service/life_event_service.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>

#include "service/dossier_world_test_util.h"

namespace motcua::service {
namespace {

namespace json = boost::json;

using testing::kMonday9;

// Three procedures decided by three agencies with three limits: the commune (1 working day), the
// commune's police (7 working days), the insurance office (5 working days).
std::string Procedure(const std::string& code, const std::string& name, int days,
                      const std::string& competent, const std::string& implementing) {
  return R"({"code":")" + code + R"(","name":")" + name +
         R"(","field_code":"TN","field_name":"Thử nghiệm","level":"commune",
 "competent_agency":"Cơ quan","competent_agency_code":")" +
         competent + R"(","implementing_agencies":[")" + implementing +
         R"("],"time_limit":{"unit":"working_days","amount":)" + std::to_string(days) +
         R"(},"online_level":"toan_trinh","components":[{"name":"Tờ khai","originals":1,"copies":0}],
 "result":"Kết quả","applicants":["citizen"],"effective_from":"2020-01-01",
 "workflow":[
  {"name":"Tiếp nhận","agency":"reception","role":"reception_officer","quota_hours":2},
  {"name":"Thẩm định","agency":"competent","role":"specialist","quota_hours":)" +
         std::to_string(days * 8 - 4) + R"(},
  {"name":"Trả kết quả","agency":"reception","role":"reception_officer","quota_hours":2}]})";
}

const std::string kCatalogue = R"({"procedures":[)" +
                               Procedure("9.100001", "Khai sinh thử", 1, "", "X.H99") + "," +
                               Procedure("9.100002", "Thường trú thử", 7, "", "PX.H99") + "," +
                               Procedure("9.100003", "Thẻ BHYT thử", 5, "S.H99", "S.H99") + "]}";

constexpr const char* kEvents = R"({"life_events": [
 {"id": "khai-sinh", "name": "Khai sinh", "legal_basis": "Nghị định số 63/2024/NĐ-CP",
  "communes": [{"agency_code": "X.H99", "reception_code": "XC.H99"}],
  "members": [
   {"procedure_code": "9.100001", "title": "Khai sinh", "competent": "commune"},
   {"procedure_code": "9.100002", "title": "Thường trú", "competent": "by_commune",
    "by_commune": {"X.H99": "PX.H99"}},
   {"procedure_code": "9.100003", "title": "Thẻ BHYT", "competent": "procedure"}]},
 {"id": "hong", "name": "Nhóm có thủ tục thứ ba sai cơ quan", "legal_basis": "Thử",
  "communes": [{"agency_code": "X.H99", "reception_code": "XC.H99"}],
  "members": [
   {"procedure_code": "9.100001", "title": "Khai sinh", "competent": "commune"},
   {"procedure_code": "9.100002", "title": "Thường trú", "competent": "by_commune",
    "by_commune": {"X.H99": "PX.H99"}},
   {"procedure_code": "9.100003", "title": "Thẻ BHYT", "competent": "by_commune",
    "by_commune": {"X.H99": "KHONG.CO.H99"}}]}
]})";

class LifeEventServiceTest : public testing::DossierWorldTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(
        OpenWorld("lifeevent",
                  {{"H99", "Tỉnh", "", "province", "", "", false},
                   {"X.H99", "UBND xã X", "", "commune", "H99", "", false},
                   {"XC.H99", "Một cửa xã X", "", "service_centre", "X.H99", "", true},
                   {"P.H99", "Công an tỉnh", "", "vertical_agency", "H99", "", false},
                   {"PX.H99", "Công an xã X", "", "vertical_agency", "P.H99", "", false},
                   {"S.H99", "BHXH tỉnh", "", "vertical_agency", "H99", "", false}},
                  kCatalogue, /*with_files=*/true));
    for (const char* code : {"9.100001", "9.100002", "9.100003"})
      ASSERT_TRUE(catalogue_->Get(code).ok()) << code;
    auto events = domain::LifeEventsFromJson(json::parse(kEvents));
    ASSERT_TRUE(events.ok()) << events.status().ToString();
    service_ = std::make_unique<LifeEventService>(*db_, clock_, *catalogue_, *dossiers_,
                                                  std::move(events).value());
    citizen_ = User("cong.dan", "citizen", "");
    officer_ = User("mot.cua.x", "reception_officer", "XC.H99");
  }
  void TearDown() override {
    service_.reset();
    DossierWorldTest::TearDown();
  }

  LifeEventSubmitInput Input() {
    LifeEventSubmitInput in;
    in.commune_code = "X.H99";
    in.applicant.full_name = "Nguyễn Thị Mẹ";
    in.applicant.id_number = "001190012345";
    in.applicant.phone = "0912 345 678";
    in.applicant.address = "Thôn 1, xã X";
    in.components = {{{"Tờ khai", 1, 0, false, {}}}, {{"Tờ khai", 1, 0, false, {}}}};
    return in;
  }

  int64_t Rows(const char* table) { return storage::RowCount(*db_, table); }

  std::unique_ptr<LifeEventService> service_;
  Principal citizen_, officer_;
};

TEST_F(LifeEventServiceTest, OneSubmissionCreatesLinkedDossiersEachWithItsOwnAgencyAndDeadline) {
  auto r = service_->Submit(citizen_, "khai-sinh", Input());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status_code, 201);
  const auto& created = r->body.at("dossiers").as_array();
  ASSERT_EQ(created.size(), 3u);
  EXPECT_EQ(r->body.at("life_event").at("id").as_string(), "khai-sinh");
  EXPECT_EQ(Rows("dossiers"), 3);
  EXPECT_EQ(Rows("life_event_submissions"), 1);
  EXPECT_EQ(Rows("life_event_dossiers"), 3);

  const char* procedures[] = {"9.100001", "9.100002", "9.100003"};
  const char* competent[] = {"X.H99", "PX.H99", "S.H99"};
  const int days[] = {1, 7, 5};
  std::set<std::string> codes;
  for (size_t i = 0; i < 3; ++i) {
    std::string code(created[i].at("code").as_string());
    codes.insert(code);
    // Received at the commune's one-stop point, each with its own number.
    EXPECT_TRUE(code.starts_with("XC.H99-")) << code;
    EXPECT_EQ(created[i].at("procedure_code").as_string(), procedures[i]);
    EXPECT_EQ(created[i].at("competent_agency").at("code").as_string(), competent[i]);
    EXPECT_EQ(created[i].at("status").as_string(), "submitted");
  }
  EXPECT_EQ(codes.size(), 3u);

  // The officer receives each: its due instant follows its own procedure's limit.
  auto cal = calendar_->Calendar(agencies_->Get("XC.H99")->id);
  ASSERT_TRUE(cal.ok());
  for (size_t i = 0; i < 3; ++i) {
    std::string code(created[i].at("code").as_string());
    auto view = dossiers_->Get(&officer_, code);
    ASSERT_TRUE(view.ok()) << view.status().ToString();
    ActionInput act;
    act.action = "receive";
    act.version = view->at("version").as_int64();
    auto received = dossiers_->Act(officer_, code, act);
    ASSERT_TRUE(received.ok()) << received.status().ToString();
    auto after = dossiers_->Get(&citizen_, code);
    ASSERT_TRUE(after.ok());
    EXPECT_EQ(after->at("due_at_unix").as_int64(), *(*cal)->AddWorkingDays(kMonday9, days[i]))
        << procedures[i];
    // Every dossier shows the whole group, itself marked.
    const auto& group = after->at("life_event").as_object();
    EXPECT_EQ(group.at("id").as_string(), "khai-sinh");
    const auto& members = group.at("dossiers").as_array();
    ASSERT_EQ(members.size(), 3u);
    for (size_t k = 0; k < 3; ++k) {
      EXPECT_EQ(members[k].at("code").as_string(), created[k].at("code").as_string());
      EXPECT_EQ(members[k].at("self").as_bool(), k == i);
    }
  }
}

TEST_F(LifeEventServiceTest, AFailureOfTheThirdDossierLeavesNoneOfThem) {
  LifeEventSubmitInput in = Input();
  // Files for the first dossier, to show that their rows go too.
  in.files = {{{"%PDF-1.4 to khai", "to-khai.pdf", 0}}};
  auto r = service_->Submit(citizen_, "hong", in);
  ASSERT_FALSE(r.ok());
  // The first two were created in the transaction before the third failed.
  EXPECT_EQ(r.status().field(), "dossiers[2].competent_agency_code") << r.status().ToString();
  EXPECT_EQ(Rows("dossiers"), 0);
  EXPECT_EQ(Rows("dossier_steps"), 0);
  EXPECT_EQ(Rows("dossier_history"), 0);
  EXPECT_EQ(Rows("attachments"), 0);
  EXPECT_EQ(Rows("life_event_submissions"), 0);
  EXPECT_EQ(Rows("life_event_dossiers"), 0);
  // The day's numbers were not used up either: the next group starts at 0001.
  auto ok = service_->Submit(citizen_, "khai-sinh", Input());
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_TRUE(
      std::string(ok->body.at("dossiers").as_array()[0].at("code").as_string()).ends_with("-0001"));
}

TEST_F(LifeEventServiceTest, ValidationNamesTheFieldAndWritesNothing) {
  LifeEventSubmitInput in = Input();
  in.commune_code = "";
  EXPECT_EQ(service_->Submit(citizen_, "khai-sinh", in).status().field(), "commune_code");
  in.commune_code = "S.H99";  // not a commune of the event
  EXPECT_EQ(service_->Submit(citizen_, "khai-sinh", in).status().field(), "commune_code");
  in = Input();
  in.applicant.id_number = "12";
  auto bad_id = service_->Submit(citizen_, "khai-sinh", in);
  EXPECT_EQ(bad_id.status().code(), Code::kValidation);
  EXPECT_EQ(bad_id.status().field(), "applicant.id_number");
  in = Input();
  in.components[1][0].name = " ";
  EXPECT_EQ(service_->Submit(citizen_, "khai-sinh", in).status().field(),
            "dossiers[1].components[0].name");
  in = Input();
  in.files = {{}, {}, {{"MZ not a scan", "x.exe", 0}}};
  in.components.push_back({{"Tờ khai", 1, 0, false, {}}});
  EXPECT_EQ(service_->Submit(citizen_, "khai-sinh", in).status().field(), "dossiers[2].files[0]");
  EXPECT_EQ(service_->Submit(citizen_, "khong-co", Input()).status().code(), Code::kNotFound);
  // Only a citizen submits a life event online.
  EXPECT_EQ(service_->Submit(officer_, "khai-sinh", Input()).status().code(),
            Code::kPermissionDenied);
  EXPECT_EQ(Rows("dossiers"), 0);
  EXPECT_EQ(Rows("life_event_submissions"), 0);
}

TEST_F(LifeEventServiceTest, DescribesMembersFromTheCatalogue) {
  const auto* e = service_->Find("khai-sinh");
  ASSERT_NE(e, nullptr);
  auto d = service_->Describe(*e);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  const auto& members = d->at("members").as_array();
  ASSERT_EQ(members.size(), 3u);
  EXPECT_EQ(members[1].at("procedure").as_string(), "Thường trú thử");
  EXPECT_EQ(members[1].at("time_limit").as_string(), "07 ngày làm việc");
  ASSERT_EQ(d->at("communes").as_array().size(), 1u);
  EXPECT_EQ(d->at("communes").as_array()[0].at("name").as_string(), "UBND xã X");
}

}  // namespace
}  // namespace motcua::service

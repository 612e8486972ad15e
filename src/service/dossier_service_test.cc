#include "service/dossier_service.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <future>
#include <set>
#include <thread>

#include "common/crypto.h"
#include "domain/local_date.h"
#include "service/agency_service.h"
#include "service/attachment_store.h"
#include "service/auth_service.h"
#include "service/calendar_service.h"
#include "service/catalogue_service.h"
#include "service/dossier_world_test_util.h"
#include "storage/database.h"
#include "storage/test_database.h"

namespace motcua::service {
namespace {

namespace json = boost::json;

using testing::kMonday9;

// A three-agency procedure: the centre receives, department A appraises and approves, the tax
// office B checks, the centre returns. 3 working days = 24 h.
constexpr const char* kCatalogue = R"({"procedures":[
{"code":"9.000001","name":"Thủ tục thử nghiệm liên thông","field_code":"TN","field_name":"Thử nghiệm",
 "level":"province","competent_agency":"Sở A","competent_agency_code":"A.H99",
 "implementing_agencies":["A.H99"],"time_limit":{"unit":"working_days","amount":3},
 "online_level":"toan_trinh","postal_submission":true,"postal_return":true,"inter_agency":true,
 "components":[{"name":"Tờ khai","originals":1,"copies":0}],
 "result":"Giấy chứng nhận","applicants":["citizen"],"effective_from":"2020-01-01",
 "workflow":[
  {"name":"Tiếp nhận","agency":"reception","role":"reception_officer","quota_hours":2},
  {"name":"Thẩm định","agency":"competent","role":"specialist","quota_hours":10},
  {"name":"Xác minh thuế","agency":"B.H99","role":"specialist","quota_hours":6},
  {"name":"Phê duyệt","agency":"competent","role":"leader","quota_hours":4},
  {"name":"Trả kết quả","agency":"reception","role":"reception_officer","quota_hours":2}]},
{"code":"9.000002","name":"Thủ tục thử nghiệm có bước phân công","field_code":"TN","field_name":"Thử nghiệm",
 "level":"province","competent_agency":"Sở A","competent_agency_code":"A.H99",
 "implementing_agencies":["A.H99"],"time_limit":{"unit":"working_days","amount":3},
 "online_level":"none","postal_submission":false,"postal_return":false,"inter_agency":false,
 "components":[{"name":"Tờ khai","originals":1,"copies":0}],
 "result":"Giấy chứng nhận","applicants":["citizen"],"effective_from":"2020-01-01",
 "workflow":[
  {"name":"Tiếp nhận","agency":"reception","role":"reception_officer","quota_hours":2},
  {"name":"Phân công","agency":"competent","role":"leader","quota_hours":2},
  {"name":"Thẩm định","agency":"competent","role":"specialist","quota_hours":14},
  {"name":"Phê duyệt","agency":"competent","role":"leader","quota_hours":4},
  {"name":"Trả kết quả","agency":"reception","role":"reception_officer","quota_hours":2}]}
]})";

class DossierServiceTest : public testing::DossierWorldTest {
 protected:
  void SetUp() override {
    auto agencies = testing::ProvinceCentreDepartment();
    agencies.push_back({"B.H99", "Thuế B", "", "vertical_agency", "H99", "", false});
    ASSERT_NO_FATAL_FAILURE(OpenWorld("dossier", agencies, kCatalogue, /*with_files=*/true));
    for (const char* code : {"9.000001", "9.000002"})
      ASSERT_TRUE(catalogue_->Get(code).ok()) << code;
    officer_ = User("can.bo", "reception_officer", "C.H99");
    specialist_a_ = User("chuyen.vien.a", "specialist", "A.H99");
    leader_a_ = User("lanh.dao.a", "leader", "A.H99");
    specialist_b_ = User("chuyen.vien.b", "specialist", "B.H99");
    citizen_ = User("cong.dan", "citizen", "");
  }
  SubmitInput Input(const std::string& channel = "counter") {
    return testing::ApplicantSubmission("9.000001", channel);
  }

  json::object Act(const Principal& p, const std::string& code, const std::string& action,
                   const std::string& reason = "", Code expect = Code::kOk) {
    auto view = dossiers_->Get(p.role == domain::Role::kCitizen ? &p : &officer_, code);
    EXPECT_TRUE(view.ok()) << view.status().ToString();
    if (!view.ok()) return {};
    ActionInput in;
    in.action = action;
    in.version = view->at("version").as_int64();
    in.reason = reason;
    if (action == "request_supplement") in.missing_items = {"Bản sao giấy khai sinh"};
    auto r = dossiers_->Act(p, code, in);
    EXPECT_EQ(r.status().code(), expect) << action << ": " << r.status().ToString();
    return r.ok() ? r->body : json::object{};
  }

  Principal officer_, specialist_a_, leader_a_, specialist_b_, citizen_;
};

TEST_F(DossierServiceTest, CounterReceptionGivesCodeDueInstantAndReceptionStep) {
  auto r = dossiers_->Submit(officer_, Input());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status_code, 201);
  const auto& b = r->body;
  EXPECT_EQ(b.at("code").as_string(), "C.H99-250714-0001");
  EXPECT_EQ(b.at("status").as_string(), "received");
  EXPECT_EQ(b.at("received_at").as_string(), "2025-07-14T09:00:00+07:00");
  // 3 working days = 24 office hours from Monday 09:00: Thursday 09:00.
  EXPECT_EQ(b.at("due_at").as_string(), "2025-07-17T09:00:00+07:00");
  ASSERT_EQ(b.at("steps").as_array().size(), 1u);
  const auto& step = b.at("steps").as_array()[0].as_object();
  EXPECT_EQ(step.at("name").as_string(), "Tiếp nhận");
  EXPECT_EQ(step.at("due_at").as_string(), "2025-07-14T11:00:00+07:00");
  EXPECT_EQ(b.at("history").as_array().size(), 1u);
  auto second = dossiers_->Submit(officer_, Input());
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->body.at("code").as_string(), "C.H99-250714-0002");
}

TEST_F(DossierServiceTest, BadIdNumberNamesTheField) {
  auto in = Input();
  in.applicant.id_number = "12345";
  auto r = dossiers_->Submit(officer_, in);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kValidation);
  EXPECT_EQ(r.status().field(), "applicant.id_number");
}

TEST_F(DossierServiceTest, ThreeAgencyLifecycleWithStepTimeliness) {
  auto r = dossiers_->Submit(officer_, Input());
  ASSERT_TRUE(r.ok());
  std::string code(r->body.at("code").as_string());
  clock_.Advance(3600);
  Act(officer_, code, "forward");
  {
    auto appraise = dossiers_->Queue(specialist_a_, "to_appraise", 50, 0);
    ASSERT_TRUE(appraise.ok()) << appraise.status().ToString();
    EXPECT_EQ(appraise->at("total").as_int64(), 1);
    auto approve = dossiers_->Queue(leader_a_, "to_approve", 50, 0);
    ASSERT_TRUE(approve.ok()) << approve.status().ToString();
    EXPECT_EQ(approve->at("total").as_int64(), 0);
  }
  // The tax office may not act on A's step; nor may A's specialist act on the leader's step.
  Act(specialist_b_, code, "forward", "", Code::kPermissionDenied);
  clock_.Advance(3600);
  Act(specialist_a_, code, "forward");
  Act(specialist_a_, code, "forward", "", Code::kPermissionDenied);
  clock_.Advance(3600);
  Act(specialist_b_, code, "forward");
  Act(specialist_a_, code, "approve", "", Code::kPermissionDenied);  // role: leader only
  // The leader's queue holds it now, the specialists' (by the current step's role) no longer.
  auto total = [&](const Principal& p, const char* queue) {
    auto q = dossiers_->Queue(p, queue, 50, 0);
    EXPECT_TRUE(q.ok()) << q.status().ToString();
    return q.ok() ? q->at("total").as_int64() : -1;
  };
  EXPECT_EQ(total(leader_a_, "to_approve"), 1);
  EXPECT_EQ(total(specialist_a_, "to_appraise"), 0);
  clock_.Advance(3600);
  auto done = Act(leader_a_, code, "approve");
  EXPECT_EQ(done.at("status").as_string(), "finished");
  EXPECT_EQ(done.at("outcome").as_string(), "approved");
  EXPECT_EQ(done.at("timeliness").as_string(), "early");
  EXPECT_EQ(total(leader_a_, "to_approve"), 0);
  auto returned = Act(officer_, code, "return");
  EXPECT_EQ(returned.at("status").as_string(), "returned");
  const auto& steps = returned.at("steps").as_array();
  ASSERT_EQ(steps.size(), 5u);
  std::set<std::string> agencies;
  for (const auto& s : steps) {
    agencies.insert(std::string(s.at("agency_code").as_string()));
    EXPECT_FALSE(s.at("ended_at").is_null());
    EXPECT_FALSE(s.at("timeliness").is_null());
  }
  EXPECT_EQ(agencies, (std::set<std::string>{"C.H99", "A.H99", "B.H99"}));
  EXPECT_EQ(returned.at("history").as_array().size(), 6u);
}

TEST_F(DossierServiceTest, StaleVersionIsAConflict) {
  auto r = dossiers_->Submit(officer_, Input());
  ASSERT_TRUE(r.ok());
  std::string code(r->body.at("code").as_string());
  ActionInput in;
  in.action = "forward";
  in.version = r->body.at("version").as_int64();
  ASSERT_TRUE(dossiers_->Act(officer_, code, in).ok());
  auto again = dossiers_->Act(officer_, code, in);
  EXPECT_EQ(again.status().code(), Code::kConflict);
  EXPECT_EQ(again.status().reason(), "stale_version");
}

TEST_F(DossierServiceTest, IdempotencyKeyReplaysTheFirstResult) {
  Idempotency idem{"k-1", "hash-1"};
  auto a = dossiers_->Submit(officer_, Input(), idem);
  auto b = dossiers_->Submit(officer_, Input(), idem);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_TRUE(b->replayed);
  EXPECT_EQ(a->body.at("code"), b->body.at("code"));
  auto c = dossiers_->Submit(officer_, Input(), {"k-1", "other"});
  EXPECT_EQ(c.status().reason(), "idempotency_key_reused");
  auto next = dossiers_->Submit(officer_, Input());
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->body.at("code").as_string(), "C.H99-250714-0002");
}

TEST_F(DossierServiceTest, SupplementPausesTheClockAndIsAskedOnce) {
  auto r = dossiers_->Submit(officer_, Input());
  ASSERT_TRUE(r.ok());
  std::string code(r->body.at("code").as_string());
  Act(officer_, code, "forward");
  auto before = dossiers_->Get(&officer_, code);
  ASSERT_TRUE(before.ok());
  int64_t due = before->at("due_at_unix").as_int64();
  Act(specialist_a_, code, "request_supplement", "Thiếu bản sao giấy khai sinh");
  clock_.Advance(2 * 3600);  // 09:00 -> 11:00 Monday: two office hours paused
  auto resumed = Act(officer_, code, "supplement");
  EXPECT_EQ(resumed.at("status").as_string(), "in_process");
  EXPECT_EQ(resumed.at("due_at_unix").as_int64(), due + 2 * 3600);
  EXPECT_EQ(resumed.at("legal_due_at_unix").as_int64(), due + 2 * 3600);
  Act(specialist_a_, code, "request_supplement", "Lại thiếu", Code::kConflict);
}

TEST_F(DossierServiceTest, ExtensionOnceBeforeTheDeadlineAndLatenessStays) {
  auto r = dossiers_->Submit(officer_, Input());
  ASSERT_TRUE(r.ok());
  std::string code(r->body.at("code").as_string());
  Act(officer_, code, "forward");
  auto view = dossiers_->Get(&specialist_a_, code);
  int64_t due = view->at("due_at_unix").as_int64();
  ActionInput in;
  in.action = "extend";
  in.version = view->at("version").as_int64();
  in.reason = "Cần xác minh thêm";
  in.new_due_at = due - 3600;
  EXPECT_EQ(dossiers_->Act(specialist_a_, code, in).status().reason(), "extension_not_later");
  in.new_due_at = due + 2 * 86400;
  auto ok = dossiers_->Act(specialist_a_, code, in);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->body.at("due_at_unix").as_int64(), due + 2 * 86400);
  EXPECT_EQ(ok->body.at("legal_due_at_unix").as_int64(), due);
  in.version = ok->body.at("version").as_int64();
  in.new_due_at = due + 3 * 86400;
  EXPECT_EQ(dossiers_->Act(specialist_a_, code, in).status().reason(), "already_extended");
  // Finishing after the legal due instant but before the extended one is still late.
  clock_.Set(due + 86400);
  Act(specialist_a_, code, "forward");
  Act(specialist_b_, code, "forward");
  auto done = Act(leader_a_, code, "approve");
  EXPECT_EQ(done.at("timeliness").as_string(), "late");
}

TEST_F(DossierServiceTest, OnlineSubmissionPublicLookupAndQueues) {
  auto r = dossiers_->Submit(citizen_, Input("online"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  std::string code(r->body.at("code").as_string());
  EXPECT_EQ(r->body.at("status").as_string(), "submitted");
  EXPECT_EQ(r->body.at("agency").at("code").as_string(), "C.H99");
  auto q = dossiers_->Queue(officer_, "to_receive", 50, 0);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->at("total").as_int64(), 1);
  Act(officer_, code, "receive");
  auto lookup = dossiers_->Lookup(code);
  ASSERT_TRUE(lookup.ok());
  std::string text = json::serialize(*lookup);
  EXPECT_EQ(lookup->at("applicant_name").as_string(), "Nguyễn V*** A**");
  EXPECT_EQ(text.find("001090012345"), std::string::npos) << text;
  EXPECT_EQ(text.find("0912345678"), std::string::npos) << text;
  EXPECT_EQ(text.find("phố Huế"), std::string::npos) << text;
  // A phone number shows the progress, never the personal data; the owner's account does.
  auto by_phone = dossiers_->Get(nullptr, code, "0912345678");
  ASSERT_TRUE(by_phone.ok());
  std::string shown = json::serialize(*by_phone);
  for (const char* secret : {"001090012345", "0912345678", "phố Huế", "Nguyễn Văn An"})
    EXPECT_EQ(shown.find(secret), std::string::npos) << secret << " in " << shown;
  EXPECT_EQ(by_phone->at("applicant").at("full_name").as_string(), "Nguyễn V*** A**");
  EXPECT_TRUE(by_phone->at("personal_data_hidden").as_bool());
  EXPECT_FALSE(by_phone->contains("attachments"));
  auto owner = dossiers_->Get(&citizen_, code);
  ASSERT_TRUE(owner.ok());
  EXPECT_EQ(owner->at("applicant").at("id_number").as_string(), "001090012345");
  EXPECT_EQ(dossiers_->Get(nullptr, code, "0987654321").status().code(), Code::kNotFound);
  auto mine = dossiers_->MyDossiers(citizen_, 10, 0);
  ASSERT_TRUE(mine.ok());
  EXPECT_EQ(mine->at("total").as_int64(), 1);
  Act(citizen_, code, "withdraw");
}

TEST_F(DossierServiceTest, ConcurrentReceptionsGetUniqueGapFreeCodes) {
  constexpr int kThreads = 4, kEach = 10;
  std::vector<std::thread> threads;
  std::mutex mu;
  std::set<std::string> codes;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kEach; ++i) {
        auto r = dossiers_->Submit(officer_, Input());
        ASSERT_TRUE(r.ok()) << r.status().ToString();
        std::lock_guard lock(mu);
        codes.insert(std::string(r->body.at("code").as_string()));
      }
    });
  }
  for (auto& t : threads) t.join();
  ASSERT_EQ(codes.size(), size_t{kThreads * kEach});
  int n = 1;
  for (const auto& c : codes) EXPECT_EQ(c, fmt::format("C.H99-250714-{:04}", n++));
}

TEST_F(DossierServiceTest, AttachmentsAreCheckedByContent) {
  EXPECT_EQ(files_->Put("hello").status().reason(), "unsupported_file_type");
  auto pdf = dossiers_->Upload(citizen_, "%PDF-1.4 test", "to-khai.pdf", "component");
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  EXPECT_EQ(pdf->mime, "application/pdf");
  EXPECT_TRUE(files_->Exists(pdf->sha256));
  auto in = Input("online");
  in.components[0].attachment_ids = {pdf->id};
  auto r = dossiers_->Submit(citizen_, in);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  auto view = dossiers_->Get(&citizen_, std::string(r->body.at("code").as_string()));
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->at("attachments").as_array().size(), 1u);
}

// The outside probe (issue 15): attachment ids are sequential, so an officer could name a
// citizen's loose upload in a counter dossier and then read it through that dossier.
TEST_F(DossierServiceTest, OnlyTheUploaderMayLinkALooseUpload) {
  auto mine = dossiers_->Upload(citizen_, "%PDF-1.4 cong dan", "cccd.pdf", "component");
  ASSERT_TRUE(mine.ok()) << mine.status().ToString();
  auto in = Input();
  in.components[0].attachment_ids = {mine->id};
  auto r = dossiers_->Submit(officer_, in);
  EXPECT_EQ(r.status().reason(), "unknown_attachment");
  EXPECT_EQ(r.status().field(), "components[0].attachment_ids");
  // Nothing was written: the file is still loose and still only its uploader's.
  in.components[0].attachment_ids.clear();
  auto plain = dossiers_->Submit(officer_, in);
  ASSERT_TRUE(plain.ok());
  std::string code(plain->body.at("code").as_string());
  EXPECT_EQ(dossiers_->Attachment(officer_, code, mine->id).status().code(), Code::kNotFound);

  // Staff to staff alike: another officer's result file cannot finish this dossier.
  Principal other = User("can.bo.2", "reception_officer", "C.H99");
  auto theirs = dossiers_->Upload(other, "%PDF-1.4 ket qua", "kq.pdf", "result");
  ASSERT_TRUE(theirs.ok());
  auto own = dossiers_->Upload(officer_, "%PDF-1.4 cua toi", "tk.pdf", "component");
  ASSERT_TRUE(own.ok());
  in.components[0].attachment_ids = {own->id};
  auto with_own = dossiers_->Submit(officer_, in);
  ASSERT_TRUE(with_own.ok()) << with_own.status().ToString();
  std::string code2(with_own->body.at("code").as_string());
  // The officer's own file, now in dossier 2, cannot be pulled into dossier 1 either.
  auto v = dossiers_->Get(&officer_, code);
  ASSERT_TRUE(v.ok());
  Act(officer_, code, "forward");
  auto v1 = dossiers_->Get(&specialist_a_, code);
  ASSERT_TRUE(v1.ok());
  ActionInput sup;
  sup.action = "request_supplement";
  sup.version = v1->at("version").as_int64();
  sup.reason = "Thiếu giấy tờ";
  sup.missing_items = {"Bản sao"};
  ASSERT_TRUE(dossiers_->Act(specialist_a_, code, sup).ok());
  auto v2 = dossiers_->Get(&officer_, code);
  ASSERT_TRUE(v2.ok());
  ActionInput supply;
  supply.action = "supplement";
  supply.version = v2->at("version").as_int64();
  for (int64_t id : {own->id, theirs->id, mine->id}) {
    supply.attachment_ids = {id};
    auto act = dossiers_->Act(officer_, code, supply);
    EXPECT_EQ(act.status().reason(), "unknown_attachment") << id;
  }
  EXPECT_EQ(dossiers_->Attachment(officer_, code, theirs->id).status().code(), Code::kNotFound);
  EXPECT_TRUE(dossiers_->Attachment(officer_, code2, own->id).ok());
}

TEST_F(DossierServiceTest, SupplementWithFilesLeavesNothingWhenItFails) {
  auto r = dossiers_->Submit(officer_, Input());
  ASSERT_TRUE(r.ok());
  std::string code(r->body.at("code").as_string());
  Act(officer_, code, "forward");
  Act(specialist_a_, code, "request_supplement", "Thiếu bản sao giấy khai sinh");
  auto count_rows = [&] { return storage::RowCount(*db_, "attachments"); };
  // A failed supplement writes no row; files stay in the shared store (another upload may name
  // the same bytes), in particular one that was there before.
  auto earlier = dossiers_->Upload(officer_, "%PDF-1.4 earlier", "truoc.pdf", "component");
  ASSERT_TRUE(earlier.ok());
  const int64_t rows_before = count_rows();
  const std::string fresh = "%PDF-1.4 giay khai sinh";
  const std::string fresh_sha = Sha256Hex(fresh);
  auto view = dossiers_->Get(&officer_, code);
  ASSERT_TRUE(view.ok());
  ActionInput in;
  in.action = "supplement";
  in.version = view->at("version").as_int64() - 1;  // stale: refused inside the transaction
  std::vector<SentFile> files{{fresh, "khai-sinh.pdf"}, {"%PDF-1.4 earlier", "lai.pdf"}};
  auto stale = dossiers_->ActWithFiles(officer_, code, in, files);
  EXPECT_EQ(stale.status().code(), Code::kConflict) << stale.status().ToString();
  EXPECT_EQ(count_rows(), rows_before);
  EXPECT_TRUE(files_->Exists(earlier->sha256));
  // A file the store refuses names its position; no row is written either.
  in.version = view->at("version").as_int64();
  std::vector<SentFile> bad{{fresh, "khai-sinh.pdf"}, {"not a pdf", "x.pdf"}};
  auto refused = dossiers_->ActWithFiles(officer_, code, in, bad);
  EXPECT_EQ(refused.status().field(), "files[1]");
  EXPECT_EQ(count_rows(), rows_before);
  // Another action than the supplement is not taken this way.
  ActionInput other = in;
  other.action = "forward";
  EXPECT_EQ(dossiers_->ActWithFiles(officer_, code, other, files).status().field(), "action");

  // The same supplement at the right version: both papers recorded on the dossier, resumed.
  auto done = dossiers_->ActWithFiles(officer_, code, in, files);
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  EXPECT_EQ(done->body.at("status").as_string(), "in_process");
  EXPECT_EQ(count_rows(), rows_before + 2);
  EXPECT_TRUE(files_->Exists(fresh_sha));
  auto after = dossiers_->Get(&officer_, code);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->at("attachments").as_array().size(), 2u);
}

TEST_F(DossierServiceTest, OnlineSubmissionWithFilesIsOneChange) {
  const int64_t attachments_before = storage::RowCount(*db_, "attachments");
  const int64_t dossiers_before = storage::RowCount(*db_, "dossiers");
  SubmitInput in = Input("online");
  in.components.push_back({"Bản sao giấy khai sinh", 0, 1, false, {}});
  // A refused file names its position and nothing is written.
  std::vector<SentFile> bad{{"%PDF-1.4 to khai", "to-khai.pdf", 0}, {"MZ not a scan", "x.exe", 1}};
  auto refused = dossiers_->SubmitWithFiles(citizen_, in, bad);
  EXPECT_EQ(refused.status().field(), "files[1]") << refused.status().ToString();
  // A file for a component that was not sent is refused before anything is stored.
  std::vector<SentFile> stray{{"%PDF-1.4 to khai", "to-khai.pdf", 2}};
  EXPECT_EQ(dossiers_->SubmitWithFiles(citizen_, in, stray).status().field(), "files[0]");
  // A submission refused inside the transaction (no such agency) leaves no attachment row.
  SubmitInput wrong = in;
  wrong.competent_agency_code = "KHONG.CO";
  std::vector<SentFile> good{{"%PDF-1.4 to khai", "to-khai.pdf", 0},
                             {"%PDF-1.4 khai sinh", "C:\\giay\\khai-sinh.pdf", 1},
                             {"\x89PNG\r\n\x1a\n anh", "anh.png", 1}};
  EXPECT_FALSE(dossiers_->SubmitWithFiles(citizen_, wrong, good).ok());
  EXPECT_EQ(storage::RowCount(*db_, "attachments"), attachments_before);
  EXPECT_EQ(storage::RowCount(*db_, "dossiers"), dossiers_before);

  auto r = dossiers_->SubmitWithFiles(citizen_, in, good);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(storage::RowCount(*db_, "attachments"), attachments_before + 3);
  std::string code(r->body.at("code").as_string());
  auto view = dossiers_->Get(&citizen_, code);
  ASSERT_TRUE(view.ok()) << view.status().ToString();
  EXPECT_EQ(view->at("attachments").as_array().size(), 3u);
  // Each file is named by its own component.
  const auto& comps = view->at("components").as_array();
  ASSERT_EQ(comps.size(), 2u);
  EXPECT_EQ(comps[0].at("attachment_ids").as_array().size(), 1u);
  EXPECT_EQ(comps[1].at("attachment_ids").as_array().size(), 2u);
  // The officer sees them too, in scope.
  auto staff = dossiers_->Get(&officer_, code);
  ASSERT_TRUE(staff.ok());
  EXPECT_EQ(staff->at("attachments").as_array().size(), 3u);
}

TEST(InstantTest, IsoRoundTrip) {
  EXPECT_EQ(IsoVietnam(kMonday9), "2025-07-14T09:00:00+07:00");
  EXPECT_EQ(ParseInstant("2025-07-14T09:00:00+07:00"), kMonday9);
  EXPECT_EQ(ParseInstant("2025-07-14T02:00:00Z"), kMonday9);
  EXPECT_EQ(ParseInstant("2025-07-14 09:00"), kMonday9);
  EXPECT_EQ(ParseInstant("2025-07-14"), kMonday9 + 8 * 3600);
  EXPECT_FALSE(ParseInstant("2025-07-14T25:00"));
}

// Reads of personal data leave one audit row each, naming reader, dossier and purpose, holding
// none of the data read; a refused read leaves none (issue 15).
TEST_F(DossierServiceTest, ReadsOfPersonalDataAreAuditedWithoutTheData) {
  auto pdf = dossiers_->Upload(citizen_, "%PDF-1.4 cccd", "cccd.pdf", "component");
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  auto in = Input("online");
  in.components[0].attachment_ids = {pdf->id};
  auto r = dossiers_->Submit(citizen_, in);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const std::string code(r->body.at("code").as_string());
  EXPECT_EQ(storage::AuditCount(*db_, "dossier.read"), 0);

  ASSERT_TRUE(dossiers_->Get(&officer_, code).ok());
  ASSERT_TRUE(dossiers_->Get(&citizen_, code).ok());
  ASSERT_TRUE(dossiers_->Get(nullptr, code, "0912345678").ok());
  EXPECT_FALSE(dossiers_->Get(nullptr, code, "0987654321").ok());
  EXPECT_FALSE(dossiers_->Get(&specialist_b_, code).ok());
  EXPECT_EQ(storage::AuditCount(*db_, "dossier.read"), 3);
  ASSERT_TRUE(dossiers_->Attachment(officer_, code, pdf->id).ok());
  EXPECT_EQ(storage::AuditCount(*db_, "attachment.read"), 1);
  EXPECT_EQ(storage::AuditCount(*db_, "dossier.read"), 3);

  std::vector<std::string> rows;
  ASSERT_TRUE(db_->Read([&](storage::Connection& c) -> Status {
                   MOTCUA_ASSIGN_OR_RETURN(
                       auto found,
                       c.Query("SELECT actor_username, object_type, object_id, detail FROM "
                               "audit_log WHERE action IN ('dossier.read', 'attachment.read') "
                               "ORDER BY id"));
                   for (const auto& row : found)
                     rows.push_back(fmt::format("{} {} {} {}", row.Text(0), row.Text(1),
                                                row.Text(2), row.Text(3)));
                   return Status::Ok();
                 })
                  .ok());
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0], "can.bo dossier " + code + R"( {"purpose":"staff_scope"})");
  EXPECT_EQ(rows[1], "cong.dan dossier " + code + R"( {"purpose":"owner"})");
  EXPECT_EQ(rows[2], "anonymous dossier " + code + R"( {"purpose":"applicant_phone"})");
  EXPECT_EQ(rows[3], fmt::format("can.bo dossier {} {{\"attachment_id\":{},\"purpose\":"
                                 "\"staff_scope\"}}",
                                 code, pdf->id));
  for (const auto& row : rows)
    for (const char* personal : {"001090012345", "0912345678", "Nguyễn", "Huế"})
      EXPECT_EQ(row.find(personal), std::string::npos) << row;
}

}  // namespace
}  // namespace motcua::service

namespace motcua::service {
namespace {

// The leader of an assignment step names the specialist who takes the next step; anyone else,
// or on another move, is refused and nothing changes.
TEST_F(DossierServiceTest, AssignmentStepNamesTheSpecialist) {
  SubmitInput in = Input();
  in.procedure_code = "9.000002";
  auto r = dossiers_->Submit(officer_, in);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  std::string code(r->body.at("code").as_string());
  auto act = [&](const Principal& who, const std::string& action, const std::string& assignee) {
    auto view = dossiers_->Get(&officer_, code);
    EXPECT_TRUE(view.ok());
    ActionInput a;
    a.action = action;
    a.version = view->at("version").as_int64();
    a.assignee = assignee;
    return dossiers_->Act(who, code, a);
  };
  // Reception to the leader's step: no specialist to name.
  EXPECT_EQ(act(officer_, "forward", "chuyen.vien.a").status().reason(), "assignee_not_applicable");
  ASSERT_TRUE(act(officer_, "forward", "").ok());
  // The tax office's specialist is not of the next step's agency; a leader is not a specialist.
  EXPECT_EQ(act(leader_a_, "forward", "chuyen.vien.b").status().reason(), "invalid_assignee");
  EXPECT_EQ(act(leader_a_, "forward", "lanh.dao.a").status().reason(), "invalid_assignee");
  EXPECT_EQ(act(leader_a_, "forward", "khong.co").status().reason(), "invalid_assignee");
  auto unchanged = dossiers_->Get(&officer_, code);
  ASSERT_TRUE(unchanged.ok());
  EXPECT_EQ(unchanged->at("steps").as_array().size(), 2u);
  auto done = act(leader_a_, "approve", "chuyen.vien.a");
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  const auto& steps = done->body.at("steps").as_array();
  ASSERT_EQ(steps.size(), 3u);
  EXPECT_EQ(steps[2].at("name").as_string(), "Thẩm định");
  EXPECT_EQ(steps[2].at("assignee").as_string(), "chuyen.vien.a");
  EXPECT_EQ(steps[2].at("assignee_name").as_string(), "Người chuyen.vien.a");
  // The public lookup does not name the officer.
  auto lookup = dossiers_->Lookup(code);
  ASSERT_TRUE(lookup.ok());
  for (const auto& st : lookup->at("steps").as_array())
    EXPECT_FALSE(st.as_object().contains("assignee"));
}

}  // namespace
}  // namespace motcua::service

namespace motcua::service {
namespace {

// Same-day reception cut-off, calendar-day limits, and national procedures without a workflow.
class DossierDeadlineTest : public DossierServiceTest {
 protected:
  void Publish(const std::string& code, domain::TimeLimit limit, int hours) {
    domain::Procedure p = catalogue_->Get("9.000001")->entry.procedure;
    p.code = code;
    p.time_limit = limit;
    p.workflow = {{"Tiếp nhận", "reception", "reception_officer", 1, "", ""},
                  {"Giải quyết", "competent", "specialist", hours - 1, "", ""}};
    auto created = catalogue_->Create(RootAdmin(), p);
    ASSERT_TRUE(created.ok()) << created.status().ToString();
  }
  // Procedures are shared: only an administrator at the root agency publishes any of them
  // (decision 0011).
  Principal RootAdmin() const {
    Principal admin = officer_;
    admin.role = domain::Role::kAdmin;
    admin.agency_path = officer_.agency_path.substr(0, officer_.agency_path.find('/', 1) + 1);
    return admin;
  }
  std::string DueOf(const std::string& code) {
    SubmitInput in = Input();
    in.procedure_code = code;
    auto r = dossiers_->Submit(officer_, in);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? std::string(r->body.at("due_at").as_string()) : "";
  }
};

TEST_F(DossierDeadlineTest, SameDayAfterTheCutOffIsDueTheNextWorkingDay) {
  Publish("9.000902", {domain::TimeLimit::Unit::kSameDay, 0}, 8);
  EXPECT_EQ(DueOf("9.000902"), "2025-07-14T17:00:00+07:00");  // Monday 09:00
  clock_.Set(kMonday9 + 6 * 3600);                            // Monday 15:00
  EXPECT_EQ(DueOf("9.000902"), "2025-07-15T17:00:00+07:00");
}

TEST_F(DossierDeadlineTest, CalendarDaysCountEveryDayAndEndOnAWorkingDay) {
  Publish("9.000903", {domain::TimeLimit::Unit::kCalendarDays, 5}, 24);
  // Monday 14 July + 5 days = Saturday 19 July: due Monday 21 July at the close.
  EXPECT_EQ(DueOf("9.000903"), "2025-07-21T17:00:00+07:00");
}

TEST_F(DossierDeadlineTest, ANationalProcedureWithoutWorkflowReceivesNoDossier) {
  domain::Procedure p = catalogue_->Get("9.000001")->entry.procedure;
  p.code = "9.000904";
  p.source = "national";
  p.workflow.clear();
  p.competent_agency_code.clear();
  p.implementing_agencies.clear();
  ASSERT_TRUE(catalogue_->Create(RootAdmin(), p).ok());
  SubmitInput in = Input();
  in.procedure_code = "9.000904";
  auto r = dossiers_->Submit(officer_, in);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().reason(), "procedure_without_workflow");
}

// A dossier's full view reads its procedure version through the caller's own connection: it
// used to take a second one (a Read nested in the caller's Read or Write), so with every reader
// connection held by a view waiting for another, the server hung. One reader makes it certain.
TEST_F(DossierServiceTest, AFullViewNeedsNoSecondConnection) {
  auto r = dossiers_->Submit(officer_, Input());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const std::string code(r->body.at("code").as_string());
  storage::DatabaseOptions options((dir_ / "t.db").string());
  options.reader_pool_size = 1;
  auto one = storage::OpenDatabase(options);
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  CatalogueService catalogue(**one, clock_);
  ASSERT_TRUE(catalogue.Reload().ok());
  CalendarService calendar(**one, clock_, std::vector<domain::YearDecision>{});
  DossierService service(**one, clock_, catalogue, calendar);
  auto done = std::make_shared<std::promise<Status>>();
  auto result = done->get_future();
  std::thread([&service, this, code, done] {
    auto view = service.Get(&officer_, code);
    done->set_value(view.ok() && !view->at("allowed_actions").as_array().empty() ? Status::Ok()
                    : view.ok() ? Status::Internal("no allowed actions")
                                : view.status());
  }).detach();
  if (result.wait_for(std::chrono::seconds(30)) != std::future_status::ready) {
    ADD_FAILURE() << "Get waited for a second reader connection";
    std::abort();  // the thread is stuck for good; nothing else can run cleanly
  }
  EXPECT_TRUE(result.get().ok());
  (*one)->Close();
}

}  // namespace
}  // namespace motcua::service

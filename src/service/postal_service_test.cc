#include "service/postal_service.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>

#include "service/dossier_service.h"
#include "service/dossier_world_test_util.h"
#include "service/http_postal_carrier.h"
#include "storage/postal_store.h"

namespace motcua::service {
namespace {

namespace json = boost::json;
using testing::kMonday9;

constexpr const char* kKey = "khoa-bi-mat-dung-chung";
constexpr const char* kTracking = "EV123456785VN";  // serial 12345678, check digit 5

// A carrier that answers from memory, for the registration and poll job.
class FakeCarrier : public HttpPostalCarrier {
 public:
  FakeCarrier() : HttpPostalCarrier(HttpCarrierOptions{"vnpost", "", kKey, "", 1}) {}
  Status Register(const CarrierRegistration& s) override {
    if (refuse) return Status(Code::kUnavailable, "postal_carrier_refused");
    registered.push_back(s);
    return Status::Ok();
  }
  Result<std::vector<CarrierEvent>> Track(const std::string& tracking) override {
    tracked.push_back(tracking);
    return events;
  }
  bool refuse = false;
  std::vector<CarrierRegistration> registered;
  std::vector<std::string> tracked;
  std::vector<CarrierEvent> events;
};

class PostalServiceTest : public testing::DossierWorldTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(OpenWorld("postal", testing::ProvinceCentreDepartment(),
                                      testing::FourStepCatalogue("Thủ tục thử nghiệm bưu chính")));
    postal_ = std::make_unique<PostalService>(*db_, clock_, &carrier_);
    officer_ = User("can.bo", "reception_officer", "C.H99");
    specialist_ = User("chuyen.vien", "specialist", "A.H99");
    leader_ = User("lanh.dao", "leader", "A.H99");
  }
  void TearDown() override {
    postal_.reset();
    DossierWorldTest::TearDown();
  }

  SubmitInput Input(const std::string& channel = "counter") {
    return testing::ApplicantSubmission("9.000001", channel);
  }

  json::object View(const std::string& code) { return DossierWorldTest::View(officer_, code); }

  Result<Reply> Act(const Principal& p, const std::string& code, const std::string& action,
                    const std::string& return_method = "", const std::string& tracking = "") {
    ActionInput in;
    in.action = action;
    in.return_method = return_method;
    in.postal_tracking = tracking;
    return ActOnCurrent(officer_, p, code, in);
  }

  // A dossier received at the counter and decided: waiting at the counter to be returned.
  std::string Finished() {
    auto r = dossiers_->Submit(officer_, Input());
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    std::string code(r->body.at("code").as_string());
    EXPECT_TRUE(Act(officer_, code, "forward").ok());
    EXPECT_TRUE(Act(specialist_, code, "forward").ok());
    EXPECT_TRUE(Act(leader_, code, "approve").ok());
    EXPECT_EQ(View(code).at("status").as_string(), "finished");
    return code;
  }

  // A result returned by post under kTracking.
  std::string ReturnedByPost() {
    std::string code = Finished();
    auto r = Act(officer_, code, "return", "postal", kTracking);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return code;
  }

  static std::string Push(const json::array& events) {
    return json::serialize(json::object{{"events", events}});
  }
  static json::object Event(const std::string& id, const std::string& code,
                            const std::string& tracking = kTracking) {
    return json::object{{"event_id", id},
                        {"tracking_number", tracking},
                        {"code", code},
                        {"description", "Phát cho người nhận"},
                        {"location", "Bưu cục Hoàn Kiếm"},
                        {"occurred_at", "2025-07-16T10:30:00+07:00"}};
  }

  int64_t Count(const std::string& table) {
    int64_t n = -1;
    EXPECT_TRUE(db_->Read([&](storage::Connection& c) -> Status {
                     MOTCUA_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT COUNT(*) FROM " + table));
                     n = row ? row->Int(0) : -1;
                     return Status::Ok();
                   })
                    .ok());
    return n;
  }

  FakeCarrier carrier_;
  std::unique_ptr<PostalService> postal_;
  Principal officer_, specialist_, leader_;
};

TEST_F(PostalServiceTest, ReturnByPostRecordsTheTrackingNumberWithTheReturn) {
  std::string code = Finished();
  auto r = Act(officer_, code, "return", "postal", " ev 12345678 5 vn ");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const json::object& b = r->body;
  EXPECT_EQ(b.at("status").as_string(), "returned");
  const auto& shipments = b.at("postal_shipments").as_array();
  ASSERT_EQ(shipments.size(), 1u);
  const auto& s = shipments[0].as_object();
  EXPECT_EQ(s.at("tracking_number").as_string(), kTracking);
  EXPECT_EQ(s.at("direction").as_string(), "outbound");
  EXPECT_EQ(s.at("status").as_string(), "recorded");
  EXPECT_EQ(s.at("carrier").as_string(), "vnpost");
  const auto& last = b.at("history").as_array().back().as_object();
  EXPECT_EQ(last.at("action").as_string(), "return");
  EXPECT_EQ(last.at("detail").as_object().at("postal_tracking").as_string(), kTracking);
  ASSERT_TRUE(db_->Read([&](storage::Connection& c) -> Status {
                   MOTCUA_ASSIGN_OR_RETURN(auto found,
                                           storage::FindPostalShipment(c, "vnpost", kTracking));
                   EXPECT_TRUE(found);
                   if (found) {
                     EXPECT_EQ(found->recorded_by, officer_.user_id);
                   }
                   return Status::Ok();
                 })
                  .ok());
}

TEST_F(PostalServiceTest, ABadTrackingNumberWritesNothing) {
  std::string code = Finished();
  const int64_t version = View(code).at("version").as_int64();
  const size_t history = View(code).at("history").as_array().size();
  struct Case {
    std::string method, tracking, reason;
  };
  for (const Case& c : {Case{"postal", "EV123456789VN", "invalid_tracking_number"},
                        Case{"postal", "", "postal_tracking_required"},
                        Case{"postal", "12345", "invalid_tracking_number"},
                        Case{"counter", kTracking, "postal_tracking_not_applicable"}}) {
    auto r = Act(officer_, code, "return", c.method, c.tracking);
    ASSERT_FALSE(r.ok()) << c.tracking;
    EXPECT_EQ(r.status().code(), Code::kValidation);
    EXPECT_EQ(HttpStatusOf(r.status().code()), 422);
    EXPECT_EQ(r.status().reason(), c.reason) << c.tracking;
    EXPECT_EQ(r.status().field(), "postal_tracking");
  }
  auto after = View(code);
  EXPECT_EQ(after.at("status").as_string(), "finished");
  EXPECT_EQ(after.at("version").as_int64(), version);
  EXPECT_EQ(after.at("history").as_array().size(), history);
  EXPECT_EQ(Count("postal_shipments"), 0);
}

TEST_F(PostalServiceTest, ANumberAlreadyUsedRollsTheWholeReturnBack) {
  ReturnedByPost();
  // The same parcel number on another dossier: the shipment row fails, so the return (made in
  // the same transaction before it) is not committed either.
  std::string other = Finished();
  auto r = Act(officer_, other, "return", "postal", kTracking);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kConflict);
  EXPECT_EQ(r.status().reason(), "tracking_number_in_use");
  EXPECT_EQ(r.status().field(), "postal_tracking");
  auto after = View(other);
  EXPECT_EQ(after.at("status").as_string(), "finished");
  EXPECT_TRUE(after.at("returned_at").is_null());
  EXPECT_EQ(Count("postal_shipments"), 1);
}

TEST_F(PostalServiceTest, APostalSubmissionRecordsItsInboundParcel) {
  auto in = Input("postal");
  in.postal_tracking = "RR473124829GB";
  auto r = dossiers_->Submit(officer_, in);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const auto& s = r->body.at("postal_shipments").as_array().at(0).as_object();
  EXPECT_EQ(s.at("direction").as_string(), "inbound");
  EXPECT_EQ(s.at("tracking_number").as_string(), "RR473124829GB");

  auto bad = Input("postal");
  bad.postal_tracking = "RR473124820GB";
  auto refused = dossiers_->Submit(officer_, bad);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().reason(), "invalid_tracking_number");
  EXPECT_EQ(refused.status().field(), "postal_tracking");
  auto counter = Input("counter");
  counter.postal_tracking = kTracking;
  EXPECT_EQ(dossiers_->Submit(officer_, counter).status().reason(),
            "postal_tracking_not_applicable");
  EXPECT_EQ(Count("dossiers"), 1);
  EXPECT_EQ(Count("postal_shipments"), 1);
}

TEST_F(PostalServiceTest, ADeliveryEventReachesTheDossierOnce) {
  std::string code = ReturnedByPost();
  const size_t history = View(code).at("history").as_array().size();
  const std::string body = Push(json::array{Event("E1", "delivered")});
  auto got = postal_->ReceivePush(body, CarrierSignature(kKey, body));
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->accepted, 1);

  auto v = View(code);
  const auto& h = v.at("history").as_array();
  ASSERT_EQ(h.size(), history + 1);
  const auto& last = h.back().as_object();
  EXPECT_EQ(last.at("action").as_string(), "postal_event");
  EXPECT_EQ(last.at("comment").as_string(), "Bưu điện: đã phát thành công");
  EXPECT_EQ(last.at("actor_role").as_string(), "carrier");
  const auto& pr = v.at("result").as_object().at("postal_return").as_object();
  EXPECT_EQ(pr.at("status").as_string(), "delivered");
  EXPECT_EQ(pr.at("at").as_string(), "2025-07-16T10:30:00+07:00");
  const auto& s = v.at("postal_shipments").as_array().at(0).as_object();
  EXPECT_EQ(s.at("status").as_string(), "delivered");
  EXPECT_EQ(s.at("events").as_array().at(0).as_object().at("location").as_string(),
            "Bưu cục Hoàn Kiếm");

  // The carrier retries: nothing new.
  auto again = postal_->ReceivePush(body, CarrierSignature(kKey, body));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->accepted, 0);
  EXPECT_EQ(again->duplicate, 1);
  EXPECT_EQ(View(code).at("history").as_array().size(), history + 1);
  EXPECT_EQ(Count("postal_events"), 1);

  // A late "in transit" is stored but does not undo the delivery.
  const std::string late = Push(json::array{Event("E0", "in_transit")});
  ASSERT_TRUE(postal_->ReceivePush(late, CarrierSignature(kKey, late)).ok());
  EXPECT_EQ(View(code).at("postal_shipments").as_array().at(0).at("status").as_string(),
            "delivered");
}

TEST_F(PostalServiceTest, ThePublicLookupShowsNumbersAndLabelsOnly) {
  std::string code = ReturnedByPost();
  const std::string body = Push(json::array{Event("E1", "delivered")});
  ASSERT_TRUE(postal_->ReceivePush(body, CarrierSignature(kKey, body)).ok());
  auto v = dossiers_->Lookup(code);
  ASSERT_TRUE(v.ok());
  const auto& s = v->at("postal_shipments").as_array().at(0).as_object();
  EXPECT_EQ(s.at("tracking_number").as_string(), kTracking);
  EXPECT_FALSE(s.contains("carrier"));
  const auto& e = s.at("events").as_array().at(0).as_object();
  EXPECT_EQ(e.at("label").as_string(), "đã phát thành công");
  EXPECT_FALSE(e.contains("location"));
  EXPECT_FALSE(e.contains("description"));
  EXPECT_FALSE(v->contains("history"));
}

TEST_F(PostalServiceTest, AnUnsignedOrMalformedPushWritesNothing) {
  std::string code = ReturnedByPost();
  const size_t history = View(code).at("history").as_array().size();
  const std::string body = Push(json::array{Event("E1", "delivered")});
  for (const std::string& sig :
       {std::string(), CarrierSignature("khoa-khac", body), CarrierSignature(kKey, body + " ")}) {
    auto r = postal_->ReceivePush(body, sig);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), Code::kUnauthenticated);
    EXPECT_EQ(r.status().reason(), "invalid_signature");
  }
  // One bad event spoils the push: the good one before it is not stored either.
  const std::string mixed = Push(json::array{Event("E1", "delivered"), Event("E2", "teleported")});
  auto r = postal_->ReceivePush(mixed, CarrierSignature(kKey, mixed));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kValidation);
  EXPECT_EQ(r.status().field(), "events[1].code");
  EXPECT_EQ(Count("postal_events"), 0);
  EXPECT_EQ(View(code).at("history").as_array().size(), history);
  EXPECT_EQ(View(code).at("postal_shipments").as_array().at(0).at("status").as_string(),
            "recorded");
}

TEST_F(PostalServiceTest, AnEventForAnUnknownParcelIsCountedNotStored) {
  const std::string body = Push(json::array{Event("E9", "delivered", "EE000000005VN")});
  auto r = postal_->ReceivePush(body, CarrierSignature(kKey, body));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->unknown, 1);
  EXPECT_EQ(Count("postal_events"), 0);
}

TEST_F(PostalServiceTest, WithoutACarrierTheWebhookIsUnavailable) {
  PostalService none(*db_, clock_, nullptr);
  const std::string body = Push(json::array{Event("E1", "delivered")});
  auto r = none.ReceivePush(body, CarrierSignature(kKey, body));
  EXPECT_EQ(r.status().code(), Code::kUnavailable);
  EXPECT_EQ(r.status().reason(), "postal_carrier_not_configured");
}

TEST_F(PostalServiceTest, TheJobRegistersNewParcelsAndPollsOpenOnes) {
  carrier_.refuse = true;
  std::string code = ReturnedByPost();
  auto first = postal_->Sync(true);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->registration_failures, 1);
  EXPECT_TRUE(carrier_.tracked.empty());  // not registered: not polled

  carrier_.refuse = false;
  CarrierEvent e{"P1", kTracking, "out_for_delivery", "", "Bưu cục Hoàn Kiếm", kMonday9 + 86400};
  carrier_.events = {e};
  auto second = postal_->Sync(true);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->registered, 1);
  ASSERT_EQ(carrier_.registered.size(), 1u);
  EXPECT_EQ(carrier_.registered[0].reference, code);
  EXPECT_EQ(carrier_.registered[0].direction, "outbound");
  EXPECT_EQ(second->polled, 1);
  EXPECT_EQ(second->events.accepted, 1);
  EXPECT_EQ(View(code).at("postal_shipments").as_array().at(0).at("status").as_string(),
            "out_for_delivery");

  // Once delivered the parcel is no longer polled.
  carrier_.events.push_back({"P2", kTracking, "delivered", "", "", kMonday9 + 90000});
  ASSERT_TRUE(postal_->Sync(true).ok());
  carrier_.tracked.clear();
  auto third = postal_->Sync(true);
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third->registered, 0);
  EXPECT_EQ(third->polled, 0);
  EXPECT_TRUE(carrier_.tracked.empty());
}

}  // namespace
}  // namespace motcua::service

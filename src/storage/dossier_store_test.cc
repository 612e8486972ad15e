// The dossier store against both drivers. The PostgreSQL half needs MOTCUA_TEST_PG_URL
// (scripts/test-postgres.sh start prints one) and is skipped without it.
#include "storage/dossier_store.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "storage/agency_store.h"
#include "storage/migrations.h"
#include "storage/test_database.h"

namespace motcua::storage {
namespace {

namespace fs = std::filesystem;

constexpr int64_t kT0 = 1'752'476'400;  // 2025-07-14 14:00 in Vietnam

// Every test gets its own SQLite file or PostgreSQL schema, migrated to the current schema, with
// a province "/1/" holding two departments "/1/2/" and "/1/3/".
class DossierStoreTest : public ::testing::TestWithParam<Dialect> {
 protected:
  void SetUp() override {
    if (GetParam() == Dialect::kPostgres && PostgresTestUrl() == nullptr) {
      GTEST_SKIP() << "MOTCUA_TEST_PG_URL is not set";
    }
    Status prepared = location_.Prepare(GetParam(), "ds");
    ASSERT_TRUE(prepared.ok()) << prepared.ToString();
    auto db = OpenDatabase(DatabaseOptions(location_.url()));
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    auto migrated = Migrate(*db_);
    ASSERT_TRUE(migrated.ok()) << migrated.status().ToString();
    ASSERT_TRUE(db_->Write([](Connection& c) -> Status {
                     for (auto [id, code, name, path] :
                          {std::tuple{1, "H12", "UBND tỉnh", "/1/"},
                           std::tuple{2, "000.00.15.H12", "Sở Tư pháp", "/1/2/"},
                           std::tuple{3, "000.00.16.H12", "Sở Xây dựng", "/1/3/"}}) {
                       MOTCUA_RETURN_IF_ERROR(
                           c.Exec("INSERT INTO agencies (id, code, name, type, parent_id, path, "
                                  "created_at, updated_at) VALUES (?, ?, ?, 'department', ?, ?, "
                                  "0, 0)",
                                  {int64_t{id}, code, name,
                                   id == 1 ? Value(nullptr) : Value(int64_t{1}), path})
                               .status());
                     }
                     for (auto [id, name] : {std::pair{10, "cb.motcua"}, std::pair{11, "cv.tuphap"},
                                             std::pair{12, "cv.xaydung"}}) {
                       MOTCUA_RETURN_IF_ERROR(
                           c.Exec("INSERT INTO users (id, username, password_hash, full_name, "
                                  "role, agency_id, created_at) VALUES (?, ?, 'x', ?, "
                                  "'specialist', 2, 0)",
                                  {int64_t{id}, name, name})
                               .status());
                     }
                     return Status::Ok();
                   })
                    .ok());
  }

  void TearDown() override {
    if (db_) db_->Close();
    location_.Remove();
  }

  static DossierRecord NewDossier(const std::string& code, int64_t agency_id = 2) {
    DossierRecord d;
    d.code = code;
    d.procedure_code = "1.001234";
    d.procedure_version = 1;
    d.agency_id = agency_id;
    d.channel = "counter";
    d.applicant = R"({"type":"citizen","full_name":"Nguyễn Văn An"})";
    d.status = "received";
    d.submitted_at = kT0;
    d.received_at = kT0;
    d.due_at = kT0 + 5 * 86400;
    d.legal_due_at = d.due_at;
    d.created_by = 10;
    d.updated_at = kT0;
    return d;
  }

  DossierRecord Insert(DossierRecord d) {
    DossierRecord out;
    Status st = db_->Write([&](Connection& c) -> Status {
      MOTCUA_ASSIGN_OR_RETURN(out, InsertDossier(c, d));
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << st.ToString();
    return out;
  }

  std::optional<DossierRecord> Find(const std::string& code) {
    std::optional<DossierRecord> out;
    Status st = db_->Read([&](Connection& c) -> Status {
      MOTCUA_ASSIGN_OR_RETURN(out, FindDossierByCode(c, code));
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << st.ToString();
    return out;
  }

  std::vector<std::string> Queue(const DossierQueueQuery& q) {
    std::vector<std::string> codes;
    Status st = db_->Read([&](Connection& c) -> Status {
      MOTCUA_ASSIGN_OR_RETURN(auto rows, ListDossierQueue(c, q));
      for (const auto& d : rows) codes.push_back(d.code);
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << st.ToString();
    return codes;
  }

  DialectTestLocation location_;
  std::unique_ptr<Database> db_;
};

// The agencies a change names by id and by code, read in one statement (decision 0024).
TEST_P(DossierStoreTest, FindsAgenciesByIdsAndCodesAtOnce) {
  std::vector<AgencyRecord> found, none;
  ASSERT_TRUE(db_->Read([&](Connection& c) {
                   QueryBatch batch;
                   FindAgencies(batch, {1, 99}, {"000.00.16.H12", "000.00.16.H12", "NOPE"}, &found);
                   FindAgencies(batch, {}, {}, &none);  // asks for nothing
                   return batch.Run(c);
                 })
                  .ok());
  std::map<int64_t, std::string> by_id;
  for (const auto& a : found) by_id[a.id] = a.code + " " + a.path;
  EXPECT_EQ(by_id, (std::map<int64_t, std::string>{{1, "H12 /1/"}, {3, "000.00.16.H12 /1/3/"}}));
  EXPECT_TRUE(none.empty());
}

TEST_P(DossierStoreTest, InsertsAndFindsEveryColumn) {
  DossierRecord d = NewDossier("000.00.15.H12-250714-0001");
  d.applicant_user_id = 11;
  d.outcome = "approved";
  d.paused_at = kT0 + 1;
  d.extended_at = kT0 + 2;
  d.extension_reason = "Chờ xác minh";
  d.finished_at = kT0 + 3;
  d.returned_at = kT0 + 4;
  d.return_method = "postal";
  d.current_agency_id = 3;
  d.timeliness = "early";
  d.components = R"([{"code":"TP1","originals":1,"copies":0}])";
  d.result = R"({"number":"12/GP"})";
  DossierRecord inserted = Insert(d);
  EXPECT_GT(inserted.id, 0);
  EXPECT_EQ(inserted.version, 1);

  auto found = Find(d.code);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, inserted.id);
  EXPECT_EQ(found->procedure_code, "1.001234");
  EXPECT_EQ(found->procedure_version, 1);
  EXPECT_EQ(found->agency_id, 2);
  EXPECT_EQ(found->channel, "counter");
  EXPECT_EQ(found->applicant, d.applicant);
  EXPECT_EQ(found->applicant_user_id, 11);
  EXPECT_EQ(found->status, "received");
  EXPECT_EQ(found->outcome, "approved");
  EXPECT_EQ(found->version, 1);
  EXPECT_EQ(found->submitted_at, kT0);
  EXPECT_EQ(found->received_at, kT0);
  EXPECT_EQ(found->due_at, kT0 + 5 * 86400);
  EXPECT_EQ(found->legal_due_at, kT0 + 5 * 86400);
  EXPECT_EQ(found->paused_at, kT0 + 1);
  EXPECT_EQ(found->extended_at, kT0 + 2);
  EXPECT_EQ(found->extension_reason, "Chờ xác minh");
  EXPECT_EQ(found->finished_at, kT0 + 3);
  EXPECT_EQ(found->returned_at, kT0 + 4);
  EXPECT_EQ(found->return_method, "postal");
  EXPECT_FALSE(found->current_step_id.has_value());
  EXPECT_EQ(found->current_agency_id, 3);
  EXPECT_EQ(found->timeliness, "early");
  EXPECT_EQ(found->components, d.components);
  EXPECT_EQ(found->result, d.result);
  EXPECT_EQ(found->created_by, 10);
  EXPECT_EQ(found->updated_at, kT0);

  EXPECT_FALSE(Find("000.00.15.H12-250714-0002").has_value());
  Status st = db_->Read([&](Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(auto by_id, FindDossierById(c, inserted.id));
    EXPECT_TRUE(by_id.has_value());
    if (by_id) {
      EXPECT_EQ(by_id->code, d.code);
    }
    return Status::Ok();
  });
  EXPECT_TRUE(st.ok()) << st.ToString();
}

TEST_P(DossierStoreTest, DuplicateCodeIsConflict) {
  Insert(NewDossier("H12-250714-0001", 1));
  Status st = db_->Write([&](Connection& c) -> Status {
    return InsertDossier(c, NewDossier("H12-250714-0001", 1)).status();
  });
  EXPECT_EQ(st.code(), Code::kConflict);
  EXPECT_EQ(st.reason(), "already_exists");
}

TEST_P(DossierStoreTest, UpdateMatchesOnlyTheCurrentVersion) {
  DossierRecord d = Insert(NewDossier("000.00.15.H12-250714-0001"));
  DossierRecord stale = d;

  d.status = "in_process";
  d.current_agency_id = 3;
  d.updated_at = kT0 + 60;
  bool matched = false;
  ASSERT_TRUE(db_->Write([&](Connection& c) -> Status {
                   MOTCUA_ASSIGN_OR_RETURN(matched, UpdateDossier(c, d));
                   return Status::Ok();
                 })
                  .ok());
  EXPECT_TRUE(matched);
  EXPECT_EQ(d.version, 2);

  stale.status = "withdrawn";
  ASSERT_TRUE(db_->Write([&](Connection& c) -> Status {
                   MOTCUA_ASSIGN_OR_RETURN(matched, UpdateDossier(c, stale));
                   return Status::Ok();
                 })
                  .ok());
  EXPECT_FALSE(matched);
  EXPECT_EQ(stale.version, 1);

  auto found = Find(d.code);
  EXPECT_EQ(found->status, "in_process");
  EXPECT_EQ(found->current_agency_id, 3);
  EXPECT_EQ(found->version, 2);
  EXPECT_EQ(found->updated_at, kT0 + 60);
}

TEST_P(DossierStoreTest, ConcurrentActionsOnOneDossierOneWins) {
  const DossierRecord base = Insert(NewDossier("000.00.15.H12-250714-0001"));
  constexpr int kThreads = 6;
  std::atomic<int> wins{0}, stale{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      DossierRecord mine = base;  // every thread read version 1
      mine.status = i % 2 == 0 ? "withdrawn" : "in_process";
      bool matched = false;
      Status st = db_->Write([&](Connection& c) -> Status {
        MOTCUA_ASSIGN_OR_RETURN(matched, UpdateDossier(c, mine));
        if (!matched) return Status::Conflict("stale_version");
        DossierHistoryRecord h;
        h.dossier_id = mine.id;
        h.at = kT0;
        h.actor_name = fmt::format("thread {}", i);
        h.actor_role = "specialist";
        h.action = "forward";
        h.to_status = mine.status;
        return AppendDossierHistory(c, h).status();
      });
      (st.ok() ? wins : stale)++;
      if (!st.ok()) {
        EXPECT_EQ(st.reason(), "stale_version");
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wins.load(), 1);
  EXPECT_EQ(stale.load(), kThreads - 1);
  EXPECT_EQ(Find(base.code)->version, 2);
  Status st = db_->Read([&](Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(auto history, ListDossierHistory(c, base.id));
    EXPECT_EQ(history.size(), 1u);  // the losers' history rows were rolled back
    return Status::Ok();
  });
  EXPECT_TRUE(st.ok());
}

TEST_P(DossierStoreTest, SequencesArePerAgencyPerDayAndRollBack) {
  auto next = [&](int64_t agency, const std::string& day) {
    int64_t n = -1;
    Status st = db_->Write([&](Connection& c) -> Status {
      MOTCUA_ASSIGN_OR_RETURN(n, NextDossierSequence(c, agency, day));
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << st.ToString();
    return n;
  };
  EXPECT_EQ(next(2, "2025-07-14"), 1);
  EXPECT_EQ(next(2, "2025-07-14"), 2);
  EXPECT_EQ(next(3, "2025-07-14"), 1);
  EXPECT_EQ(next(2, "2025-07-15"), 1);
  // A reception that fails after taking its number gives the number back.
  Status failed = db_->Write([&](Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(int64_t n, NextDossierSequence(c, 2, "2025-07-14"));
    EXPECT_EQ(n, 3);
    return Status::Validation("invalid_field", "applicant.full_name");
  });
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ(next(2, "2025-07-14"), 3);
}

TEST_P(DossierStoreTest, ConcurrentReceptionsGetUniqueGapFreeCodes) {
  constexpr int kThreads = 8, kEach = 12;
  std::vector<std::thread> threads;
  std::mutex mu;
  std::vector<int64_t> numbers;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        int64_t n = 0;
        Status st = db_->Write([&](Connection& c) -> Status {
          MOTCUA_ASSIGN_OR_RETURN(n, NextDossierSequence(c, 2, "2025-07-14"));
          DossierRecord d = NewDossier(fmt::format("000.00.15.H12-250714-{:04d}", n));
          MOTCUA_RETURN_IF_ERROR(InsertDossier(c, d).status());
          // Every third reception of thread 0 fails late: its number must be reused.
          if (t == 0 && i % 3 == 0) return Status::Validation("invalid_field", "x");
          return Status::Ok();
        });
        if (st.ok()) {
          std::lock_guard lock(mu);
          numbers.push_back(n);
        } else if (st.reason() != "invalid_field") {
          ++failures;
          ADD_FAILURE() << st.ToString();
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  std::sort(numbers.begin(), numbers.end());
  const int expected = kThreads * kEach - (kEach + 2) / 3;
  ASSERT_EQ(static_cast<int>(numbers.size()), expected);
  for (int i = 0; i < expected; ++i) EXPECT_EQ(numbers[i], i + 1);
  Status st = db_->Read([&](Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT COUNT(*), COUNT(DISTINCT code) FROM "
                                                 "dossiers"));
    EXPECT_EQ(row->Int(0), expected);
    EXPECT_EQ(row->Int(1), expected);
    return Status::Ok();
  });
  EXPECT_TRUE(st.ok());
}

TEST_P(DossierStoreTest, StepsFormTheControlSheet) {
  DossierRecord d = Insert(NewDossier("000.00.15.H12-250714-0001"));
  std::vector<DossierStepRecord> steps;
  Status st = db_->Write([&](Connection& c) -> Status {
    DossierStepRecord s;
    s.dossier_id = d.id;
    s.position = 0;
    s.name = "Thẩm định";
    s.agency_id = 2;
    s.role = "specialist";
    s.assignee_user_id = 11;
    s.quota_hours = 16;
    s.started_at = kT0;
    s.due_at = kT0 + 2 * 86400;
    s.handed_over_by = 10;
    MOTCUA_ASSIGN_OR_RETURN(auto first, InsertDossierStep(c, s));
    EXPECT_EQ(first.seq, 1);
    first.ended_at = kT0 + 3600;
    first.end_action = "forward";
    first.ended_by = 11;
    first.timeliness = "early";
    MOTCUA_RETURN_IF_ERROR(UpdateDossierStep(c, first));
    s.position = 1;
    s.name = "Phê duyệt";
    s.agency_id = 3;
    s.role = "leader";
    s.assignee_user_id.reset();
    s.quota_hours.reset();
    s.handed_over_by = 11;
    MOTCUA_ASSIGN_OR_RETURN(auto second, InsertDossierStep(c, s));
    EXPECT_EQ(second.seq, 2);
    d.current_step_id = second.id;
    d.current_agency_id = 3;
    MOTCUA_ASSIGN_OR_RETURN(bool matched, UpdateDossier(c, d));
    EXPECT_TRUE(matched);
    MOTCUA_ASSIGN_OR_RETURN(auto found, FindDossierStep(c, second.id));
    EXPECT_TRUE(found.has_value());
    if (found) {
      EXPECT_EQ(found->agency_name, "Sở Xây dựng");
    }
    MOTCUA_ASSIGN_OR_RETURN(steps, ListDossierSteps(c, d.id));
    return Status::Ok();
  });
  ASSERT_TRUE(st.ok()) << st.ToString();
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[0].name, "Thẩm định");
  EXPECT_EQ(steps[0].agency_name, "Sở Tư pháp");
  EXPECT_EQ(steps[0].assignee_user_id, 11);
  EXPECT_EQ(steps[0].quota_hours, 16);
  EXPECT_EQ(steps[0].ended_at, kT0 + 3600);
  EXPECT_EQ(steps[0].end_action, "forward");
  EXPECT_EQ(steps[0].ended_by, 11);
  EXPECT_EQ(steps[0].handed_over_by, 10);
  EXPECT_EQ(steps[0].timeliness, "early");
  EXPECT_EQ(steps[1].seq, 2);
  EXPECT_EQ(steps[1].position, 1);
  EXPECT_FALSE(steps[1].ended_at.has_value());
  EXPECT_FALSE(steps[1].quota_hours.has_value());
  EXPECT_EQ(Find(d.code)->current_step_id, steps[1].id);

  DossierStepRecord missing;
  missing.id = 999'999;
  EXPECT_EQ(db_->Write([&](Connection& c) { return UpdateDossierStep(c, missing); }).code(),
            Code::kNotFound);
}

TEST_P(DossierStoreTest, HistoryIsAppendOnly) {
  DossierRecord d = Insert(NewDossier("000.00.15.H12-250714-0001"));
  Status st = db_->Write([&](Connection& c) -> Status {
    DossierHistoryRecord h;
    h.dossier_id = d.id;
    h.at = kT0;
    h.actor_user_id = 10;
    h.actor_name = "Cán bộ một cửa";
    h.actor_role = "reception_officer";
    h.agency_id = 2;
    h.action = "register";
    h.to_status = "received";
    MOTCUA_RETURN_IF_ERROR(AppendDossierHistory(c, h).status());
    h.at = kT0 + 60;
    h.action = "forward";
    h.from_status = "received";
    h.to_status = "in_process";
    h.comment = "Chuyển Sở Xây dựng";
    h.detail = R"({"to_agency":3})";
    return AppendDossierHistory(c, h).status();
  });
  ASSERT_TRUE(st.ok()) << st.ToString();
  std::vector<DossierHistoryRecord> history;
  ASSERT_TRUE(db_->Read([&](Connection& c) -> Status {
                   MOTCUA_ASSIGN_OR_RETURN(history, ListDossierHistory(c, d.id));
                   return Status::Ok();
                 })
                  .ok());
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].action, "register");
  EXPECT_FALSE(history[0].from_status.has_value());
  EXPECT_EQ(history[1].from_status, "received");
  EXPECT_EQ(history[1].to_status, "in_process");
  EXPECT_EQ(history[1].comment, "Chuyển Sở Xây dựng");
  EXPECT_EQ(history[1].detail, R"({"to_agency":3})");
  EXPECT_EQ(history[1].actor_user_id, 10);
  EXPECT_EQ(history[1].agency_id, 2);
  EXPECT_LT(history[0].id, history[1].id);

  for (const char* sql :
       {"UPDATE dossier_history SET comment = 'sửa'", "DELETE FROM dossier_history"}) {
    Status changed = db_->Write([&](Connection& c) { return c.Exec(sql).status(); });
    EXPECT_FALSE(changed.ok()) << sql;
  }
  ASSERT_TRUE(db_->Read([&](Connection& c) -> Status {
                   MOTCUA_ASSIGN_OR_RETURN(history, ListDossierHistory(c, d.id));
                   return Status::Ok();
                 })
                  .ok());
  EXPECT_EQ(history.size(), 2u);
  EXPECT_EQ(history[1].comment, "Chuyển Sở Xây dựng");
}

TEST_P(DossierStoreTest, QueuesFilterAndOrderByDue) {
  auto make = [&](const std::string& code, const std::string& status, std::optional<int64_t> agency,
                  std::optional<int64_t> due) {
    DossierRecord d = NewDossier(code);
    d.status = status;
    d.current_agency_id = agency;
    d.due_at = due;
    return Insert(d);
  };
  make("A-250714-0001", "in_process", 2, kT0 + 300);
  make("A-250714-0002", "in_process", 2, kT0 + 100);
  make("A-250714-0003", "waiting_supplement", 2, kT0 + 200);
  make("A-250714-0004", "in_process", 3, kT0 + 50);
  make("A-250714-0005", "submitted", std::nullopt, std::nullopt);
  DossierRecord assigned = make("A-250714-0006", "in_process", 3, kT0 - 10);
  ASSERT_TRUE(db_->Write([&](Connection& c) -> Status {
                   DossierStepRecord s;
                   s.dossier_id = assigned.id;
                   s.agency_id = 3;
                   s.role = "specialist";
                   s.assignee_user_id = 12;
                   s.started_at = kT0;
                   MOTCUA_ASSIGN_OR_RETURN(auto step, InsertDossierStep(c, s));
                   assigned.current_step_id = step.id;
                   return UpdateDossier(c, assigned).status();
                 })
                  .ok());

  DossierQueueQuery q;
  q.current_agency_id = 2;
  EXPECT_EQ(Queue(q),
            (std::vector<std::string>{"A-250714-0002", "A-250714-0003", "A-250714-0001"}));
  q.statuses = {"in_process"};
  EXPECT_EQ(Queue(q), (std::vector<std::string>{"A-250714-0002", "A-250714-0001"}));

  DossierQueueQuery subtree;
  subtree.current_agency_path = "/1/";
  subtree.statuses = {"in_process", "waiting_supplement"};
  EXPECT_EQ(Queue(subtree),
            (std::vector<std::string>{"A-250714-0006", "A-250714-0004", "A-250714-0002",
                                      "A-250714-0003", "A-250714-0001"}));
  subtree.current_agency_path = "/1/3/";
  EXPECT_EQ(Queue(subtree), (std::vector<std::string>{"A-250714-0006", "A-250714-0004"}));

  DossierQueueQuery overdue;
  overdue.statuses = {"in_process"};
  overdue.due_before = kT0;
  EXPECT_EQ(Queue(overdue), (std::vector<std::string>{"A-250714-0006"}));
  DossierQueueQuery soon;
  soon.due_not_before = kT0;
  soon.due_before = kT0 + 150;
  EXPECT_EQ(Queue(soon), (std::vector<std::string>{"A-250714-0004", "A-250714-0002"}));

  DossierQueueQuery mine;
  mine.assignee_user_id = 12;
  EXPECT_EQ(Queue(mine), (std::vector<std::string>{"A-250714-0006"}));
  // By the current step's role: only dossiers whose current step is a specialist's.
  DossierQueueQuery appraise;
  appraise.statuses = {"in_process"};
  appraise.current_step_role = "specialist";
  EXPECT_EQ(Queue(appraise), (std::vector<std::string>{"A-250714-0006"}));
  appraise.current_step_role = "leader";
  EXPECT_TRUE(Queue(appraise).empty());

  DossierQueueQuery all;
  all.receiving_agency_id = 2;
  auto everything = Queue(all);
  ASSERT_EQ(everything.size(), 6u);
  EXPECT_EQ(everything.back(), "A-250714-0005");  // no due instant: last
  all.limit = 2;
  all.offset = 1;
  EXPECT_EQ(Queue(all), (std::vector<std::string>{"A-250714-0004", "A-250714-0002"}));

  int64_t count = -1;
  ASSERT_TRUE(db_->Read([&](Connection& c) -> Status {
                   MOTCUA_ASSIGN_OR_RETURN(count, CountDossierQueue(c, q));
                   return Status::Ok();
                 })
                  .ok());
  EXPECT_EQ(count, 2);
}

TEST_P(DossierStoreTest, LookupJoinsNames) {
  DossierRecord d = NewDossier("000.00.15.H12-250714-0001");
  d.current_agency_id = 3;
  Insert(d);
  Insert(NewDossier("000.00.15.H12-250714-0002"));
  ASSERT_TRUE(db_->Write([](Connection& c) {
                   return c
                       .Exec(
                           "INSERT INTO procedures (code, name, field_code, level, "
                           "online_level, current_version, updated_at) VALUES ('1.001234', "
                           "'Đăng ký khai sinh', 'HT', 'commune', 'full', 1, 0)")
                       .status();
                 })
                  .ok());
  std::optional<DossierLookup> found, plain, none;
  ASSERT_TRUE(db_->Read([&](Connection& c) -> Status {
                   MOTCUA_ASSIGN_OR_RETURN(found, LookupDossier(c, "000.00.15.H12-250714-0001"));
                   MOTCUA_ASSIGN_OR_RETURN(plain, LookupDossier(c, "000.00.15.H12-250714-0002"));
                   MOTCUA_ASSIGN_OR_RETURN(none, LookupDossier(c, "000.00.15.H12-250714-0003"));
                   return Status::Ok();
                 })
                  .ok());
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->dossier.code, "000.00.15.H12-250714-0001");
  EXPECT_EQ(found->procedure_name, "Đăng ký khai sinh");
  EXPECT_EQ(found->agency_name, "Sở Tư pháp");
  EXPECT_EQ(found->agency_code, "000.00.15.H12");
  EXPECT_EQ(found->current_agency_name, "Sở Xây dựng");
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(plain->current_agency_name, "");
  EXPECT_FALSE(none.has_value());
}

TEST_P(DossierStoreTest, AttachmentsAreLinkedOnce) {
  DossierRecord a = Insert(NewDossier("H-250714-0001"));
  DossierRecord b = Insert(NewDossier("H-250714-0002"));
  AttachmentRecord file;
  ASSERT_TRUE(db_->Write([&](Connection& c) -> Status {
                   AttachmentRecord r;
                   r.kind = "component";
                   r.component_code = "TP1";
                   r.sha256 = std::string(64, 'a');
                   r.mime = "application/pdf";
                   r.size_bytes = 123456;
                   r.original_name = "Tờ khai.pdf";
                   r.uploaded_by = 10;
                   r.uploaded_at = kT0;
                   MOTCUA_ASSIGN_OR_RETURN(file, InsertAttachment(c, r));
                   return LinkAttachment(c, file.id, a.id, true);
                 })
                  .ok());
  EXPECT_EQ(
      db_->Write([&](Connection& c) { return LinkAttachment(c, file.id, b.id, false); }).code(),
      Code::kNotFound);
  std::vector<AttachmentRecord> listed;
  std::optional<AttachmentRecord> found;
  ASSERT_TRUE(db_->Read([&](Connection& c) -> Status {
                   MOTCUA_ASSIGN_OR_RETURN(listed, ListAttachments(c, a.id));
                   MOTCUA_ASSIGN_OR_RETURN(found, FindAttachment(c, file.id));
                   return Status::Ok();
                 })
                  .ok());
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].original_name, "Tờ khai.pdf");
  EXPECT_EQ(listed[0].size_bytes, 123456);
  EXPECT_TRUE(listed[0].digitised);
  EXPECT_EQ(listed[0].dossier_id, a.id);
  EXPECT_EQ(listed[0].sha256, std::string(64, 'a'));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->mime, "application/pdf");
}

TEST_P(DossierStoreTest, IdempotencyKeysRememberTheFirstResponse) {
  IdempotencyRecord r{10, "4b1c-aa", "hash1", 201, R"({"code":"H-250714-0001"})", kT0};
  ASSERT_TRUE(db_->Write([&](Connection& c) { return InsertIdempotencyKey(c, r); }).ok());
  Status dup = db_->Write([&](Connection& c) { return InsertIdempotencyKey(c, r); });
  EXPECT_EQ(dup.code(), Code::kConflict);
  IdempotencyRecord other_user = r;
  other_user.user_id = 11;
  other_user.created_at = kT0 + 100;
  ASSERT_TRUE(db_->Write([&](Connection& c) { return InsertIdempotencyKey(c, other_user); }).ok());

  std::optional<IdempotencyRecord> found, missing;
  ASSERT_TRUE(db_->Read([&](Connection& c) -> Status {
                   MOTCUA_ASSIGN_OR_RETURN(found, FindIdempotencyKey(c, 10, "4b1c-aa"));
                   MOTCUA_ASSIGN_OR_RETURN(missing, FindIdempotencyKey(c, 10, "other"));
                   return Status::Ok();
                 })
                  .ok());
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->request_hash, "hash1");
  EXPECT_EQ(found->status_code, 201);
  EXPECT_EQ(found->response, R"({"code":"H-250714-0001"})");
  EXPECT_FALSE(missing.has_value());

  int64_t purged = 0;
  ASSERT_TRUE(db_->Write([&](Connection& c) -> Status {
                   MOTCUA_ASSIGN_OR_RETURN(purged, PurgeIdempotencyKeys(c, kT0 + 50));
                   return Status::Ok();
                 })
                  .ok());
  EXPECT_EQ(purged, 1);
}

INSTANTIATE_TEST_SUITE_P(Engines, DossierStoreTest,
                         ::testing::Values(Dialect::kSqlite, Dialect::kPostgres),
                         [](const auto& info) {
                           return info.param == Dialect::kSqlite ? "Sqlite" : "Postgres";
                         });

}  // namespace
}  // namespace motcua::storage

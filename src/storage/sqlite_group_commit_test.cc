// Group commit in the SQLite driver (decision 0019): concurrent Writes share one commit, yet each
// keeps the Database contract on its own: its own outcome, its own rollback, its own exception,
// durable when it returns OK.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <future>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include "storage/audit_chain.h"
#include "storage/sqlite_database.h"
#include "storage/user_store.h"

namespace motcua::storage {
namespace {

namespace fs = std::filesystem;

class GroupCommitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           fmt::format("motcua-group-{}-{}", ::getpid(),
                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    db_ = Open();
    ASSERT_NE(db_, nullptr);
    ASSERT_TRUE(db_->Write([](Connection& c) {
                     return c.ExecScript(
                         "CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, "
                         "code TEXT NOT NULL UNIQUE)");
                   })
                    .ok());
  }

  void TearDown() override {
    if (db_) db_->Close();
    fs::remove_all(dir_);
  }

  std::unique_ptr<SqliteDatabase> Open() {
    auto db = SqliteDatabase::Open(DatabaseOptions((dir_ / "t.db").string()));
    EXPECT_TRUE(db.ok()) << db.status().ToString();
    return db.ok() ? std::move(db).value() : nullptr;
  }

  static Status Insert(Connection& c, const std::string& code) {
    return c.Exec("INSERT INTO items (code) VALUES (?)", {code}).status();
  }

  std::set<std::string> Codes(Database& db) {
    std::set<std::string> codes;
    EXPECT_TRUE(db.Read([&](Connection& c) -> Status {
                    MOTCUA_ASSIGN_OR_RETURN(Rows rows, c.Query("SELECT code FROM items"));
                    for (const Row& r : rows) codes.insert(r.Text(0));
                    return Status::Ok();
                  }).ok());
    return codes;
  }

  // Waits until `n` Writes are queued behind the running leader.
  void WaitQueued(size_t n) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (db_->queued_writes() < n) {
      ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "writers never queued";
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }

  // Starts a Write whose callback inserts "a" and then waits for `release`: the Writes started
  // after it queue up and run together in the next batch.
  std::future<Status> HoldTheWriter(std::promise<void>& release) {
    auto released = release.get_future().share();
    std::promise<void> inside;
    auto entered = inside.get_future();
    auto held = std::async(std::launch::async, [this, released, &inside] {
      return db_->Write([&](Connection& c) -> Status {
        MOTCUA_RETURN_IF_ERROR(Insert(c, "a"));
        inside.set_value();
        released.wait();
        return Status::Ok();
      });
    });
    entered.wait();
    return held;
  }

  fs::path dir_;
  std::unique_ptr<SqliteDatabase> db_;
};

TEST_F(GroupCommitTest, SixteenThreadsAllCommitInFewerCommits) {
  constexpr int kThreads = 16;
  constexpr int kPerThread = 100;
  const auto before = db_->write_stats();
  std::atomic<int> failures{0};
  std::vector<std::thread> writers;
  for (int t = 0; t < kThreads; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        Status st =
            db_->Write([&](Connection& c) { return Insert(c, fmt::format("{}-{}", t, i)); });
        if (!st.ok()) ++failures;
      }
    });
  }
  for (auto& w : writers) w.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(Codes(*db_).size(), size_t{kThreads * kPerThread});
  const auto after = db_->write_stats();
  EXPECT_EQ(after.transactions - before.transactions, kThreads * kPerThread);
  // Writers that arrive while a commit is under way share the next one.
  EXPECT_LT(after.commits - before.commits, kThreads * kPerThread);
  EXPECT_GT(after.largest_batch, size_t{1});
}

TEST_F(GroupCommitTest, AFailingCallbackRollsBackAloneInItsBatch) {
  std::promise<void> release;
  auto a = HoldTheWriter(release);
  const auto before = db_->write_stats();
  auto b = std::async(std::launch::async,
                      [&] { return db_->Write([](Connection& c) { return Insert(c, "b"); }); });
  WaitQueued(1);
  // c writes a row, then trips the unique constraint: its row must go, the others' stay.
  auto c = std::async(std::launch::async, [&] {
    return db_->Write([](Connection& c) -> Status {
      MOTCUA_RETURN_IF_ERROR(Insert(c, "c"));
      return Insert(c, "b");
    });
  });
  WaitQueued(2);
  auto d = std::async(std::launch::async, [&] {
    return db_->Write([](Connection& c) -> Status {
      MOTCUA_RETURN_IF_ERROR(Insert(c, "d"));
      // A statement after c's failed one: the spoilt state belonged to c's savepoint only.
      return c.Exec("UPDATE items SET code = 'd2' WHERE code = 'd'").status();
    });
  });
  WaitQueued(3);
  release.set_value();
  EXPECT_TRUE(a.get().ok());
  EXPECT_TRUE(b.get().ok());
  Status cs = c.get();
  EXPECT_EQ(cs.code(), Code::kConflict) << cs.ToString();
  Status ds = d.get();
  EXPECT_TRUE(ds.ok()) << ds.ToString();
  EXPECT_EQ(Codes(*db_), (std::set<std::string>{"a", "b", "d2"}));
  const auto after = db_->write_stats();
  EXPECT_EQ(after.largest_batch, size_t{3});  // b, c and d went in one transaction
  EXPECT_EQ(after.commits - before.commits, 2);
}

TEST_F(GroupCommitTest, AnExceptionReachesOnlyItsCaller) {
  std::promise<void> release;
  auto a = HoldTheWriter(release);
  auto b = std::async(std::launch::async,
                      [&] { return db_->Write([](Connection& c) { return Insert(c, "b"); }); });
  WaitQueued(1);
  auto c = std::async(std::launch::async, [&] {
    return db_->Write([](Connection& c) -> Status {
      MOTCUA_RETURN_IF_ERROR(Insert(c, "c"));
      throw std::runtime_error("bug in c");
    });
  });
  WaitQueued(2);
  auto d = std::async(std::launch::async,
                      [&] { return db_->Write([](Connection& c) { return Insert(c, "d"); }); });
  WaitQueued(3);
  release.set_value();
  EXPECT_TRUE(a.get().ok());
  EXPECT_TRUE(b.get().ok());
  EXPECT_THROW(
      {
        try {
          (void)c.get();
        } catch (const std::runtime_error& e) {
          EXPECT_STREQ(e.what(), "bug in c");
          throw;
        }
      },
      std::runtime_error);
  EXPECT_TRUE(d.get().ok());
  EXPECT_EQ(Codes(*db_), (std::set<std::string>{"a", "b", "d"}));
}

TEST_F(GroupCommitTest, ALoneWriterKeepsItsRollbackAndException) {
  Status st = db_->Write([](Connection& c) -> Status {
    MOTCUA_RETURN_IF_ERROR(Insert(c, "x"));
    return Status::Validation("nope");
  });
  EXPECT_EQ(st.code(), Code::kValidation);
  EXPECT_THROW((void)db_->Write([](Connection& c) -> Status {
    MOTCUA_RETURN_IF_ERROR(Insert(c, "y"));
    throw std::logic_error("bug");
  }),
               std::logic_error);
  EXPECT_TRUE(Codes(*db_).empty());
  EXPECT_TRUE(db_->Write([](Connection& c) { return Insert(c, "z"); }).ok());
  EXPECT_EQ(Codes(*db_), (std::set<std::string>{"z"}));
}

TEST_F(GroupCommitTest, WriteInsideAWriteFailsInsteadOfDeadlocking) {
  Status inner;
  Status outer = db_->Write([&](Connection& c) -> Status {
    MOTCUA_RETURN_IF_ERROR(Insert(c, "outer"));
    inner = db_->Write([](Connection& c) { return Insert(c, "inner"); });
    return Status::Ok();
  });
  EXPECT_TRUE(outer.ok());
  EXPECT_EQ(inner.code(), Code::kInternal);
  EXPECT_EQ(Codes(*db_), (std::set<std::string>{"outer"}));
}

TEST_F(GroupCommitTest, SynchronousFullIsKept) {
  int64_t level = -1;
  ASSERT_TRUE(db_->Write([&](Connection& c) -> Status {
                   MOTCUA_ASSIGN_OR_RETURN(auto row, c.QueryOne("PRAGMA synchronous"));
                   level = row->Int(0);
                   return Status::Ok();
                 })
                  .ok());
  EXPECT_EQ(level, 2);  // FULL
}

TEST_F(GroupCommitTest, CloseDrainsTheQueue) {
  std::promise<void> release;
  auto a = HoldTheWriter(release);
  auto b = std::async(std::launch::async,
                      [&] { return db_->Write([](Connection& c) { return Insert(c, "b"); }); });
  auto c = std::async(std::launch::async,
                      [&] { return db_->Write([](Connection& c) { return Insert(c, "c"); }); });
  WaitQueued(2);
  auto closed = std::async(std::launch::async, [&] { db_->Close(); });
  // Close waits for the running batch and the queued one.
  EXPECT_EQ(closed.wait_for(std::chrono::milliseconds(100)), std::future_status::timeout);
  release.set_value();
  closed.get();
  // Their work is committed once Close returns; the writers' threads wake up a moment later.
  EXPECT_EQ(b.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  EXPECT_EQ(c.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  EXPECT_TRUE(a.get().ok());
  EXPECT_TRUE(b.get().ok());
  EXPECT_TRUE(c.get().ok());
  EXPECT_EQ(db_->Write([](Connection& c) { return Insert(c, "late"); }).code(), Code::kUnavailable);
  db_ = Open();
  ASSERT_NE(db_, nullptr);
  EXPECT_EQ(Codes(*db_), (std::set<std::string>{"a", "b", "c"}));
}

// A process killed mid-load loses nothing it was told was committed. (SIGKILL leaves the page
// cache alone; power loss is what synchronous=FULL, checked above, is for.)
TEST_F(GroupCommitTest, EveryAcknowledgedWriteSurvivesSigkill) {
  db_->Close();
  db_.reset();
  int acks[2];
  ASSERT_EQ(::pipe(acks), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::close(acks[0]);
    auto db = SqliteDatabase::Open(DatabaseOptions((dir_ / "t.db").string()));
    if (!db.ok()) ::_exit(2);
    std::vector<std::thread> writers;
    for (int t = 0; t < 8; ++t) {
      writers.emplace_back([&, t] {
        for (int64_t i = 0;; ++i) {
          const int64_t id = t * 1'000'000'000LL + i;
          Status st = (*db)->Write([&](Connection& c) {
            return c.Exec("INSERT INTO items (id, code) VALUES (?, ?)", {id, std::to_string(id)})
                .status();
          });
          if (!st.ok()) ::_exit(3);
          // One small write(2) is atomic on a pipe: the parent reads whole ids.
          if (::write(acks[1], &id, sizeof id) != sizeof id) ::_exit(4);
        }
      });
    }
    for (auto& w : writers) w.join();
    ::_exit(0);
  }
  ::close(acks[1]);
  std::set<int64_t> acknowledged;
  int64_t id;
  while (acknowledged.size() < 400 && ::read(acks[0], &id, sizeof id) == sizeof id) {
    acknowledged.insert(id);
  }
  ASSERT_EQ(::kill(child, SIGKILL), 0);
  int wstatus = 0;
  ASSERT_EQ(::waitpid(child, &wstatus, 0), child);
  EXPECT_TRUE(WIFSIGNALED(wstatus)) << "the child stopped on its own: " << wstatus;
  // Acknowledgements already in the pipe when the child died count too.
  while (::read(acks[0], &id, sizeof id) == sizeof id) acknowledged.insert(id);
  ::close(acks[0]);
  ASSERT_GE(acknowledged.size(), size_t{400});

  db_ = Open();
  ASSERT_NE(db_, nullptr);
  std::set<int64_t> present;
  ASSERT_TRUE(db_->Read([&](Connection& c) -> Status {
                   MOTCUA_ASSIGN_OR_RETURN(Rows rows, c.Query("SELECT id FROM items"));
                   for (const Row& r : rows) present.insert(r.Int(0));
                   return Status::Ok();
                 })
                  .ok());
  size_t missing = 0;
  for (int64_t a : acknowledged) missing += present.count(a) == 0 ? 1 : 0;
  EXPECT_EQ(missing, size_t{0}) << "of " << acknowledged.size() << " acknowledged writes";
}

// The audit chain reads the previous row's hash inside the transaction: batched appends, some of
// them rolled back by their savepoint, still form one unbroken chain.
TEST_F(GroupCommitTest, AuditChainStaysUnbrokenUnderConcurrentBatches) {
  ASSERT_TRUE(Migrate(*db_).ok());
  constexpr int kThreads = 16;
  constexpr int kPerThread = 40;
  std::atomic<int> committed{0};
  std::vector<std::thread> writers;
  for (int t = 0; t < kThreads; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        Status st = db_->Write([&](Connection& c) -> Status {
          AuditRecord rec;
          rec.at = 1'700'000'000 + i;
          rec.actor_username = fmt::format("worker{}", t);
          rec.action = "test.append";
          rec.object_type = "item";
          rec.object_id = std::to_string(i);
          rec.detail = "{}";
          MOTCUA_RETURN_IF_ERROR(AppendAudit(c, rec));
          // Every third append is refused after it was written: its savepoint undoes it.
          if (i % 3 == 0) return Status::Validation("refused");
          return Status::Ok();
        });
        if (st.ok()) ++committed;
      }
    });
  }
  for (auto& w : writers) w.join();
  const int expected = kThreads * (kPerThread - (kPerThread + 2) / 3);
  EXPECT_EQ(committed.load(), expected);
  auto check = VerifyChains(*db_);
  ASSERT_TRUE(check.ok()) << check.status().ToString();
  EXPECT_FALSE(check->first_break.has_value())
      << check->first_break->table << " row " << check->first_break->row_id << ": "
      << check->first_break->reason;
  int64_t audit_rows = 0;
  for (const auto& head : check->heads) {
    if (head.table == "audit_log") audit_rows = head.rows;
  }
  int64_t appended = -1;
  ASSERT_TRUE(db_->Read([&](Connection& c) -> Status {
                   MOTCUA_ASSIGN_OR_RETURN(
                       auto row,
                       c.QueryOne("SELECT COUNT(*) FROM audit_log WHERE action = 'test.append'"));
                   appended = row->Int(0);
                   return Status::Ok();
                 })
                  .ok());
  EXPECT_EQ(appended, expected);
  EXPECT_GE(audit_rows, appended);
}

}  // namespace
}  // namespace motcua::storage

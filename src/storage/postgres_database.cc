#include "storage/postgres_database.h"

#include <fmt/format.h>
#include <libpq-fe.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>
#include <deque>
#include <functional>
#include <optional>
#include <random>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <unordered_set>

namespace motcua::storage {
namespace {

// The session lock of Exclusively: "MC" and the schema, so that instances on one schema take
// turns and the tests, each in a schema of its own, do not.
constexpr std::string_view kExclusiveLock = "(19779, hashtext(current_schema()))";
// A write transaction that lost to a concurrent one is re-run this many times at most, then the
// caller gets kUnavailable (decision 0020).
constexpr int kMaxWriteAttempts = 12;
// OIDs from pg_type.h, which is a server header.
constexpr Oid kInt8Oid = 20;
constexpr Oid kFloat8Oid = 701;

Status Unavailable() { return Status(Code::kUnavailable, "unavailable"); }

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

// "Key (agency_id, number)=(1, 2) already exists." -> "agency_id".
std::string KeyColumn(const char* detail) {
  if (detail == nullptr) return {};
  std::string_view d(detail);
  auto open = d.find("Key (");
  if (open == std::string_view::npos) return {};
  d = d.substr(open + 5);
  return std::string(d.substr(0, std::min(d.find(')'), d.find(','))));
}

Status ErrorOf(PGconn* conn, const PGresult* res, std::string_view sql) {
  const char* state = res != nullptr ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  std::string_view code = state != nullptr ? state : "";
  if (PQstatus(conn) == CONNECTION_BAD || code.starts_with("08")) return Unavailable();
  if (code == "23505") {
    return Status::Conflict("already_exists",
                            KeyColumn(PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL)));
  }
  if (code.starts_with("23")) {
    const char* column = code == "23502" ? PQresultErrorField(res, PG_DIAG_COLUMN_NAME) : nullptr;
    return Status::Validation("constraint_failed", column != nullptr ? column : "");
  }
  // Lock or statement timeouts, deadlocks, server shutting down or out of connections.
  if (code == "55P03" || code == "57014" || code == "40P01" || code == "40001" || code == "53300" ||
      code.starts_with("57P")) {
    return Unavailable();
  }
  const char* msg = res != nullptr ? PQresultErrorMessage(res) : PQerrorMessage(conn);
  return Status::Internal(fmt::format("postgres error {} ({}) in: {}", code, msg, sql));
}

}  // namespace

std::string RewritePlaceholders(std::string_view sql, int* count) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (c == '\'' || c == '"') {
      // A doubled quote inside a literal reads as closing and reopening it: same result.
      size_t end = sql.find(c, i + 1);
      if (end == std::string_view::npos) end = sql.size() - 1;
      out.append(sql.substr(i, end - i + 1));
      i = end;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      size_t end = sql.find('\n', i);
      if (end == std::string_view::npos) end = sql.size() - 1;
      out.append(sql.substr(i, end - i + 1));
      i = end;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      size_t end = sql.find("*/", i + 2);
      end = end == std::string_view::npos ? sql.size() - 1 : end + 1;
      out.append(sql.substr(i, end - i + 1));
      i = end;
    } else if (c == '?') {
      out += fmt::format("${}", ++n);
    } else {
      out += c;
    }
  }
  if (count != nullptr) *count = n;
  return out;
}

using Failure = PgFailure;

Failure FailureOf(PGconn* conn, const PGresult* res) {
  if (PQstatus(conn) == CONNECTION_BAD) return Failure::kConnectionLost;
  const char* state = res != nullptr ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  std::string_view code = state != nullptr ? state : "";
  if (code.starts_with("08")) return Failure::kConnectionLost;
  if (code == "40001" || code == "40P01") return Failure::kConflict;
  if (code == "23505") return Failure::kUnique;
  return Failure::kOther;
}

class PgConnection final : public Connection {
 public:
  static Result<std::unique_ptr<PgConnection>> Connect(const DatabaseOptions& options) {
    // connect_timeout comes first so that a value in the URL overrides it.
    const char* keys[] = {"connect_timeout", "dbname", "client_encoding", nullptr};
    const char* values[] = {"10", options.url.c_str(), "UTF8", nullptr};
    std::unique_ptr<PgConnection> conn(new PgConnection(PQconnectdbParams(keys, values, 1)));
    if (conn->conn_ == nullptr || PQstatus(conn->conn_) != CONNECTION_OK) {
      // libpq's message names the host and user but never the password.
      return Status::Internal(fmt::format("cannot connect to PostgreSQL: {}",
                                          conn->conn_ ? PQerrorMessage(conn->conn_) : "no memory"));
    }
    // libpq would print notices straight to stderr, bypassing the log.
    PQsetNoticeProcessor(
        conn->conn_,
        [](void*, const char* message) {
          std::string_view m(message);
          while (!m.empty() && m.back() == '\n') m.remove_suffix(1);
          spdlog::warn("postgres: {}", m);
        },
        nullptr);
    // "relation already exists, skipping" and the like are not worth a warning. Waiting on a
    // row lock or the write lock mirrors SQLite's busy_timeout.
    conn->settings_ = fmt::format("SET client_min_messages = warning; SET lock_timeout = {}",
                                  options.busy_timeout_ms);
    MOTCUA_RETURN_IF_ERROR(conn->Raw(conn->settings_.c_str()));
    return conn;
  }

  ~PgConnection() override { PQfinish(conn_); }

  Result<int64_t> Exec(std::string_view sql, const Params& params) override {
    MOTCUA_ASSIGN_OR_RETURN(PgResult res, Run(sql, params));
    const char* tuples = PQcmdTuples(res.get());
    return static_cast<int64_t>(std::strtoll(tuples, nullptr, 10));
  }

  Status ExecLater(std::string_view sql, Params params,
                   std::function<Status(int64_t changed)> check) override {
    MOTCUA_RETURN_IF_ERROR(CheckUsable());
    if (deferred_.size() >= kMaxPipelined) MOTCUA_RETURN_IF_ERROR(FlushDeferred());
    Deferred& d = deferred_.emplace_back();
    d.sql = sql;
    d.params = std::move(params);
    d.check = std::move(check);
    Status bound = Bind(d.sql, d.params, &d.bound);
    auto it = bound.ok() ? prepared_.find(d.bound.key) : prepared_.end();
    // Kept for later only when it can travel in a pipeline: prepared, in an open transaction (the
    // first statement carries the BEGIN and reopens a dropped connection, which needs it alone).
    // Never in a read-only transaction: its COMMIT does not wait, and the server refuses the write.
    if (bound.ok() && it != prepared_.end() && !pending_ && !read_only_) {
      d.bound.name = &it->second;
      return Status::Ok();
    }
    Deferred now = std::move(deferred_.back());
    deferred_.pop_back();
    MOTCUA_RETURN_IF_ERROR(bound);
    MOTCUA_ASSIGN_OR_RETURN(int64_t changed, Exec(now.sql, now.params));
    return now.check ? Fail(now.check(changed)) : Status::Ok();
  }

  Result<Rows> Query(std::string_view sql, const Params& params) override {
    MOTCUA_ASSIGN_OR_RETURN(PgResult res, Run(sql, params));
    return RowsOf(res.get());
  }

  Result<std::vector<Rows>> QueryBatch(const std::vector<BatchQuery>& queries) override {
    MOTCUA_RETURN_IF_ERROR(CheckUsable());
    // In ReadOne: one query, counted when it runs (as a lone Query, below).
    if (alone_ != 0 && queries.size() > 1) MOTCUA_RETURN_IF_ERROR(Count(queries.size()));
    // In place: a statement's values point into it.
    std::vector<Bound> bound(queries.size());
    bool all_prepared = true;
    for (size_t i = 0; i < queries.size(); ++i) {
      MOTCUA_RETURN_IF_ERROR(Bind(queries[i].sql, queries[i].params, &bound[i]));
      auto it = prepared_.find(bound[i].key);
      if (it == prepared_.end()) {
        all_prepared = false;
      } else {
        bound[i].name = &it->second;
      }
    }
    std::vector<Rows> out;
    out.reserve(queries.size());
    // Their first sightings go one by one, as lone statements would, and get prepared. So does
    // a long batch: libpq blocks while it sends, and a server blocked on writing the answers of a
    // pipeline nobody reads yet would wait for it for ever; a few short queries fit the buffers.
    if (!all_prepared || queries.size() < 2 || queries.size() > kMaxPipelined) {
      for (const auto& q : queries) {
        MOTCUA_ASSIGN_OR_RETURN(Rows rows, Query(q.sql, q.params));
        out.push_back(std::move(rows));
      }
      return out;
    }
    if (deferred_.size() + queries.size() > kMaxPipelined) MOTCUA_RETURN_IF_ERROR(FlushDeferred());
    std::vector<const Bound*> statements;
    for (const auto& b : bound) statements.push_back(&b);
    bool reopened = false;
    MOTCUA_ASSIGN_OR_RETURN(auto results, Pipeline(statements, &reopened));
    if (reopened) return QueryBatch(queries);  // nothing ran; now prepared anew, one by one
    for (const auto& r : results) out.push_back(RowsOf(r.get()));
    return out;
  }

  Status ExecScript(std::string_view sql) override {
    MOTCUA_RETURN_IF_ERROR(CheckUsable());
    MOTCUA_RETURN_IF_ERROR(Count(1));
    MOTCUA_RETURN_IF_ERROR(OpenPending());
    MOTCUA_RETURN_IF_ERROR(FlushDeferred());
    return Fail(Raw(std::string(sql).c_str()));
  }

  Dialect dialect() const override { return Dialect::kPostgres; }

  // Simple-protocol execution for transaction control and scripts (several statements allowed).
  Status Raw(const char* sql) {
    PgResult res(PQexec(conn_, sql));
    ExecStatusType st = PQresultStatus(res.get());
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY) {
      return Status::Ok();
    }
    if (failure_ == Failure::kNone) failure_ = FailureOf(conn_, res.get());
    return ErrorOf(conn_, res.get(), sql);
  }

  // Opens a transaction lazily: BEGIN (and the writers' lock) travel to the server with the
  // first statement, in one round trip instead of two; a transaction that runs no statement
  // costs none.
  void Begin(const PgBegin& begin) {
    Settle();
    aborted_ = false;
    failure_ = Failure::kNone;
    deferred_.clear();
    pending_ = begin;
    alone_ = begin.begin == nullptr ? 1 : 0;
    read_only_ = begin.read_only;
  }

  // Sets *uncertain when the connection broke during COMMIT: the server may have committed.
  Status Commit(bool* uncertain) {
    if (pending_) {  // nothing ran: nothing to commit
      pending_.reset();
      return Status::Ok();
    }
    // Deferred writes are answered (and checked) before the COMMIT is sent: a check that fails
    // must still be able to roll back.
    MOTCUA_RETURN_IF_ERROR(FlushDeferred());
    PgResult res(PQexec(conn_, "COMMIT"));
    if (PQresultStatus(res.get()) != PGRES_COMMAND_OK) {
      failure_ = FailureOf(conn_, res.get());
      if (failure_ == Failure::kConnectionLost) *uncertain = true;
      return ErrorOf(conn_, res.get(), "COMMIT");
    }
    // The server answers COMMIT in a failed transaction with a successful "ROLLBACK".
    if (std::string_view(PQcmdStatus(res.get())) != "COMMIT") {
      return Status::Internal("COMMIT rolled back by the server");
    }
    return Status::Ok();
  }

  // Ends a read-only transaction without waiting for the answer: nothing it did can be lost, and
  // the server ends it (and drops its snapshot) as soon as the COMMIT arrives. The answer is
  // read before the connection's next use (Settle).
  void CommitReadOnly() {
    if (pending_ || alone_ != 0) {  // nothing ran, or a statement alone: no transaction to end
      pending_.reset();
      return;
    }
    if (PQsendQuery(conn_, "COMMIT") == 1) {
      settling_ = true;
    } else {
      Rollback();
    }
  }

  void Rollback() {
    pending_.reset();
    deferred_.clear();
    if (settling_) return;  // a COMMIT is on its way; Settle reads its answer
    if (PQtransactionStatus(conn_) != PQTRANS_IDLE) (void)Raw("ROLLBACK");
  }

  bool aborted() const { return aborted_; }
  // What made the first statement of this transaction fail, if one did.
  Failure failure() const { return failure_; }
  // Fit for the next transaction: connected and not left inside one.
  bool Reusable() const {
    return PQstatus(conn_) == CONNECTION_OK &&
           (settling_ || PQtransactionStatus(conn_) == PQTRANS_IDLE);
  }

 private:
  explicit PgConnection(PGconn* conn) : conn_(conn) {}

  // The server refuses every statement after a failure anyway; saying so plainly beats its
  // "current transaction is aborted" hiding the first error.
  Status CheckUsable() const {
    if (aborted_) return Status::Internal("statement after a failed one in the same transaction");
    if (alone_ > 2) return Status::Internal("a second statement in ReadOne");
    return Status::Ok();
  }
  // Statements about to be sent: in ReadOne, the one and only.
  Status Count(size_t statements) {
    if (alone_ == 0) return Status::Ok();
    alone_ += static_cast<int>(statements);
    return Fail(CheckUsable());
  }
  Status Fail(Status status) {
    if (!status.ok()) aborted_ = true;
    return status;
  }

  // A statement ready to send: placeholders rewritten, values formatted, its cache key, and its
  // prepared name once known. Not movable once bound: `values` point into it.
  struct Bound {
    std::string_view sql;  // as given, for error messages
    std::string text;
    std::vector<std::string> formatted;
    std::vector<const char*> values;
    std::vector<Oid> types;
    std::string key;
    const std::string* name = nullptr;
    int count() const { return static_cast<int>(values.size()); }
  };

  Status Bind(std::string_view sql, const Params& params, Bound* b) {
    int placeholders = 0;
    b->sql = sql;
    b->text = RewritePlaceholders(sql, &placeholders);
    if (placeholders != static_cast<int>(params.size())) {
      return Fail(Status::Internal(fmt::format("{} parameters for {} placeholders in: {}",
                                               params.size(), placeholders, sql)));
    }
    b->formatted.assign(params.size(), {});
    b->values.assign(params.size(), nullptr);
    // Numbers are typed so that `? + 1` or `SELECT ?` know what they hold; strings and NULL stay
    // untyped so that the server reads them as the column's type, as it would a quoted literal.
    b->types.assign(params.size(), 0);
    for (size_t i = 0; i < params.size(); ++i) {
      const Value& v = params[i];
      if (const auto* n = std::get_if<int64_t>(&v)) {
        b->formatted[i] = fmt::format("{}", *n);
        b->types[i] = kInt8Oid;
      } else if (const auto* d = std::get_if<double>(&v)) {
        if (std::isnan(*d)) {
          b->formatted[i] = "NaN";
        } else if (std::isinf(*d)) {
          b->formatted[i] = *d > 0 ? "Infinity" : "-Infinity";
        } else {
          b->formatted[i] = fmt::format("{}", *d);
        }
        b->types[i] = kFloat8Oid;
      } else if (const auto* str = std::get_if<std::string>(&v)) {
        b->values[i] = str->c_str();
        continue;
      } else {
        continue;
      }
      b->values[i] = b->formatted[i].c_str();
    }
    b->key = b->text;
    b->key += '\0';
    for (Oid t : b->types) b->key += fmt::format("{},", t);
    return Status::Ok();
  }

  Result<PgResult> Run(std::string_view sql, const Params& params) {
    MOTCUA_RETURN_IF_ERROR(CheckUsable());
    MOTCUA_RETURN_IF_ERROR(Count(1));
    Bound b;
    MOTCUA_RETURN_IF_ERROR(Bind(sql, params, &b));
    if (pending_) {
      // The usual first statement of a transaction is a prepared one: it goes with BEGIN.
      if (auto it = prepared_.find(b.key); it != prepared_.end()) {
        b.name = &it->second;
        bool reopened = false;
        MOTCUA_ASSIGN_OR_RETURN(auto first, RunPreparedOrReopen({&b}, &reopened));
        if (!reopened) return std::move(first.front());
      }
      MOTCUA_RETURN_IF_ERROR(OpenPending());
    }
    if (!deferred_.empty()) {
      // Deferred writes travel with this statement when it can join their pipeline.
      if (auto it = prepared_.find(b.key); it != prepared_.end()) {
        b.name = &it->second;
        bool reopened = false;
        MOTCUA_ASSIGN_OR_RETURN(auto results, Pipeline({&b}, &reopened));
        return std::move(results.front());
      }
      MOTCUA_RETURN_IF_ERROR(FlushDeferred());
    }
    // ReadOne's statement has no BEGIN to find a dropped connection first: it finds it itself,
    // and being a read alone, it runs again once on the reopened one.
    const bool first_alone = alone_ == 2;
    for (int attempt = 0;; ++attempt) {
      PgResult res;
      auto prepared = Prepared(b.key, b.text, b.types);
      if (prepared.ok()) {
        if (const std::string* name = *prepared) {
          res.reset(PQexecPrepared(conn_, name->c_str(), b.count(), b.values.data(), nullptr,
                                   nullptr, 0));
        } else {
          res.reset(PQexecParams(conn_, b.text.c_str(), b.count(), b.types.data(), b.values.data(),
                                 nullptr, nullptr, 0));
        }
        ExecStatusType st = PQresultStatus(res.get());
        if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return res;
      }
      if (first_alone && attempt == 0 && PQstatus(conn_) == CONNECTION_BAD) {
        MOTCUA_RETURN_IF_ERROR(Reconnect());
        b.name = nullptr;
        continue;
      }
      if (!prepared.ok()) return Fail(prepared.status());
      if (failure_ == Failure::kNone) failure_ = FailureOf(conn_, res.get());
      return Fail(ErrorOf(conn_, res.get(), sql));
    }
  }

  static Rows RowsOf(const PGresult* res) {
    const int nrows = PQntuples(res);
    const int ncols = PQnfields(res);
    Rows rows;
    rows.reserve(nrows);
    for (int r = 0; r < nrows; ++r) {
      std::vector<Value> values;
      values.reserve(ncols);
      for (int c = 0; c < ncols; ++c) {
        if (PQgetisnull(res, r, c)) {
          values.emplace_back(nullptr);
        } else {
          values.emplace_back(std::string(PQgetvalue(res, r, c), PQgetlength(res, r, c)));
        }
      }
      rows.emplace_back(std::move(values));
    }
    return rows;
  }

  // Reads the answer to a read-only transaction's COMMIT (CommitReadOnly), long arrived by now.
  void Settle() {
    if (!settling_) return;
    settling_ = false;
    while (PGresult* r = PQgetResult(conn_)) PQclear(r);
  }

  // Sends the pending BEGIN (and lock) on its own, for a first statement that cannot travel with
  // it. A connection found dead before anything ran in this transaction (a pooled one the server
  // dropped: restart, idle timeout) is reopened once, as nothing can have been done twice.
  Status OpenPending() {
    if (!pending_) return Status::Ok();
    const PgBegin begin = *pending_;
    pending_.reset();
    if (begin.begin == nullptr) return Status::Ok();  // a statement alone: no block to open
    const std::string sql =
        begin.lock != nullptr ? fmt::format("{}; {}", begin.begin, begin.lock) : begin.begin;
    Status status = Raw(sql.c_str());
    if (!status.ok() && PQstatus(conn_) == CONNECTION_BAD) {
      MOTCUA_RETURN_IF_ERROR(Reconnect());
      status = Raw(sql.c_str());
    }
    return Fail(status);
  }

  // RunPreparedOrReopen with the deferred writes (ExecLater) in front: their counts go to their
  // checks, and the first failure among them is the answer. Only `statements`' results return.
  Result<std::vector<PgResult>> Pipeline(const std::vector<const Bound*>& statements,
                                         bool* reopened) {
    *reopened = false;
    if (deferred_.empty()) return RunPreparedOrReopen(statements, reopened);
    // Deferred writes exist only in an open transaction: nothing here can be reopened.
    std::vector<const Bound*> all;
    all.reserve(deferred_.size() + statements.size());
    for (const Deferred& d : deferred_) all.push_back(&d.bound);
    all.insert(all.end(), statements.begin(), statements.end());
    std::deque<Deferred> sent = std::move(deferred_);
    deferred_.clear();
    MOTCUA_ASSIGN_OR_RETURN(auto results, RunPreparedOrReopen(all, reopened));
    if (*reopened) return Fail(Status::Internal("a deferred write outside a transaction"));
    for (size_t i = 0; i < sent.size(); ++i) {
      if (!sent[i].check) continue;
      const int64_t changed = std::strtoll(PQcmdTuples(results[i].get()), nullptr, 10);
      MOTCUA_RETURN_IF_ERROR(Fail(sent[i].check(changed)));
    }
    results.erase(results.begin(), results.begin() + static_cast<std::ptrdiff_t>(sent.size()));
    return results;
  }

  // Sends the deferred writes on their own (before a statement that cannot join them, a long
  // batch or the COMMIT).
  Status FlushDeferred() {
    if (deferred_.empty()) return Status::Ok();
    bool reopened = false;
    return Pipeline({}, &reopened).status();
  }

  // Prepared statements sent together in one pipeline, one round trip, preceded by the
  // transaction's BEGIN and lock when still pending. A connection found dead before that BEGIN
  // (a pooled one the server dropped) is reopened once, as nothing ran: then *reopened is set, the
  // BEGIN is pending again and the statements, no longer prepared there, are the caller's to run.
  Result<std::vector<PgResult>> RunPreparedOrReopen(const std::vector<const Bound*>& statements,
                                                    bool* reopened) {
    *reopened = false;
    const std::optional<PgBegin> begin = pending_;
    pending_.reset();
    std::vector<const char*> control;
    if (begin && begin->begin != nullptr) {
      control.push_back(begin->begin);
      if (begin->lock != nullptr) control.push_back(begin->lock);
    }
    const int queries = static_cast<int>(control.size() + statements.size());
    bool sent = PQenterPipelineMode(conn_) == 1;
    for (const char* sql : control)
      sent = sent && PQsendQueryParams(conn_, sql, 0, nullptr, nullptr, nullptr, nullptr, 0);
    for (const Bound* b : statements)
      sent = sent && PQsendQueryPrepared(conn_, b->name->c_str(), b->count(), b->values.data(),
                                         nullptr, nullptr, 0);
    sent = sent && PQpipelineSync(conn_);
    // Each query's results end with a null; the pipeline's with PGRES_PIPELINE_SYNC. A query
    // after a failed one answers PGRES_PIPELINE_ABORTED: the first failure is the one to report.
    std::vector<PgResult> results(queries);
    int query = 0;
    int nulls = 0;
    while (sent) {
      PGresult* r = PQgetResult(conn_);
      if (r == nullptr) {
        if (PQstatus(conn_) == CONNECTION_BAD || ++nulls > queries) break;
        ++query;
        continue;
      }
      if (PQresultStatus(r) == PGRES_PIPELINE_SYNC) {
        PQclear(r);
        break;
      }
      results[std::min(query, queries - 1)].reset(r);
    }
    (void)PQexitPipelineMode(conn_);
    for (int i = 0; i < queries; ++i) {
      PGresult* r = results[i].get();
      ExecStatusType st = r != nullptr ? PQresultStatus(r) : PGRES_FATAL_ERROR;
      if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) continue;
      if (i == 0 && begin && PQstatus(conn_) == CONNECTION_BAD) {
        MOTCUA_RETURN_IF_ERROR(Reconnect());
        pending_ = begin;  // to be sent again on the reopened connection
        *reopened = true;
        return std::vector<PgResult>();
      }
      if (failure_ == Failure::kNone) failure_ = FailureOf(conn_, r);
      const int control_count = static_cast<int>(control.size());
      return Fail(ErrorOf(
          conn_, r,
          i < control_count ? std::string_view(control[i]) : statements[i - control_count]->sql));
    }
    results.erase(results.begin(), results.begin() + static_cast<int>(control.size()));
    return results;
  }

  // A fresh session in place of a dead one, with its settings; statements are prepared anew.
  Status Reconnect() {
    PQreset(conn_);
    deferred_.clear();
    prepared_.clear();
    seen_.clear();
    aborted_ = false;
    failure_ = Failure::kNone;
    settling_ = false;
    if (PQstatus(conn_) != CONNECTION_OK) {
      failure_ = Failure::kConnectionLost;
      return Fail(Unavailable());
    }
    return Fail(Raw(settings_.c_str()));
  }

  // The statement prepared on this connection for `text` with these parameter types, preparing
  // it on first use; null when the cache is full (the caller runs it unprepared); an error when
  // preparing failed (the statement failed, as it would have run unprepared). The server
  // parses and plans a prepared statement once (a generic plan after a few runs) instead of at
  // every call: most of its CPU per dossier transition went there (decision 0023). Keyed by the
  // types too, since they are fixed at preparation. Protocol-level prepared statements are not
  // transactional: one prepared in a transaction that rolls back stays.
  Result<const std::string*> Prepared(const std::string& key, const std::string& text,
                                      const std::vector<Oid>& types) {
    if (auto it = prepared_.find(key); it != prepared_.end()) return &it->second;
    if (prepared_.size() >= kMaxPrepared) return static_cast<const std::string*>(nullptr);
    // Prepared the second time it is seen: a statement built with its values in the text (a
    // report's bounds, an IN list) runs once and would only take a place and a round trip.
    if (seen_.size() >= kMaxSeen) seen_.clear();
    if (seen_.insert(key).second) return static_cast<const std::string*>(nullptr);
    seen_.erase(key);
    std::string name = fmt::format("motcua_{}", prepared_.size());
    PgResult res(
        PQprepare(conn_, name.c_str(), text.c_str(), static_cast<int>(types.size()), types.data()));
    if (PQresultStatus(res.get()) != PGRES_COMMAND_OK) {
      if (failure_ == Failure::kNone) failure_ = FailureOf(conn_, res.get());
      return ErrorOf(conn_, res.get(), text);
    }
    return &prepared_.emplace(key, std::move(name)).first->second;
  }

  // Statements that vary (IN lists, values in the text) could still fill the cache: past this
  // many, new ones run unprepared; the ones prepared first, the hot ones, stay.
  static constexpr size_t kMaxPrepared = 400;
  static constexpr size_t kMaxPipelined = 16;
  static constexpr size_t kMaxSeen = 2000;

  PGconn* conn_;
  std::string settings_;            // SET statements every session of this connection starts with
  std::optional<PgBegin> pending_;  // a transaction begun but not yet sent
  // A write of ExecLater, waiting for the transaction's next round trip. Bound in place: a
  // deque never moves its elements.
  struct Deferred {
    std::string sql;
    Params params;
    Bound bound;
    std::function<Status(int64_t)> check;
  };
  std::deque<Deferred> deferred_;
  bool settling_ = false;  // a read-only COMMIT's answer is still to be read
  int alone_ = 0;          // ReadOne: 1 + the statements sent; 0 in a transaction block
  bool read_only_ = false;
  bool aborted_ = false;
  Failure failure_ = Failure::kNone;
  std::unordered_map<std::string, std::string> prepared_;
  std::unordered_set<std::string> seen_;  // run once, unprepared
};

PostgresDatabase::PostgresDatabase(const DatabaseOptions& options)
    : options_(options),
      max_connections_(2 * static_cast<size_t>(std::max(1, options.reader_pool_size)) + 1),
      max_writers_(static_cast<size_t>(std::max(1, options.reader_pool_size))) {}

PostgresDatabase::~PostgresDatabase() { Close(); }

Result<std::unique_ptr<PostgresDatabase>> PostgresDatabase::Open(const DatabaseOptions& options) {
  std::unique_ptr<PostgresDatabase> db(new PostgresDatabase(options));
  MOTCUA_ASSIGN_OR_RETURN(auto conn, PgConnection::Connect(options));
  db->open_ = 1;
  db->idle_.push_back(std::move(conn));
  return db;
}

Result<std::unique_ptr<PgConnection>> PostgresDatabase::Acquire() {
  {
    std::unique_lock lock(pool_mu_);
    pool_cv_.wait(lock, [&] { return closed_ || !idle_.empty() || open_ < max_connections_; });
    if (closed_) return Unavailable();
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      return conn;
    }
    ++open_;  // reserves the slot while connecting without the lock
  }
  auto conn = PgConnection::Connect(options_);
  if (!conn.ok()) {
    // The detail is for the operator; the user just learns the service is unavailable.
    spdlog::warn("{}", conn.status().ToString());
    {
      std::lock_guard lock(pool_mu_);
      --open_;
    }
    pool_cv_.notify_all();
    return Unavailable();
  }
  return conn;
}

void PostgresDatabase::Release(std::unique_ptr<PgConnection> conn) {
  conn->Rollback();
  {
    std::lock_guard lock(pool_mu_);
    if (conn->Reusable() && !closed_) {
      idle_.push_back(std::move(conn));
    } else {
      --open_;
    }
  }
  pool_cv_.notify_all();
  // A dropped connection is closed here, outside the lock (PQfinish talks to the server).
}

Status PostgresDatabase::RunTransaction(const PgBegin& begin,
                                        const std::function<Status(Connection&)>& fn,
                                        PgFailure* failure) {
  *failure = Failure::kNone;
  MOTCUA_ASSIGN_OR_RETURN(std::unique_ptr<PgConnection> conn, Acquire());
  conn->Begin(begin);  // sent with the first statement, which reopens a dropped connection
  Status status;
  try {
    status = fn(*conn);
  } catch (...) {
    Release(std::move(conn));  // rolls back
    throw;
  }
  if (status.ok() && conn->aborted()) {
    status = Status::Internal("callback returned OK after a failed statement");
  }
  if (!status.ok()) {
    // Whatever the callback made of it, a statement that lost to a concurrent writer is the cause.
    *failure = conn->failure() == Failure::kNone ? Failure::kOther : conn->failure();
  } else if (begin.read_only) {
    conn->CommitReadOnly();
  } else {
    bool uncertain = false;
    status = conn->Commit(&uncertain);
    if (!status.ok()) {
      // A COMMIT that failed with the connection up was rolled back by the server; one cut off
      // may have committed, and re-running it could apply the change twice.
      *failure = uncertain ? Failure::kOther : conn->failure();
    }
  }
  Release(std::move(conn));
  return status;
}

Status PostgresDatabase::Write(const std::function<Status(Connection&)>& fn) {
  // Callbacks nobody has proven safe among concurrent writers take the writers' lock first
  // (decision 0020), so they run as under decision 0005; after the lock every READ COMMITTED
  // statement sees what the previous holder committed.
  return WriteWithRetry({"BEGIN ISOLATION LEVEL READ COMMITTED", kPgWritersLock, false}, fn);
}

Status PostgresDatabase::WriteConcurrently(const std::function<Status(Connection&)>& fn) {
  // READ COMMITTED: every statement sees what is committed when it starts and waits for rows
  // another writer holds; the caller's reads-then-writes are guarded by row locks, version
  // checks in UPDATE ... WHERE and unique keys. Chain rows go in unlinked (decision 0023), so
  // nothing here waits for another writer's commit. The writers' lock, shared, only keeps these
  // transactions apart from Write's, which were written for one writer at a time.
  return WriteWithRetry({"BEGIN ISOLATION LEVEL READ COMMITTED", kPgWritersLockShared, false}, fn);
}

Status PostgresDatabase::WriteWithRetry(const PgBegin& begin,
                                        const std::function<Status(Connection&)>& fn) {
  {
    std::unique_lock lock(writers_mu_);
    writers_cv_.wait(lock, [&] { return writers_ < max_writers_; });
    ++writers_;
  }
  struct Slot {
    PostgresDatabase* db;
    ~Slot() {
      {
        std::lock_guard lock(db->writers_mu_);
        --db->writers_;
      }
      db->writers_cv_.notify_one();
    }
  } slot{this};
  thread_local std::minstd_rand jitter(std::random_device{}());
  bool unique_retried = false;
  for (int attempt = 1;; ++attempt) {
    PgFailure failure = PgFailure::kNone;
    Status status = RunTransaction(begin, fn, &failure);
    const bool retryable = failure == PgFailure::kConflict ||
                           failure == PgFailure::kConnectionLost ||
                           (failure == PgFailure::kUnique && !unique_retried);
    if (!retryable) return status;
    if (attempt == kMaxWriteAttempts) {
      spdlog::warn("postgres: write transaction gave up after {} attempts: {}", attempt,
                   status.ToString());
      return Unavailable();
    }
    if (failure == PgFailure::kUnique) unique_retried = true;
    // Full jitter over an exponential cap (1, 2, 4 ... 64 ms): writers that collided spread out.
    const int cap_us = 1000 << std::min(attempt - 1, 6);
    std::this_thread::sleep_for(
        std::chrono::microseconds(std::uniform_int_distribution<int>(cap_us / 4, cap_us)(jitter)));
  }
}

Status PostgresDatabase::Read(const std::function<Status(Connection&)>& fn) {
  PgFailure ignored;
  return RunTransaction({"BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", nullptr, true}, fn,
                        &ignored);
}

Status PostgresDatabase::ReadOne(const std::function<Status(Connection&)>& fn) {
  PgFailure ignored;
  return RunTransaction({nullptr, nullptr, true}, fn, &ignored);
}

Status PostgresDatabase::Exclusively(const std::function<Status()>& fn) {
  // A session lock on a connection of its own, outside the pool, so that `fn` can still use
  // every pooled connection. Released by the unlock below or, if this process dies, by the
  // server when the connection goes.
  MOTCUA_ASSIGN_OR_RETURN(auto conn, PgConnection::Connect(options_));
  MOTCUA_RETURN_IF_ERROR(conn->Raw(
      fmt::format("SET lock_timeout = 0; SELECT pg_advisory_lock{}", kExclusiveLock).c_str()));
  Status status;
  try {
    status = fn();
  } catch (...) {
    (void)conn->Raw(fmt::format("SELECT pg_advisory_unlock{}", kExclusiveLock).c_str());
    throw;
  }
  (void)conn->Raw(fmt::format("SELECT pg_advisory_unlock{}", kExclusiveLock).c_str());
  return status;
}

Status PostgresDatabase::Ping() {
  return Read([](Connection& c) { return c.Query("SELECT 1").status(); });
}

void PostgresDatabase::Close() {
  std::vector<std::unique_ptr<PgConnection>> to_close;
  {
    std::unique_lock lock(pool_mu_);
    closed_ = true;
    pool_cv_.notify_all();
    // Lent-out connections are dropped by Release once closed_ is set.
    pool_cv_.wait(lock, [&] { return open_ == idle_.size(); });
    to_close = std::move(idle_);
    idle_.clear();
    open_ = 0;
  }
}

}  // namespace motcua::storage

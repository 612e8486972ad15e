#include "storage/audit_chain.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "common/crypto.h"

namespace motcua::storage {
namespace {

// One value in a form both drivers give back alike: PostgreSQL returns every column as text, so
// integers are hashed as their decimal text; the length prefix keeps "a","bc" apart from "ab","c".
void AppendCanonical(std::string& out, const Value& v) {
  if (std::holds_alternative<std::nullptr_t>(v)) {
    out += "N;";
    return;
  }
  std::string text;
  if (const auto* s = std::get_if<std::string>(&v)) {
    text = *s;
  } else if (const auto* n = std::get_if<int64_t>(&v)) {
    text = fmt::format("{}", *n);
  } else {
    text = fmt::format("{}", std::get<double>(v));
  }
  out += fmt::format("S{}:", text.size());
  out += text;
  out += ';';
}

// "?, ?, ?" for `n` values.
std::string Placeholders(size_t n) {
  std::string marks;
  for (size_t i = 0; i < n; ++i) marks += i == 0 ? "?" : ", ?";
  return marks;
}

std::string ColumnList(const ChainedTable& t) {
  std::string cols;
  for (auto c : t.columns) {
    if (!cols.empty()) cols += ", ";
    cols += c;
  }
  return cols;
}

// Migration 14's notion of the head (no chain_seq then): the last linked row in id order.
Result<std::string> LastHashById(Connection& c, const ChainedTable& t) {
  MOTCUA_ASSIGN_OR_RETURN(
      auto row, c.QueryOne(fmt::format("SELECT row_hash FROM {} WHERE row_hash IS NOT NULL "
                                       "ORDER BY id DESC LIMIT 1",
                                       t.name)));
  return row ? row->Text(0) : std::string();
}

struct ChainHead {
  int64_t seq = 0;
  std::string hash;
};

Result<ChainHead> ReadChainHead(Connection& c, const ChainedTable& t) {
  MOTCUA_ASSIGN_OR_RETURN(
      auto row, c.QueryOne(fmt::format("SELECT chain_seq, row_hash FROM {} WHERE chain_seq IS NOT "
                                       "NULL ORDER BY chain_seq DESC LIMIT 1",
                                       t.name)));
  if (!row) return ChainHead{};
  return ChainHead{row->Int(0), row->Text(1)};
}

// The linker's lock: transaction-scoped, tried without waiting, per schema like the others.
constexpr const char* kPgLinkerTryLock =
    "SELECT CASE WHEN pg_try_advisory_xact_lock(19781, hashtext(current_schema())) THEN 1 ELSE 0 "
    "END";

// Rows per UPDATE ... FROM (VALUES ...) statement of the linker (4 parameters each): a few fixed
// sizes, largest first, so that the PostgreSQL driver prepares three statements per table, not
// one per batch size seen (which would crowd the app's own out of its per-connection cache).
constexpr size_t kLinkBatches[] = {128, 16, 1};

size_t LinkBatchFor(size_t left) {
  for (size_t n : kLinkBatches)
    if (n <= left) return n;
  return 1;
}

// Gives the rows (id then the table's columns, oldest first) positions and hashes after `head`,
// writing them with one statement per batch. Fails, rolling the caller's transaction back, if
// any of them was linked meanwhile (another linker that got past the lock: the unique index on
// chain_seq stops it too).
Result<int64_t> LinkRows(Connection& c, const ChainedTable& t, ChainHead head, const Rows& rows) {
  int64_t linked = 0;
  for (size_t from = 0, to = 0; from < rows.size(); from = to) {
    to = from + LinkBatchFor(rows.size() - from);
    std::string values;
    Params params;
    params.reserve((to - from) * 4);
    for (size_t i = from; i < to; ++i) {
      const Row& r = rows[i];
      std::vector<Value> content;
      content.reserve(t.columns.size());
      for (size_t k = 1; k <= t.columns.size(); ++k) content.push_back(r.at(k));
      std::string hash = ChainRowHash(t, head.hash, content);
      ++head.seq;
      if (!values.empty()) values += ", ";
      values += "(CAST(? AS BIGINT), CAST(? AS BIGINT), ?, ?)";
      params.emplace_back(r.Int(0));
      params.emplace_back(head.seq);
      params.emplace_back(std::move(head.hash));
      params.emplace_back(hash);
      head.hash = std::move(hash);
    }
    // VALUES columns are column1, column2, ... in both dialects.
    MOTCUA_ASSIGN_OR_RETURN(
        int64_t changed,
        c.Exec(fmt::format("UPDATE {0} SET chain_seq = v.column2, prev_hash = v.column3, "
                           "row_hash = v.column4 FROM (VALUES {1}) AS v "
                           "WHERE {0}.id = v.column1 AND {0}.chain_seq IS NULL",
                           t.name, values),
               params));
    if (changed != static_cast<int64_t>(to - from))
      return Status::Internal(fmt::format("{}: {} of {} rows linked by another linker", t.name,
                                          to - from - changed, to - from));
    linked += changed;
  }
  return linked;
}

}  // namespace

const ChainedTable& HistoryChain() {
  static const auto* t = new ChainedTable{
      "dossier_history",
      {"dossier_id", "at", "actor_user_id", "actor_name", "actor_role", "agency_id", "action",
       "from_status", "to_status", "step_id", "comment", "detail"}};
  return *t;
}

const ChainedTable& AuditChain() {
  static const auto* t =
      new ChainedTable{"audit_log",
                       {"at", "actor_user_id", "actor_username", "actor_agency_id", "action",
                        "object_type", "object_id", "detail"}};
  return *t;
}

const std::vector<const ChainedTable*>& ChainedTables() {
  static const auto* all = new std::vector<const ChainedTable*>{&HistoryChain(), &AuditChain()};
  return *all;
}

std::string ChainRowHash(const ChainedTable& table, std::string_view prev_hash,
                         const std::vector<Value>& values) {
  std::string data = "motcua-chain-v1;";
  AppendCanonical(data, std::string(table.name));
  AppendCanonical(data, std::string(prev_hash));
  for (const Value& v : values) AppendCanonical(data, v);
  return Sha256Hex(data);
}

Result<int64_t> AppendChained(Connection& c, const ChainedTable& t, const Params& values) {
  if (values.size() != t.columns.size())
    return Status::Internal(
        fmt::format("{}: {} values for {} columns", t.name, values.size(), t.columns.size()));
  const std::string marks = Placeholders(values.size());
  if (c.dialect() == Dialect::kPostgres) {
    // Unlinked (decision 0023): the background linker gives it its place once it is committed,
    // so concurrent writers neither wait for each other here nor to commit, and share WAL flushes.
    MOTCUA_ASSIGN_OR_RETURN(
        auto row, c.QueryOne(fmt::format("INSERT INTO {} ({}) VALUES ({}) RETURNING id", t.name,
                                         ColumnList(t), marks),
                             values));
    if (!row) return Status::Internal(fmt::format("INSERT INTO {} returned no id", t.name));
    return row->Int(0);
  }
  // SQLite's one writer: the head read here is the last row committed (or written earlier in
  // this transaction), so the row is linked at once.
  MOTCUA_ASSIGN_OR_RETURN(ChainHead head, ReadChainHead(c, t));
  std::string hash = ChainRowHash(t, head.hash, values);
  Params params = values;
  params.emplace_back(head.seq + 1);
  params.emplace_back(std::move(head.hash));
  params.emplace_back(std::move(hash));
  MOTCUA_ASSIGN_OR_RETURN(
      auto row,
      c.QueryOne(fmt::format("INSERT INTO {} ({}, chain_seq, prev_hash, row_hash) VALUES ({}, ?, "
                             "?, ?) RETURNING id",
                             t.name, ColumnList(t), marks),
                 params));
  if (!row) return Status::Internal(fmt::format("INSERT INTO {} returned no id", t.name));
  return row->Int(0);
}

Status AppendChainedLater(Connection& c, const ChainedTable& t, const Params& values) {
  if (c.dialect() != Dialect::kPostgres || values.size() != t.columns.size())
    return AppendChained(c, t, values).status();
  return c.ExecLater(fmt::format("INSERT INTO {} ({}) VALUES ({})", t.name, ColumnList(t),
                                 Placeholders(values.size())),
                     values);
}

Status LinkUnchainedRows(Connection& c, const ChainedTable& t) {
  MOTCUA_ASSIGN_OR_RETURN(std::string prev, LastHashById(c, t));
  int64_t after = 0;
  const std::string select =
      fmt::format("SELECT id, {} FROM {} WHERE row_hash IS NULL AND id > ? ORDER BY id LIMIT 2000",
                  ColumnList(t), t.name);
  const std::string update =
      fmt::format("UPDATE {} SET prev_hash = ?, row_hash = ? WHERE id = ?", t.name);
  for (;;) {
    MOTCUA_ASSIGN_OR_RETURN(auto rows, c.Query(select, {after}));
    if (rows.empty()) return Status::Ok();
    for (const Row& r : rows) {
      std::vector<Value> values;
      values.reserve(t.columns.size());
      for (size_t i = 1; i <= t.columns.size(); ++i) values.push_back(r.at(i));
      std::string hash = ChainRowHash(t, prev, values);
      MOTCUA_RETURN_IF_ERROR(c.Exec(update, {prev, hash, r.Int(0)}).status());
      prev = std::move(hash);
      after = r.Int(0);
    }
  }
}

Result<LinkResult> LinkPendingRows(Database& db, int max_rows) {
  LinkResult out;
  // Concurrently: alongside the writers (whose rows it links once committed), not under the
  // exclusive writers' lock of Database::Write.
  MOTCUA_RETURN_IF_ERROR(db.WriteConcurrently([&](Connection& c) -> Status {
    out = LinkResult{};  // a re-run starts again
    if (c.dialect() == Dialect::kPostgres) {
      MOTCUA_ASSIGN_OR_RETURN(auto got, c.QueryOne(kPgLinkerTryLock));
      if (!got || got->Int(0) != 1) {
        out.busy = true;
        return Status::Ok();
      }
    }
    for (const ChainedTable* t : ChainedTables()) {
      // Under the linker's lock, held to commit: the head read here (a fresh READ COMMITTED
      // snapshot) is what the previous linker committed, and the pending rows are committed ones.
      MOTCUA_ASSIGN_OR_RETURN(ChainHead head, ReadChainHead(c, *t));
      MOTCUA_ASSIGN_OR_RETURN(
          // A row with hashes but no position was never left so by a writer: someone took it out
          // of the chain. It stays as it is, for verify to report; the others are linked.
          auto rows, c.Query(fmt::format("SELECT id, {} FROM {} WHERE chain_seq IS NULL AND "
                                         "prev_hash IS NULL AND row_hash IS NULL ORDER BY id "
                                         "LIMIT ?",
                                         ColumnList(*t), t->name),
                             {int64_t{max_rows}}));
      if (rows.empty()) continue;
      MOTCUA_ASSIGN_OR_RETURN(int64_t n, LinkRows(c, *t, std::move(head), rows));
      out.linked += n;
    }
    return Status::Ok();
  }));
  return out;
}

Result<int64_t> LinkAllPendingRows(Database& db) {
  int64_t total = 0;
  for (int round = 0;; ++round) {
    MOTCUA_ASSIGN_OR_RETURN(LinkResult r, LinkPendingRows(db, kLinkMaxRows));
    total += r.linked;
    // Fewer than a full batch: every row committed before that pass is linked now (a writer
    // that keeps committing must not keep us here).
    if (!r.busy && r.linked < kLinkMaxRows) return total;
    // Another linker is at work: its transaction is short.
    if (r.busy) std::this_thread::sleep_for(std::chrono::milliseconds(std::min(5 + round, 50)));
  }
}

Status EnsureAppendOnlyTriggers(Database& db) {
  return db.Write([](Connection& c) -> Status {
    std::string sql;
    if (c.dialect() == Dialect::kPostgres) {
      // The one UPDATE let through is the linker's: a row without any chain column gets all
      // three, and nothing else about it changes (compared as JSON, so every column counts,
      // including any added later). Nested IFs: OLD does not exist for TRUNCATE.
      sql =
          "CREATE OR REPLACE FUNCTION motcua_append_only() RETURNS trigger LANGUAGE plpgsql AS $$\n"
          "BEGIN\n"
          "  IF TG_OP = 'UPDATE' THEN\n"
          "    IF OLD.chain_seq IS NULL AND OLD.prev_hash IS NULL AND OLD.row_hash IS NULL\n"
          "       AND NEW.chain_seq IS NOT NULL AND NEW.prev_hash IS NOT NULL\n"
          "       AND NEW.row_hash IS NOT NULL\n"
          "       AND to_jsonb(NEW) - 'chain_seq' - 'prev_hash' - 'row_hash'\n"
          "           = to_jsonb(OLD) - 'chain_seq' - 'prev_hash' - 'row_hash' THEN\n"
          "      RETURN NEW;\n"
          "    END IF;\n"
          "  END IF;\n"
          "  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = "
          "'check_violation';\n"
          "END $$;\n";
      for (const ChainedTable* t : ChainedTables()) {
        // Migration 3's trigger on dossier_history goes too: one function for both tables.
        sql += fmt::format(
            "DROP TRIGGER IF EXISTS {0}_no_change ON {0};\n"
            "DROP TRIGGER IF EXISTS {0}_no_truncate ON {0};\n"
            "CREATE TRIGGER {0}_no_change BEFORE UPDATE OR DELETE ON {0} FOR EACH ROW "
            "EXECUTE FUNCTION motcua_append_only();\n"
            "CREATE TRIGGER {0}_no_truncate BEFORE TRUNCATE ON {0} FOR EACH STATEMENT "
            "EXECUTE FUNCTION motcua_append_only();\n",
            t->name);
      }
    } else {
      for (const ChainedTable* t : ChainedTables()) {
        // SQLite links as it inserts, so the linker's fill only ever meets a row written
        // unlinked by hand; the same rule as PostgreSQL's keeps one behaviour.
        std::string same = "NEW.id IS OLD.id";
        for (auto col : t->columns) same += fmt::format(" AND NEW.{0} IS OLD.{0}", col);
        sql += fmt::format(
            "DROP TRIGGER IF EXISTS {0}_no_update;\n"
            "DROP TRIGGER IF EXISTS {0}_no_delete;\n"
            "CREATE TRIGGER {0}_no_update BEFORE UPDATE ON {0} "
            "WHEN NOT (OLD.chain_seq IS NULL AND OLD.prev_hash IS NULL AND OLD.row_hash IS NULL "
            "AND NEW.chain_seq IS NOT NULL AND NEW.prev_hash IS NOT NULL AND NEW.row_hash IS NOT "
            "NULL AND {1}) "
            "BEGIN SELECT RAISE(ABORT, '{0} is append-only'); END;\n"
            "CREATE TRIGGER {0}_no_delete BEFORE DELETE ON {0} "
            "BEGIN SELECT RAISE(ABORT, '{0} is append-only'); END;\n",
            t->name, same);
      }
    }
    return c.ExecScript(sql);
  });
}

Result<ChainCheck> VerifyChains(Database& db, int page_rows) {
  ChainCheck check;
  for (const ChainedTable* t : ChainedTables()) {
    ChainCheck::Head head;
    head.table = std::string(t->name);
    std::string prev;
    int64_t after = -1;
    const std::string select = fmt::format(
        "SELECT id, chain_seq, prev_hash, row_hash, {} FROM {} WHERE chain_seq > ? "
        "ORDER BY chain_seq LIMIT ?",
        ColumnList(*t), t->name);
    bool more = true;
    while (more && !check.first_break) {
      Rows rows;
      MOTCUA_RETURN_IF_ERROR(db.Read([&](Connection& c) -> Status {
        MOTCUA_ASSIGN_OR_RETURN(rows, c.Query(select, {after, int64_t{page_rows}}));
        return Status::Ok();
      }));
      more = static_cast<int>(rows.size()) == page_rows;
      for (const Row& r : rows) {
        const int64_t id = r.Int(0);
        std::vector<Value> values;
        values.reserve(t->columns.size());
        for (size_t i = 4; i < r.size(); ++i) values.push_back(r.at(i));
        if (r.IsNull(2) || r.Text(2) != prev) {
          check.first_break = ChainBreak{std::string(t->name), id, "link_broken"};
          break;
        }
        if (r.IsNull(3) || r.Text(3) != ChainRowHash(*t, prev, values)) {
          check.first_break = ChainBreak{std::string(t->name), id, "content_changed"};
          break;
        }
        prev = r.Text(3);
        after = r.Int(1);
        ++check.rows_checked;
        head.last_id = id;
        head.last_seq = after;
        head.last_hash = prev;
        ++head.rows;
      }
    }
    if (!check.first_break) {
      MOTCUA_RETURN_IF_ERROR(db.Read([&](Connection& c) -> Status {
        MOTCUA_ASSIGN_OR_RETURN(
            auto row, c.QueryOne(fmt::format(
                          "SELECT COUNT(*), MIN(at), MIN(CASE WHEN prev_hash IS NOT NULL OR "
                          "row_hash IS NOT NULL THEN id END) FROM {} WHERE chain_seq IS NULL",
                          t->name)));
        if (row) {
          head.pending = row->Int(0);
          head.oldest_pending_at = row->OptInt(1);
          if (!row->IsNull(2))
            check.first_break = ChainBreak{std::string(t->name), row->Int(2), "unlinked_with_hash"};
        }
        return Status::Ok();
      }));
    }
    check.heads.push_back(std::move(head));
    if (check.first_break) break;
  }
  return check;
}

Result<std::optional<std::string>> ChainRowHashAt(Database& db, std::string_view table,
                                                  int64_t id) {
  const ChainedTable* found = nullptr;
  for (const ChainedTable* t : ChainedTables())
    if (t->name == table) found = t;
  if (!found) return Status::InvalidArgument(fmt::format("not a chained table: {}", table));
  std::optional<std::string> out;
  MOTCUA_RETURN_IF_ERROR(db.Read([&](Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(
        auto row,
        c.QueryOne(fmt::format("SELECT row_hash FROM {} WHERE id = ?", found->name), {id}));
    if (row) out = row->Text(0);
    return Status::Ok();
  }));
  return out;
}

}  // namespace motcua::storage

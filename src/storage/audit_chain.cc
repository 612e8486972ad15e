#include "storage/audit_chain.h"

#include <fmt/format.h>

#include "common/crypto.h"
#include "storage/postgres_database.h"

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

std::string ColumnList(const ChainedTable& t) {
  std::string cols;
  for (auto c : t.columns) {
    if (!cols.empty()) cols += ", ";
    cols += c;
  }
  return cols;
}

Result<std::string> LastHash(Connection& c, const ChainedTable& t) {
  MOTCUA_ASSIGN_OR_RETURN(
      auto row, c.QueryOne(fmt::format("SELECT row_hash FROM {} WHERE row_hash IS NOT NULL "
                                       "ORDER BY id DESC LIMIT 1",
                                       t.name)));
  return row ? row->Text(0) : std::string();
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
  if (c.dialect() == Dialect::kPostgres) {
    // Writers run concurrently on PostgreSQL (decision 0020): the chain head is read under the
    // writers' lock, held to the end of the transaction and released only once its rows are
    // visible, so the next holder's LastHash (a new READ COMMITTED snapshot) reads them, and the
    // ids, drawn under the lock too, follow the chain. One lock for both tables: a transaction
    // appending to both cannot deadlock with another appending in the other order. (Taken again
    // by a transaction holding it already: advisory locks are re-entrant.)
    MOTCUA_RETURN_IF_ERROR(c.Query(kPgWritersLock).status());
  }
  MOTCUA_ASSIGN_OR_RETURN(std::string prev, LastHash(c, t));
  std::string hash = ChainRowHash(t, prev, values);
  std::string marks;
  for (size_t i = 0; i < values.size() + 2; ++i) marks += i == 0 ? "?" : ", ?";
  Params params = values;
  params.emplace_back(std::move(prev));
  params.emplace_back(std::move(hash));
  MOTCUA_ASSIGN_OR_RETURN(
      auto row, c.QueryOne(fmt::format("INSERT INTO {} ({}, prev_hash, row_hash) VALUES ({}) "
                                       "RETURNING id",
                                       t.name, ColumnList(t), marks),
                           params));
  if (!row) return Status::Internal(fmt::format("INSERT INTO {} returned no id", t.name));
  return row->Int(0);
}

Status LinkUnchainedRows(Connection& c, const ChainedTable& t) {
  MOTCUA_ASSIGN_OR_RETURN(std::string prev, LastHash(c, t));
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

Status EnsureAppendOnlyTriggers(Database& db) {
  return db.Write([](Connection& c) -> Status {
    std::string sql;
    if (c.dialect() == Dialect::kPostgres) {
      sql =
          "CREATE OR REPLACE FUNCTION motcua_append_only() RETURNS trigger LANGUAGE plpgsql AS $$\n"
          "BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = "
          "'check_violation'; END $$;\n";
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
        sql += fmt::format(
            "DROP TRIGGER IF EXISTS {0}_no_update;\n"
            "DROP TRIGGER IF EXISTS {0}_no_delete;\n"
            "CREATE TRIGGER {0}_no_update BEFORE UPDATE ON {0} "
            "BEGIN SELECT RAISE(ABORT, '{0} is append-only'); END;\n"
            "CREATE TRIGGER {0}_no_delete BEFORE DELETE ON {0} "
            "BEGIN SELECT RAISE(ABORT, '{0} is append-only'); END;\n",
            t->name);
      }
    }
    return c.ExecScript(sql);
  });
}

Result<ChainCheck> VerifyChains(Database& db, int page_rows) {
  ChainCheck check;
  for (const ChainedTable* t : ChainedTables()) {
    ChainCheck::Head head{std::string(t->name), 0, "", 0};
    std::string prev;
    int64_t after = -1;
    const std::string select =
        fmt::format("SELECT id, prev_hash, row_hash, {} FROM {} WHERE id > ? ORDER BY id LIMIT ?",
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
        for (size_t i = 3; i < r.size(); ++i) values.push_back(r.at(i));
        if (r.IsNull(1) || r.Text(1) != prev) {
          check.first_break = ChainBreak{std::string(t->name), id, "link_broken"};
          break;
        }
        if (r.IsNull(2) || r.Text(2) != ChainRowHash(*t, prev, values)) {
          check.first_break = ChainBreak{std::string(t->name), id, "content_changed"};
          break;
        }
        prev = r.Text(2);
        after = id;
        ++check.rows_checked;
        head.last_id = id;
        head.last_hash = prev;
        ++head.rows;
      }
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

// Tamper evidence for the append-only tables, dossier_history and audit_log (issue 15). Each row
// carries prev_hash, the row_hash of the row before it in id order ("" for the first row), and
// row_hash = SHA-256 over the table's name, prev_hash and the row's content. An edited row no
// longer matches its own row_hash; a deleted row leaves the next one pointing at a hash that is
// not there. Rewriting the chain from the edited row onward is possible for someone who can write
// the database: the signed digest (audit_digest.h) kept elsewhere catches that and a cut tail.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/database.h"

namespace motcua::storage {

struct ChainedTable {
  std::string_view name;
  // The content columns, hashed in this order (not id: rows are linked by prev_hash instead).
  std::vector<std::string_view> columns;
};

const ChainedTable& HistoryChain();
const ChainedTable& AuditChain();
// Both, in the order `audit verify` walks them.
const std::vector<const ChainedTable*>& ChainedTables();

// SHA-256 hex of one row: `values` in the table's column order (NULL, integers or text).
std::string ChainRowHash(const ChainedTable& table, std::string_view prev_hash,
                         const std::vector<Value>& values);

// Inserts `values` (the table's columns in order) linked to the last row; returns the new id.
// Must run inside Database::Write or WriteConcurrently. On SQLite the one writer makes the last
// row read here the last row committed; on PostgreSQL the writers' lock, taken here and held to
// commit (decision 0020), does: concurrent writers never fork the chain, and a table's ids become
// visible in increasing order (a reader that sees id N has seen every row below N).
Result<int64_t> AppendChained(Connection& c, const ChainedTable& table, const Params& values);

// Links every row that has no row_hash yet, in id order, after the last linked row (migration 14
// for the rows written before it). Needs the append-only triggers dropped; runs in the caller's
// transaction.
Status LinkUnchainedRows(Connection& c, const ChainedTable& table);

// Drops and creates the triggers that refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL) on
// both tables. Run at every start (Migrate(db) does), so a trigger dropped by hand comes back.
Status EnsureAppendOnlyTriggers(Database& db);

struct ChainBreak {
  std::string table;
  int64_t row_id = 0;
  std::string reason;  // "content_changed" (row_hash does not match) or "link_broken"
};

struct ChainCheck {
  int64_t rows_checked = 0;
  std::optional<ChainBreak> first_break;  // the first broken link, tables in ChainedTables() order
  // The last row of each table: what a signed digest records.
  struct Head {
    std::string table;
    int64_t last_id = 0;
    std::string last_hash;
    int64_t rows = 0;
  };
  std::vector<Head> heads;
};

// Walks both chains in id order, `page_rows` rows per read, and stops at the first break.
Result<ChainCheck> VerifyChains(Database& db, int page_rows = 5000);

// The row_hash of row `id` of `table` (a name from ChainedTables()), or nullopt if absent.
Result<std::optional<std::string>> ChainRowHashAt(Database& db, std::string_view table, int64_t id);

}  // namespace motcua::storage

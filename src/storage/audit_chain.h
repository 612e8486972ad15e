// Tamper evidence for the append-only tables, dossier_history and audit_log (issue 15). Each
// linked row carries chain_seq, its position in the table's chain, prev_hash, the row_hash of the
// row before it in chain_seq order ("" for the first row), and row_hash = SHA-256 over the table's
// name, prev_hash and the row's content. An edited row no longer matches its own row_hash; a
// deleted row leaves the next one pointing at a hash that is not there. Rewriting the chain from
// the edited row onward is possible for someone who can write the database: the signed digest
// (`motcua audit digest`) kept elsewhere catches that and a cut tail.
//
// When a row is linked depends on the engine (decision 0023). SQLite has one writer: the row is
// linked as it is inserted, in the writer's transaction. On PostgreSQL writers run concurrently
// and a chain is one total order, so linking there would make every chain-appending commit wait
// for the previous one's WAL flush: writers insert rows unlinked (chain_seq, prev_hash, row_hash
// NULL) and a linker (LinkPendingRows, run every ~150 ms by `motcua serve`, and by `audit verify
// --link`) links the committed ones, one linker at a time. Positions are given at link time, not
// taken from ids, which a sequence hands out in an order commits need not follow.
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

// Inserts `values` (the table's columns in order); returns the new id. Must run inside
// Database::Write or WriteConcurrently. On SQLite the row is linked after the last row (the one
// writer makes the last row read here the last row committed); on PostgreSQL it is inserted
// unlinked, without any lock, for LinkPendingRows to link once it is committed.
Result<int64_t> AppendChained(Connection& c, const ChainedTable& table, const Params& values);
// The same when the id is not needed: on PostgreSQL a deferred write (Connection::ExecLater),
// which travels with the transaction's next statement; on SQLite AppendChained.
Status AppendChainedLater(Connection& c, const ChainedTable& table, const Params& values);

// Migration 14 only (its schema has no chain_seq): links every row that has no row_hash yet, in
// id order, after the last linked row. Needs the append-only triggers dropped; runs in the
// caller's transaction.
Status LinkUnchainedRows(Connection& c, const ChainedTable& table);

struct LinkResult {
  int64_t linked = 0;  // rows linked by this call, both tables
  bool busy = false;   // another linker held the linker's lock: nothing done, try again later
};

// Links the committed unlinked rows of both tables (at most `max_rows` per table, oldest id
// first) after each chain's last linked row, in one short write transaction. On PostgreSQL it
// first tries the linker's lock (a transaction-scoped advisory lock, per schema) without waiting:
// if another linker, in any process, holds it, returns busy. The unique index on chain_seq makes
// a second linker that got past the lock anyway fail rather than fork the chain.
inline constexpr int kLinkMaxRows = 5000;
Result<LinkResult> LinkPendingRows(Database& db, int max_rows = kLinkMaxRows);

// Links until nothing is pending (waiting for a busy linker to finish): what `audit verify
// --link` and tests call to verify right after a run. Rows committed meanwhile are linked too.
Result<int64_t> LinkAllPendingRows(Database& db);

// Drops and creates the triggers that refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL) on
// both tables, except the linker's one-time fill of a row's NULL chain columns (chain_seq,
// prev_hash, row_hash) that leaves every other column as it was. Run at every start (Migrate(db)
// does), so a trigger dropped by hand comes back.
Status EnsureAppendOnlyTriggers(Database& db);

struct ChainBreak {
  std::string table;
  int64_t row_id = 0;
  // "content_changed" (row_hash does not match), "link_broken" (prev_hash does not match), or
  // "unlinked_with_hash" (a row without a position that has hashes: taken out of the chain)
  std::string reason;
};

struct ChainCheck {
  int64_t rows_checked = 0;
  std::optional<ChainBreak> first_break;  // the first broken link, tables in ChainedTables() order
  // The last linked row of each table: what a signed digest records.
  struct Head {
    std::string table;
    int64_t last_id = 0;
    std::string last_hash;
    int64_t rows = 0;  // linked rows
    int64_t last_seq = 0;
    // Rows committed but not linked yet (PostgreSQL, decision 0023): not breaks, but not covered
    // by the chain either until the linker reaches them.
    int64_t pending = 0;
    std::optional<int64_t> oldest_pending_at;  // the smallest `at` among them
  };
  std::vector<Head> heads;
};

// Walks both chains in chain_seq order, `page_rows` rows per read, and stops at the first break;
// then counts each table's pending rows (a pending row with hashes is a break).
Result<ChainCheck> VerifyChains(Database& db, int page_rows = 5000);

// The row_hash of row `id` of `table` (a name from ChainedTables()), or nullopt if absent.
Result<std::optional<std::string>> ChainRowHashAt(Database& db, std::string_view table, int64_t id);

}  // namespace motcua::storage

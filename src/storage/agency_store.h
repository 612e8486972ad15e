// SQL for agencies and counters.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.h"
#include "storage/query_batch.h"

namespace motcua::storage {

struct AgencyRecord {
  int64_t id = 0;
  std::string code;
  std::string name;
  std::string short_name;
  std::string type;
  std::optional<int64_t> parent_id;
  std::string path;  // "/<root id>/.../<id>/"
  bool is_one_stop_centre = false;
  std::string address;
  std::optional<int64_t> abolished_at;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

struct CounterRecord {
  int64_t id = 0;
  int64_t agency_id = 0;
  int number = 0;
  std::string name;
  std::string fields;  // comma-separated field codes served at this counter
  bool active = true;
};

// Every agency, ordered by path (parents before children).
Result<std::vector<AgencyRecord>> ListAgencies(Connection& c);
Result<std::optional<AgencyRecord>> FindAgencyByCode(Connection& c, const std::string& code);
Result<std::optional<AgencyRecord>> FindAgencyById(Connection& c, int64_t id);
// The agencies with any of these ids or codes, in one statement added to `batch`, in no
// particular order; those that do not exist are absent. `*out` is filled when the batch runs.
void FindAgencies(QueryBatch& batch, const std::vector<int64_t>& ids,
                  const std::vector<std::string>& codes, std::vector<AgencyRecord>* out);
// Inserts and fills id and path (parent's path + id). Duplicate code -> already_exists (409).
Result<AgencyRecord> InsertAgency(Connection& c, AgencyRecord record);
// Updates name, short name, type, address, centre flag and abolition; the tree position and
// code are not changed here (MoveAgency does that).
Status UpdateAgency(Connection& c, const AgencyRecord& record);
// Re-parents `record` under `new_parent`, rewriting the paths of the whole subtree.
Status MoveAgency(Connection& c, const AgencyRecord& record, const AgencyRecord& new_parent);

Result<std::vector<CounterRecord>> ListCounters(Connection& c, int64_t agency_id);
Result<CounterRecord> InsertCounter(Connection& c, CounterRecord record);
// The counter `number` of the agency, inactive ones included.
Result<std::optional<CounterRecord>> FindCounter(Connection& c, int64_t agency_id, int number);
// Writes name, fields and the active flag of the counter with record.id (number and agency stay).
Status UpdateCounter(Connection& c, const CounterRecord& record);

}  // namespace motcua::storage

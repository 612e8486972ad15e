// The organisation tree: agencies (cơ quan), one-stop centres and their counters (quầy).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "service/principal.h"
#include "storage/agency_store.h"
#include "storage/database.h"
#include "storage/user_store.h"

namespace motcua::service {

struct AgencyInput {
  std::string code;
  std::string name;
  std::string short_name;
  std::string type;         // domain::AgencyTypeName
  std::string parent_code;  // empty for a root
  std::string address;
  bool is_one_stop_centre = false;
};

struct AgencyPatch {
  std::optional<std::string> name;
  std::optional<std::string> short_name;
  std::optional<std::string> type;
  std::optional<std::string> address;
  std::optional<std::string> parent_code;
  std::optional<bool> is_one_stop_centre;
  std::optional<bool> abolished;  // true abolishes now (kept for history), false restores
};

// Changes to a counter; unset members stay as they are.
struct CounterPatch {
  std::optional<std::string> name;
  std::optional<std::string> fields;  // comma-separated field codes; "" serves no field
  std::optional<bool> active;         // false takes it out of use, true puts it back
};

class AgencyService {
 public:
  AgencyService(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // The whole tree, abolished units included (flagged) so history stays readable. Public.
  Result<std::vector<storage::AgencyRecord>> List();
  Result<storage::AgencyRecord> Get(const std::string& code);

  // Admin only, within the admin's subtree (a new root needs a null actor: the command line).
  Result<storage::AgencyRecord> Create(const Principal* actor, const AgencyInput& input);
  Result<storage::AgencyRecord> Update(const Principal& actor, const std::string& code,
                                       const AgencyPatch& patch);

  // Staff of the agency's subtree: admin, leader or monitor covering the agency.
  Result<std::vector<storage::UserRecord>> ListUsers(const Principal& actor,
                                                     const std::string& code);
  // Counters of a one-stop centre: any staff covering it may read; admins may add.
  Result<std::vector<storage::CounterRecord>> ListCounters(const Principal& actor,
                                                           const std::string& code);
  Result<storage::CounterRecord> AddCounter(const Principal* actor, const std::string& code,
                                            int number, const std::string& name,
                                            const std::string& fields);
  // Admin only, within the admin's subtree. Unknown counter -> not_found on "number"; a bad
  // field list -> invalid_field on "fields". Audited in the same transaction.
  Result<storage::CounterRecord> UpdateCounter(const Principal& actor, const std::string& code,
                                               int number, const CounterPatch& patch);
  // Takes the counter out of use (kept, so history and a later reactivation still find it).
  Status DeactivateCounter(const Principal& actor, const std::string& code, int number);

 private:
  storage::Database& db_;
  const Clock& clock_;
};

}  // namespace motcua::service

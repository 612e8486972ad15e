// Reads that do not depend on each other, gathered to go to the database together
// (Connection::QueryBatch): on PostgreSQL one round trip instead of one each. A dossier's view
// reads its steps, history, attachments, shipments, result and life event this way.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "storage/database.h"

namespace motcua::storage {

class QueryBatch {
 public:
  // Adds a query; once Run has its rows it hands them to `take`, which fills the caller's
  // records. `sql` must outlive Run.
  void Add(std::string_view sql, Params params, std::function<Status(Rows&)> take);
  // The same for SQL built for this call (an IN list): the batch keeps it.
  void AddOwned(std::string sql, Params params, std::function<Status(Rows&)> take);
  // Runs every query added, then every `take` in the order added; fails as the first failing
  // query or `take` would. The batch is empty afterwards.
  Status Run(Connection& c);

 private:
  std::vector<BatchQuery> queries_;
  std::vector<std::function<Status(Rows&)>> takes_;
  std::vector<std::unique_ptr<std::string>> owned_;  // stable addresses for queries_
};

// A batched read run alone, for the stores' one-read functions: `add(batch, &out)` adds it.
template <typename T, typename AddRead>
Result<T> ReadAlone(Connection& c, AddRead&& add) {
  T out{};
  QueryBatch batch;
  add(batch, &out);
  MOTCUA_RETURN_IF_ERROR(batch.Run(c));
  return out;
}

}  // namespace motcua::storage

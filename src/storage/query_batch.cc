#include "storage/query_batch.h"

namespace motcua::storage {

void QueryBatch::Add(std::string_view sql, Params params, std::function<Status(Rows&)> take) {
  queries_.push_back({sql, std::move(params)});
  takes_.push_back(std::move(take));
}

void QueryBatch::AddOwned(std::string sql, Params params, std::function<Status(Rows&)> take) {
  owned_.push_back(std::make_unique<std::string>(std::move(sql)));
  Add(std::string_view(*owned_.back()), std::move(params), std::move(take));
}

Status QueryBatch::Run(Connection& c) {
  auto queries = std::move(queries_);
  auto takes = std::move(takes_);
  auto owned = std::move(owned_);
  queries_.clear();
  takes_.clear();
  owned_.clear();
  if (queries.empty()) return Status::Ok();
  MOTCUA_ASSIGN_OR_RETURN(auto results, c.QueryBatch(queries));
  if (results.size() != queries.size())
    return Status::Internal("QueryBatch returned fewer results than queries");
  for (size_t i = 0; i < takes.size(); ++i) MOTCUA_RETURN_IF_ERROR(takes[i](results[i]));
  return Status::Ok();
}

}  // namespace motcua::storage

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdlib>

#include "storage/database.h"

namespace motcua::storage {
namespace {

// PostgreSQL hands every value back as text, booleans as "t"/"f".
int64_t ParseInt(const std::string& s) {
  if (s == "t" || s == "true") return 1;
  if (s == "f" || s == "false") return 0;
  int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec == std::errc() && end == s.data() + s.size()) return v;
  // NUMERIC results (SUM, AVG) come back as "12.0"; truncate like a C cast would.
  char* dend = nullptr;
  double d = std::strtod(s.c_str(), &dend);
  if (dend != s.c_str() && std::isfinite(d)) return static_cast<int64_t>(d);
  return 0;
}

}  // namespace

int64_t Row::Int(size_t i) const {
  const Value& v = values_.at(i);
  if (const auto* n = std::get_if<int64_t>(&v)) return *n;
  if (const auto* d = std::get_if<double>(&v)) return static_cast<int64_t>(*d);
  if (const auto* s = std::get_if<std::string>(&v)) return ParseInt(*s);
  return 0;
}

double Row::Double(size_t i) const {
  const Value& v = values_.at(i);
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* n = std::get_if<int64_t>(&v)) return static_cast<double>(*n);
  if (const auto* s = std::get_if<std::string>(&v)) return std::strtod(s->c_str(), nullptr);
  return 0;
}

std::string Row::Text(size_t i) const {
  const Value& v = values_.at(i);
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* n = std::get_if<int64_t>(&v)) return fmt::format("{}", *n);
  if (const auto* d = std::get_if<double>(&v)) return fmt::format("{}", *d);
  return {};
}

std::optional<std::string> Row::OptText(size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Text(i);
}

std::optional<int64_t> Row::OptInt(size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Int(i);
}

Result<std::optional<Row>> Connection::QueryOne(std::string_view sql, const Params& params) {
  MOTCUA_ASSIGN_OR_RETURN(Rows rows, Query(sql, params));
  // More than one row means the WHERE clause is not on a key: a bug worth surfacing.
  if (rows.size() > 1) {
    return Status::Internal(fmt::format("QueryOne got {} rows: {}", rows.size(), sql));
  }
  if (rows.empty()) return std::optional<Row>();
  return std::optional<Row>(std::move(rows.front()));
}

Result<std::vector<Rows>> Connection::QueryBatch(const std::vector<BatchQuery>& queries) {
  std::vector<Rows> out;
  out.reserve(queries.size());
  for (const auto& q : queries) {
    MOTCUA_ASSIGN_OR_RETURN(Rows rows, Query(q.sql, q.params));
    out.push_back(std::move(rows));
  }
  return out;
}

Status Connection::ExecLater(std::string_view sql, Params params,
                             std::function<Status(int64_t changed)> check) {
  MOTCUA_ASSIGN_OR_RETURN(int64_t changed, Exec(sql, params));
  return check ? check(changed) : Status::Ok();
}

}  // namespace motcua::storage

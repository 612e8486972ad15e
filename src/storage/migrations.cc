#include "storage/migrations.h"

namespace motcua::storage {
namespace {

// Instants are Unix seconds (UTC). Agencies carry a materialised path ("/1/4/9/") so that
// "this agency's subtree" is one indexed prefix comparison in both dialects.
constexpr std::string_view kIdentitySqlite = R"sql(
CREATE TABLE agencies (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  short_name TEXT NOT NULL DEFAULT '',
  type TEXT NOT NULL,
  parent_id INTEGER REFERENCES agencies(id),
  path TEXT NOT NULL,
  is_one_stop_centre INTEGER NOT NULL DEFAULT 0,
  address TEXT NOT NULL DEFAULT '',
  abolished_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX agencies_path ON agencies(path);
CREATE INDEX agencies_parent ON agencies(parent_id);
CREATE TABLE counters (
  id INTEGER PRIMARY KEY,
  agency_id INTEGER NOT NULL REFERENCES agencies(id),
  number INTEGER NOT NULL,
  name TEXT NOT NULL,
  fields TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1,
  UNIQUE (agency_id, number)
);
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  full_name TEXT NOT NULL,
  role TEXT NOT NULL,
  agency_id INTEGER REFERENCES agencies(id),
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL
);
CREATE INDEX users_agency ON users(agency_id);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor_user_id INTEGER,
  actor_username TEXT NOT NULL,
  actor_agency_id INTEGER,
  action TEXT NOT NULL,
  object_type TEXT NOT NULL,
  object_id TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_at ON audit_log(at);
)sql";

constexpr std::string_view kIdentityPostgres = R"sql(
CREATE TABLE agencies (
  id BIGSERIAL PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  short_name TEXT NOT NULL DEFAULT '',
  type TEXT NOT NULL,
  parent_id BIGINT REFERENCES agencies(id),
  path TEXT NOT NULL,
  is_one_stop_centre INTEGER NOT NULL DEFAULT 0,
  address TEXT NOT NULL DEFAULT '',
  abolished_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX agencies_path ON agencies(path text_pattern_ops);
CREATE INDEX agencies_parent ON agencies(parent_id);
CREATE TABLE counters (
  id BIGSERIAL PRIMARY KEY,
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  number INTEGER NOT NULL,
  name TEXT NOT NULL,
  fields TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1,
  UNIQUE (agency_id, number)
);
CREATE TABLE users (
  id BIGSERIAL PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  full_name TEXT NOT NULL,
  role TEXT NOT NULL,
  agency_id BIGINT REFERENCES agencies(id),
  active INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL
);
CREATE INDEX users_agency ON users(agency_id);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE TABLE audit_log (
  id BIGSERIAL PRIMARY KEY,
  at BIGINT NOT NULL,
  actor_user_id BIGINT,
  actor_username TEXT NOT NULL,
  actor_agency_id BIGINT,
  action TEXT NOT NULL,
  object_type TEXT NOT NULL,
  object_id TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_at ON audit_log(at);
)sql";

// The catalogue keeps every version of a procedure's publication as a JSON document (lossless
// for import/export) with the columns that filters and lists need beside it.
constexpr std::string_view kCatalogueSqlite = R"sql(
CREATE TABLE procedures (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  field_code TEXT NOT NULL,
  level TEXT NOT NULL,
  online_level TEXT NOT NULL,
  current_version INTEGER NOT NULL,
  retired_at INTEGER,
  updated_at INTEGER NOT NULL
);
CREATE TABLE procedure_versions (
  procedure_id INTEGER NOT NULL REFERENCES procedures(id),
  version INTEGER NOT NULL,
  effective_from TEXT NOT NULL,
  effective_to TEXT,
  document TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  PRIMARY KEY (procedure_id, version)
);
CREATE TABLE calendar_overrides (
  id INTEGER PRIMARY KEY,
  day TEXT NOT NULL,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  agency_id INTEGER REFERENCES agencies(id),
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL
);
CREATE UNIQUE INDEX calendar_overrides_day ON calendar_overrides(day, COALESCE(agency_id, 0));
)sql";

constexpr std::string_view kCataloguePostgres = R"sql(
CREATE TABLE procedures (
  id BIGSERIAL PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  field_code TEXT NOT NULL,
  level TEXT NOT NULL,
  online_level TEXT NOT NULL,
  current_version INTEGER NOT NULL,
  retired_at BIGINT,
  updated_at BIGINT NOT NULL
);
CREATE TABLE procedure_versions (
  procedure_id BIGINT NOT NULL REFERENCES procedures(id),
  version INTEGER NOT NULL,
  effective_from TEXT NOT NULL,
  effective_to TEXT,
  document TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  PRIMARY KEY (procedure_id, version)
);
CREATE TABLE calendar_overrides (
  id BIGSERIAL PRIMARY KEY,
  day TEXT NOT NULL,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  agency_id BIGINT REFERENCES agencies(id),
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL
);
CREATE UNIQUE INDEX calendar_overrides_day ON calendar_overrides(day, COALESCE(agency_id, 0));
)sql";

}  // namespace

const std::vector<Migration>& AllMigrations() {
  static const auto* migrations = new std::vector<Migration>{
      {1, "identity_and_organisation", kIdentitySqlite, kIdentityPostgres},
      {2, "catalogue_and_calendar", kCatalogueSqlite, kCataloguePostgres},
  };
  return *migrations;
}

}  // namespace motcua::storage

#include "web/db.hpp"

#include "db/placeholders.hpp"
#include "db/postgres_connection.hpp"
#include "db/sqlite_connection.hpp"

namespace web {

std::unique_ptr<Connection> Connection::open(const std::string& url) {
  if (url.rfind("sqlite:", 0) == 0)
    return std::make_unique<detail::SqliteConnection>(url.substr(7));
  if (url.rfind("postgresql:", 0) == 0 || url.rfind("postgres:", 0) == 0 ||
      url.find('=') != std::string::npos) {
    return std::make_unique<detail::PostgresConnection>(url);
  }
  throw DbError(DbError::Kind::connection,
                "unknown database URL \"" + url + "\" (sqlite:PATH or postgresql://...)");
}

const detail::Placeholders& Connection::rewrite(std::string_view sql) {
  auto found = rewritten_.find(sql);
  if (found == rewritten_.end()) {
    auto p = detail::rewrite_placeholders(sql, engine() == "postgres");
    prepare_engine(p.sql);
    found = rewritten_.emplace(std::string(sql), std::move(p)).first;
  }
  return found->second;
}

const json* detail::parameter(const json& params, std::string_view name) {
  if (auto it = params.find(std::string(name)); it != params.end()) return &*it;
  // :a.login: the attribute "login" of the object "a", at any depth.
  const json* value = &params;
  for (std::size_t from = 0; from <= name.size();) {
    auto dot = std::min(name.find('.', from), name.size());
    if (!value->is_object()) return nullptr;
    auto it = value->find(std::string(name.substr(from, dot - from)));
    if (it == value->end()) return nullptr;
    value = &*it;
    from = dot + 1;
  }
  return value;
}

Connection::Result Connection::run_params(std::string_view sql, const json& params,
                                          std::size_t max_rows) {
  const auto& p = rewrite(sql);
  std::vector<const json*> args;  // the values themselves, not copies
  if (!p.names.empty()) {
    if (!params.is_object()) throw std::invalid_argument("SQL with :names needs a JSON object");
    args.reserve(p.names.size());
    for (const auto& name : p.names) {
      const json* value = detail::parameter(params, name);
      if (value == nullptr) throw std::invalid_argument("missing SQL parameter :" + name);
      args.push_back(value);
    }
  } else if (p.positional > 0) {
    if (!params.is_array() || params.size() != static_cast<std::size_t>(p.positional)) {
      throw std::invalid_argument("SQL with " + std::to_string(p.positional) +
                                  " ? parameter(s) needs a JSON array of that size");
    }
    args.reserve(params.size());
    for (const auto& value : params) args.push_back(&value);
  }
  return run(p.sql, args, max_rows);
}

void Connection::prepare(std::string_view sql) {
  rewrite(sql);
}

json Connection::fetch_all(std::string_view sql, const json& params) {
  return run_params(sql, params).rows;
}

json Connection::fetch_one(std::string_view sql, const json& params) {
  json rows = run_params(sql, params, 1).rows;
  return rows.empty() ? json(nullptr) : std::move(rows.front());
}

json Connection::fetch_value(std::string_view sql, const json& params) {
  json row = fetch_one(sql, params);
  return row.is_object() && !row.empty() ? row.begin().value() : json(nullptr);
}

std::int64_t Connection::execute(std::string_view sql, const json& params) {
  return run_params(sql, params).count;
}

}  // namespace web

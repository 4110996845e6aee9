#include "web/config.hpp"

#include <cctype>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "web/error.hpp"

namespace web {

namespace {

// Integers are accepted where a float is declared; otherwise the JSON types must match.
bool same_kind(const json& declared, const json& given) {
  if (declared.is_number_float()) return given.is_number();
  if (declared.is_number_integer()) return given.is_number_integer();
  return declared.type() == given.type();
}

std::string env_name(std::string_view key) {
  std::string name = "APP_";
  for (char c : key) {
    name += c == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return name;
}

}  // namespace

Config::Config() {
  declare("host", "127.0.0.1", "address to listen on");
  declare("port", 5000, "port to listen on; 0 picks a free one (env PORT)");
  declare("db", "", "database URL (env DATABASE_URL)");
  declare("threads", 2, "worker threads");
  declare("max_body", 1 << 20, "largest request body accepted, in bytes (413 beyond)");
  declare("access_log", true, "one log line per request on stderr");
  declare("trusted_proxy", "",
          "the reverse proxy's address (nginx's): its X-Real-IP, else X-Forwarded-For, names the "
          "client in the access log; empty: nobody's headers are trusted");
}

void Config::declare(std::string key, json default_value, std::string help) {
  entries_[std::move(key)] = Entry{default_value, default_value, std::move(help)};
}

const json& Config::get(std::string_view key) const {
  auto it = entries_.find(key);
  if (it == entries_.end())
    throw std::invalid_argument("unknown config key \"" + std::string(key) + "\"");
  return it->second.value;
}

void Config::set(std::string_view key, json value) {
  auto it = entries_.find(key);
  if (it == entries_.end())
    throw std::invalid_argument("unknown config key \"" + std::string(key) + "\"");
  if (!same_kind(it->second.default_value, value)) {
    throw std::invalid_argument("config key \"" + std::string(key) + "\" expects a " +
                                it->second.default_value.type_name() + ", got " + value.dump());
  }
  it->second.value = std::move(value);
}

void Config::set_text(std::string_view key, std::string_view text) {
  auto it = entries_.find(key);
  if (it == entries_.end())
    throw std::invalid_argument("unknown config key \"" + std::string(key) + "\"");
  const json& declared = it->second.default_value;
  if (declared.is_string()) return set(key, std::string(text));
  json value = parse_json(text);
  if (value.is_discarded() || !same_kind(declared, value)) {
    throw std::invalid_argument("config key \"" + std::string(key) + "\" expects a " +
                                declared.type_name() + ", got \"" + std::string(text) + "\"");
  }
  set(key, std::move(value));
}

void Config::set_nested(const std::string& prefix, const json& object, const std::string& origin,
                        std::vector<std::string>& problems) {
  for (const auto& [name, value] : object.items()) {
    std::string key = prefix.empty() ? name : prefix + "." + name;
    bool declared = entries_.count(key) != 0;
    if (!declared && value.is_object()) {
      set_nested(key, value, origin, problems);
      continue;
    }
    try {
      set(key, value);
    } catch (const std::invalid_argument& e) {
      problems.push_back(origin + ": " + e.what());
    }
  }
}

void Config::load_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw StartupError({"cannot read config file " + path});
  load_text(std::string(std::istreambuf_iterator<char>(in), {}), path);
}

void Config::load_text(std::string_view text, const std::string& origin) {
  std::string error;
  json file = parse_json(text, &error, /*comments=*/true);
  if (file.is_discarded()) throw StartupError({origin + ": not valid JSON: " + error});
  if (!file.is_object()) throw StartupError({origin + ": the config must be a JSON object"});
  std::vector<std::string> problems;
  set_nested("", file, origin, problems);
  if (!problems.empty()) throw StartupError(std::move(problems));
}

void Config::load_env() {
  std::vector<std::string> problems;
  for (const auto& [key, entry] : entries_) {
    std::string name = env_name(key);
    if (const char* text = std::getenv(name.c_str())) {
      try {
        set_text(key, text);
      } catch (const std::invalid_argument& e) {
        problems.push_back(name + ": " + e.what());
      }
    }
  }
  if (!problems.empty()) throw StartupError(std::move(problems));
}

std::string Config::describe() const {
  std::ostringstream out;
  for (const auto& [key, entry] : entries_) {
    out << "  " << key << " (default " << entry.default_value.dump() << ", env " << env_name(key)
        << "): " << entry.help << "\n";
  }
  return out.str();
}

}  // namespace web

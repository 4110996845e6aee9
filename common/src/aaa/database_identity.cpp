#include "aaa/database_identity.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <stdexcept>

#include "web/url.hpp"

namespace web::detail {

namespace {

// The first 16 hex digits of the SHA-256 of `text`: the keys stay short and name no path.
std::string short_hash(const std::string& text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(text.data(), text.size(), digest, &size, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 failed");
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < 8; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 15];
  }
  return out;
}

std::string decoded(std::string_view text) {
  return url_decode(text, false).value_or(std::string(text));
}

// libpq's two forms: postgresql://[USER[:PASSWORD]@][HOSTS][/DBNAME][?KEY=VALUE&...] and
// "KEY=VALUE KEY='a value' ...". A malformed URL stops the server when it opens the database.
std::map<std::string, std::string> postgres_settings(std::string_view url) {
  std::map<std::string, std::string> settings;
  for (std::string_view scheme : {"postgresql://", "postgres://"}) {
    if (url.substr(0, scheme.size()) != scheme) continue;
    url.remove_prefix(scheme.size());
    auto question = url.find('?');
    std::string_view query = question == std::string_view::npos ? "" : url.substr(question + 1);
    url = url.substr(0, question);
    auto slash = url.find('/');
    auto authority = url.substr(0, slash);
    if (slash != std::string_view::npos) settings["dbname"] = decoded(url.substr(slash + 1));
    if (auto at = authority.rfind('@'); at != std::string_view::npos) {
      auto user = authority.substr(0, at);
      settings["user"] = decoded(user.substr(0, user.find(':')));
      authority.remove_prefix(at + 1);
    }
    settings["host"] = decoded(authority);  // hosts and ports, as written: "h1:5433,h2"
    std::string ignored;
    for (auto& [key, value] : parse_urlencoded(query, ignored)) settings[key] = value;
    return settings;
  }
  std::size_t at = 0;
  auto skip_spaces = [&] {
    while (at < url.size() && std::isspace(static_cast<unsigned char>(url[at]))) ++at;
  };
  while (skip_spaces(), at < url.size()) {
    auto equal = url.find('=', at);
    if (equal == std::string_view::npos) break;
    std::string key(url.substr(at, equal - at));
    while (!key.empty() && std::isspace(static_cast<unsigned char>(key.back()))) key.pop_back();
    at = equal + 1;
    skip_spaces();
    std::string value;
    if (at < url.size() && url[at] == '\'') {
      for (++at; at < url.size() && url[at] != '\''; ++at) {
        if (url[at] == '\\' && at + 1 < url.size()) ++at;
        value += url[at];
      }
      ++at;
    } else {
      while (at < url.size() && !std::isspace(static_cast<unsigned char>(url[at])))
        value += url[at++];
    }
    settings[key] = value;
  }
  return settings;
}

std::string postgres_identity(const std::string& url) {
  auto settings = postgres_settings(url);
  auto value = [&](const char* key, const char* variable) {
    if (auto it = settings.find(key); it != settings.end() && !it->second.empty())
      return it->second;
    const char* from_env = std::getenv(variable);
    return std::string(from_env ? from_env : "");
  };
  std::string database = value("dbname", "PGDATABASE");
  if (database.empty()) database = "user " + value("user", "PGUSER");  // libpq's default
  return "postgres\n" + value("host", "PGHOST") + "\n" + value("hostaddr", "PGHOSTADDR") + "\n" +
         value("port", "PGPORT") + "\n" + database;
}

}  // namespace

std::string database_identity(const std::string& url) {
  if (url.rfind("sqlite:", 0) == 0) {
    std::string path = url.substr(7);
    if (path == ":memory:") {
      unsigned char random[16];
      if (RAND_bytes(random, sizeof random) != 1) throw std::runtime_error("no random bytes");
      return short_hash(std::string(reinterpret_cast<char*>(random), sizeof random));
    }
    auto absolute = std::filesystem::absolute(path);
    std::error_code error;
    auto canonical = std::filesystem::weakly_canonical(absolute, error);
    return short_hash("sqlite\n" + (error ? absolute : canonical).string());
  }
  return short_hash(postgres_identity(url));
}

}  // namespace web::detail

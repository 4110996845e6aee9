// Settings: declared keys with defaults, a JSON config file (comments allowed), the
// environment and the command line, in increasing order of precedence.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "web/json.hpp"

namespace web {

class Config {
 public:
  // Declares the keys every server has: host, port, db, threads, max_body, access_log.
  Config();

  // Declares a key of the application, e.g. declare("store.capacity", 1000, "...").
  // Its default fixes its type; a nested file object {"store": {"capacity": 10}} sets it.
  void declare(std::string key, json default_value, std::string help);

  const json& get(std::string_view key) const;
  template <class T>
  T get(std::string_view key) const {
    return get(key).get<T>();
  }

  // Sets a declared key; an unknown key or a value of the wrong type throws
  // std::invalid_argument naming it.
  void set(std::string_view key, json value);
  // Sets a declared key from text (environment, command line), converted to its type.
  void set_text(std::string_view key, std::string_view text);

  // Loads a JSON file (// and /* */ comments allowed); unknown keys and values of the wrong type
  // are errors, all reported at once in a web::StartupError, one line per key.
  void load_file(const std::string& path);
  // The same for a file's text; `origin` names it in errors.
  void load_text(std::string_view text, const std::string& origin);
  // Applies APP_<KEY> variables (upper case, '.' as '_'): APP_MAX_BODY=2048. The same errors.
  void load_env();

  // One line per key: name, default, help; for --help.
  std::string describe() const;

 private:
  struct Entry {
    json value;
    json default_value;
    std::string help;
  };
  void set_nested(const std::string& prefix, const json& object, const std::string& origin,
                  std::vector<std::string>& problems);
  std::map<std::string, Entry, std::less<>> entries_;
};

}  // namespace web

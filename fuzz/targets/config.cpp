// Fuzz target: a config file (JSON with comments) applied to declared keys. A bad file is
// refused with a web::StartupError naming every problem; anything else is a bug.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include <web/config.hpp>
#include <web/error.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  web::Config config;
  config.declare("store.capacity", 1000, "most pairs kept");
  config.declare("names", web::json::array({"a"}), "a list");
  config.declare("ratio", 0.5, "a double");
  try {
    config.load_text(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.json");
    (void)config.describe();
  } catch (const web::StartupError&) {
  }
  return 0;
}

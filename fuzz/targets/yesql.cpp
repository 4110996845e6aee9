// Fuzz target: a queries.sql file read by the YeSQL parser (names, suffixes, declared
// parameters, :name placeholders outside strings and ::casts). A malformed file is refused
// with std::runtime_error or std::invalid_argument naming its line; anything else is a bug.
#include <cstdint>
#include <stdexcept>
#include <string>

#include <web/yesql.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  try {
    auto queries = web::Queries::parse(text, "fuzz.sql");
    for (const auto& [name, query] : queries.all()) (void)queries.get(name);
  } catch (const std::runtime_error&) {
  } catch (const std::invalid_argument&) {
  }
  return 0;
}

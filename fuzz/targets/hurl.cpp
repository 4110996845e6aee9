// Fuzz target: the grader's Hurl-subset parser (grader/src/hurl/parser.cpp) on any text. A file
// outside the subset is refused with ParseError at its line; anything else is a bug.
#include <cstdint>
#include <string>

#include "hurl/parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  try {
    (void)grader::hurl::parse_text(text, "fuzz.hurl");
  } catch (const grader::hurl::ParseError&) {
  }
  return 0;
}

#include "commands/shard.hpp"

#include <openssl/evp.h>

#include <charconv>
#include <cstdint>
#include <stdexcept>

namespace grader {

namespace {

int whole_number(const std::string& text, std::size_t from, std::size_t to) {
  int value = -1;
  const char* first = text.data() + from;
  const char* last = text.data() + to;
  auto [end, error] = std::from_chars(first, last, value);
  if (first == last || error != std::errc() || end != last) return -1;
  return value;
}

}  // namespace

Shard parse_shard(const std::string& text) {
  std::size_t slash = text.find('/');
  Shard shard;
  if (slash != std::string::npos) {
    shard.index = whole_number(text, 0, slash);
    shard.count = whole_number(text, slash + 1, text.size());
  }
  if (slash == std::string::npos || shard.index < 0 || shard.count < 1 ||
      shard.index >= shard.count) {
    throw std::invalid_argument(
        "--shard takes I/N, the slice I of N counted from 0 (0/4 to 3/4), not " + text);
  }
  return shard;
}

int slice_of(const std::string& submission, int count) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(submission.data(), submission.size(), digest, &size, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("SHA-256 is not available");
  }
  std::uint64_t number = 0;
  for (int i = 0; i < 8; ++i) number = number << 8 | digest[i];
  return static_cast<int>(number % static_cast<std::uint64_t>(count));
}

}  // namespace grader

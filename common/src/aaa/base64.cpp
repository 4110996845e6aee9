#include "aaa/base64.hpp"

namespace web::detail {

namespace {

std::string_view alphabet_of(Base64 alphabet) {
  return alphabet == Base64::standard
             ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
             : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
}

}  // namespace

std::string base64_encode(std::string_view bytes, Base64 alphabet) {
  std::string_view digits = alphabet_of(alphabet);
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  unsigned bits = 0;
  int count = 0;
  for (unsigned char c : bytes) {
    bits = (bits << 8) | c;
    count += 8;
    while (count >= 6) {
      count -= 6;
      out += digits[(bits >> count) & 0x3F];
    }
  }
  if (count > 0) out += digits[(bits << (6 - count)) & 0x3F];
  if (alphabet == Base64::standard) {
    while (out.size() % 4 != 0) out += '=';
  }
  return out;
}

std::optional<std::string> base64_decode(std::string_view text, Base64 alphabet) {
  std::string_view digits = alphabet_of(alphabet);
  if (alphabet == Base64::standard) {
    while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  }
  std::string out;
  unsigned bits = 0;
  int count = 0;
  for (char c : text) {
    auto pos = digits.find(c);
    if (pos == std::string_view::npos) return std::nullopt;
    bits = (bits << 6) | static_cast<unsigned>(pos);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += static_cast<char>((bits >> count) & 0xFF);
    }
  }
  // base64url as JWTs spell it: no character left alone (6 bits, no byte), and the unused low
  // bits of the last one zero, so that each byte string has one spelling.
  if (alphabet == Base64::url && (count == 6 || (bits & ((1u << count) - 1)) != 0)) {
    return std::nullopt;
  }
  return out;
}

}  // namespace web::detail

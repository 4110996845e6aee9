#include "web/token.hpp"

#include <openssl/crypto.h>

#include <cstdio>
#include <optional>
#include <stdexcept>
#include <vector>

#include "aaa/hmac.hpp"
#include "aaa/token_time.hpp"

namespace web {

namespace {

using namespace std::chrono;

constexpr std::size_t signature_bytes = 16;  // 32 hex digits

// The truncated HMAC-SHA256 of `data`, in lowercase hex.
std::string sign(std::string_view data, std::string_view secret) {
  return detail::hmac_sha256_hex(data, secret, signature_bytes);
}

// YYYYMMDDHHmmSS in UTC.
std::string format_limit(system_clock::time_point time) {
  auto second = floor<seconds>(time);
  auto midnight = floor<days>(second);
  year_month_day date(midnight);
  hh_mm_ss clock(second - midnight);
  // A system_clock time (nanoseconds in libstdc++) is within years 1677..2262, so 14 characters
  // come out; the room is for the wider ints -Wformat-truncation cannot rule out.
  char text[32];
  std::snprintf(text, sizeof text, "%04d%02u%02u%02d%02d%02d", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
                static_cast<int>(clock.seconds().count()));
  return text;
}

// The number in text[at, at + n), all digits.
std::optional<int> digits_at(std::string_view text, std::size_t at, std::size_t n) {
  int value = 0;
  for (char c : text.substr(at, n)) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

// The UTC time of a YYYYMMDDHHmmSS limit; nothing if it is not a valid date and time.
std::optional<sys_seconds> parse_limit(std::string_view text) {
  if (text.size() != 14) return std::nullopt;
  auto y = digits_at(text, 0, 4), mo = digits_at(text, 4, 2), d = digits_at(text, 6, 2),
       h = digits_at(text, 8, 2), mi = digits_at(text, 10, 2), s = digits_at(text, 12, 2);
  if (!y || !mo || !d || !h || !mi || !s || *h > 23 || *mi > 59 || *s > 59) return std::nullopt;
  year_month_day date{year(*y), month(static_cast<unsigned>(*mo)), day(static_cast<unsigned>(*d))};
  if (!date.ok()) return std::nullopt;
  return sys_days(date) + hours(*h) + minutes(*mi) + seconds(*s);
}

void require_secret(std::string_view secret) {
  if (secret.empty()) throw std::invalid_argument("a token secret cannot be empty");
}

// The fields of `token` between its ':', 6 at most: more are as malformed as 6.
std::vector<std::string_view> fields_of(std::string_view token) {
  std::vector<std::string_view> fields;
  for (std::size_t start = 0; fields.size() < 6;) {
    auto colon = token.find(':', start);
    fields.push_back(token.substr(start, colon - start));
    if (colon == std::string_view::npos) break;
    start = colon + 1;
  }
  return fields;
}

}  // namespace

std::string create_token(std::string_view realm, std::string_view user,
                         system_clock::time_point expiry, std::string_view secret,
                         std::string_view stamp) {
  require_secret(secret);
  // The fields are split on ':', so none may hold one.
  if (realm.empty() || realm.find(':') != std::string_view::npos)
    throw std::invalid_argument("a token realm must be non-empty, without ':'");
  if (user.empty() || user.find(':') != std::string_view::npos)
    throw std::invalid_argument("a token user must be non-empty, without ':'");
  if (stamp.find(':') != std::string_view::npos)
    throw std::invalid_argument("a token stamp must be without ':'");
  std::string data = std::string(realm) + ':' + std::string(user) + ':' + format_limit(expiry);
  if (!stamp.empty()) (data += ':') += stamp;
  return data + ':' + sign(data, secret);
}

std::string_view TokenCheck::message() const {
  if (format == Format::jwt) {
    if (kind == Kind::ok) return "";
    return kind == Kind::expired ? "expired jwt auth token" : "invalid jwt token";
  }
  switch (kind) {
    case Kind::ok:
      return "";
    case Kind::malformed:
      return "invalid fsa token";
    case Kind::bad_limit:
      return "unexpected fsa token limit";
    case Kind::other_realm:
      return "unexpected fsa token realm";
    case Kind::bad_signature:
      return "invalid fsa auth token signature";
    case Kind::expired:
      return "expired auth token";
    case Kind::not_yet_valid:  // not an fsa token's: it has no start
      return "invalid fsa token";
  }
  return "invalid fsa token";  // not reached: every kind is above
}

TokenCheck check_token(std::string_view token, std::string_view realm, std::string_view secret,
                       system_clock::time_point now) {
  using Kind = TokenCheck::Kind;
  auto refused = [](Kind kind) {
    return TokenCheck{kind, TokenCheck::Format::fsa, "", {}, "", {}};
  };
  require_secret(secret);
  // realm:user:limit:signature, or realm:user:limit:stamp:signature.
  auto fields = fields_of(token);
  if (fields.size() != 4 && fields.size() != 5) return refused(Kind::malformed);
  auto user = fields[1];
  auto stamp = fields.size() == 5 ? fields[3] : std::string_view();
  if (user.empty() || (fields.size() == 5 && stamp.empty())) return refused(Kind::malformed);

  auto parsed = parse_limit(fields[2]);
  if (!parsed) return refused(Kind::bad_limit);
  if (fields[0] != realm) return refused(Kind::other_realm);
  auto signature = fields.back();
  std::string expected = sign(token.substr(0, token.size() - signature.size() - 1), secret);
  if (signature.size() != expected.size() ||
      CRYPTO_memcmp(signature.data(), expected.data(), expected.size()) != 0)
    return refused(Kind::bad_signature);
  auto limit = detail::bounded_time(parsed->time_since_epoch().count());
  if (now > limit) return refused(Kind::expired);
  return {Kind::ok, TokenCheck::Format::fsa, std::string(user), limit, std::string(stamp), {}};
}

}  // namespace web

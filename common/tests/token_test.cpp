// Tokens "realm:user:YYYYMMDDHHmmSS:signature": the signature is HMAC-SHA256 (checked against
// the openssl command), every field is checked, any change to a signed field is refused.
#include <gtest/gtest.h>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <web/token.hpp>

#include "jwt_forge.hpp"

using namespace std::chrono;
using web::check_token, web::create_token;

namespace {

constexpr const char* secret = "a test secret";
// 2038-01-19 03:14:07 UTC, the last second of 32-bit time_t.
const sys_seconds y2038 = sys_days{year{2038} / January / 19} + hours{3} + minutes{14} + seconds{7};

std::string token_of(const std::string& user, system_clock::time_point expiry = y2038) {
  return create_token("kiva", user, expiry, secret);
}

web::TokenCheck check(const std::string& token, system_clock::time_point now = y2038) {
  return check_token(token, "kiva", secret, now);
}

// Why `token` is refused at y2038, "" if it is accepted.
std::string error_of(const std::string& token) {
  return std::string(check(token).message());
}

// HMAC-SHA256 of `data` in hex, by the openssl command: an implementation other than ours.
std::string openssl_hmac(const std::string& data, const std::string& key) {
  std::string command = "printf '%s' '" + data + "' | openssl dgst -sha256 -hmac '" + key + "'";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) return "";
  std::string output;
  char buffer[256];
  while (fgets(buffer, sizeof buffer, pipe.get())) output += buffer;
  // "SHA2-256(stdin)= 5802d6...\n"
  auto hex = output.substr(output.rfind(' ') + 1);
  return hex.substr(0, hex.find('\n'));
}

}  // namespace

TEST(Token, HasFourFieldsWithTheLimitInUtc) {
  std::string token = token_of("calvin");
  ASSERT_EQ(token.substr(0, 27), "kiva:calvin:20380119031407:");
  std::string signature = token.substr(27);
  EXPECT_EQ(signature.size(), 32u);
  EXPECT_EQ(signature.find_first_not_of("0123456789abcdef"), std::string::npos);
}

TEST(Token, LimitIsTruncatedToTheSecond) {
  EXPECT_EQ(token_of("calvin", y2038 + milliseconds{999}).substr(0, 27),
            "kiva:calvin:20380119031407:");
}

TEST(Token, SignatureIsTheFirst32HexDigitsOfHmacSha256) {
  std::string hex = openssl_hmac("kiva:calvin:20380119031407", secret);
  ASSERT_EQ(hex.size(), 64u) << "openssl dgst answered \"" << hex << "\"";
  EXPECT_EQ(token_of("calvin"), "kiva:calvin:20380119031407:" + hex.substr(0, 32));
}

TEST(Token, RoundTrip) {
  auto result = check(token_of("calvin"), y2038 - hours{1});
  EXPECT_TRUE(result);
  EXPECT_EQ(result.kind, web::TokenCheck::Kind::ok);
  EXPECT_EQ(result.user, "calvin");
  EXPECT_EQ(result.message(), "");
}

// As in FlaskSimpleAuth, which compares datetimes: expired once `now` is past the limit.
TEST(Token, ValidUpToItsLimit) {
  EXPECT_TRUE(check(token_of("calvin"), y2038 - seconds{1}));
  EXPECT_TRUE(check(token_of("calvin"), y2038));
  auto late = check(token_of("calvin"), y2038 + milliseconds{1});
  EXPECT_FALSE(late);
  EXPECT_EQ(late.kind, web::TokenCheck::Kind::expired);
  EXPECT_EQ(late.message(), "expired auth token");
  EXPECT_EQ(late.user, "");
}

TEST(Token, OtherRealmIsRefused) {
  std::string token = create_token("elsewhere", "calvin", y2038, secret);
  EXPECT_EQ(error_of(token), "unexpected fsa token realm");
  EXPECT_TRUE(check_token(token, "elsewhere", secret, y2038));
}

TEST(Token, OtherSecretIsRefused) {
  std::string token = create_token("kiva", "calvin", y2038, "another secret");
  EXPECT_EQ(error_of(token), "invalid fsa auth token signature");
}

TEST(Token, ChangedSignatureIsRefused) {
  std::string token = token_of("calvin");
  for (std::size_t at : {token.size() - 32, token.size() - 1}) {
    std::string tampered = token;
    tampered[at] = tampered[at] == '0' ? '1' : '0';
    EXPECT_EQ(error_of(tampered), "invalid fsa auth token signature") << tampered;
  }
  EXPECT_EQ(error_of(token.substr(0, token.size() - 1)), "invalid fsa auth token signature");
  EXPECT_EQ(error_of(token + "0"), "invalid fsa auth token signature");
  EXPECT_EQ(error_of(token.substr(0, 27)), "invalid fsa auth token signature");  // empty
  std::string upper = token;
  for (std::size_t i = 27; i < upper.size(); ++i)
    upper[i] = static_cast<char>(std::toupper(upper[i]));
  ASSERT_NE(upper, token);  // the signature has a letter
  EXPECT_EQ(error_of(upper), "invalid fsa auth token signature");
}

TEST(Token, ChangedUserOrLimitIsRefused) {
  std::string signature = token_of("calvin").substr(27);
  EXPECT_EQ(error_of("kiva:hobbes:20380119031407:" + signature),
            "invalid fsa auth token signature");
  EXPECT_EQ(error_of("kiva:calvin:20380119031408:" + signature),
            "invalid fsa auth token signature");
}

TEST(Token, MalformedIsRefused) {
  for (const char* token :
       {"", "calvin", "kiva:calvin", "kiva:calvin:20380119031407", "kiva::20380119031407:0123",
        ":::", "kiva:a:b:c:20380119031407:0123", "kiva:calvin:20380119031407::0123"})
    EXPECT_EQ(error_of(token), "invalid fsa token") << token;
}

TEST(Token, BadLimitIsRefused) {
  for (const char* limit : {"", "2038011903140", "203801190314070", "2038011903140x",
                            " 2038011903140", "-2038011903140", "20381319031407", "20380230031407",
                            "20380119241407", "20380119036007", "20380119031460"}) {
    std::string token = std::string("kiva:calvin:") + limit + ":0123";
    EXPECT_EQ(error_of(token), "unexpected fsa token limit") << token;
  }
}

// A limit a token may name but a time point cannot hold (system_clock's nanoseconds end in
// 2262) is the last second it holds: never an overflow that turns it into a past date.
TEST(Token, LimitsPast2262AreBoundedNotOverflowed) {
  auto forged = [](const std::string& limit) {
    std::string data = "kiva:calvin:" + limit;
    return data + ":" + openssl_hmac(data, secret).substr(0, 32);
  };
  auto far = check(forged("99991231235959"));
  ASSERT_TRUE(far) << far.message();
  EXPECT_EQ(far.limit, floor<seconds>(system_clock::time_point::max()));
  auto early = check(forged("00010101000000"));
  EXPECT_EQ(early.kind, web::TokenCheck::Kind::expired);
}

TEST(Token, AStampIsAFifthSignedField) {
  std::string t = create_token("kiva", "calvin", y2038, secret, "0123abcd");
  ASSERT_EQ(t.substr(0, 36), "kiva:calvin:20380119031407:0123abcd:");
  auto ok = check(t);
  ASSERT_TRUE(ok) << ok.message();
  EXPECT_EQ(ok.stamp, "0123abcd");
  EXPECT_EQ(check(token_of("calvin")).stamp, "");
  std::string other_stamp = t;
  other_stamp[27] = '9';
  EXPECT_EQ(error_of(other_stamp), "invalid fsa auth token signature");
  std::string signature = t.substr(36);
  EXPECT_EQ(error_of("kiva:calvin:20380119031407:" + signature),
            "invalid fsa auth token signature");
  EXPECT_EQ(error_of("kiva:calvin:20380119031407::" + signature), "invalid fsa token");
  EXPECT_THROW(create_token("kiva", "calvin", y2038, secret, "a:b"), std::invalid_argument);
}

TEST(Token, LeapDayIsAValidLimit) {
  auto leap = sys_days{year{2028} / February / 29};
  EXPECT_TRUE(check(token_of("calvin", leap), leap));
}

TEST(Token, CreationRefusesWhatCannotBeParsedBack) {
  EXPECT_THROW(create_token("kiva", "cal:vin", y2038, secret), std::invalid_argument);
  EXPECT_THROW(create_token("ki:va", "calvin", y2038, secret), std::invalid_argument);
  EXPECT_THROW(create_token("kiva", "", y2038, secret), std::invalid_argument);
  EXPECT_THROW(create_token("", "calvin", y2038, secret), std::invalid_argument);
  EXPECT_THROW(create_token("kiva", "calvin", y2038, ""), std::invalid_argument);
  EXPECT_THROW(check_token(token_of("calvin"), "kiva", "", y2038), std::invalid_argument);
}

TEST(Token, UserMayHoldAnythingButAColon) {
  std::string user = "Susie Derkins/é@x.org";
  auto result = check(token_of(user));
  EXPECT_TRUE(result);
  EXPECT_EQ(result.user, user);
}

// JWTs (RFC 7519) signed with HS256, checked in PyJWT's order.
namespace {

std::string jwt_of(const std::string& user, system_clock::time_point expiry = y2038) {
  return web::create_jwt("kiva", user, expiry, secret);
}

web::TokenCheck check_jwt_at(const std::string& token, system_clock::time_point now = y2038) {
  return web::check_jwt(token, "kiva", secret, now);
}

}  // namespace

TEST(Jwt, IsHeaderClaimsAndAnHs256SignatureInBase64Url) {
  std::string t = jwt_of("calvin");
  // {"alg":"HS256","typ":"JWT"}.{"exp":2147483647,"sub":"calvin","iss":"kiva"}
  EXPECT_EQ(t.substr(0, t.rfind('.')),
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
            "eyJleHAiOjIxNDc0ODM2NDcsInN1YiI6ImNhbHZpbiIsImlzcyI6ImtpdmEifQ");
  // The signature: the openssl command's HMAC, in base64url without padding.
  std::string command = "printf '%s' '" + t.substr(0, t.rfind('.')) +
                        "' | openssl dgst -sha256 -hmac '" + secret +
                        "' -binary | base64 | tr '+/' '-_' | tr -d '=\\n'";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  ASSERT_TRUE(pipe);
  char buffer[128] = {};
  ASSERT_NE(fgets(buffer, sizeof buffer, pipe.get()), nullptr);
  EXPECT_EQ(t.substr(t.rfind('.') + 1), buffer);
  auto ok = check_jwt_at(t);
  ASSERT_TRUE(ok) << ok.message();
  EXPECT_EQ(ok.user, "calvin");
  EXPECT_EQ(ok.limit, y2038);
}

TEST(Jwt, RefusalsAndTheirMessages) {
  std::string t = jwt_of("calvin");
  EXPECT_EQ(check_jwt_at(t, y2038 + seconds(1)).kind, web::TokenCheck::Kind::expired);
  EXPECT_EQ(check_jwt_at(t, y2038 + seconds(1)).message(), "expired jwt auth token");
  EXPECT_EQ(web::check_jwt(t, "other", secret, y2038).kind, web::TokenCheck::Kind::other_realm);
  EXPECT_EQ(web::check_jwt(t, "kiva", "other secret", y2038).kind,
            web::TokenCheck::Kind::bad_signature);
  for (const std::string& bad :
       std::vector<std::string>{"", "a.b", "a.b.c.d", "..", "%%%.%%%.%%%", t + "x"}) {
    auto c = check_jwt_at(bad);
    EXPECT_FALSE(c) << bad;
    EXPECT_EQ(c.message(), "invalid jwt token") << bad;
  }
  EXPECT_THROW(web::create_jwt("kiva", "", y2038, secret), std::invalid_argument);
  EXPECT_THROW(web::check_jwt(t, "kiva", "", y2038), std::invalid_argument);
}

namespace {

constexpr const char* hs256 = R"({"alg":"HS256","typ":"JWT"})";

// A JWT of these claims, signed with the test's secret (jwt_forge.hpp).
std::string forged_jwt(const std::string& claims, const std::string& header = hs256) {
  return test::signed_jwt(header, claims, secret);
}

// The claims of jwt_of("calvin") with `more` added: {"exp":2147483647,...,more}.
std::string claims_with(const std::string& more) {
  return R"({"exp":2147483647,"sub":"calvin","iss":"kiva")" + (more.empty() ? "" : "," + more) +
         "}";
}

}  // namespace

TEST(Jwt, TheForgeryOfOurClaimsIsOurToken) {
  EXPECT_EQ(forged_jwt(claims_with("")), jwt_of("calvin"));
}

// Any header or claims: a refusal, never an exception (a 500 on every route, before).
TEST(Jwt, HeadersAndClaimsOfTheWrongTypeAreRefusedNotThrown) {
  std::vector<std::string> tokens = {
      "eyJhbGciOjF9.e30.x",  // {"alg":1}.{}
      forged_jwt(claims_with(""), R"({"alg":1})"),
      forged_jwt(claims_with(""), R"({"alg":null})"),
      forged_jwt(claims_with(""), R"({"alg":["HS256"]})"),
      forged_jwt(claims_with(""), R"({"typ":"JWT"})"),
      forged_jwt(claims_with(""), R"(["HS256"])"),
      forged_jwt(R"({"exp":2147483647,"sub":"calvin","iss":1})"),
      forged_jwt(R"({"exp":2147483647,"sub":"calvin","iss":["kiva"]})"),
      forged_jwt(R"({"exp":2147483647,"sub":"calvin"})"),
      forged_jwt(R"({"exp":2147483647,"sub":1,"iss":"kiva"})"),
      forged_jwt(R"({"exp":2147483647,"sub":"","iss":"kiva"})"),
      forged_jwt(R"({"exp":2147483647,"sub":{"a":1},"iss":"kiva"})"),
      forged_jwt(R"({"exp":"2147483647","sub":"calvin","iss":"kiva"})"),
      forged_jwt(R"({"exp":null,"sub":"calvin","iss":"kiva"})"),
      forged_jwt(R"({"sub":"calvin","iss":"kiva"})"),
      forged_jwt(claims_with(R"("nbf":"0")")),
      forged_jwt(claims_with(R"("iat":[])")),
      forged_jwt(claims_with(R"("password_stamp":1)")),
      forged_jwt(R"({"exp":1e400,"sub":"calvin","iss":"kiva"})"),
      forged_jwt("[]"),
      forged_jwt("1"),
      forged_jwt(R"("calvin")"),
      forged_jwt("null"),
      forged_jwt(std::string(100000, '[')),
      forged_jwt(claims_with(""), std::string(100000, '[')),
  };
  for (const auto& t : tokens) {
    web::TokenCheck c;
    EXPECT_NO_THROW(c = check_jwt_at(t)) << t.substr(0, 200);
    EXPECT_FALSE(c) << t.substr(0, 200);
    EXPECT_EQ(c.message(), "invalid jwt token") << t.substr(0, 200);
  }
}

// RFC 7519 4.1.5: not accepted before "nbf".
TEST(Jwt, NotBeforeIsChecked) {
  auto at = [](system_clock::time_point when) {
    return std::to_string(duration_cast<seconds>(when.time_since_epoch()).count());
  };
  std::string t = forged_jwt(claims_with(R"("nbf":)" + at(y2038 - hours(1))));
  EXPECT_EQ(check_jwt_at(t, y2038 - hours(1) - seconds(1)).kind,
            web::TokenCheck::Kind::not_yet_valid);
  EXPECT_EQ(check_jwt_at(t, y2038 - hours(1) - seconds(1)).message(), "invalid jwt token");
  EXPECT_TRUE(check_jwt_at(t, y2038 - hours(1)));
  EXPECT_TRUE(check_jwt_at(forged_jwt(claims_with(R"("nbf":0,"iat":0)"))));
}

// Dates past what a time point holds (2262) are bounded, never overflowed into the past.
TEST(Jwt, DatesPast2262AreBounded) {
  auto last = floor<seconds>(system_clock::time_point::max());
  for (const char* exp :
       {"253402300799", "18446744073709551615", "9223372036854775807", "1e300", "9223372036.5"}) {
    auto c = check_jwt_at(
        forged_jwt(R"({"exp":)" + std::string(exp) + R"(,"sub":"calvin","iss":"kiva"})"));
    ASSERT_TRUE(c) << exp << ": " << c.message();
    EXPECT_EQ(c.limit, last) << exp;
  }
  for (const char* exp : {"-1e300", "-9223372036854775808", "0", "1.5"}) {
    auto c = check_jwt_at(
        forged_jwt(R"({"exp":)" + std::string(exp) + R"(,"sub":"calvin","iss":"kiva"})"));
    EXPECT_EQ(c.kind, web::TokenCheck::Kind::expired) << exp;
  }
  EXPECT_EQ(check_jwt_at(forged_jwt(claims_with(R"("nbf":1e300)"))).kind,
            web::TokenCheck::Kind::not_yet_valid);
  EXPECT_TRUE(check_jwt_at(forged_jwt(claims_with(R"("iat":1e300)"))));
  EXPECT_TRUE(check_jwt_at(forged_jwt(claims_with(R"("nbf":-1e300,"iat":-1e300)"))));
}

// A MAC has one base64url spelling (RFC 7515 2): no padding, the unused bits of the last
// character zero, the URL-safe alphabet.
TEST(Jwt, NonCanonicalSignaturesAreRefused) {
  std::string t = jwt_of("calvin");
  ASSERT_TRUE(check_jwt_at(t));
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  // 32 bytes are 43 characters, the last of which holds 4 bits and 2 unused ones.
  ASSERT_EQ(t.size() - t.rfind('.') - 1, 43u);
  for (std::size_t flip : {1u, 2u, 3u}) {
    std::string other = t;
    other.back() = alphabet[alphabet.find(t.back()) ^ flip];
    EXPECT_EQ(check_jwt_at(other).kind, web::TokenCheck::Kind::bad_signature) << other;
  }
  EXPECT_EQ(check_jwt_at(t + "=").kind, web::TokenCheck::Kind::bad_signature);
  EXPECT_EQ(check_jwt_at(t + "A").kind, web::TokenCheck::Kind::bad_signature);
  for (char c : {'-', '_'}) {
    // The same signature in the standard alphabet, where it has a '-' or '_'.
    std::string other = t;
    auto at = other.find(c, other.rfind('.'));
    if (at == std::string::npos) continue;
    other[at] = c == '-' ? '+' : '/';
    EXPECT_EQ(check_jwt_at(other).kind, web::TokenCheck::Kind::bad_signature) << other;
  }
}

TEST(Jwt, AStampIsASignedClaim) {
  std::string t = web::create_jwt("kiva", "calvin", y2038, secret, "0123abcd");
  EXPECT_EQ(t, forged_jwt(claims_with(R"("password_stamp":"0123abcd")")));
  auto ok = check_jwt_at(t);
  ASSERT_TRUE(ok) << ok.message();
  EXPECT_EQ(ok.stamp, "0123abcd");
  EXPECT_EQ(check_jwt_at(jwt_of("calvin")).stamp, "");
}

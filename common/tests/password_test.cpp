// Passwords: bcrypt hashes made by libxcrypt and by passlib/bcrypt elsewhere, checked in
// either direction; malformed hashes are mismatches, never exceptions.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include <web/password.hpp>

using web::hash_password, web::verify_password;

namespace {

// Hashes printed in the Python course's slides by passlib (users.csv and a /cmp/hash answer), where
// the PDF text had turned a few O into 0 and changed the case of j and k: restored by hand and
// checked against libxcrypt, whose output matched in every other character.
constexpr const char* hobbes_susie = "$2b$04$Qq1WxaJ03QwxgtRuj5IrXuNJfKHqk5GEZknIdMQzq9ZVZAOJRL.ba";
constexpr const char* susie_derkins =
    "$2b$04$O/nWZnmTvS52GGGAaDJaRuWhJi4/7qtnEEgqS6tw7VdkAsYw8iHgy";
constexpr const char* moe_wow = "$2y$04$G24zuVu7mFGRMGyKNm/KQ.rpsFJGz1r3jJgNiGb1WPZG3ZoOb3L4u";
// The `$2a$` vectors of Openwall's crypt_blowfish tests.
constexpr const char* openwall_u_star_u =
    "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW";
constexpr const char* openwall_empty =
    "$2a$05$CCCCCCCCCCCCCCCCCCCCC.7uG0VCzI2bS7j6ymqJi9CdcdxiRTWNy";

// `hash` with another prefix: `$2a$`, `$2b$` and `$2y$` are one algorithm on ASCII passwords.
std::string with_prefix(std::string hash, const std::string& prefix) {
  return hash.replace(0, prefix.size(), prefix);
}

}  // namespace

TEST(Password, HashIsBcrypt2bOfTheCost) {
  std::string hash = hash_password("hobbes", 5);
  EXPECT_EQ(hash.size(), 60u);
  EXPECT_EQ(hash.substr(0, 7), "$2b$05$");
}

TEST(Password, RoundTrip) {
  std::string hash = hash_password("hobbes", 4);
  EXPECT_TRUE(verify_password("hobbes", hash));
  EXPECT_FALSE(verify_password("Hobbes", hash));
  EXPECT_FALSE(verify_password("hobbes ", hash));
  EXPECT_FALSE(verify_password("", hash));
}

TEST(Password, SaltIsRandom) {
  std::string a = hash_password("hobbes", 4), b = hash_password("hobbes", 4);
  EXPECT_NE(a, b);
  EXPECT_TRUE(verify_password("hobbes", a));
  EXPECT_TRUE(verify_password("hobbes", b));
}

TEST(Password, EmptyPasswordHashes) {
  std::string hash = hash_password("", 4);
  EXPECT_TRUE(verify_password("", hash));
  EXPECT_FALSE(verify_password("x", hash));
}

TEST(Password, VerifiesPasslibHashes) {
  EXPECT_TRUE(verify_password("susie", hobbes_susie));
  EXPECT_TRUE(verify_password("derkins", susie_derkins));
  EXPECT_TRUE(verify_password("Wow!", moe_wow));
  EXPECT_FALSE(verify_password("hobbes", hobbes_susie));
  EXPECT_FALSE(verify_password("wow!", moe_wow));
}

TEST(Password, VerifiesOpenwall2aVectors) {
  EXPECT_TRUE(verify_password("U*U", openwall_u_star_u));
  EXPECT_TRUE(verify_password("", openwall_empty));
  EXPECT_FALSE(verify_password("U*V", openwall_u_star_u));
}

TEST(Password, EveryPrefixVerifies) {
  std::string hash = hash_password("calvin", 4);
  for (const char* prefix : {"$2a$", "$2b$", "$2y$"}) {
    EXPECT_TRUE(verify_password("calvin", with_prefix(hash, prefix))) << prefix;
    EXPECT_FALSE(verify_password("hobbes", with_prefix(hash, prefix))) << prefix;
  }
  EXPECT_TRUE(verify_password("Wow!", with_prefix(moe_wow, "$2b$")));
  EXPECT_TRUE(verify_password("U*U", with_prefix(openwall_u_star_u, "$2y$")));
}

TEST(Password, OtherSchemesAreRefused) {
  std::string hash = hash_password("calvin", 4);
  // `$2x$` is crypt_blowfish's bug-compatible mode: libxcrypt knows it, we do not.
  EXPECT_FALSE(verify_password("calvin", with_prefix(hash, "$2x$")));
  EXPECT_FALSE(verify_password("calvin", with_prefix(hash, "$2c$")));
  EXPECT_FALSE(verify_password("calvin", "$1$saltsalt$6cfyRrJVoF8B0HmDG0U4e0"));  // its MD5-crypt
  EXPECT_FALSE(verify_password("calvin", "calvin"));                              // plaintext
}

TEST(Password, MalformedHashesAreMismatches) {
  std::string hash = hash_password("calvin", 4);
  EXPECT_FALSE(verify_password("calvin", ""));
  EXPECT_FALSE(verify_password("calvin", hash.substr(0, 59)));
  EXPECT_FALSE(verify_password("calvin", hash + "x"));
  EXPECT_FALSE(verify_password("calvin", hash.substr(0, 29)));            // the setting alone
  EXPECT_FALSE(verify_password("calvin", with_prefix(hash, "$2b$03$")));  // cost below 4
  EXPECT_FALSE(verify_password("calvin", with_prefix(hash, "$2b$xx$")));
  std::string bad_salt = hash;
  bad_salt[10] = '!';  // not in bcrypt's base64
  EXPECT_FALSE(verify_password("calvin", bad_salt));
  std::string tampered = hash;
  tampered[59] = tampered[59] == 'a' ? 'b' : 'a';
  EXPECT_FALSE(verify_password("calvin", tampered));
}

TEST(Password, CostBounds) {
  EXPECT_THROW(hash_password("x", 3), std::invalid_argument);
  EXPECT_THROW(hash_password("x", 32), std::invalid_argument);
  EXPECT_THROW(hash_password("x", -1), std::invalid_argument);
  EXPECT_EQ(hash_password("x", 4).substr(0, 7), "$2b$04$");
}

TEST(Password, NulBytesAreRefused) {
  using namespace std::string_literals;
  EXPECT_THROW(hash_password("a\0b"s, 4), std::invalid_argument);
  EXPECT_FALSE(verify_password("a\0b"s, hash_password("a", 4)));
}

// bcrypt reads 72 bytes of the password: the rest does not count, as in passlib.
// bcrypt reads 72 bytes: a longer password is refused, never matched on its first 72 bytes.
TEST(Password, SeventyTwoBytesAtMost) {
  std::string p72(72, 'p');
  std::string hash = hash_password(p72, 4);
  EXPECT_TRUE(verify_password(p72, hash));
  EXPECT_FALSE(verify_password(p72 + "anything", hash));
  EXPECT_THROW(hash_password(p72 + "x", 4), std::invalid_argument);
  EXPECT_FALSE(verify_password(p72.substr(0, 71), hash));
  EXPECT_FALSE(verify_password(std::string(71, 'p') + "q", hash));
}

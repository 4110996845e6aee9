// starter: // Your own tests of lab 05 (not graded, not handed in): GoogleTest, built with your lab and run by
// starter: // `make test`, or alone: `make build`, then `ctest --preset dev -R labs/05-cruds`. Each test
// starter: // starts on a fresh SQLite file (--init: Chair and Desk, three owners and their things)
// starter: // and runs twice: in process, then over real HTTP on a free port. Chapter 6 shows the fixture.
// starter: // The list at the end says what to test next.
// begin solution
// Stuff, users, owners and things: every row of the lab's table, errors included, in process
// and over real HTTP, on a fresh SQLite database per test.
// end solution
#include <gtest/gtest.h>

#include <string>

#include <web/client_test.hpp>
#include <web/db.hpp>
// begin solution
#include <web/password.hpp>
// end solution

#include "app.hpp"

using web::Client, web::Form, web::json;

namespace {

// starter: // The error message of an answer, "" when it has none.
// begin solution
// One field of every element of a list, in order: column(r.body(), "stuff").
json column(const json& rows, const std::string& field) {
  json out = json::array();
  for (const auto& row : rows) out.push_back(row[field]);
  return out;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// end solution
std::string error(const web::Result& r) {
  return r.body().value("error", "");
}

}  // namespace

// slide: stuff-test-fixture
// Each test on a fresh SQLite file (--init), in process and over HTTP.
class StuffApi : public web::ClientTest<StuffApp> {
 protected:
  // starter: // What the database holds for a user's password: never the password itself.
  // begin solution
  // What the database holds for a user's password.
  // end solution
  json stored_password(const std::string& login) {
    return web::Connection::open(database_url())
        ->fetch_value("SELECT pword FROM Utilisateur WHERE login = :login", {{"login", login}});
  }
};

INSTANTIATE_TEST_SUITE_P(Client, StuffApi, web::client_modes({web::Engine::sqlite}),
                         web::client_mode_name);
// end slide

// starter: // Examples: routes the starter already answers. `<< r` prints the request and the answer when
// starter: // a check fails.
// starter: TEST_P(StuffApi, VersionNamesTheApp) {
// begin solution
TEST_P(StuffApi, VersionNamesTheAppTheDatabaseTimeAndNobody) {
  // end solution
  auto r = client.get("/version");
  ASSERT_EQ(r.status, 200) << r;
  // starter: EXPECT_EQ(r.body()["app"], "stuff") << r;
  // begin solution
  EXPECT_EQ(r.body()["app"], "stuff");
  ASSERT_TRUE(r.body()["now"].is_string()) << r;
  EXPECT_EQ(r.body()["now"].get<std::string>().substr(0, 2), "20") << r;
  ASSERT_TRUE(r.body().contains("user")) << r;
  EXPECT_TRUE(r.body()["user"].is_null()) << r;
  // end solution
}

// starter: TEST_P(StuffApi, UnknownOwnerIs404SayingWhy) {
// starter:   auto r = client.get("/owners/5432");
// starter:   EXPECT_EQ(r.status, 404) << r;
// starter:   EXPECT_NE(error(r), "") << r;
// begin solution
TEST_P(StuffApi, StuffIsListedBySid) {
  auto r = client.get("/stuff");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body(),
            json::parse(R"([{"sid": 1, "stuff": "Chair"}, {"sid": 2, "stuff": "Desk"}])"));
  // end solution
}

// starter: // To do: one test per rule of the statement, errors included, each a TEST_P as above. A few
// starter: // to start with:
// starter: // - GET /stuff answers Chair (sid 1) then Desk (sid 2);
// starter: // - POST /stuff with stuff=Chair is a 409, and GET /stuff still has 2;
// starter: // - DELETE /stuff/2 is a 204, then GET /stuff/2 a 404, DELETE again a 404;
// starter: // - POST /users-mgt is a 201, and stored_password(login) is not the password;
// starter: // - DELETE /owners/<oid> of an owner of things is a 409, and the owner stays.
// starter:
// begin solution
TEST_P(StuffApi, FilterKeepsTheStuffLikeItFromQueryFormOrJson) {
  EXPECT_EQ(column(client.get("/stuff?filter=C%25").body(), "stuff"), json({"Chair"}));
  EXPECT_EQ(column(client.get("/stuff", Form{{"filter", "%s%"}}).body(), "stuff"), json({"Desk"}));
  EXPECT_EQ(column(client.get("/stuff", json{{"filter", "_hair"}}).body(), "sid"), json({1}));
  EXPECT_EQ(column(client.get("/stuff?filter=%25").body(), "sid"), json({1, 2}));
  auto none = client.get("/stuff?filter=c%25");  // case-sensitive
  EXPECT_EQ(none.status, 200) << none;
  EXPECT_EQ(none.body(), json::array());
}

TEST_P(StuffApi, OneStuffOr404) {
  auto r = client.get("/stuff/2");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body(), json::parse(R"({"sid": 2, "stuff": "Desk"})"));
  auto unknown = client.get("/stuff/3");
  EXPECT_EQ(unknown.status, 404) << unknown;
  EXPECT_EQ(error(unknown), "no such stuff: 3");
}

TEST_P(StuffApi, PostStuffIs201WithItsNewSid) {
  auto r = client.post("/stuff", Form{{"stuff", "Clock"}});
  ASSERT_EQ(r.status, 201) << r;
  ASSERT_TRUE(r.body()["sid"].is_number_integer()) << r;
  auto sid = r.body()["sid"].get<std::int64_t>();
  EXPECT_EQ(client.get("/stuff/" + std::to_string(sid)).body(),
            json({{"sid", sid}, {"stuff", "Clock"}}));
  auto lamp = client.post("/stuff", json{{"stuff", "Lamp"}});
  ASSERT_EQ(lamp.status, 201) << lamp;
  EXPECT_EQ(column(client.get("/stuff").body(), "stuff"), json({"Chair", "Desk", "Clock", "Lamp"}));
}

TEST_P(StuffApi, PostStuffWithoutStuffIs400NamingIt) {
  auto r = client.post("/stuff");
  EXPECT_EQ(r.status, 400) << r;
  EXPECT_EQ(error(r), "parameter \"stuff\" is missing");
}

// slide: stuff-test-409
TEST_P(StuffApi, PostExistingStuffIs409AndAddsNothing) {
  auto r = client.post("/stuff", Form{{"stuff", "Chair"}});
  EXPECT_EQ(r.status, 409) << r;
  EXPECT_TRUE(r.body()["error"].is_string()) << r;
  EXPECT_EQ(client.get("/stuff").body().size(), 2u);
  // The failed request left the connection usable.
  EXPECT_EQ(client.post("/stuff", Form{{"stuff", "Bed"}}).status, 201);
}
// end slide

TEST_P(StuffApi, PutAndPatchRenameAStuff) {
  auto put = client.put("/stuff/1", Form{{"stuff", "Armchair"}});
  EXPECT_EQ(put.status, 204) << put;
  EXPECT_EQ(put.text, "");
  auto patch = client.patch("/stuff/2", json{{"stuff", "Table"}});
  EXPECT_EQ(patch.status, 204) << patch;
  EXPECT_EQ(column(client.get("/stuff").body(), "stuff"), json({"Armchair", "Table"}));
  auto same = client.put("/stuff/1", Form{{"stuff", "Armchair"}});
  EXPECT_EQ(same.status, 204) << same;  // its own name: no conflict
}

TEST_P(StuffApi, RenamingToAnotherStuffsNameIs409AndChangesNothing) {
  auto r = client.put("/stuff/2", Form{{"stuff", "Chair"}});
  EXPECT_EQ(r.status, 409) << r;
  EXPECT_EQ(client.patch("/stuff/1", json{{"stuff", "Desk"}}).status, 409);
  EXPECT_EQ(column(client.get("/stuff").body(), "stuff"), json({"Chair", "Desk"}));
}

TEST_P(StuffApi, RenamingWithoutStuffIs400AndAnUnknownSidIs404) {
  auto missing = client.put("/stuff/1");
  EXPECT_EQ(missing.status, 400) << missing;
  EXPECT_EQ(error(missing), "parameter \"stuff\" is missing");
  auto unknown = client.patch("/stuff/3", Form{{"stuff", "Bed"}});
  EXPECT_EQ(unknown.status, 404) << unknown;
  EXPECT_EQ(error(unknown), "no such stuff: 3");
  EXPECT_EQ(client.get("/stuff").body().size(), 2u);
}

TEST_P(StuffApi, DeleteStuffIs204ThenItIsGone) {
  auto r = client.del("/stuff/1");
  EXPECT_EQ(r.status, 204) << r;
  EXPECT_EQ(r.text, "");
  EXPECT_EQ(client.get("/stuff/1").status, 404);
  auto again = client.del("/stuff/1");
  EXPECT_EQ(again.status, 404) << again;
  EXPECT_EQ(error(again), "no such stuff: 1");
  EXPECT_EQ(column(client.get("/stuff").body(), "stuff"), json({"Desk"}));
  EXPECT_EQ(client.post("/stuff", Form{{"stuff", "Chair"}}).status, 201);  // the name is free
}

TEST_P(StuffApi, NonIntegerIdsAre400NamingTheParameter) {
  auto stuff = client.get("/stuff/abc");
  EXPECT_EQ(stuff.status, 400) << stuff;
  EXPECT_EQ(error(stuff), "parameter \"sid\" type error on \"abc\" for int");
  EXPECT_TRUE(contains(error(client.put("/stuff/1.5", Form{{"stuff", "Bed"}})), "\"sid\""));
  EXPECT_TRUE(contains(error(client.del("/stuff/2x")), "\"sid\""));
  EXPECT_TRUE(contains(error(client.del("/owners/calvin")), "\"oid\""));
  EXPECT_TRUE(contains(error(client.patch("/things/one", Form{{"tname", "x"}})), "\"tid\""));
  EXPECT_TRUE(contains(error(client.del("/things/1e0")), "\"tid\""));
  auto oid = client.post("/things", Form{{"tname", "Snowman"}, {"oid", "calvin"}, {"tprice", "1"}});
  EXPECT_EQ(oid.status, 400) << oid;
  EXPECT_TRUE(contains(error(oid), "\"oid\"")) << oid;
  EXPECT_EQ(client.get("/stats").body(), json::parse(R"({"owners": 3, "things": 7})"));
}

TEST_P(StuffApi, PostUserIs201WithItsIdAndStoresAHashNotThePassword) {
  auto r = client.post(
      "/users-mgt", json{{"u", {{"login", "bro"}, {"password", "bro-pass"}, {"isAdmin", false}}}});
  ASSERT_EQ(r.status, 201) << r;
  EXPECT_EQ(r.body(), 4) << r;  // after calvin, hobbes and susie
  auto sis = client.post(
      "/users-mgt", json{{"u", {{"login", "sis"}, {"password", "bro-pass"}, {"isAdmin", true}}}});
  ASSERT_EQ(sis.status, 201) << sis;
  EXPECT_EQ(sis.body(), 5) << sis;
  json bro_hash = stored_password("bro");
  ASSERT_TRUE(bro_hash.is_string()) << bro_hash;
  EXPECT_EQ(bro_hash.get<std::string>().substr(0, 4), "$2b$") << bro_hash;
  EXPECT_TRUE(web::verify_password("bro-pass", bro_hash.get<std::string>())) << bro_hash;
  EXPECT_NE(bro_hash, stored_password("sis"));  // salted: same password, another hash
}

TEST_P(StuffApi, PostUserTakesFormFieldsOrAFormFieldHoldingJson) {
  auto fields =
      client.post("/users-mgt", Form{{"login", "moe"}, {"password", "moe-pass"}, {"isAdmin", "0"}});
  EXPECT_EQ(fields.status, 201) << fields;
  auto text = client.post(
      "/users-mgt", Form{{"u", R"({"login": "ros", "password": "ros-pass", "isAdmin": true})"}});
  EXPECT_EQ(text.status, 201) << text;
  auto shorter =
      client.post("/users-mgt", Form{{"login", "derkins"}, {"password", "abc"}, {"isAdmin", "0"}});
  EXPECT_EQ(shorter.status, 400) << shorter;
  EXPECT_EQ(error(shorter), "parameter \"password\" must have at least 4 characters (or elements)");
}

TEST_P(StuffApi, ShortPasswordIs400NamingUPasswordButFourCharactersAreEnough) {
  auto r = client.post("/users-mgt",
                       json{{"u", {{"login", "bro"}, {"password", "abc"}, {"isAdmin", false}}}});
  EXPECT_EQ(r.status, 400) << r;
  EXPECT_EQ(error(r), "parameter \"u.password\" must have at least 4 characters (or elements)");
  auto four = client.post(
      "/users-mgt", json{{"u", {{"login", "bro"}, {"password", "abcd"}, {"isAdmin", false}}}});
  EXPECT_EQ(four.status, 201) << four;
}

TEST_P(StuffApi, EveryMissingOrWrongFieldIsNamedAtOnce) {
  auto r = client.post("/users-mgt", json{{"u", {{"isAdmin", "yes"}}}});
  EXPECT_EQ(r.status, 400) << r;
  EXPECT_TRUE(contains(error(r), "parameter \"u.login\" is missing")) << r;
  EXPECT_TRUE(contains(error(r), "parameter \"u.password\" is missing")) << r;
  EXPECT_TRUE(contains(error(r), "parameter \"u.isAdmin\" type error")) << r;
  auto none = client.post("/users-mgt");
  EXPECT_EQ(none.status, 400) << none;
  EXPECT_EQ(error(none), "parameter \"u\" is missing");
}

TEST_P(StuffApi, ExistingLoginIs409) {
  auto r = client.post(
      "/users-mgt", json{{"u", {{"login", "calvin"}, {"password", "tiger"}, {"isAdmin", false}}}});
  EXPECT_EQ(r.status, 409) << r;
  // calvin keeps his password (sql/stuff/users.in).
  EXPECT_TRUE(web::verify_password("hobbes", stored_password("calvin").get<std::string>()));
}

TEST_P(StuffApi, PostOwnerIs201WithItsNewOidAndNoThings) {
  auto r = client.post("/owners", Form{{"oname", "moe"}, {"omail", "moe@comics.net"}});
  ASSERT_EQ(r.status, 201) << r;
  EXPECT_EQ(r.body(), json({{"oid", 4}}));
  EXPECT_EQ(client.get("/owners/4").body(),
            json::parse(R"({"oid": 4, "oname": "moe", "omail": "moe@comics.net"})"));
  EXPECT_EQ(client.get("/owners/4/things").body(), json::array());
}

TEST_P(StuffApi, PostOwnerWithAMissingFieldIs400AndAnExistingNameIs409) {
  auto missing = client.post("/owners", Form{{"oname", "derkins"}});
  EXPECT_EQ(missing.status, 400) << missing;
  EXPECT_EQ(error(missing), "parameter \"omail\" is missing");
  auto exists = client.post("/owners", json{{"oname", "calvin"}, {"omail", "x@comics.net"}});
  EXPECT_EQ(exists.status, 409) << exists;
  EXPECT_EQ(client.get("/owners").body().size(), 3u);
}

TEST_P(StuffApi, DeleteOwnerIs409WhileItOwnsThingsThen204) {
  auto owns = client.del("/owners/2");
  EXPECT_EQ(owns.status, 409) << owns;
  EXPECT_EQ(client.get("/owners/2/things").body().size(), 2u);
  EXPECT_EQ(client.del("/things/4").status, 204);
  EXPECT_EQ(client.del("/owners/2").status, 409);  // one thing left
  EXPECT_EQ(client.del("/things/5").status, 204);
  auto r = client.del("/owners/2");
  EXPECT_EQ(r.status, 204) << r;
  EXPECT_EQ(r.text, "");
  EXPECT_EQ(client.get("/owners/2").status, 404);
  EXPECT_EQ(column(client.get("/owners").body(), "oname"), json({"calvin", "susie"}));
}

TEST_P(StuffApi, DeleteUnknownOwnerIs404) {
  auto r = client.del("/owners/42");
  EXPECT_EQ(r.status, 404) << r;
  EXPECT_EQ(error(r), "no such owner: 42");
}

TEST_P(StuffApi, PostThingIs201WithItsNewTid) {
  auto r = client.post("/things", Form{{"tname", "Snowman"}, {"oid", "1"}, {"tprice", "0"}});
  ASSERT_EQ(r.status, 201) << r;
  EXPECT_EQ(r.body(), json({{"tid", 8}}));
  EXPECT_EQ(client.get("/things/8").body(),
            json::parse(R"({"tid": 8, "tname": "Snowman", "tprice": 0.0, "oname": "calvin"})"));
  auto sled = client.post("/things", json{{"tname", "Sled"}, {"oid", 2}, {"tprice", 15.5}});
  EXPECT_EQ(sled.status, 201) << sled;
  EXPECT_EQ(column(client.get("/owners/2/things").body(), "tname"),
            json({"Tuna sandwich", "Comic book", "Sled"}));
}

TEST_P(StuffApi, PostThingWithANegativePriceIs400NamingIt) {
  auto r = client.post("/things", Form{{"tname", "Snowman"}, {"oid", "1"}, {"tprice", "-1"}});
  EXPECT_EQ(r.status, 400) << r;
  EXPECT_TRUE(contains(error(r), "\"tprice\"")) << r;
  EXPECT_EQ(client.get("/stats").body()["things"], 7);
}

TEST_P(StuffApi, PostThingForAnUnknownOwnerIs404) {
  auto r = client.post("/things", json{{"tname", "Snowman"}, {"oid", 42}, {"tprice", 1}});
  EXPECT_EQ(r.status, 404) << r;
  EXPECT_EQ(error(r), "no such owner: 42");
  auto missing = client.post("/things", Form{{"oid", "1"}, {"tprice", "1"}});
  EXPECT_EQ(missing.status, 400) << missing;
  EXPECT_EQ(error(missing), "parameter \"tname\" is missing");
  EXPECT_EQ(client.get("/stats").body()["things"], 7);
}

TEST_P(StuffApi, PatchThingChangesItsNameItsPriceOrBoth) {
  EXPECT_EQ(client.patch("/things/1", Form{{"tname", "Stuffed tiger"}}).status, 204);
  EXPECT_EQ(client.get("/things/1").body(),
            json::parse(R"({"tid": 1, "tname": "Stuffed tiger", "tprice": 12.5,
                "oname": "calvin"})"));
  EXPECT_EQ(client.patch("/things/2", json{{"tprice", 30}}).status, 204);
  EXPECT_EQ(client.get("/things/2").body()["tname"], "Wagon");
  EXPECT_EQ(client.get("/things/2").body()["tprice"], 30.0);
  auto both = client.patch("/things/5", json{{"tname", "Comic album"}, {"tprice", 0}});
  EXPECT_EQ(both.status, 204) << both;
  EXPECT_EQ(both.text, "");
  EXPECT_EQ(client.get("/things/5").body(),
            json::parse(R"({"tid": 5, "tname": "Comic album", "tprice": 0.0,
                "oname": "hobbes"})"));
}

TEST_P(StuffApi, PatchThingWithNeitherFieldOrANegativePriceIs400AndChangesNothing) {
  auto neither = client.patch("/things/1");
  EXPECT_EQ(neither.status, 400) << neither;
  auto negative = client.patch("/things/1", json{{"tname", "Stuffed tiger"}, {"tprice", -5}});
  EXPECT_EQ(negative.status, 400) << negative;
  EXPECT_TRUE(contains(error(negative), "\"tprice\"")) << negative;
  EXPECT_EQ(client.get("/things/1").body()["tname"], "Tiger doll");
  EXPECT_EQ(client.get("/things/1").body()["tprice"], 12.5);
}

TEST_P(StuffApi, PatchUnknownThingIs404) {
  auto r = client.patch("/things/42", Form{{"tname", "Snowman"}});
  EXPECT_EQ(r.status, 404) << r;
  EXPECT_EQ(error(r), "no such thing: 42");
}

TEST_P(StuffApi, DeleteThingIs204ThenItIsGone) {
  auto r = client.del("/things/7");
  EXPECT_EQ(r.status, 204) << r;
  EXPECT_EQ(client.get("/things/7").status, 404);
  auto again = client.del("/things/7");
  EXPECT_EQ(again.status, 404) << again;
  EXPECT_EQ(error(again), "no such thing: 7");
  EXPECT_EQ(client.get("/stats").body(), json::parse(R"({"owners": 3, "things": 6})"));
}

TEST_P(StuffApi, LabThreeReadRoutesAreUnchanged) {
  EXPECT_EQ(column(client.get("/owners").body(), "oname"), json({"calvin", "hobbes", "susie"}));
  EXPECT_EQ(client.get("/owners/3").body()["omail"], "susie@comics.net");
  EXPECT_EQ(column(client.get("/owners/1/things").body(), "tid"), json({1, 2, 3}));
  EXPECT_EQ(column(client.get("/things?max_price=10").body(), "tid"), json({3, 4, 5, 6}));
  EXPECT_EQ(client.get("/things/4").body()["oname"], "hobbes");
  EXPECT_EQ(client.del("/things").status, 204);
  EXPECT_EQ(client.get("/stats").body(), json::parse(R"({"owners": 3, "things": 0})"));
}

TEST_P(StuffApi, WritesPersistInTheDatabase) {
  ASSERT_EQ(client.put("/stuff/1", Form{{"stuff", "Armchair"}}).status, 204);
  ASSERT_EQ(client.post("/owners", Form{{"oname", "moe"}, {"omail", "moe@comics.net"}}).status,
            201);
  StuffApp again;  // another server on the same file, without --init
  again.config().set("access_log", false);
  again.config().set("db", database_url());
  again.start(false);
  Client other(again);
  EXPECT_EQ(other.get("/stuff/1").body()["stuff"], "Armchair");
  EXPECT_EQ(other.get("/owners").body().size(), 4u);
}

TEST_P(StuffApi, WrongMethodIs405WithAllow) {
  auto stuff = client.post("/stuff/1", Form{{"stuff", "Bed"}});
  EXPECT_EQ(stuff.status, 405) << stuff;
  EXPECT_EQ(stuff.header("Allow"), "DELETE, GET, HEAD, OPTIONS, PATCH, PUT");
  auto users = client.get("/users-mgt");
  EXPECT_EQ(users.status, 405) << users;
  EXPECT_EQ(users.header("Allow"), "OPTIONS, POST");
  auto thing = client.put("/things/1", Form{{"tname", "Snowman"}});
  EXPECT_EQ(thing.status, 405) << thing;
  EXPECT_EQ(client.get("/things/1").body()["tname"], "Tiger doll");
}
// end solution

// The OpenAPI document an app makes of its declarations (App::openapi_document, issue 27 item
// 7): paths, parameters and where they come from, types, rules, models, security, statuses; the
// route an app opts into. The lab solutions' documents are validated by real tools in
// tests/openapi (ctest -R openapi).
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <web/app.hpp>
#include <web/client.hpp>
#include <web/model.hpp>

using web::json, web::OPEN, web::AUTH;

namespace {

struct Pet {
  std::string name;
  std::optional<std::int64_t> age;
  static void model(web::Model<Pet>& m) {
    m.field("name", &Pet::name, web::min_length(1));
    m.field("age", &Pet::age, web::minimum(0));
  }
};

json parameter(const json& op, const std::string& name) {
  for (const auto& p : op.value("parameters", json::array())) {
    if (p["name"] == name) return p;
  }
  return nullptr;
}

}  // namespace

TEST(OpenApi, PathsMethodsAndParametersComeFromTheDeclarations) {
  web::App app("pets");
  app.get("/pets/<pid>", OPEN, [](std::int64_t pid) { return pid; });
  app.get(
      "/pets", OPEN, {{"max_age", web::maximum(30)}, web::header("X-Trace")},
      [](std::optional<int> max_age, std::optional<std::string>) { return max_age.value_or(0); });
  app.route({"PUT", "PATCH"}, "/pets/<pid>", OPEN,
            {"pid", {"name", web::pattern("[a-z]+")}, web::cookie("lang", web::max_length(5))},
            [](std::int64_t, std::string, std::string) {});
  json doc = app.openapi_document();
  EXPECT_EQ(doc["openapi"], "3.1.0");
  EXPECT_EQ(doc["info"]["title"], "pets");

  json get = doc["paths"]["/pets/{pid}"]["get"];
  EXPECT_EQ(parameter(get, "pid"), json({{"name", "pid"},
                                         {"in", "path"},
                                         {"required", true},
                                         {"schema", {{"type", "integer"}, {"format", "int64"}}}}));
  EXPECT_TRUE(get["responses"].contains("200"));
  EXPECT_TRUE(get["responses"].contains("400"));
  EXPECT_TRUE(get["responses"].contains("404"));  // the object the path names may not exist
  EXPECT_FALSE(get["responses"].contains("401"));
  EXPECT_EQ(get["security"], json::array());  // OPEN

  json list = doc["paths"]["/pets"]["get"];
  EXPECT_EQ(parameter(list, "max_age"),
            json({{"name", "max_age"},
                  {"in", "query"},
                  {"required", false},
                  {"schema", {{"type", "integer"}, {"format", "int32"}, {"maximum", 30}}}}));
  EXPECT_EQ(parameter(list, "X-Trace")["in"], "header");

  for (const char* method : {"put", "patch"}) {
    json op = doc["paths"]["/pets/{pid}"][method];
    ASSERT_TRUE(op.is_object()) << method;
    EXPECT_TRUE(op["responses"].contains("204"));  // the handler returns nothing
    EXPECT_EQ(parameter(op, "lang"), json({{"name", "lang"},
                                           {"in", "cookie"},
                                           {"required", true},
                                           {"schema", {{"type", "string"}, {"maxLength", 5}}}}));
    json body = op["requestBody"]["content"]["application/json"]["schema"];
    EXPECT_EQ(body["properties"]["name"], json({{"type", "string"}, {"pattern", "^(?:[a-z]+)$"}}));
    EXPECT_EQ(body["required"], json({"name"}));
    EXPECT_TRUE(op["requestBody"]["content"].contains("application/x-www-form-urlencoded"));
  }
}

TEST(OpenApi, ModelsAreComponents) {
  web::App app("pets");
  app.post("/pets", OPEN, {"pet"}, [](Pet p) { return p.name; });
  json doc = app.openapi_document();
  json body = doc["paths"]["/pets"]["post"]["requestBody"]["content"]["application/json"]["schema"];
  EXPECT_EQ(body["properties"]["pet"], json({{"$ref", "#/components/schemas/Pet"}}));
  json pet = doc["components"]["schemas"]["Pet"];
  EXPECT_EQ(pet["properties"]["name"], json({{"type", "string"}, {"minLength", 1}}));
  EXPECT_EQ(pet["properties"]["age"],
            json({{"type", "integer"}, {"format", "int64"}, {"minimum", 0}}));
  EXPECT_EQ(pet["required"], json({"name"}));  // age is optional
}

TEST(OpenApi, AuthorizationGivesSecurityAndStatuses) {
  web::App app("pets");
  app.config().set("auth", json({"basic", "token", "param"}));
  app.config().set("token_type", "jwt");
  app.get("/me", AUTH, [] { return 1; });
  app.get("/admin", web::group("ADMIN"), [] { return 1; });
  app.del("/pets/<pid>", web::perm("pet", "pid", "write"), [](std::int64_t) {});
  app.get("/basic", AUTH.scheme("basic"), [] { return 1; });
  app.get("/closed", web::CLOSE, [] { return 1; });
  app.get("/todo", web::todo_authz("lab 06: who may GET /todo"), [] { return 1; });
  json doc = app.openapi_document();
  json schemes = doc["components"]["securitySchemes"];
  EXPECT_EQ(schemes["basic"], json({{"type", "http"}, {"scheme", "basic"}}));
  EXPECT_EQ(schemes["token"],
            json({{"type", "http"}, {"scheme", "bearer"}, {"bearerFormat", "JWT"}}));
  EXPECT_EQ(schemes["param"]["type"], "apiKey");

  json me = doc["paths"]["/me"]["get"];
  EXPECT_EQ(
      me["security"],
      json({{{"basic", json::array()}}, {{"token", json::array()}}, {{"param", json::array()}}}));
  EXPECT_TRUE(me["responses"].contains("401"));
  EXPECT_FALSE(me["responses"].contains("403"));
  EXPECT_TRUE(doc["paths"]["/admin"]["get"]["responses"].contains("403"));
  json del = doc["paths"]["/pets/{pid}"]["delete"];
  for (const char* s : {"204", "400", "401", "403", "404"}) {
    EXPECT_TRUE(del["responses"].contains(s)) << s;
  }
  EXPECT_EQ(doc["paths"]["/basic"]["get"]["security"], json({{{"basic", json::array()}}}));
  EXPECT_TRUE(doc["paths"]["/closed"]["get"]["responses"].contains("403"));
  EXPECT_TRUE(doc["paths"]["/todo"]["get"]["responses"].contains("501"));

  // A token carried in a cookie is an apiKey there.
  app.config().set("token_carrier", "cookie");
  EXPECT_EQ(app.openapi_document()["components"]["securitySchemes"]["token"],
            json({{"type", "apiKey"}, {"in", "cookie"}, {"name", "AUTH"}}));
}

// A route's scopes are its token requirement (3.1: any scheme may list what it needs) and a
// 403; a route's own token realm is said in its description.
TEST(OpenApi, ScopesAndRealmsAreDescribed) {
  web::App app("demo");
  app.config().set("auth", json({"token"}));
  app.config().set("token_type", "jwt");
  app.del("/oauth", web::scope("delete") & web::scope("write"), [] {});
  app.get("/code", AUTH.scheme("token").realm("mfa"), [] { return 1; });
  json doc = app.openapi_document();
  json del = doc["paths"]["/oauth"]["delete"];
  EXPECT_EQ(del["security"], json({{{"token", {"delete", "write"}}}}));
  EXPECT_TRUE(del["responses"].contains("403"));
  EXPECT_EQ(del["description"], "Token scopes: delete write.");
  EXPECT_EQ(doc["paths"]["/code"]["get"]["description"], "Tokens made for realm mfa only.");
}

TEST(OpenApi, AnAppServesItWhenItOptsIn) {
  web::App app("pets");
  app.get("/pets/<pid>", OPEN, [](std::int64_t pid) { return pid; });
  web::Client before(app);
  EXPECT_EQ(before.get("/openapi.json").status, 404);
  app.serve_openapi();
  web::Client client(app);
  auto r = client.get("/openapi.json");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_TRUE(r.body()["paths"].contains("/pets/{pid}"));
  EXPECT_TRUE(r.body()["paths"].contains("/openapi.json"));
}

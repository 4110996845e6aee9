// A statement's interface table against an OpenAPI document (interface_check.hpp): the table
// of lab 05's README read as written, a document that has it all, and documents that lack a
// route, a method or a parameter. The solutions' real documents pass in tests/openapi
// (ctest -R openapi.interface).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "grading/interface_check.hpp"

using Json = nlohmann::ordered_json;

namespace {

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

const std::vector<grader::InterfaceRow>& lab05() {
  static const auto rows =
      grader::interface_table(read(COURSE_SOURCE_DIR "/labs/05-cruds/README.md"));
  return rows;
}

// A document with every route and parameter of the table.
Json reference() {
  Json doc = {{"openapi", "3.1.0"}, {"paths", Json::object()}};
  for (const auto& row : lab05()) {
    std::string path;
    for (char c : row.path) path += c == '<' ? '{' : c == '>' ? '}' : c;
    for (const auto& m : row.methods) {
      Json params = Json::array();
      for (const auto& p : row.params) params.push_back({{"name", p}, {"in", "query"}});
      std::string method;
      for (char c : m) method += static_cast<char>(std::tolower(c));
      doc["paths"][path][method] = {{"parameters", params}};
    }
  }
  return doc;
}

}  // namespace

TEST(InterfaceCheck, ReadsLab05sTable) {
  const auto& rows = lab05();
  ASSERT_GE(rows.size(), 10u);
  EXPECT_EQ(rows[0].methods, std::vector<std::string>{"GET"});
  EXPECT_EQ(rows[0].path, "/version");
  bool put_patch = false, user = false;
  for (const auto& r : rows) {
    if (r.path == "/stuff/<sid>" && r.methods == std::vector<std::string>{"PUT", "PATCH"}) {
      put_patch = r.params == std::vector<std::string>{"stuff"};
    }
    // "`u`, a `User` model: `login`, ...": the parameter is u, the rest describes it.
    if (r.path == "/users-mgt") user = r.params == std::vector<std::string>{"u"};
  }
  EXPECT_TRUE(put_patch);
  EXPECT_TRUE(user);
}

TEST(InterfaceCheck, ADocumentWithEverythingPasses) {
  EXPECT_EQ(grader::compare_interface(lab05(), reference()), std::vector<std::string>{});
}

TEST(InterfaceCheck, AMissingRouteIsNamed) {
  Json doc = reference();
  doc["paths"].erase("/owners");
  EXPECT_EQ(
      grader::compare_interface(lab05(), doc),
      std::vector<std::string>{"POST /owners: missing from your document (no route /owners)"});
}

TEST(InterfaceCheck, AWrongMethodIsNamed) {
  Json doc = reference();
  doc["paths"]["/things/{tid}"]["put"] = doc["paths"]["/things/{tid}"]["patch"];
  doc["paths"]["/things/{tid}"].erase("patch");
  EXPECT_EQ(grader::compare_interface(lab05(), doc),
            std::vector<std::string>{
                "PATCH /things/<tid>: wrong method: your /things/<tid> answers DELETE, PUT"});
}

TEST(InterfaceCheck, AMissingParameterIsNamed) {
  Json doc = reference();
  doc["paths"]["/things"]["post"]["parameters"].erase(2);  // tprice
  EXPECT_EQ(grader::compare_interface(lab05(), doc),
            std::vector<std::string>{"POST /things: missing parameter \"tprice\""});
  // A body's property counts as a parameter.
  doc["paths"]["/things"]["post"]["requestBody"] = {
      {"content",
       {{"application/json", {{"schema", {{"properties", {{"tprice", Json::object()}}}}}}}}}};
  EXPECT_EQ(grader::compare_interface(lab05(), doc), std::vector<std::string>{});
}

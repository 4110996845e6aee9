// multipart/form-data bodies: fields as form parameters, files as web::File parameters, bounded
// by the body limit; a malformed body is a 400. In process and over HTTP.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include <web/app.hpp>
#include <web/client_test.hpp>

using web::File, web::Files, web::Form, web::json, web::OPEN;

namespace {

class UploadApp : public web::App {
 public:
  UploadApp() : App("upload") {
    config().set("max_body", 4096);
    post("/docs", OPEN, {"title", "doc"}, [](std::string title, File doc) {
      return web::reply(201, json{{"title", title},
                                  {"filename", doc.filename},
                                  {"type", doc.content_type},
                                  {"bytes", doc.bytes}});
    });
    post("/many", OPEN, {"f", "note"}, [](std::vector<File> f, std::optional<std::string> note) {
      json names = json::array();
      for (const auto& file : f)
        names.push_back(file.filename + ":" + std::to_string(file.bytes.size()));
      return json{{"files", names}, {"note", note}};
    });
    post("/text", OPEN, {"v"}, [](std::string v) { return v; });
  }
};

web::Body raw_multipart(const std::string& boundary, const std::string& body) {
  web::Body b;
  b.raw = body;
  b.headers = {{"Content-Type", "multipart/form-data; boundary=" + boundary}};
  return b;
}

}  // namespace

class Multipart : public web::ClientTest<UploadApp> {
 protected:
  static std::string error(const web::Result& r) { return r.body().value("error", ""); }
};

INSTANTIATE_TEST_SUITE_P(Client, Multipart, web::client_modes(), web::client_mode_name);

TEST_P(Multipart, AFileIsAParameterWithItsNameTypeAndBytes) {
  std::string bytes = std::string("line 1\r\nline 2\0\xff", 16);
  auto r = client.post("/docs", web::Body(Form{{"title", "notes"}},
                                          Files{{"doc", File{"notes.txt", "text/plain", bytes}}}));
  ASSERT_EQ(r.status, 201) << r;
  EXPECT_EQ(r.body()["title"], "notes");
  EXPECT_EQ(r.body()["filename"], "notes.txt");
  EXPECT_EQ(r.body()["type"], "text/plain");
  EXPECT_EQ(r.body()["bytes"].get<std::string>().substr(0, 14), "line 1\r\nline 2");
}

TEST_P(Multipart, SeveralFilesUnderOneNameAreAList) {
  auto r = client.post(
      "/many", web::Body(Form{{"note", "two"}},
                         Files{{"f", File{"a.bin", "", "abc"}}, {"f", File{"b.bin", "", ""}}}));
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body(), json({{"files", {"a.bin:3", "b.bin:0"}}, {"note", "two"}}));
}

TEST_P(Multipart, AFileIsNotTextNorTextAFile) {
  auto file_as_text =
      client.post("/text", web::Body(Form{}, Files{{"v", File{"v.txt", "text/plain", "x"}}}));
  EXPECT_EQ(file_as_text.status, 400) << file_as_text;
  EXPECT_EQ(error(file_as_text), "parameter \"v\" type error on \"v.txt\" for string");
  auto text_as_file = client.post("/docs", web::Body(Form{{"title", "t"}, {"doc", "x"}}, Files{}));
  EXPECT_EQ(text_as_file.status, 400) << text_as_file;
  // Without files the client sends a plain form; as multipart, a field is refused the same way.
  auto field_as_file = client.post(
      "/docs", raw_multipart("b",
                             "--b\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nt"
                             "\r\n--b\r\nContent-Disposition: form-data; name=\"doc\"\r\n\r\n"
                             "not a file\r\n--b--\r\n"));
  EXPECT_EQ(error(field_as_file),
            "parameter \"doc\" type error on \"not a file\" for file: not a file of a "
            "multipart/form-data body");
}

TEST_P(Multipart, AMissingFileIsAMissingParameter) {
  auto r = client.post("/docs", web::Body(Form{{"title", "t"}}, Files{}));
  EXPECT_EQ(r.status, 400) << r;
  EXPECT_EQ(error(r), "parameter \"doc\" is missing");
}

TEST_P(Multipart, AMalformedBodyIs400SayingWhatIsWrong) {
  std::vector<std::pair<web::Body, std::string>> cases = {
      {raw_multipart("", "--\r\n"), "no boundary in the Content-Type"},
      {raw_multipart("b", "no delimiter at all"), "no boundary line"},
      {raw_multipart("b", "--b\r\nContent-Disposition: form-data; name=\"v\"\r\n\r\nx"),
       "the closing boundary is missing"},
      {raw_multipart("b", "--b\r\nContent-Disposition: form-data; name=\"v\"\r\nx\r\n--b--"),
       "a part's headers never end"},
      {raw_multipart("b",
                     "--b\r\nContent-Disposition: form-data; name=\"v\"\r\nx\r\n\r\nx\r\n--b--"),
       "a part's header line without ':'"},
      {raw_multipart("b", "--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--"),
       "a part without Content-Disposition"},
      {raw_multipart("b", "--b\r\nContent-Disposition: attachment; name=\"v\"\r\n\r\nx\r\n--b--"),
       "a part that is not form-data"},
      {raw_multipart("b", "--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--"),
       "a part without a name"},
      {raw_multipart("b", "--bxyz\r\n"), "no line break after a boundary"},
  };
  for (const auto& [body, why] : cases) {
    auto r = client.post("/text", body);
    EXPECT_EQ(r.status, 400) << r;
    EXPECT_EQ(error(r), "malformed multipart body: " + why) << r;
  }
}

TEST_P(Multipart, APreambleQuotedNamesAndTheEpilogueAreFine) {
  auto r =
      client.post("/text", raw_multipart("\"xyz\"",
                                         "preamble\r\n--xyz\r\nContent-Disposition: form-data; "
                                         "name=\"v\"\r\n\r\nvalue\r\n--xyz--\r\nepilogue"));
  EXPECT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body(), "value");
}

TEST_P(Multipart, ABodyOverTheLimitIs413) {
  auto r =
      client.post("/docs", web::Body(Form{{"title", "big"}},
                                     Files{{"doc", File{"big.bin", "", std::string(5000, 'x')}}}));
  EXPECT_EQ(r.status, 413) << r;
}

// A test client, like FlaskTester: the same calls answered in process (no socket) by an App,
// or over real HTTP by a server at a base URL. Link with `common_testing`.
#pragma once

#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "web/file.hpp"
#include "web/json.hpp"
#include "web/request.hpp"
#include "web/url.hpp"

namespace web {

class App;
class Server;

// A form body, sent as application/x-www-form-urlencoded.
using Form = std::vector<std::pair<std::string, std::string>>;
// Files to upload, by field name: with them, the form is sent as multipart/form-data.
using Files = std::vector<std::pair<std::string, File>>;

// What a request sends besides method and path: nothing, a JSON body, a form, or a form with
// files; headers.
struct Body {
  Body() = default;
  Body(json value) : json_body(std::move(value)) {}  // NOLINT: implicit on purpose
  Body(Form fields) : form(std::move(fields)) {}     // NOLINT: implicit on purpose
  Body(Form fields, Files uploads) : form(std::move(fields)), files(std::move(uploads)) {}
  std::optional<json> json_body;
  std::optional<Form> form;
  Files files;
  std::optional<std::string> raw;  // sent as is, with the Content-Type header given
  Headers headers;
};

// Credentials added to a request's body and headers: Authorization Basic or Bearer.
//   client.get("/hello", web::basic_auth("hobbes", "susie"));
//   client.post("/stuff", web::bearer_auth(token, web::Form{{"stuff", "Lamp"}}));
Body basic_auth(const std::string& user, const std::string& password, Body body = {});
Body bearer_auth(const std::string& token, Body body = {});
// A header or a cookie added to a request: with_header("X-Trace", "1", body),
// with_cookie("lang", "fr").
Body with_header(const std::string& name, const std::string& value, Body body = {});
Body with_cookie(const std::string& name, const std::string& value, Body body = {});

struct Result {
  std::string method, target;  // the request, for messages
  int status = 0;
  std::string text;  // the body as received
  Headers headers;
  std::optional<std::string> header(std::string_view name) const;  // case-insensitive
  json body() const;  // the body parsed as JSON; null when empty; throws on malformed JSON
};

// "GET /store -> 404 {"error": ...}": failure messages show the request and the answer.
std::ostream& operator<<(std::ostream& os, const Result& r);

class Client {
 public:
  explicit Client(const App& app);        // in process
  explicit Client(std::string base_url);  // over HTTP, e.g. http://127.0.0.1:5000
  // Over HTTP to `app`, served on a free loopback port for as long as the client lives.
  static Client serve(const App& app);
  bool over_http() const { return !base_url_.empty(); }
  const std::string& base_url() const { return base_url_; }

  Result request(const std::string& method, const std::string& target, const Body& body = {});
  Result get(const std::string& target, const Body& body = {}) {
    return request("GET", target, body);
  }
  Result post(const std::string& target, const Body& body = {}) {
    return request("POST", target, body);
  }
  Result put(const std::string& target, const Body& body = {}) {
    return request("PUT", target, body);
  }
  Result patch(const std::string& target, const Body& body = {}) {
    return request("PATCH", target, body);
  }
  Result del(const std::string& target, const Body& body = {}) {
    return request("DELETE", target, body);
  }

 private:
  const App* app_ = nullptr;
  std::string base_url_;
  std::shared_ptr<Server> server_;
};

}  // namespace web

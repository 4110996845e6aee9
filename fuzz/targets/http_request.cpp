// Fuzz target: the bytes of one connection through the request framing (http_parser: heads,
// Content-Length and chunked bodies, pipelining, limits), cut into two reads where the first
// byte says, then each request through a small app: routing and the decoding of path, query,
// form and JSON parameters into typed arguments and a model. A 5xx for anything a client sent
// is a bug, and so is a refusal that is not a 4xx.
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include <web/app.hpp>

#include "http/http_reader.hpp"

namespace {

struct Point {
  std::int64_t x = 0;
  std::optional<double> y;
  std::vector<std::string> tags;
  static void model(web::Model<Point>& m) {
    m.field("x", &Point::x, web::minimum(0));
    m.field("y", &Point::y);
    m.field("tags", &Point::tags, web::max_length(3));
  }
};

class FuzzApp : public web::App {
 public:
  FuzzApp() : App("fuzz") {
    config().set("access_log", false);
    config().set("max_body", 4096);
    post("/stuff", web::OPEN, {"stuff"}, [](std::string stuff) { return stuff; });
    get("/n/<n>", web::OPEN, {"n", "v", "d", "b", "j"},
        [](std::int64_t n, std::vector<std::int64_t> v, std::optional<double> d,
           std::optional<bool> b, std::optional<web::json> j) {
          return web::json{{"n", n}, {"v", v}, {"d", d}, {"b", b}, {"j", j}};
        });
    route({"PUT", "PATCH"}, "/p/<path:rest>", web::OPEN, {"rest", "p", "when"},
          [](std::string rest, Point p, std::optional<web::Date> when) {
            return web::json{{"rest", rest}, {"x", p.x}, {"when", when.has_value()}};
          });
    start(false);
  }
};

void check(int status) {
  if (status >= 500) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static FuzzApp app;
  if (size == 0) return 0;
  std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::size_t cut = input.size() * data[0] / 255;
  web::detail::HttpReader reader(4096);
  for (std::string_view part : {input.substr(0, cut), input.substr(cut)}) {
    while (true) {
      auto event = reader.read(part);
      if (event == web::detail::HttpReader::Event::need_more) break;
      if (event == web::detail::HttpReader::Event::refused) {
        int status = reader.refusal().status;
        if (status < 400 || status >= 500) std::abort();
        return 0;
      }
      if (event == web::detail::HttpReader::Event::request) {
        auto& wire = reader.request();
        web::Request request(std::move(wire.method), wire.target, std::move(wire.headers),
                             std::move(wire.body));
        check(app.handle(request).status());
      }
    }
  }
  if (reader.finish() == web::detail::HttpReader::Event::refused) check(reader.refusal().status);
  return 0;
}

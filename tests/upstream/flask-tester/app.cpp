// FlaskTester 5.1's test app (tests/app.py) ported to common, to be run under its own pytest
// suite (tests/test_app.py, external mode, see ../README.md): tokens, parameters and basic
// passwords, an ADMIN group, cookies, JSON values and models as parameters, FSA_MODE="dev".
#include <map>
#include <set>
#include <string>

#include <web/app.hpp>
#include <web/model.hpp>

using web::json, web::OPEN, web::AUTH;

namespace {

// tests/model.py's Thing1 (pydantic), Thing2 (pydantic dataclass), Thing3 (dataclass): one here.
struct Thing {
  std::int64_t tid = 0;
  std::string name, owner;
  static void model(web::Model<Thing>& m) {
    m.field("tid", &Thing::tid);
    m.field("name", &Thing::name);
    m.field("owner", &Thing::owner);
  }
};

const std::set<std::string> admins = {"calvin", "susie"};
const std::map<std::string, std::string> hello = {
    {"it", "Ciao"}, {"fr", "Salut"}, {"en", "Hi"}, {"ko", "안녕"}};

class TesterApp : public web::App {
 public:
  TesterApp() : web::App("app") {
    // tests/secret.py's PASSES, random from TEST_SEED: the run script writes them here.
    config().declare("passes", json::object(), "login -> password, hashed at start-up");
    config().set("mode", "dev");
    config().set("error_response", "plain");  // FlaskSimpleAuth's default FSA_ERROR_RESPONSE
    config().set("auth", json::array({"token", "param", "basic", "none"}));
    on_config([this] {
      json passes = config().get<json>("passes");  // items() of a temporary would dangle
      for (const auto& [login, password] : passes.items())
        hashes_[login] = hash_password(password.get<std::string>());
    });
    get_user_pass([this](const std::string& login) -> std::optional<std::string> {
      auto it = hashes_.find(login);
      if (it == hashes_.end()) return std::nullopt;
      return it->second;
    });
    group_check("ADMIN", [](const std::string& login) { return admins.contains(login); });

    // GET /login: the user and a token, for a basic password
    get("/login", AUTH.scheme("basic"), [this](web::Request& req) {
      return json{{"user", *req.user()}, {"token", create_token(*req.user())}};
    });
    // POST /login: 201, the same, for a password as parameters
    post("/login", AUTH.scheme("param"), [this](web::Request& req) {
      return web::reply(201, {{"user", *req.user()}, {"token", create_token(*req.user())}});
    });

    // GET /who-am-i (cookie lang?): who, whether an admin, which language
    get("/who-am-i", AUTH, {web::cookie("lang")},
        [](web::Request& req, std::optional<std::string> lang) {
          return json{
              {"user", *req.user()}, {"isadmin", admins.contains(*req.user())}, {"lang", lang}};
        });
    // GET /admin: admins only
    get("/admin", web::group("ADMIN"), [](web::Request& req) {
      return json{{"user", *req.user()}, {"isadmin", true}};
    });

    // GET /hello (cookie lang, default en): hello in that language, else "Hi"
    get("/hello", OPEN, {web::cookie("lang")}, [](std::optional<std::string> lang) {
      std::string l = lang.value_or("en");
      auto it = hello.find(l);
      return json{{"lang", l}, {"hello", it == hello.end() ? "Hi" : it->second}};
    });

    // GET, POST /t0 (t): any JSON value, back; /t1, /t2, /t3 (t): a thing, back
    route({"GET", "POST"}, "/t0", OPEN, {"t"}, [](json t) { return t; });
    for (const char* path : {"/t1", "/t2", "/t3"})
      route({"GET", "POST"}, path, OPEN, {"t"}, [](Thing t) { return json(t); });
  }

 private:
  std::map<std::string, std::string> hashes_;
};

}  // namespace

int main(int argc, char** argv) {
  return TesterApp().run(argc, argv);
}

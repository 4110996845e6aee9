// The same greeting behind each authorization, for bench/run: OPEN, a bearer token, a basic
// password (bcrypt cost 4). The password lookup is an in-memory map, cached by common like any
// lookup: what is measured is common's authentication, not a database.
#include <map>
#include <optional>
#include <string>

#include <web/app.hpp>
#include <web/password.hpp>

class AuthBench : public web::App {
 public:
  AuthBench() : App("bench") {
    passwords_["calvin"] = web::hash_password("hobbes", 4);
    get_user_pass([this](const std::string& login) -> std::optional<std::string> {
      auto it = passwords_.find(login);
      if (it == passwords_.end()) return std::nullopt;
      return it->second;
    });
    auto hello = [](web::Request& req) {
      return "hello " + req.user().value_or("world") + "!";
    };
    get("/open", web::OPEN, hello);
    get("/token", web::AUTH.scheme("token"), hello);
    get("/basic", web::AUTH.scheme("basic"), hello);
    // The token the load test sends (the bench's own secret, from the config).
    get("/login", web::AUTH.scheme("basic"),
        [this](web::Request& req) { return create_token(*req.user()); });
  }

 private:
  std::map<std::string, std::string> passwords_;
};

int main(int argc, char** argv) {
  return AuthBench().run(argc, argv);
}

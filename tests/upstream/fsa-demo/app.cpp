// demo/app.py and demo/auth.py: the open routes, the authentication hooks (a login or an email,
// admins in the ADMIN group, a user's data for that user or an admin), the blueprints.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>

#include "demo.hpp"

using web::json, web::OPEN;

json tuple(const json& row) {
  if (row.is_null()) return row;
  json columns = json::array();
  for (const auto& [name, value] : row.items()) columns.push_back(value);
  return columns;
}

json tuples(const json& rows) {
  json all = json::array();
  for (const auto& row : rows) all.push_back(tuple(row));
  return all;
}

namespace {

// Python's uuid.uuid4(), which names an uploaded file.
std::string uuid4() {
  std::random_device random;
  unsigned char b[16];
  for (auto& byte : b) byte = static_cast<unsigned char>(random());
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  char text[37];
  std::snprintf(text, sizeof text,
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
                b[15]);
  return text;
}

}  // namespace

Demo::Demo() : web::App("demo") {
  config().declare("upload_dir", ".", "where POST /upload saves files (APP_UPLOAD_DIR)");
  config().set("error_response", "plain");  // FlaskSimpleAuth's default FSA_ERROR_RESPONSE
  queries("queries.sql");
  on_init([this] { init_database(); });

  get_user_pass([this](const std::string& login) -> std::optional<std::string> {
    json user = query("get_user_data", {{"login", login}});
    if (user.is_null()) return std::nullopt;
    return user["upass"].get<std::string>();
  });
  group_check("ADMIN", [this](const std::string& login) { return is_admin(login); });
  object_perms("users", [this](const std::string& login, const json& oid, const std::string&) {
    return std::optional<bool>(is_admin(login) || oid == login);
  });
  // FSA_ADD_HEADERS = {"Service": "Demo/1.0"}
  after([](const web::Request&, web::Response& res) { res.header("Service", "Demo/1.0"); });

  // GET /version: the FlaskSimpleAuth version whose demo this is
  get("/version", OPEN, [] { return "35.5"; });

  // GET /now: the database's time
  get("/now", OPEN, [this] { return query("now"); });

  // GET /who: the authenticated user, or null
  get("/who", OPEN, [](web::Request& req) { return json(req.user()); });

  // POST /upload (file): 201, where the file was saved
  post("/upload", OPEN, {"file"}, [this](web::File file) {
    std::string name = uuid4() + ".tmp";
    auto path = std::filesystem::path(config().get<std::string>("upload_dir")) / name;
    std::ofstream(path, std::ios::binary) << file.bytes;
    return web::Response::text(201,
                               file.filename + " (" + file.content_type + ") saved as " + name);
  });

  mount("", stuff_);
  mount("", users_);
  mount("", authb_);
  mount("", scare_);
  mount("/types", types_);
  // The demo mounts its OAuth blueprint with JWTs, its MFA one with its own tokens.
  on_config([this] {
    if (config().get<std::string>("token_type") == "jwt") mount("", oauth_);
    if (config().get<std::string>("token_type") == "fsa") mount("/mfa", mfa_);
  });
}

bool Demo::is_admin(const std::string& login) {
  json user = query("get_user_data", {{"login", login}});
  return !user.is_null() && user["admin"] == true;
}

int main(int argc, char** argv) {
  return Demo().run(argc, argv);
}

// The OpenAPI 3.1 document of an app: paths from the routes' patterns, parameters from their
// names and the handlers' argument types, rules as schema keywords, models as components, the
// config's authentication schemes, and the statuses a declaration implies.
#include "app/openapi.hpp"

#include <cxxabi.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <set>

#include "web/route_binding.hpp"
#include "web/schema.hpp"

namespace web {
namespace detail {

std::string model_name(const char* mangled) {
  int status = 0;
  std::unique_ptr<char, void (*)(void*)> demangled(
      abi::__cxa_demangle(mangled, nullptr, nullptr, &status), std::free);
  std::string name = status == 0 && demangled ? demangled.get() : mangled;
  // "labs::User", "(anonymous namespace)::User": the last part; components' keys are
  // [A-Za-z0-9._-]+.
  if (auto colons = name.rfind("::"); colons != std::string::npos) name = name.substr(colons + 2);
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '_') c = '_';
  }
  return name;
}

namespace {

// "/stuff/<sid>" -> "/stuff/{sid}"; "<path:p>" -> "{p}" (OpenAPI cannot say that it takes
// slashes: its description does).
std::string openapi_path(const std::string& path) {
  std::string out;
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '<') {
      std::size_t end = path.find('>', i);
      if (end == std::string::npos) break;
      std::string name = path.substr(i + 1, end - i - 1);
      if (name.starts_with("path:")) name = name.substr(5);
      out += "{" + name + "}";
      i = end + 1;
    } else {
      out += path[i++];
    }
  }
  return out.empty() ? "/" : out;
}

// Moves every model (an object schema with a "title") into components/schemas, leaving a $ref.
void hoist(json& schema, json& components) {
  if (schema.is_array()) {
    for (auto& s : schema) hoist(s, components);
    return;
  }
  if (!schema.is_object()) return;
  for (auto& [key, value] : schema.items()) {
    if (key != "required" && key != "enum") hoist(value, components);
  }
  if (schema.contains("title") && schema.value("type", "") == "object") {
    std::string name = schema["title"];
    components[name] = schema;
    schema = {{"$ref", "#/components/schemas/" + name}};
  }
}

// The schema of a parameter: its type's, with what its rules say.
json parameter_schema(const json& described, const Name& name, json& components) {
  json schema = described.value("schema", json::object());
  for (const auto& rule : name.rules()) {
    if (rule->schema().is_object()) {
      schema.update(rule->schema());
    }
  }
  // A rule of your own says itself in words.
  std::string words;
  for (const auto& rule : name.rules()) {
    if (!rule->schema().is_object()) words += (words.empty() ? "" : "; ") + rule->text();
  }
  if (!words.empty()) schema["description"] = words;
  hoist(schema, components);
  return schema;
}

const std::set<std::string> kMethods = {"get",     "put",  "post",  "delete",
                                        "options", "head", "patch", "trace"};

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string operation_id(const std::string& method, const std::string& path) {
  std::string id = method;
  for (char c : path) {
    id += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  }
  while (!id.empty() && id.back() == '_') id.pop_back();
  return id;
}

json response(const char* description) {
  return {{"description", description}};
}

}  // namespace

json openapi_document(const std::string& title, const Config& config,
                      const std::vector<const ApiRoute*>& routes) {
  json components = json::object();
  json paths = json::object();
  std::set<std::string> used_schemes;
  auto default_schemes = config.get<std::vector<std::string>>("auth");
  for (const ApiRoute* route : routes) {
    std::string path = openapi_path(route->path);
    auto path_params = path_parameters(route->path);
    const Authz& authz = route->authz;
    for (const auto& method_name : route->methods) {
      std::string method = lower(method_name);
      if (!kMethods.count(method)) continue;
      bool body = method == "post" || method == "put" || method == "patch";
      json op = {{"summary", method_name + " " + path},
                 {"operationId", operation_id(method, path)}};
      json parameters = json::array();
      json properties = json::object();
      json required = json::array();
      bool file = false;
      std::set<std::string> in_path;
      for (std::size_t i = 0; i < route->params.size() && i < route->schemas.size(); ++i) {
        const Name& name = route->params[i];
        const json& described = route->schemas[i];
        json schema = parameter_schema(described, name, components);
        bool needed = described.value("required", true);
        std::string in = name.source() == Source::header   ? "header"
                         : name.source() == Source::cookie ? "cookie"
                         : std::count(path_params.begin(), path_params.end(), name.name()) ? "path"
                         : body                                                            ? "body"
                                : "query";
        if (in == "body") {
          file = file || schema.value("format", "") == "binary";
          properties[name.name()] = std::move(schema);
          if (needed) required.push_back(name.name());
          continue;
        }
        if (in == "path") {
          in_path.insert(name.name());
          needed = true;
        }
        parameters.push_back({{"name", name.name()},
                              {"in", in},
                              {"required", needed},
                              {"schema", std::move(schema)}});
      }
      // A stub that ignores its path's parameters still has them: text.
      for (const auto& p : path_params) {
        if (!in_path.count(p)) {
          parameters.push_back(
              {{"name", p}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}});
        }
      }
      if (!parameters.empty()) op["parameters"] = std::move(parameters);
      if (!properties.empty()) {
        json schema = {{"type", "object"}, {"properties", std::move(properties)}};
        if (!required.empty()) schema["required"] = required;
        json content = json::object();
        if (file) {
          content["multipart/form-data"] = {{"schema", schema}};
        } else {
          content["application/json"] = {{"schema", schema}};
          content["application/x-www-form-urlencoded"] = {{"schema", schema}};
        }
        op["requestBody"] = {{"required", !required.empty()}, {"content", std::move(content)}};
      }

      // What the declaration implies, in the order the checks run (authz.hpp).
      json responses = json::object();
      std::string description;
      if (route->status == 200) {
        responses["200"] = {{"description", "OK"},
                            {"content", {{"application/json", {{"schema", json::object()}}}}}};
      } else if (route->status == 204) {
        responses["204"] = response("No Content");
      } else {
        responses["default"] = response("the handler's answer (it chooses its status: 201...)");
      }
      if (!route->params.empty() || !path_params.empty()) {
        responses["400"] = response("a parameter is missing, of the wrong type or breaks a rule");
      }
      if (authz.kind() == Authz::Kind::auth) {
        responses["401"] = response("not authenticated");
        const auto& schemes = authz.schemes().empty() ? default_schemes : authz.schemes();
        // OpenAPI 3.1 lets any scheme's requirement list what it needs: the token's scopes.
        json security = json::array();
        for (const auto& s : schemes) {
          if (s == "none") continue;
          used_schemes.insert(s);
          security.push_back({{s, s == "token" ? json(authz.scopes()) : json::array()}});
        }
        if (!security.empty()) op["security"] = std::move(security);
      }
      if (authz.kind() == Authz::Kind::closed || !authz.groups().empty() ||
          !authz.permissions().empty() || !authz.scopes().empty()) {
        responses["403"] = response("not allowed");
      }
      // An object named by the path or by a permission's parameter may not exist.
      if (!authz.permissions().empty() || !path_params.empty()) {
        responses["404"] = response("no such object");
      }
      if (authz.kind() == Authz::Kind::closed) description = "Closed: answers 403 to everyone.";
      if (authz.kind() == Authz::Kind::todo) {
        responses["501"] = response("not implemented yet");
        description = "To do: " + authz.todo() + ".";
      }
      if (!authz.groups().empty()) {
        std::string groups;
        for (const auto& g : authz.groups()) groups += (groups.empty() ? "" : ", ") + g;
        description += (description.empty() ? "" : " ") + ("Groups: " + groups + ".");
      }
      for (const auto& p : authz.permissions()) {
        description += (description.empty() ? "" : " ") +
                       ("Permission: " + p.mode + " on " + p.domain + " " + p.param + ".");
      }
      if (!authz.scopes().empty()) {
        std::string scopes;
        for (const auto& sc : authz.scopes()) scopes += (scopes.empty() ? "" : " ") + sc;
        description += (description.empty() ? "" : " ") + ("Token scopes: " + scopes + ".");
      }
      if (!authz.realm().empty()) {
        description += (description.empty() ? "" : " ") +
                       ("Tokens made for realm " + authz.realm() + " only.");
      }
      if (route->path.find("<path:") != std::string::npos) {
        description += (description.empty() ? "" : " ") +
                       std::string("The last path parameter may hold slashes.");
      }
      if (authz.kind() == Authz::Kind::open) op["security"] = json::array();
      if (!description.empty()) op["description"] = description;
      op["responses"] = std::move(responses);
      paths[path][method] = std::move(op);
    }
  }

  json doc = {{"openapi", "3.1.0"},
              {"info", {{"title", title}, {"version", "1.0.0"}}},
              {"paths", std::move(paths)}};
  json schemes = json::object();
  std::string carrier = config.get<std::string>("token_carrier");
  std::string token_name = config.get<std::string>("token_name");
  for (const auto& s : used_schemes) {
    if (s == "basic") {
      schemes["basic"] = {{"type", "http"}, {"scheme", "basic"}};
    } else if (s == "param") {
      schemes["param"] = {{"type", "apiKey"},
                          {"in", "query"},
                          {"name", "USER"},
                          {"description",
                           "the login in USER, its password in PASS (query or "
                           "form parameters)"}};
    } else if (s == "token") {
      if (carrier == "bearer") {
        schemes["token"] = {{"type", "http"}, {"scheme", "bearer"}};
        if (config.get<std::string>("token_type") == "jwt")
          schemes["token"]["bearerFormat"] = "JWT";
      } else {
        schemes["token"] = {{"type", "apiKey"},
                            {"in", carrier == "param" ? "query" : carrier},
                            {"name", token_name}};
      }
    }
  }
  json comps = json::object();
  if (!components.empty()) comps["schemas"] = std::move(components);
  if (!schemes.empty()) comps["securitySchemes"] = std::move(schemes);
  if (!comps.empty()) doc["components"] = std::move(comps);
  return doc;
}

}  // namespace detail
}  // namespace web

// demo/types_path.py: parameter types, answered as the Python demo's f-strings (Python's
// spelling of values: True, 2.0, 'Three').
#include <charconv>
#include <vector>

#include "demo.hpp"

using web::json, web::OPEN;

namespace {

// demo/types_path.py's nat: an int, refused when negative, the value in the reason.
struct Nat {
  std::int64_t value = 0;
};

// Its ListOfStr: a list of strings, or "expecting list[str]".
struct ListOfStr {
  std::vector<std::string> items;
};

// Its pydantic model Character and dataclass Personnage: a name and an age.
struct Character {
  std::string name;
  std::int64_t age = 0;
  static void model(web::Model<Character>& m) {
    m.field("name", &Character::name);
    m.field("age", &Character::age);
  }
};

// Python's str() of a float: the shortest text that reads back, with ".0" when integral.
std::string py_float(double x) {
  char text[32];
  auto end = std::to_chars(text, text + sizeof text, x).ptr;
  std::string s(text, end);
  if (s.find_first_of(".en") == std::string::npos) s += ".0";
  return s;
}

// Python's repr() of the value json.loads gives.
std::string py_repr(const json& v) {
  if (v.is_null()) return "None";
  if (v.is_boolean()) return v.get<bool>() ? "True" : "False";
  if (v.is_number_float()) return py_float(v.get<double>());
  if (v.is_number()) return v.dump();
  if (v.is_string()) {
    std::string s = "'";
    for (char c : v.get<std::string>())
      s += (c == '\'' || c == '\\') ? std::string{'\\', c} : std::string{c};
    return s + "'";
  }
  bool list = v.is_array();
  std::string s = list ? "[" : "{";
  for (auto it = v.begin(); it != v.end(); ++it) {
    if (it != v.begin()) s += ", ";
    if (!list) s += py_repr(it.key()) + ": ";
    s += py_repr(*it);
  }
  return s + (list ? "]" : "}");
}

std::string py_type(const json& v) {
  if (v.is_null()) return "NoneType";
  if (v.is_boolean()) return "bool";
  if (v.is_number_float()) return "float";
  if (v.is_number()) return "int";
  if (v.is_string()) return "str";
  return v.is_array() ? "list" : "dict";
}

}  // namespace

template <>
struct web::ParamType<Nat> {
  static constexpr std::string_view name = "nat";
  static web::Parsed parse(const web::ParamValue& v, Nat& out) {
    if (auto p = web::ParamType<std::int64_t>::parse(v, out.value); !p) return p;
    if (out.value < 0)
      return web::Parsed::refused("nat value must be positive: " + std::to_string(out.value));
    return true;
  }
};

template <>
struct web::ParamType<ListOfStr> {
  static constexpr std::string_view name = "ListOfStr";
  static web::Parsed parse(const web::ParamValue& v, ListOfStr& out) {
    json list = v.value;
    if (v.from_text && v.value.is_string())
      list = json::parse(v.value.get<std::string>(), nullptr, false);
    if (!list.is_array()) return web::Parsed::refused("expecting list[str]");
    for (const auto& item : list) {
      if (!item.is_string()) return web::Parsed::refused("expecting list[str]");
      out.items.push_back(item.get<std::string>());
    }
    return true;
  }
};

Types::Types(web::App& app) : web::Blueprint(app, "types") {
  // GET /types/scalars (i?, f?, b?, s?): "i=1, f=0.0, b=False, s="
  get("/scalars", OPEN, {"i", "f", "b", "s"},
      [](std::optional<std::int64_t> i, std::optional<double> f, std::optional<bool> b,
         std::optional<std::string> s) {
        return web::Response::text(
            200, "i=" + std::to_string(i.value_or(0)) + ", f=" + py_float(f.value_or(0.0)) +
                     ", b=" + (b.value_or(false) ? "True" : "False") + ", s=" + s.value_or(""));
      });

  // GET /types/json (j): its Python type and value, "list: [False, 1, 2.0, 'Three']"
  get("/json", OPEN, {"j"},
      [](json j) { return web::Response::text(200, py_type(j) + ": " + py_repr(j)); });

  // GET /types/nat (i, j): i + j; 400 if one is negative
  get("/nat", OPEN, {"i", "j"}, [](Nat i, Nat j) { return i.value + j.value; });

  // POST /types/char (char), POST /types/pers (pers): 201 and the character
  post("/char", OPEN, {"char"}, [](Character c) { return web::reply(201, c); });
  post("/pers", OPEN, {"pers"}, [](Character c) { return web::reply(201, c); });

  // GET /types/ls (ls): its length and its strings joined by "/"
  get("/ls", OPEN, {"ls"}, [](ListOfStr ls) {
    std::string all;
    for (std::size_t k = 0; k < ls.items.size(); ++k) all += (k ? "/" : "") + ls.items[k];
    return json{{"len", ls.items.size()}, {"all", all}};
  });
}

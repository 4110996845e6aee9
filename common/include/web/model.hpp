// Models: structs with declared fields and validation rules, read from a JSON object or from
// form fields, like the Python course's pydantic User. Every problem is a 400 naming the field and
// rule:
//
//   struct User {
//     std::string login, password;
//     bool isAdmin = false;
//     static void model(web::Model<User>& m) {
//       m.field("login", &User::login);
//       m.field("password", &User::password, web::min_length(4));
//       m.field("isAdmin", &User::isAdmin);
//     }
//   };
//   app.post("/users-mgt", web::OPEN, {"u"}, [](User u) { ... });
//
// A field of type std::optional<T> may be missing; any other field is required.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "web/json.hpp"
#include "web/param.hpp"
#include "web/rules.hpp"
#include "web/schema.hpp"

namespace web {

template <class T>
class Model;

// A struct is a model when it describes its fields with a static model(web::Model<T>&).
template <class T>
concept is_model = requires(Model<T>& m) {
  T::model(m);
};

// Looks up a field's value by its name; nullptr when it is missing.
using FieldSource = std::function<const ParamValue*(std::string_view)>;

namespace detail {

// Reads one value of type F, appending "parameter "<where>" ..." problems.
template <class F>
bool read_field(const ParamValue& v, const std::string& where, F& out,
                std::vector<std::string>& problems);

}  // namespace detail

template <class T>
class Model {
 public:
  // Declares a field and the rules its value must follow: m.field("age", &P::age, minimum(0)).
  template <class F, class... Rules>
  Model& field(std::string name, F T::*member, Rules... rules) {
    fields_.push_back(
        {name,
         [name, member, rules...](const FieldSource& source, const std::string& prefix, T& out,
                                  std::vector<std::string>& problems) {
           std::string where = prefix + name;
           const ParamValue* v = source(name);
           if (v == nullptr || (!v->from_text && v->value.is_null())) {
             if constexpr (is_optional<F>::value) {
               out.*member = std::nullopt;
             } else {
               problems.push_back(missing_message(where));
             }
             return;
           }
           if (!detail::read_field(*v, where, out.*member, problems)) return;
           (check(rules, where, out.*member, problems), ...);
         },
         [name, member](const T& in, json& out) { out[name] = in.*member; }, &detail::schema_of<F>,
         !is_optional<F>::value, json::object()});
    (fields_.back().rules.update(rules.schema.is_object() ? rules.schema : json::object()), ...);
    return *this;
  }

  // The model of T, described once by T::model.
  static const Model& get() {
    static const Model instance = [] {
      Model m;
      T::model(m);
      return m;
    }();
    return instance;
  }

  // Fills `out` field by field; true when there was no problem. `prefix` names the fields in
  // messages ("u." for the fields of parameter u).
  bool read(const FieldSource& source, const std::string& prefix, T& out,
            std::vector<std::string>& problems) const {
    std::size_t before = problems.size();
    for (const auto& f : fields_) f.read(source, prefix, out, problems);
    return problems.size() == before;
  }
  // Whether any field is in the source (a form that fills the model field by field).
  bool any(const FieldSource& source) const {
    for (const auto& f : fields_) {
      if (source(f.name) != nullptr) return true;
    }
    return false;
  }
  // Its JSON Schema: an object of its fields, with their rules (see schema.hpp).
  json schema() const {
    json properties = json::object();
    json required = json::array();
    for (const auto& f : fields_) {
      json s = f.schema();
      s.update(f.rules);
      properties[f.name] = std::move(s);
      if (f.required) required.push_back(f.name);
    }
    json out = {{"type", "object"}, {"properties", std::move(properties)}};
    if (!required.empty()) out["required"] = std::move(required);
    return out;
  }
  json write(const T& in) const {
    json out = json::object();
    for (const auto& f : fields_) f.write(in, out);
    return out;
  }

 private:
  template <class Rule, class V>
  static void check(const Rule& rule, const std::string& where, const V& value,
                    std::vector<std::string>& problems) {
    if constexpr (is_optional<V>::value) {
      if (value) check(rule, where, *value, problems);
    } else if (!rule.ok(value)) {
      problems.push_back("parameter \"" + where + "\" " + rule.text);
    }
  }

  struct Field {
    std::string name;
    std::function<void(const FieldSource&, const std::string&, T&, std::vector<std::string>&)> read;
    std::function<void(const T&, json&)> write;
    detail::SchemaOf schema;
    bool required;
    json rules;  // what the rules say in the schema ({"minLength": 4})
  };
  std::vector<Field> fields_;
};

namespace detail {

template <class F>
bool read_field(const ParamValue& v, const std::string& where, F& out,
                std::vector<std::string>& problems) {
  if constexpr (is_optional<F>::value) {
    typename F::value_type inner{};
    if (!read_field(v, where, inner, problems)) return false;
    out = std::move(inner);
    return true;
  } else if constexpr (is_model<F>) {
    // A JSON object, or its text (a form field holding JSON).
    json object = v.from_text ? parse_json(v.value.get_ref<const std::string&>()) : v.value;
    if (!object.is_object()) {
      problems.push_back(type_error_message(where, v, "object"));
      return false;
    }
    std::map<std::string, ParamValue, std::less<>> items;
    for (const auto& [key, value] : object.items()) items.emplace(key, ParamValue{value, false});
    FieldSource source = [&items](std::string_view name) -> const ParamValue* {
      auto it = items.find(name);
      return it == items.end() ? nullptr : &it->second;
    };
    return Model<F>::get().read(source, where + ".", out, problems);
  } else if constexpr (is_vector<F>::value) {
    json array = v.from_text ? parse_json(v.value.get_ref<const std::string&>()) : v.value;
    if (!array.is_array()) {
      problems.push_back(type_error_message(where, v, "list"));
      return false;
    }
    bool ok = true;
    out.clear();
    for (std::size_t i = 0; i < array.size(); ++i) {
      typename F::value_type element{};
      ok = read_field(ParamValue{array[i], false}, where + "[" + std::to_string(i) + "]", element,
                      problems) &&
           ok;
      out.push_back(std::move(element));
    }
    return ok;
  } else {
    static_assert(
        !requires { ParamType<F>::unsupported; },
        "a model's field is a std::string, bool, a number (int, std::int64_t, double...), "
        "web::json, web::Date, web::DateTime, another model, or a std::optional or "
        "std::vector of these; or specialize web::ParamType for its type");
    // An uploaded file is a value of its own: only a web::File takes it.
    Parsed parsed =
        v.file && !std::is_same_v<F, File> ? Parsed(false) : ParamType<F>::parse(v, out);
    if (parsed) return true;
    problems.push_back(type_error_message(where, v, ParamType<F>::name, parsed.reason()));
    return false;
  }
}

}  // namespace detail
}  // namespace web

// A model is a JSON object of its fields, in both directions (from_json throws
// std::invalid_argument listing the problems).
template <class T>
struct nlohmann::adl_serializer<T, std::enable_if_t<web::is_model<T>>> {
  template <class BasicJson>
  static void to_json(BasicJson& j, const T& v) {
    j = web::Model<T>::get().write(v);
  }
  template <class BasicJson>
  static void from_json(const BasicJson& j, T& v) {
    std::vector<std::string> problems;
    if (!web::detail::read_field(web::ParamValue{web::json(j), false}, "value", v, problems)) {
      std::string message;
      for (const auto& p : problems) message += (message.empty() ? "" : "\n") + p;
      throw std::invalid_argument(message);
    }
  }
};

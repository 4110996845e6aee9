#include "web/param.hpp"

#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>

namespace web {

namespace {

const std::string* text_of(const ParamValue& v) {
  return v.from_text && v.value.is_string() ? &v.value.get_ref<const std::string&>() : nullptr;
}

}  // namespace

bool ParamType<std::string>::parse(const ParamValue& v, std::string& out) {
  if (!v.value.is_string()) return false;
  out = v.value.get<std::string>();
  return true;
}

bool ParamType<std::int64_t>::parse(const ParamValue& v, std::int64_t& out) {
  if (const std::string* text = text_of(v)) {
    // Strict: the whole text, an optional sign and digits ("12abc", " 1", "" are errors).
    const char* first = text->data();
    const char* last = first + text->size();
    if (first != last && *first == '+') ++first;
    auto [end, ec] = std::from_chars(first, last, out);
    return ec == std::errc() && end == last && first != last;
  }
  if (!v.value.is_number_integer()) return false;
  if (v.value.is_number_unsigned() && v.value.get<std::uint64_t>() > INT64_MAX) return false;
  out = v.value.get<std::int64_t>();
  return true;
}

bool ParamType<double>::parse(const ParamValue& v, double& out) {
  if (const std::string* text = text_of(v)) {
    if (text->empty() || std::isspace(static_cast<unsigned char>(text->front()))) return false;
    errno = 0;
    char* end = nullptr;
    out = std::strtod(text->c_str(), &end);
    return end == text->c_str() + text->size() && errno == 0 && std::isfinite(out);
  }
  if (!v.value.is_number()) return false;
  out = v.value.get<double>();
  return true;
}

bool ParamType<bool>::parse(const ParamValue& v, bool& out) {
  if (const std::string* text = text_of(v)) {
    std::string t;
    for (char c : *text) t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (t.empty() || t == "0" || t == "false" || t == "f" || t == "no" || t == "off") {
      out = false;
      return true;
    }
    if (t == "1" || t == "true" || t == "t" || t == "yes" || t == "on") {
      out = true;
      return true;
    }
    return false;
  }
  if (!v.value.is_boolean()) return false;
  out = v.value.get<bool>();
  return true;
}

bool ParamType<Date>::parse(const ParamValue& v, Date& out) {
  auto date =
      v.value.is_string() ? parse_date(v.value.get_ref<const std::string&>()) : std::nullopt;
  if (date) out = *date;
  return date.has_value();
}

bool ParamType<DateTime>::parse(const ParamValue& v, DateTime& out) {
  auto datetime =
      v.value.is_string() ? parse_datetime(v.value.get_ref<const std::string&>()) : std::nullopt;
  if (datetime) out = *datetime;
  return datetime.has_value();
}

bool ParamType<json>::parse(const ParamValue& v, json& out) {
  if (const std::string* text = text_of(v)) {
    out = parse_json(*text);
    return !out.is_discarded();
  }
  out = v.value;
  return true;
}

std::string missing_message(std::string_view name) {
  return "parameter \"" + std::string(name) + "\" is missing";
}

std::string type_error_message(std::string_view name, const ParamValue& v, std::string_view type) {
  constexpr std::size_t shown = 64;  // never echo a huge value back
  std::string value = v.value.dump(-1, ' ', false, json::error_handler_t::replace);
  if (value.size() > shown) value = value.substr(0, shown) + "...";
  return "parameter \"" + std::string(name) + "\" type error on " + value + " for " +
         std::string(type);
}

}  // namespace web

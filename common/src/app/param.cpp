#include "web/param.hpp"

#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace web {

namespace {

const std::string* text_of(const ParamValue& v) {
  return v.from_text && v.value.is_string() ? &v.value.get_ref<const std::string&>() : nullptr;
}

template <class N>
std::string range_text(N min, N max) {
  return "out of range " + std::to_string(min) + ".." + std::to_string(max);
}

// The integer of a whole text: an optional sign, then digits ("12abc", " 1", "", "1.5" are
// not); `overflow` when it has the shape of an integer but does not fit 64 bits.
template <class N>
bool integer_text(const std::string& text, N& out, bool& overflow) {
  const char* first = text.data();
  const char* last = first + text.size();
  if (first != last && *first == '+') ++first;
  if (first == last || *first == '+') return false;
  auto [end, ec] = std::from_chars(first, last, out);
  if (end != last) return false;
  overflow = ec == std::errc::result_out_of_range;
  return ec == std::errc() || overflow;
}

}  // namespace

Parsed ParamType<std::string>::parse(const ParamValue& v, std::string& out) {
  if (!v.value.is_string()) return false;
  out = v.value.get<std::string>();
  return true;
}

namespace detail {

Parsed parse_signed(const ParamValue& v, std::int64_t min, std::int64_t max, std::int64_t& out) {
  auto out_of_range = [&] {
    return Parsed::refused(range_text(min, max));
  };
  if (const std::string* text = text_of(v)) {
    bool overflow = false;
    if (!text->empty() && text->front() != '-') {
      // Beyond int64: out of range rather than malformed.
      std::uint64_t big = 0;
      if (!integer_text(*text, big, overflow)) return false;
      if (overflow || big > static_cast<std::uint64_t>(max)) return out_of_range();
      out = static_cast<std::int64_t>(big);
      return true;
    }
    if (!integer_text(*text, out, overflow)) return false;
    if (overflow || out < min) return out_of_range();
    return true;
  }
  if (!v.value.is_number_integer()) return false;
  if (v.value.is_number_unsigned()) {
    if (v.value.get<std::uint64_t>() > static_cast<std::uint64_t>(max)) return out_of_range();
    out = static_cast<std::int64_t>(v.value.get<std::uint64_t>());
    return true;
  }
  out = v.value.get<std::int64_t>();
  if (out < min || out > max) return out_of_range();
  return true;
}

Parsed parse_unsigned(const ParamValue& v, std::uint64_t max, std::uint64_t& out) {
  auto out_of_range = [&] {
    return Parsed::refused(range_text<std::uint64_t>(0, max));
  };
  if (const std::string* text = text_of(v)) {
    bool overflow = false;
    if (!text->empty() && text->front() == '-') {
      std::int64_t negative = 0;
      if (!integer_text(*text, negative, overflow)) return false;
      if (negative != 0 || overflow) return out_of_range();
      out = 0;  // "-0"
      return true;
    }
    if (!integer_text(*text, out, overflow)) return false;
    if (overflow || out > max) return out_of_range();
    return true;
  }
  if (!v.value.is_number_integer()) return false;
  if (!v.value.is_number_unsigned() && v.value.get<std::int64_t>() < 0) return out_of_range();
  out = v.value.get<std::uint64_t>();
  if (out > max) return out_of_range();
  return true;
}

namespace {

template <class F>
F to_floating(const char* text, char** end) {
  if constexpr (std::is_same_v<F, float>) {
    return std::strtof(text, end);
  } else if constexpr (std::is_same_v<F, double>) {
    return std::strtod(text, end);
  } else {
    return std::strtold(text, end);
  }
}

template <class F>
Parsed floating(const ParamValue& v, F& out) {
  auto out_of_range = [] {
    char max[32];
    std::snprintf(max, sizeof max, "%Lg", static_cast<long double>(std::numeric_limits<F>::max()));
    return Parsed::refused(std::string("out of range, at most ") + max + " in magnitude");
  };
  if (const std::string* text = text_of(v)) {
    if (text->empty() || std::isspace(static_cast<unsigned char>(text->front()))) return false;
    errno = 0;
    char* end = nullptr;
    out = to_floating<F>(text->c_str(), &end);
    if (end != text->c_str() + text->size()) return false;
    if (std::isnan(out)) return false;
    // strtod reads "inf" and "1e999" alike; only the second one has the shape of a number.
    if (std::isinf(out) || (errno == ERANGE && out != 0)) {
      bool spelled = text->find_first_of("iI") != std::string::npos;
      return spelled ? Parsed(false) : out_of_range();
    }
    return true;
  }
  if (!v.value.is_number()) return false;
  long double wide = v.value.get<long double>();
  if (std::fabs(wide) > std::numeric_limits<F>::max()) return out_of_range();
  out = static_cast<F>(wide);
  return true;
}

}  // namespace

Parsed parse_floating(const ParamValue& v, float& out) {
  return floating(v, out);
}
Parsed parse_floating(const ParamValue& v, double& out) {
  return floating(v, out);
}
Parsed parse_floating(const ParamValue& v, long double& out) {
  return floating(v, out);
}

}  // namespace detail

Parsed ParamType<bool>::parse(const ParamValue& v, bool& out) {
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

Parsed ParamType<Date>::parse(const ParamValue& v, Date& out) {
  auto date =
      v.value.is_string() ? parse_date(v.value.get_ref<const std::string&>()) : std::nullopt;
  if (date) out = *date;
  return date.has_value();
}

Parsed ParamType<DateTime>::parse(const ParamValue& v, DateTime& out) {
  auto datetime =
      v.value.is_string() ? parse_datetime(v.value.get_ref<const std::string&>()) : std::nullopt;
  if (datetime) out = *datetime;
  return datetime.has_value();
}

Parsed ParamType<json>::parse(const ParamValue& v, json& out) {
  if (const std::string* text = text_of(v)) {
    out = parse_json(*text);
    return !out.is_discarded();
  }
  out = v.value;
  return true;
}

Parsed ParamType<File>::parse(const ParamValue& v, File& out) {
  if (!v.file) return Parsed::refused("not a file of a multipart/form-data body");
  out = *v.file;
  return true;
}

std::string missing_message(std::string_view name) {
  return "parameter \"" + std::string(name) + "\" is missing";
}

namespace {
// A value as a message shows it: JSON, cut after 64 characters (never echo a huge value back).
std::string shown(const ParamValue& v) {
  constexpr std::size_t most = 64;
  std::string value = v.value.dump(-1, ' ', false, json::error_handler_t::replace);
  if (value.size() > most) value = value.substr(0, most) + "...";
  return value;
}
}  // namespace

std::string cast_error_message(std::string_view name, const ParamValue& v,
                               std::string_view problem) {
  return "parameter \"" + std::string(name) + "\" cast error on " + shown(v) + ": " +
         std::string(problem);
}

std::string type_error_message(std::string_view name, const ParamValue& v, std::string_view type,
                               std::string_view reason) {
  std::string message = "parameter \"" + std::string(name) + "\" type error on " + shown(v) +
                        " for " + std::string(type);
  if (!reason.empty()) message += ": " + std::string(reason);
  return message;
}

}  // namespace web

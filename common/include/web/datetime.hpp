// Dates and times as parameters and in JSON: ISO 8601 text, "2024-05-01" and
// "2024-05-01T07:37:36Z" (or "+02:00", or no zone: UTC), to the microsecond.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "web/json.hpp"

namespace web {

using Date = std::chrono::year_month_day;
using DateTime = std::chrono::sys_time<std::chrono::microseconds>;

// A calendar date "YYYY-MM-DD"; nothing for another text or a day that does not exist.
std::optional<Date> parse_date(std::string_view text);
// "YYYY-MM-DD[(T| )HH:MM[:SS[.frac]]][Z|±HH[:MM]]", converted to UTC; a date alone is midnight.
std::optional<DateTime> parse_datetime(std::string_view text);

std::string to_iso(const Date& date);          // "2024-05-01"
std::string to_iso(const DateTime& datetime);  // "2024-05-01T07:37:36Z", ".250000" if needed

// For the JSON conversions below: the text of a JSON string (nullptr for another value), and the
// value as JSON for the message; std::invalid_argument when it is not an ISO 8601 date (time).
Date date_from_json(const std::string* text, const std::string& dumped);
DateTime datetime_from_json(const std::string* text, const std::string& dumped);

}  // namespace web

// Dates and times are ISO 8601 strings in JSON, in both directions.
template <>
struct nlohmann::adl_serializer<web::Date> {
  template <class BasicJson>
  static void to_json(BasicJson& j, const web::Date& d) {
    j = web::to_iso(d);
  }
  template <class BasicJson>
  static void from_json(const BasicJson& j, web::Date& d) {
    d = web::date_from_json(j.is_string() ? &j.template get_ref<const std::string&>() : nullptr,
                            j.dump());
  }
};
template <>
struct nlohmann::adl_serializer<web::DateTime> {
  template <class BasicJson>
  static void to_json(BasicJson& j, const web::DateTime& t) {
    j = web::to_iso(t);
  }
  template <class BasicJson>
  static void from_json(const BasicJson& j, web::DateTime& t) {
    t = web::datetime_from_json(j.is_string() ? &j.template get_ref<const std::string&>() : nullptr,
                                j.dump());
  }
};

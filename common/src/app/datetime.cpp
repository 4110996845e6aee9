#include "web/datetime.hpp"

#include <charconv>
#include <cstdio>
#include <stdexcept>

namespace web {

namespace {

// Reads exactly `digits` decimal digits at the front of `text`.
bool take_number(std::string_view& text, int digits, int& out) {
  if (text.size() < static_cast<std::size_t>(digits)) return false;
  for (int i = 0; i < digits; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  std::from_chars(text.data(), text.data() + digits, out);
  text.remove_prefix(digits);
  return true;
}

bool take(std::string_view& text, char c) {
  if (text.empty() || text.front() != c) return false;
  text.remove_prefix(1);
  return true;
}

std::optional<Date> take_date(std::string_view& text) {
  int y = 0, m = 0, d = 0;
  if (!take_number(text, 4, y) || !take(text, '-') || !take_number(text, 2, m) ||
      !take(text, '-') || !take_number(text, 2, d)) {
    return std::nullopt;
  }
  Date date{std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)};
  if (!date.ok()) return std::nullopt;
  return date;
}

}  // namespace

std::optional<Date> parse_date(std::string_view text) {
  auto date = take_date(text);
  if (!date || !text.empty()) return std::nullopt;
  return date;
}

std::optional<DateTime> parse_datetime(std::string_view text) {
  using namespace std::chrono;
  auto date = take_date(text);
  if (!date) return std::nullopt;
  DateTime t = sys_days(*date);
  if (text.empty()) return t;

  int h = 0, m = 0, s = 0;
  if (!(take(text, 'T') || take(text, 't') || take(text, ' '))) return std::nullopt;
  if (!take_number(text, 2, h) || !take(text, ':') || !take_number(text, 2, m)) {
    return std::nullopt;
  }
  if (take(text, ':')) {
    if (!take_number(text, 2, s)) return std::nullopt;
    if (take(text, '.')) {
      // Up to microseconds are kept; further digits are accepted and dropped.
      long long micros = 0;
      int digits = 0;
      while (!text.empty() && text.front() >= '0' && text.front() <= '9') {
        if (digits < 6) micros = micros * 10 + (text.front() - '0');
        ++digits;
        text.remove_prefix(1);
      }
      if (digits == 0) return std::nullopt;
      for (int i = digits; i < 6; ++i) micros *= 10;
      t += microseconds(micros);
    }
  }
  if (h > 23 || m > 59 || s > 59) return std::nullopt;
  t += hours(h) + minutes(m) + seconds(s);

  if (text.empty()) return t;
  if (take(text, 'Z') || take(text, 'z')) {
    if (!text.empty()) return std::nullopt;
    return t;
  }
  int sign = text.front() == '+' ? -1 : text.front() == '-' ? 1 : 0;  // back to UTC
  if (sign == 0) return std::nullopt;
  text.remove_prefix(1);
  int oh = 0, om = 0;
  if (!take_number(text, 2, oh)) return std::nullopt;
  take(text, ':');
  if (!text.empty() && !take_number(text, 2, om)) return std::nullopt;
  if (!text.empty() || oh > 23 || om > 59) return std::nullopt;
  return t + sign * (hours(oh) + minutes(om));
}

std::string to_iso(const Date& date) {
  char out[16];
  std::snprintf(out, sizeof out, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return out;
}

std::string to_iso(const DateTime& datetime) {
  using namespace std::chrono;
  auto day = floor<days>(datetime);
  hh_mm_ss time(datetime - day);
  char out[40];
  int n = std::snprintf(out, sizeof out, "%sT%02d:%02d:%02d", to_iso(Date(day)).c_str(),
                        static_cast<int>(time.hours().count()),
                        static_cast<int>(time.minutes().count()),
                        static_cast<int>(time.seconds().count()));
  if (auto micros = time.subseconds().count()) {
    std::snprintf(out + n, sizeof out - n, ".%06d", static_cast<int>(micros));
  }
  return std::string(out) + "Z";
}

Date date_from_json(const std::string* text, const std::string& dumped) {
  auto date = text ? parse_date(*text) : std::nullopt;
  if (!date) throw std::invalid_argument("not an ISO 8601 date: " + dumped);
  return *date;
}

DateTime datetime_from_json(const std::string* text, const std::string& dumped) {
  auto datetime = text ? parse_datetime(*text) : std::nullopt;
  if (!datetime) throw std::invalid_argument("not an ISO 8601 date and time: " + dumped);
  return *datetime;
}

}  // namespace web

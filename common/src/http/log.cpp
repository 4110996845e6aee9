#include "http/log.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <string>

#include "web/request.hpp"

namespace web::detail {

thread_local std::string current_peer;

namespace {

// An IPv4 or IPv6 address's characters only, and not too long: a header's value is logged as a
// field, so it may not hold a space nor anything else.
bool looks_like_address(std::string_view text) {
  if (text.empty() || text.size() > 45) return false;
  for (char c : text) {
    bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (!hex && c != '.' && c != ':') return false;
  }
  return true;
}

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

std::string client_address(const Request& request, const std::string& peer,
                           const std::string& trusted_proxy) {
  if (peer.empty()) return "-";
  if (trusted_proxy.empty() || peer != trusted_proxy) return peer;
  if (auto real = request.header("X-Real-IP"); real && looks_like_address(trimmed(*real))) {
    return std::string(trimmed(*real));
  }
  if (auto chain = request.header("X-Forwarded-For")) {
    std::string_view last = *chain;
    if (auto comma = last.rfind(','); comma != std::string_view::npos)
      last.remove_prefix(comma + 1);
    if (looks_like_address(trimmed(last))) return std::string(trimmed(last));
  }
  return peer;
}

void log_line(std::string_view message) {
  using namespace std::chrono;
  auto now = system_clock::now();
  std::time_t seconds = system_clock::to_time_t(now);
  auto millis = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char stamp[32];
  std::size_t n = std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &utc);
  std::snprintf(stamp + n, sizeof stamp - n, ".%03dZ ", static_cast<int>(millis));

  std::string line = stamp;
  line.reserve(line.size() + message.size() + 1);
  // One record per line, whatever a logged field holds: a login or a path with "\n" must not
  // forge a line of the audit trail. Control bytes (and the backslash) are escaped as \xNN.
  static constexpr char hex[] = "0123456789abcdef";
  for (char c : message) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f || c == '\\') {
      line += "\\x";
      line += hex[byte >> 4];
      line += hex[byte & 15];
    } else {
      line += c;
    }
  }
  line += '\n';
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace web::detail

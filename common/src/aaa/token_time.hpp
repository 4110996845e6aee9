// A token's dates as time points. A token may name any second: FSA's limit any of years
// 0000..9999, a JWT's NumericDate any number; a system_clock time point (nanoseconds in
// libstdc++) holds only years 1677..2262, and converting beyond overflows. A date out of that
// range is taken as the nearest second it holds: still in the past, or still in the future.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>

namespace web::detail {

inline std::chrono::system_clock::time_point bounded_time(std::int64_t since_1970) {
  using std::chrono::seconds, std::chrono::system_clock;
  constexpr std::int64_t most =
      std::chrono::duration_cast<seconds>(system_clock::duration::max()).count();
  return system_clock::time_point(seconds(std::clamp(since_1970, -most, most)));
}

}  // namespace web::detail

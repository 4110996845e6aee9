#include "grading/bounded_search.hpp"

#include <algorithm>

namespace grader {

std::optional<std::size_t> bounded_search(const std::string& text, const std::regex& rule) {
  constexpr std::size_t window = 4096;
  for (std::size_t start = 0;; start += window / 2) {
    bool last = start + window >= text.size();
    auto flags =
        start == 0 ? std::regex_constants::match_default : std::regex_constants::match_prev_avail;
    std::smatch m;
    if (std::regex_search(
            text.cbegin() + static_cast<std::ptrdiff_t>(start),
            text.cbegin() + static_cast<std::ptrdiff_t>(std::min(text.size(), start + window)), m,
            rule, flags) &&
        (last || static_cast<std::size_t>(m.position(0)) < window / 2)) {
      return start + static_cast<std::size_t>(m.position(0));
    }
    if (last) return std::nullopt;
  }
}

}  // namespace grader

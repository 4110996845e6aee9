#include "app/router.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "web/url.hpp"

namespace web::detail {

namespace {

std::vector<std::string_view> split(std::string_view path) {
  std::vector<std::string_view> parts;
  path.remove_prefix(1);  // the leading '/'
  while (true) {
    std::size_t slash = path.find('/');
    parts.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return parts;
}

bool is_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(),
                                      [](unsigned char c) { return std::isalnum(c) || c == '_'; });
}

}  // namespace

Pattern::Pattern(std::string text) : text_(std::move(text)) {
  if (text_.empty() || text_.front() != '/') {
    throw std::logic_error("route \"" + text_ + "\": a path starts with '/'");
  }
  if (text_ == "/") return;
  for (std::string_view part : split(text_)) {
    if (!segments_.empty() && segments_.back().is_path) {
      throw std::logic_error("route \"" + text_ + "\": <path:...> must be the last segment");
    }
    if (part.size() >= 2 && part.front() == '<' && part.back() == '>') {
      std::string name(part.substr(1, part.size() - 2));
      bool is_path = name.rfind("path:", 0) == 0;
      if (is_path) name = name.substr(5);
      if (!is_name(name)) {
        throw std::logic_error("route \"" + text_ + "\": bad parameter name <" + name + ">");
      }
      for (const Segment& s : segments_) {
        if (s.is_param && s.text == name) {
          throw std::logic_error("route \"" + text_ + "\": <" + name + "> appears twice");
        }
      }
      segments_.push_back({name, true, is_path});
    } else {
      if (part.find_first_of("<>") != std::string_view::npos) {
        throw std::logic_error("route \"" + text_ + "\": malformed segment " + std::string(part));
      }
      segments_.push_back({std::string(part), false});
      ++literals_;
    }
  }
}

bool Pattern::same_shape(const Pattern& other) const {
  return std::equal(segments_.begin(), segments_.end(), other.segments_.begin(),
                    other.segments_.end(), [](const Segment& a, const Segment& b) {
                      return a.is_param == b.is_param && a.is_path == b.is_path &&
                             (a.is_param || a.text == b.text);
                    });
}

bool Pattern::matches(const std::vector<std::string>& segments) const {
  bool rest = !segments_.empty() && segments_.back().is_path;
  if (rest ? segments.size() < segments_.size() : segments.size() != segments_.size()) {
    return false;
  }
  for (std::size_t i = 0; i < segments_.size(); ++i) {
    const Segment& s = segments_[i];
    if (s.is_path) {
      // The rest of the path, joined by '/': empty only if it is one empty segment.
      if (segments.size() == i + 1 && segments[i].empty()) return false;
    } else if (s.is_param) {
      if (segments[i].empty()) return false;
    } else if (s.text != segments[i]) {
      return false;
    }
  }
  return true;
}

Captures Pattern::capture(const std::vector<std::string>& segments) const {
  Captures captures;
  captures.reserve(segments_.size() - static_cast<std::size_t>(literals_));
  for (std::size_t i = 0; i < segments_.size(); ++i) {
    const Segment& s = segments_[i];
    if (s.is_path) {
      std::string joined = segments[i];
      for (std::size_t j = i + 1; j < segments.size(); ++j) joined += "/" + segments[j];
      captures.emplace_back(s.text, std::move(joined));
    } else if (s.is_param) {
      captures.emplace_back(s.text, segments[i]);
    }
  }
  return captures;
}

std::optional<std::vector<std::string>> split_path(std::string_view path) {
  std::vector<std::string> segments;
  if (path.empty() || path.front() != '/') return std::nullopt;
  if (path == "/") return segments;
  segments.reserve(static_cast<std::size_t>(std::count(path.begin(), path.end(), '/')));
  path.remove_prefix(1);  // the leading '/'
  while (true) {
    std::size_t slash = path.find('/');
    std::string_view part = path.substr(0, slash);
    if (part.find('%') == std::string_view::npos) {
      segments.emplace_back(part);  // nothing to decode ('+' is itself in a path)
    } else {
      auto decoded = url_decode(part, false);
      if (!decoded) return std::nullopt;
      segments.push_back(std::move(*decoded));
    }
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return segments;
}

}  // namespace web::detail

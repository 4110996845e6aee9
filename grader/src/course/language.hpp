// The language of what students read in a report: English, or French for a French export
// (grader export --lang fr writes grader/lang; grader grade --lang overrides it).
#pragma once

#include <stdexcept>
#include <string>

namespace grader {

enum class Language { en, fr };

// `en`, or its French version when the language is French.
inline std::string say(Language language, const std::string& en, const std::string& fr) {
  return language == Language::fr ? fr : en;
}

// "en" or "fr"; std::invalid_argument otherwise.
inline Language language_named(const std::string& name) {
  if (name == "en") return Language::en;
  if (name == "fr") return Language::fr;
  throw std::invalid_argument("--lang is en or fr, not " + name);
}

}  // namespace grader

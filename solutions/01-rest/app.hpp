// starter: // Lab 01 (REST): the key-value store app; its routes are in app.cpp. You edit both files.
// begin solution
// Lab 01 (REST): the key-value store app; its routes are in app.cpp.
// end solution
#pragma once

#include <map>
#include <mutex>
#include <string>

#include <web/app.hpp>

// slide: kiva-class
class Kiva : public web::App {
 public:
  Kiva();

 private:
  std::map<std::string, std::string> store_;  // sorted by key, as GET /store answers
  std::mutex mutex_;                          // handlers run on several threads at once
};
// end slide

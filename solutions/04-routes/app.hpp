// starter: // Lab 04 (typed routes): the app; its routes are in app.cpp. You edit both files.
// begin solution
// Lab 04 (typed routes): typed path and request parameters, a path segment, lists, and an
// after-request hook; the routes are in app.cpp.
// end solution
#pragma once
// begin solution

#include <array>
#include <atomic>
#include <cstdint>
// end solution

#include <web/app.hpp>

class RoutesApp : public web::App {
 public:
  RoutesApp();

 private:
  // starter: // Add here the counters of GET /stats/requests. Handlers and hooks run on several threads
  // starter: // at once: make them std::atomic (from <atomic>), or guard them with a std::mutex.
  // begin solution
  // Responses sent so far, by status class: responses_[2] counts the 2xx. Atomic: handlers
  // and hooks run on several threads at once.
  std::array<std::atomic<std::int64_t>, 6> responses_{};
  // end solution
};

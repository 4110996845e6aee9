// Lab 04 (typed routes): typed path and request parameters, a path segment, lists, and an
// after-request hook; the routes are in app.cpp.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>

#include <web/app.hpp>

class RoutesApp : public web::App {
 public:
  RoutesApp();

 private:
  // Responses sent so far, by status class: responses_[2] counts the 2xx. Atomic: handlers
  // and hooks run on several threads at once.
  std::array<std::atomic<std::int64_t>, 6> responses_{};
};

// Lab 04 (typed routes): the app; its routes are in app.cpp. You edit both files.
#pragma once

#include <web/app.hpp>

class RoutesApp : public web::App {
 public:
  RoutesApp();

 private:
  // Add here the counters of GET /stats/requests. Handlers and hooks run on several threads
  // at once: make them std::atomic (from <atomic>), or guard them with a std::mutex.
};

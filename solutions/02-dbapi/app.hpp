// Lab 02 (DB API): the key-value store app, its pairs in the SQL table `store`; its routes are
// starter: // in app.cpp. You edit both files.
// begin solution
// in app.cpp.
// end solution
#pragma once

#include <web/app.hpp>

class Kiva : public web::App {
 public:
  Kiva();
};

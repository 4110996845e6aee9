// Lab 03 (YeSQL): owners and their things in a database; the routes are in app.cpp, their SQL
// in queries.sql. You edit the three files.
#pragma once

#include <web/app.hpp>

class Things : public web::App {
 public:
  Things();
};

// Lab 03 (YeSQL): owners and their things in a database; the routes are in app.cpp, their SQL
// in queries.sql.
#pragma once

#include <cstdint>

#include <web/app.hpp>

class Things : public web::App {
 public:
  Things();

 private:
  // The owner oid, or a 404 if there is none.
  web::json owner(std::int64_t oid);
};

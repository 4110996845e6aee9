// Lab 03 (YeSQL): owners and their things in a database; the routes are in app.cpp, their SQL
// starter: // in queries.sql. You edit the three files.
// begin solution
// in queries.sql.
// end solution
#pragma once
// begin solution

#include <cstdint>
// end solution

#include <web/app.hpp>

class Things : public web::App {
 public:
  Things();
  // begin solution

 private:
  // The owner oid, or a 404 if there is none.
  web::json owner(std::int64_t oid);
  // end solution
};

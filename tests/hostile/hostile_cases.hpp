// The hostile requests of tests/hostile/run, by category: each case is the bytes of one
// connection (written in pieces, a little apart), to which the server must answer.
#pragma once

#include <chrono>
#include <string>
#include <vector>

struct Case {
  std::string name;
  std::vector<std::string> pieces;  // written one by one, `gap` apart
  std::chrono::milliseconds gap{0};
  int requests = 1;            // how many requests the bytes hold (0: nothing to answer)
  bool head = false;           // a HEAD: the answers have no body
  int answers_before_fin = 0;  // answers due before our half-close (e.g. a malformed head)
};

struct Category {
  std::string name;
  std::vector<Case> cases;
};

// Every category for a lab ("05-cruds" or "06-aaa"); `token` authenticates lab 06's routes.
std::vector<Category> hostile_cases(const std::string& lab, const std::string& token);

std::string base64(const std::string& text);

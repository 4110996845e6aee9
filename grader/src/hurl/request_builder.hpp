// An entry's request with its templates rendered: what the runner sends and the replay shows.
#pragma once

#include <string>

#include "hurl/ast.hpp"
#include "hurl/http.hpp"
#include "hurl/template.hpp"

namespace grader::hurl {

// The first failed check of an entry, thrown to stop it.
struct EntryFailure {
  int line = 0;
  std::string what;     // the check as written, or what was being done
  std::string problem;  // "expected: ...\nactual: ...", or an error
};

// `tpl` rendered; an unknown or unusable variable is an EntryFailure at `line`, naming `what`.
std::string render_at(const Template& tpl, const Variables& variables, int line,
                      const std::string& what);

// The request as sent: URL with its query parameters, headers, body (JSON, text or form, with
// the Content-Type that goes with it), basic authentication and cookies. Throws EntryFailure.
HttpRequest build_request(const Request& request, const Variables& variables);

}  // namespace grader::hurl

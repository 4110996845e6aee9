#include "hurl/request_builder.hpp"

#include <vector>

namespace grader::hurl {

namespace {

std::string encode_params(const std::vector<KeyValue>& params, const Variables& variables,
                          const std::string& separator) {
  std::string out;
  for (const KeyValue& p : params) {
    if (!out.empty()) out += separator;
    out += percent_encode(p.key) + "=" +
           percent_encode(render_at(p.value, variables, p.line, "parameter " + p.key));
  }
  return out;
}

}  // namespace

std::string render_at(const Template& tpl, const Variables& variables, int line,
                      const std::string& what) {
  try {
    return render(tpl, variables);
  } catch (const RenderError& e) {
    throw EntryFailure{line, what, e.what()};
  }
}

HttpRequest build_request(const Request& request, const Variables& variables) {
  HttpRequest out;
  out.method = request.method;
  out.url = render_at(request.url, variables, request.line, "the URL");
  if (!request.query_params.empty()) {
    out.url += out.url.find('?') == std::string::npos ? '?' : '&';
    out.url += encode_params(request.query_params, variables, "&");
  }
  for (const KeyValue& h : request.headers) {
    out.headers.emplace_back(h.key, render_at(h.value, variables, h.line, "header " + h.key));
  }
  if (request.body) {
    out.body = render_at(request.body->content, variables, request.body->line, "the body");
    if (request.body->kind == Body::Kind::json && !has_header(out.headers, "Content-Type")) {
      out.headers.emplace_back("Content-Type", "application/json");
    }
  } else if (!request.form_params.empty()) {
    out.body = encode_params(request.form_params, variables, "&");
    if (!has_header(out.headers, "Content-Type")) {
      out.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    }
  }
  if (request.basic_auth) {
    const KeyValue& auth = *request.basic_auth;
    out.basic_auth.emplace(auth.key, render_at(auth.value, variables, auth.line, "[BasicAuth]"));
  }
  for (const KeyValue& c : request.cookies) {
    if (!out.cookies.empty()) out.cookies += "; ";
    out.cookies += c.key + "=" + render_at(c.value, variables, c.line, "cookie " + c.key);
  }
  return out;
}

}  // namespace grader::hurl

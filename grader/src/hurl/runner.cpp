#include "hurl/runner.hpp"

#include <algorithm>
#include <optional>
#include <utility>

#include "hurl/evaluate.hpp"
#include "hurl/http.hpp"
#include "hurl/replay.hpp"
#include "hurl/request_builder.hpp"
#include "hurl/text.hpp"

namespace grader::hurl {

using nlohmann::json;

namespace {

std::string expected_actual(const std::string& expected, const std::string& actual) {
  return "expected: " + expected + "\nactual:   " + actual;
}

std::string shown(const std::optional<json>& value) {
  return value ? excerpt(json_text(*value)) : "no value";
}

std::optional<json> evaluate_at(const Query& query, const std::vector<Filter>& filters,
                                const HttpResponse& response, const Variables& variables, int line,
                                const std::string& source) {
  try {
    return evaluate(query, filters, response, variables);
  } catch (const EvalError& e) {
    throw EntryFailure{line, source, e.what()};
  }
}

void check_body(const Body& body, const HttpResponse& response, const Variables& variables) {
  std::string want = render_at(body.content, variables, body.line, "the expected body");
  if (body.kind == Body::Kind::text) {
    if (response.body != want) {
      throw EntryFailure{
          body.line, "the ``` body",
          expected_actual(excerpt(json_text(want)), excerpt(json_text(response.body)))};
    }
    return;
  }
  json expected = json::parse(want, nullptr, false);
  if (expected.is_discarded()) {
    throw EntryFailure{body.line, "the JSON body",
                       "with its variables, it is not JSON: " + excerpt(want)};
  }
  json actual = json::parse(response.body, nullptr, false);
  if (actual.is_discarded()) {
    throw EntryFailure{body.line, "the JSON body",
                       expected_actual(excerpt(json_text(expected)),
                                       "a body that is not JSON: " + excerpt(response.body))};
  }
  if (actual != expected) {
    throw EntryFailure{body.line, "the JSON body",
                       expected_actual(excerpt(json_text(expected)), excerpt(json_text(actual)))};
  }
}

// Hurl's order: status line, captures (so asserts can use them), headers, asserts, body.
void check_response(const Response& expected, const HttpResponse& response, Variables& variables) {
  if (expected.version != "HTTP" && expected.version != "HTTP/" + response.version) {
    throw EntryFailure{expected.line, expected.source,
                       expected_actual(expected.version, "HTTP/" + response.version)};
  }
  if (expected.status && *expected.status != response.status) {
    throw EntryFailure{expected.line, expected.source,
                       expected_actual("status " + std::to_string(*expected.status),
                                       "status " + std::to_string(response.status))};
  }
  for (const Capture& c : expected.captures) {
    std::optional<json> value =
        evaluate_at(c.query, c.filters, response, variables, c.line, c.source);
    if (!value)
      throw EntryFailure{c.line, c.source, expected_actual("a value to capture", "no value")};
    variables[c.name] = std::move(*value);
  }
  for (const KeyValue& h : expected.headers) {
    std::string want = render_at(h.value, variables, h.line, "header " + h.key);
    std::vector<std::string> values = response.header_values(h.key);
    if (std::find(values.begin(), values.end(), want) == values.end()) {
      std::string actual = values.empty()       ? "no " + h.key + " header"
                           : values.size() == 1 ? excerpt(json_text(values.front()))
                                                : excerpt(json_text(values));
      throw EntryFailure{h.line, h.key + ": " + want,
                         expected_actual(excerpt(json_text(want)), actual)};
    }
  }
  for (const Assert& a : expected.asserts) {
    std::optional<json> value =
        evaluate_at(a.query, a.filters, response, variables, a.line, a.source);
    Verdict verdict;
    try {
      verdict = check(a.predicate, value, variables);
    } catch (const RenderError& e) {
      throw EntryFailure{a.line, a.source, e.what()};
    }
    if (!verdict.passed) {
      throw EntryFailure{a.line, a.source, expected_actual(verdict.expected, shown(value))};
    }
  }
  if (expected.body) check_body(*expected.body, response, variables);
}

// Continuation lines of a multi-line excerpt, indented under their label.
std::string indented(std::string text, const std::string& indent) {
  for (std::size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', at + 1)) {
    text.insert(at + 1, indent);
  }
  return text;
}

std::string describe(const HttpRequest& request) {
  std::string out = "  " + request.method + " " + excerpt(request.url) + "\n";
  if (request.body) out += "  request body: " + indented(excerpt(*request.body), "    ") + "\n";
  return out;
}

std::string describe(const HttpResponse& response) {
  return "  response: status " + std::to_string(response.status) + ", body: " +
         (response.body.empty() ? "(empty)" : indented(excerpt(response.body), "    ")) + "\n";
}

std::string describe(const EntryFailure& failure) {
  return "  line " + std::to_string(failure.line) + ": " + failure.what + "\n    " +
         indented(failure.problem, "    ") + "\n";
}

// The curl commands that replay the file up to entry `index`: on the student's own server when
// the options say how, else this one request against the server that answered.
std::string reproduce(const TestFile& file, std::size_t index, const HttpRequest& request,
                      const RunOptions& options) {
  // A body captured from a server could be anything: keep the commands readable, valid UTF-8.
  if (options.replay_base_url.empty()) {
    return "  reproduce: " + excerpt(curl_command(request), 4000) + "\n";
  }
  Variables variables(options.variables.begin(), options.variables.end());
  variables["base_url"] = options.replay_base_url;
  std::string out = "  replay it on your own server, with fresh data (" + options.replay_start +
                    " in another terminal), then:\n";
  for (const auto& command : replay_commands(file, index, variables)) {
    out += "    " + excerpt(command, 4000) + "\n";
  }
  return out;
}

std::string not_run(std::size_t index, std::size_t total) {
  std::size_t rest = total - index - 1;
  if (rest == 0) return {};
  return rest == 1 ? "  entry " + std::to_string(total) + " did not run.\n"
                   : "  entries " + std::to_string(index + 2) + " to " + std::to_string(total) +
                         " did not run.\n";
}

}  // namespace

FileResult run_file(const TestFile& file, const RunOptions& options) {
  using std::chrono::milliseconds;
  FileResult result;
  std::size_t total = file.entries.size();
  result.entries_total = static_cast<int>(total);
  Variables variables(options.variables.begin(), options.variables.end());
  std::optional<HttpClient> connected;
  try {
    connected.emplace(options.netns, options.insecure_tls);
  } catch (const std::runtime_error& e) {  // the sandboxed server is gone with its namespace
    result.connection_failed = true;
    result.failure = "no entry ran: " + std::string(e.what()) + "\n";
    return result;
  }
  HttpClient& client = *connected;
  for (std::size_t i = 0; i < total; ++i) {
    const Entry& entry = file.entries[i];
    std::string title = "entry " + std::to_string(i + 1) + " of " + std::to_string(total) +
                        " (line " + std::to_string(entry.request.line) + ")";
    auto left = options.deadline - std::chrono::steady_clock::now();
    if (left <= left.zero()) {
      result.timed_out = true;
      result.failure =
          title + " did not start: the file's time limit ran out.\n" + not_run(i, total);
      return result;
    }
    result.entries_run = static_cast<int>(i) + 1;
    std::optional<HttpRequest> request;
    std::optional<HttpResponse> response;
    try {
      request = build_request(entry.request, variables);
      milliseconds limit = std::chrono::ceil<milliseconds>(left);
      bool by_deadline = limit < options.request_timeout;
      milliseconds timeout = std::min(limit, options.request_timeout);
      if (options.before_send) options.before_send();
      try {
        response = client.send(*request, timeout);
      } catch (const TransportError& e) {
        result.timed_out = e.kind() == TransportError::Kind::timeout;
        result.connection_failed = e.kind() == TransportError::Kind::connection;
        std::string why =
            result.timed_out
                ? (by_deadline ? "no response before the file's time limit ran out"
                               : "no response within " + std::to_string(timeout.count()) + " ms")
            : result.connection_failed
                ? "the connection failed (is the server running? did it crash?): " +
                      std::string(e.what())
                : std::string(e.what());
        result.failure = title + " failed:\n" + describe(*request) + "  " + why + "\n" +
                         reproduce(file, i, *request, options) + not_run(i, total);
        return result;
      }
      if (entry.response) check_response(*entry.response, *response, variables);
    } catch (const EntryFailure& failure) {
      if (response) result.failed_status = response->status;
      result.failure = title + " failed:\n" + (request ? describe(*request) : "") +
                       describe(failure) + (response ? describe(*response) : "") +
                       (request ? reproduce(file, i, *request, options) : "") + not_run(i, total);
      return result;
    }
  }
  result.passed = true;
  return result;
}

}  // namespace grader::hurl

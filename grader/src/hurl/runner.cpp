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

std::string expected_actual(Language l, const std::string& expected, const std::string& actual) {
  return say(l, "expected: ", "attendu : ") + expected + say(l, "\nactual:   ", "\nobtenu :  ") +
         actual;
}

std::string shown(Language l, const std::optional<json>& value) {
  return value ? excerpt(json_text(*value)) : say(l, "no value", "aucune valeur");
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

void check_body(const Body& body, const HttpResponse& response, const Variables& variables,
                Language l) {
  std::string want = render_at(body.content, variables, body.line, "the expected body");
  if (body.kind == Body::Kind::text) {
    if (response.body != want) {
      throw EntryFailure{
          body.line, say(l, "the ``` body", "le corps ```"),
          expected_actual(l, excerpt(json_text(want)), excerpt(json_text(response.body)))};
    }
    return;
  }
  const std::string json_body = say(l, "the JSON body", "le corps JSON");
  json expected = json::parse(want, nullptr, false);
  if (expected.is_discarded()) {
    throw EntryFailure{body.line, json_body,
                       say(l, "with its variables, it is not JSON: ",
                           "avec ses variables, ce n'est pas du JSON : ") +
                           excerpt(want)};
  }
  json actual = json::parse(response.body, nullptr, false);
  if (actual.is_discarded()) {
    throw EntryFailure{
        body.line, json_body,
        expected_actual(l, excerpt(json_text(expected)),
                        say(l, "a body that is not JSON: ", "un corps qui n'est pas du JSON : ") +
                            excerpt(response.body))};
  }
  if (actual != expected) {
    throw EntryFailure{
        body.line, json_body,
        expected_actual(l, excerpt(json_text(expected)), excerpt(json_text(actual)))};
  }
}

// Hurl's order: status line, captures (so asserts can use them), headers, asserts, body.
void check_response(const Response& expected, const HttpResponse& response, Variables& variables,
                    Language l) {
  if (expected.version != "HTTP" && expected.version != "HTTP/" + response.version) {
    throw EntryFailure{expected.line, expected.source,
                       expected_actual(l, expected.version, "HTTP/" + response.version)};
  }
  const std::string status = say(l, "status ", "statut ");
  if (expected.status && *expected.status != response.status) {
    throw EntryFailure{expected.line, expected.source,
                       expected_actual(l, status + std::to_string(*expected.status),
                                       status + std::to_string(response.status))};
  }
  for (const Capture& c : expected.captures) {
    std::optional<json> value =
        evaluate_at(c.query, c.filters, response, variables, c.line, c.source);
    if (!value) {
      throw EntryFailure{c.line, c.source,
                         expected_actual(l, say(l, "a value to capture", "une valeur à capturer"),
                                         shown(l, value))};
    }
    variables[c.name] = std::move(*value);
  }
  for (const KeyValue& h : expected.headers) {
    std::string want = render_at(h.value, variables, h.line, "header " + h.key);
    std::vector<std::string> values = response.header_values(h.key);
    if (std::find(values.begin(), values.end(), want) == values.end()) {
      std::string actual = values.empty()
                               ? say(l, "no " + h.key + " header", "pas d'en-tête " + h.key)
                           : values.size() == 1 ? excerpt(json_text(values.front()))
                                                : excerpt(json_text(values));
      throw EntryFailure{h.line, h.key + ": " + want,
                         expected_actual(l, excerpt(json_text(want)), actual)};
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
      throw EntryFailure{a.line, a.source, expected_actual(l, verdict.expected, shown(l, value))};
    }
  }
  if (expected.body) check_body(*expected.body, response, variables, l);
}

// Continuation lines of a multi-line excerpt, indented under their label.
std::string indented(std::string text, const std::string& indent) {
  for (std::size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', at + 1)) {
    text.insert(at + 1, indent);
  }
  return text;
}

std::string describe(const HttpRequest& request, Language l) {
  std::string out = "  " + request.method + " " + excerpt(request.url) + "\n";
  if (request.body) {
    out += say(l, "  request body: ", "  corps de la requête : ") +
           indented(excerpt(*request.body), "    ") + "\n";
  }
  return out;
}

std::string describe(const HttpResponse& response, Language l) {
  return say(l, "  response: status ", "  réponse : statut ") + std::to_string(response.status) +
         say(l, ", body: ", ", corps : ") +
         (response.body.empty() ? say(l, "(empty)", "(vide)")
                                : indented(excerpt(response.body), "    ")) +
         "\n";
}

std::string describe(const EntryFailure& failure, Language l) {
  return say(l, "  line ", "  ligne ") + std::to_string(failure.line) + say(l, ": ", " : ") +
         failure.what + "\n    " + indented(failure.problem, "    ") + "\n";
}

// The curl commands that replay the file up to entry `index`: on the student's own server when
// the options say how, else this one request against the server that answered.
std::string reproduce(const TestFile& file, std::size_t index, const HttpRequest& request,
                      const RunOptions& options) {
  // A body captured from a server could be anything: keep the commands readable, valid UTF-8.
  Language l = options.language;
  if (options.replay_base_url.empty()) {
    return say(l, "  reproduce: ", "  pour la reproduire : ") +
           excerpt(curl_command(request), 4000) + "\n";
  }
  Variables variables(options.variables.begin(), options.variables.end());
  variables["base_url"] = options.replay_base_url;
  std::string out = say(l, "  replay it on your own server, with fresh data (",
                        "  rejouez-la sur votre propre serveur, avec des données neuves (") +
                    options.replay_start +
                    say(l, " in another terminal), then:\n", " dans un autre terminal), puis :\n");
  for (const auto& command : replay_commands(file, index, variables)) {
    out += "    " + excerpt(command, 4000) + "\n";
  }
  return out;
}

std::string not_run(std::size_t index, std::size_t total, Language l) {
  std::size_t rest = total - index - 1;
  if (rest == 0) return {};
  if (rest == 1) {
    return say(l, "  entry " + std::to_string(total) + " did not run.\n",
               "  l'entrée " + std::to_string(total) + " n'a pas été exécutée.\n");
  }
  return say(l, "  entries ", "  les entrées ") + std::to_string(index + 2) +
         say(l, " to ", " à ") + std::to_string(total) +
         say(l, " did not run.\n", " n'ont pas été exécutées.\n");
}

}  // namespace

FileResult run_file(const TestFile& file, const RunOptions& options) {
  using std::chrono::milliseconds;
  FileResult result;
  Language l = options.language;
  std::size_t total = file.entries.size();
  result.entries_total = static_cast<int>(total);
  Variables variables(options.variables.begin(), options.variables.end());
  std::optional<HttpClient> connected;
  try {
    connected.emplace(options.netns, options.insecure_tls);
  } catch (const std::runtime_error& e) {  // the sandboxed server is gone with its namespace
    result.connection_failed = true;
    result.failure = say(l, "no entry ran: ", "aucune entrée exécutée : ") + e.what() + "\n";
    return result;
  }
  HttpClient& client = *connected;
  for (std::size_t i = 0; i < total; ++i) {
    const Entry& entry = file.entries[i];
    std::string title = say(l, "entry ", "entrée ") + std::to_string(i + 1) +
                        say(l, " of ", " sur ") + std::to_string(total) +
                        say(l, " (line ", " (ligne ") + std::to_string(entry.request.line) + ")";
    auto left = options.deadline - std::chrono::steady_clock::now();
    if (left <= left.zero()) {
      result.timed_out = true;
      result.failure = title +
                       say(l, " did not start: the file's time limit ran out.\n",
                           " n'a pas démarré : le temps alloué au fichier est écoulé.\n") +
                       not_run(i, total, l);
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
                ? (by_deadline ? say(l, "no response before the file's time limit ran out",
                                     "pas de réponse avant la fin du temps alloué au fichier")
                               : say(l, "no response within ", "pas de réponse en ") +
                                     std::to_string(timeout.count()) + " ms")
            : result.connection_failed
                ? say(l, "the connection failed (is the server running? did it crash?): ",
                      "la connexion a échoué (le serveur tourne-t-il ? a-t-il planté ?) : ") +
                      std::string(e.what())
                : std::string(e.what());
        result.failure = title + say(l, " failed:\n", " a échoué :\n") + describe(*request, l) +
                         "  " + why + "\n" + reproduce(file, i, *request, options) +
                         not_run(i, total, l);
        return result;
      }
      if (entry.response) check_response(*entry.response, *response, variables, l);
    } catch (const EntryFailure& failure) {
      if (response) result.failed_status = response->status;
      result.failure =
          title + say(l, " failed:\n", " a échoué :\n") + (request ? describe(*request, l) : "") +
          describe(failure, l) + (response ? describe(*response, l) : "") +
          (request ? reproduce(file, i, *request, options) : "") + not_run(i, total, l);
      return result;
    }
  }
  result.passed = true;
  return result;
}

}  // namespace grader::hurl

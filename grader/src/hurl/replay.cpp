#include "hurl/replay.hpp"

#include "hurl/http.hpp"
#include "hurl/request_builder.hpp"

namespace grader::hurl {

namespace {

// Stands for a captured value in a rendered request; made of characters that neither percent-
// encoding nor shell quoting change, so that it can be swapped for "$name" afterwards.
std::string marker(const std::string& name) {
  return "__capture_" + name + "__";
}

// curl's command with every marker turned into a shell variable (curl_command quotes each
// argument in '...': the variable goes between two quoted parts).
std::string with_shell_variables(std::string command, const std::vector<std::string>& names) {
  for (const auto& name : names) {
    const std::string from = marker(name), to = "'\"$" + name + "\"'";
    for (std::size_t at = 0; (at = command.find(from, at)) != std::string::npos; at += to.size()) {
      command.replace(at, from.size(), to);
    }
  }
  return command;
}

// "$.a[0].b" as jq writes it, ".a[0].b", with the capture's filters.
std::string jq_program(const Capture& capture) {
  std::string path = capture.query.argument;
  std::string program = path.size() > 1 ? path.substr(1) : ".";
  if (program.front() == '[') program.insert(0, 1, '.');
  for (const Filter& f : capture.filters) {
    if (f.kind == Filter::Kind::count) program += " | length";
    if (f.kind == Filter::Kind::nth) program += " | .[" + std::to_string(f.index) + "]";
    if (f.kind == Filter::Kind::to_int) program += " | tonumber";
  }
  return program;
}

std::string after_curl(const std::string& command, const std::string& options) {
  return "curl " + options + command.substr(4);  // command starts with "curl"
}

}  // namespace

std::vector<std::string> replay_commands(const TestFile& file, std::size_t last,
                                         const Variables& variables) {
  std::vector<std::string> out;
  std::vector<std::string> captured;
  Variables vars = variables;
  for (std::size_t i = 0; i <= last && i < file.entries.size(); ++i) {
    const Entry& entry = file.entries[i];
    std::string command;
    try {
      command = with_shell_variables(curl_command(build_request(entry.request, vars)), captured);
    } catch (const EntryFailure& e) {
      out.push_back("# entry " + std::to_string(i + 1) + ": " + e.what + ": " + e.problem);
      break;
    }
    const std::vector<Capture> none;
    const auto& captures = entry.response ? entry.response->captures : none;
    if (captures.empty() || i == last) {
      out.push_back(after_curl(command, "-si"));
      continue;
    }
    for (const Capture& c : captures) {
      std::string line;
      if (c.query.kind == Query::Kind::jsonpath) {
        line = c.name + "=$(" + after_curl(command, "-s") + " | jq -r '" + jq_program(c) + "')";
      } else if (c.query.kind == Query::Kind::header) {
        line = c.name + "=$(" +
               after_curl(command, "-s -o /dev/null -w '%header{" + c.query.argument + "}'") + ")";
      } else if (c.query.kind == Query::Kind::body) {
        line = c.name + "=$(" + after_curl(command, "-s") + ")";
      } else {
        line = "# set " + c.name + " to what this captures: " + c.source;
      }
      // One request per entry: its other captures are read from the same answer by hand.
      out.push_back(&c == &captures.front() ? line : "# and " + c.name + ": " + c.source);
      vars[c.name] = marker(c.name);
      captured.push_back(c.name);
    }
  }
  return out;
}

}  // namespace grader::hurl

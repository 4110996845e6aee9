#include "grading/interface_report.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <system_error>

#include "grading/interface_check.hpp"
#include "sandbox/process.hpp"

namespace grader {

namespace {

// A document is a few kilobytes; a submission's output is bounded like any other it writes.
constexpr std::uintmax_t max_document_bytes = 4 << 20;
constexpr int max_depth = 64;

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The document the submission wrote, never what a link it made there points to (the grader may
// run as root: a link to a file only root reads would show its bytes in the feedback), and at
// most `max_document_bytes`.
std::optional<std::string> read_document(const std::filesystem::path& path) {
  int fd = open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return std::nullopt;
  struct stat st {};
  std::optional<std::string> text;
  if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
      static_cast<std::uintmax_t>(st.st_size) <= max_document_bytes) {
    text.emplace(static_cast<std::size_t>(st.st_size), '\0');
    if (read(fd, text->data(), text->size()) != st.st_size) text.reset();
  }
  close(fd);
  return text;
}

}  // namespace

std::vector<std::string> interface_feedback(const Lab& lab, const std::filesystem::path& server,
                                            const Slot& slot, const Workspace& workspace,
                                            Language l) {
  std::vector<InterfaceRow> rows = interface_table(read_text(lab.dir / "README.md"));
  if (rows.empty()) return {};
  const std::filesystem::path document = slot.dir / "openapi.json";
  std::error_code ignored;
  std::filesystem::remove(document, ignored);
  std::vector<std::string> env{"PATH=/usr/bin:/bin", "HOME=" + slot.dir.string(),
                               "TMPDIR=" + slot.dir.string(), "LC_ALL=C.UTF-8"};
  env.insert(env.end(), lab.env.begin(), lab.env.end());
  Sandbox sandbox = slot.sandbox;
  sandbox.limits.cpu_seconds = 10;
  sandbox.limits.memory_bytes = workspace.toolchain().sanitized ? 0 : 1L << 30;
  sandbox.limits.resident_bytes = 1L << 30;
  std::unique_ptr<Process> started;
  try {
    started = std::make_unique<Process>(
        std::vector<std::string>{server.string(), "--openapi", document.string()},
        slot.dir.string(), env, sandbox, 16 * 1024);
  } catch (const std::runtime_error&) {
    return {};  // the grader cannot start a process now: its tests will fail and say why
  }
  Process& process = *started;
  auto status = process.wait(Clock::now() + std::chrono::seconds(10));
  const std::string why = say(l,
                              "your server's --openapi did not write its document, so your routes "
                              "were not compared with the statement's table: ",
                              "le --openapi de votre serveur n'a pas écrit son document : vos "
                              "routes n'ont pas été comparées au tableau de l'énoncé : ");
  if (!status || !WIFEXITED(*status) || WEXITSTATUS(*status) != 0) {
    return {why +
            (status ? describe_status(*status, process.isolated())
                    : say(l, "it ran for more than 10 s", "il a tourné plus de 10 s")) +
            say(l, "; it printed:\n", " ; il a affiché :\n") + process.last_lines(5)};
  }
  std::optional<std::string> text = read_document(document);
  if (!text) {
    return {why + say(l, "no regular file, or more than 4 MiB",
                      "aucun fichier ordinaire, ou plus de 4 Mio")};
  }
  nlohmann::ordered_json doc;
  try {
    doc = nlohmann::ordered_json::parse(
        *text, [](int depth, nlohmann::ordered_json::parse_event_t, nlohmann::ordered_json&) {
          if (depth > max_depth) throw std::runtime_error("nested too deep");
          return true;
        });
  } catch (const std::exception&) {  // its message quotes the bytes: the document's position only
    return {why + say(l, "it is not JSON", "ce n'est pas du JSON")};
  }
  std::filesystem::remove(document, ignored);
  return compare_interface(rows, doc, l);
}

}  // namespace grader

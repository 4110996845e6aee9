#include "web/server.hpp"

#include <pistache/endpoint.h>
#include <pistache/http.h>
#include <pistache/peer.h>
#include <sys/socket.h>

#include <algorithm>

#include "web/app.hpp"

namespace web {

namespace {

using namespace Pistache;

// Request line, headers and slack above the body limit, so that an oversized body is still
// read whole and answered by App::handle with a JSON 413.
constexpr std::size_t header_allowance = 64 * 1024;

// A response header with a name chosen at run time: Pistache drops `addRaw` headers on
// responses, and its typed headers have compile-time names.
class NamedHeader : public Http::Header::Header {
 public:
  NamedHeader(std::string name, std::string value)
      : name_(std::move(name)), value_(std::move(value)) {}
  const char* name() const override { return name_.c_str(); }
  void write(std::ostream& os) const override { os << value_; }
  uint64_t hash() const override { return Http::Header::detail::hash(name_.c_str()); }

 private:
  std::string name_;
  std::string value_;
};

// Pistache's parser drops the raw query string (and repeated names); we keep the request line
// from its first '?' (nothing for most requests, which have no query).
struct PeerState {
  std::string from_question;  // "?a=1&b=2 HTTP/1.1"
  bool line_complete = false;
};

// Our own Http::Handler::onInput: the same parser, but JSON errors, keep-alive by default for
// HTTP/1.1 (Pistache closes unless the client asks), and the raw query string kept.
class Adapter : public Http::Handler {
 public:
  HTTP_PROTOTYPE(Adapter)

  explicit Adapter(const App* app) : app_(app) {}

  void onInput(const char* buffer, size_t len, const std::shared_ptr<Tcp::Peer>& peer) override {
    auto parser = getParser(peer);
    auto state = peer_state(peer);
    if (!state->line_complete) {
      std::string_view chunk(buffer, len);
      std::size_t end = chunk.find("\r\n");
      std::string_view line = chunk.substr(0, end);
      if (state->from_question.empty()) line.remove_prefix(std::min(line.size(), line.find('?')));
      state->from_question.append(line);
      state->line_complete = end != std::string_view::npos;
    }
    try {
      if (!parser->feed(buffer, len)) {
        parser->reset();
        *state = PeerState{};
        send(peer, Http::Version::Http11, false,
             error_response(413, "request too large: the body limit is " +
                                     std::to_string(app_->config().get<std::size_t>("max_body")) +
                                     " bytes"));
        return;
      }
      if (parser->parse() != Http::Private::State::Done) return;
    } catch (const Http::HttpError& e) {
      parser->reset();
      *state = PeerState{};
      send(peer, Http::Version::Http11, false, error_response(e.code(), e.reason()));
      return;
    } catch (const std::exception& e) {
      parser->reset();
      *state = PeerState{};
      send(peer, Http::Version::Http11, false, error_response(400, "malformed request"));
      return;
    }
    const Http::Request& pistache = parser->request;
    const auto typed = pistache.headers().list();  // the headers Pistache parsed
    Request request(Http::methodString(pistache.method()), target(pistache, *state),
                    headers(pistache.headers()), pistache.body());
    bool keep_alive = wants_keep_alive(pistache.version(), typed);
    Http::Version version = pistache.version();
    *state = PeerState{};
    parser->reset();
    peer->setIdle(false);
    send(peer, version, keep_alive, app_->handle(request), request.method() == "HEAD");
  }

  void onRequest(const Http::Request&, Http::ResponseWriter) override {}  // onInput does all

 private:
  static std::shared_ptr<PeerState> peer_state(const std::shared_ptr<Tcp::Peer>& peer) {
    auto data = peer->tryGetData("web.state");
    if (!data) {
      data = std::make_shared<PeerState>();
      peer->putData("web.state", data);
    }
    return std::static_pointer_cast<PeerState>(data);
  }

  static std::string target(const Http::Request& pistache, const PeerState& state) {
    // "GET /path?query HTTP/1.1": the query is what lies between '?' and the last space.
    const std::string& line = state.from_question;
    std::size_t space = line.rfind(' ');
    if (space == std::string::npos) return pistache.resource();
    return pistache.resource() + line.substr(0, space);
  }

  using Typed = std::vector<std::shared_ptr<Http::Header::Header>>;

  // The headers as the client sent them: Pistache's raw list holds every one, also those it
  // parses into typed headers (whose rewritten values differ: an empty Accept, "h:80" for Host).
  static Headers headers(const Http::Header::Collection& all) {
    const auto& raw = all.rawList();
    Headers out;
    out.reserve(raw.size());
    for (const auto& [name, header] : raw) out.emplace_back(header.name(), header.value());
    return out;
  }

  // Found in the list we already have rather than by name (which lowercases and hashes it).
  static bool wants_keep_alive(Http::Version version, const Typed& typed) {
    for (const auto& header : typed) {
      if (header->hash() == Http::Header::Connection::Hash) {
        const auto& connection = static_cast<const Http::Header::Connection&>(*header);
        return connection.control() == Http::ConnectionControl::KeepAlive;
      }
    }
    return version == Http::Version::Http11;  // HTTP/1.0 closes by default
  }

  // A HEAD request gets the GET response's status and headers, without its body.
  void send(const std::shared_ptr<Tcp::Peer>& peer, Http::Version version, bool keep_alive,
            const Response& response, bool head = false) {
    Http::ResponseWriter writer(version, transport(), this, peer);
    writer.headers().add<Http::Header::Connection>(keep_alive ? Http::ConnectionControl::KeepAlive
                                                              : Http::ConnectionControl::Close);
    for (const auto& [name, value] : response.headers()) {
      writer.headers().add(std::make_shared<NamedHeader>(name, value));
    }
    // JSON, nearly always: a constant rather than parsing the text on every response.
    static const Http::Mime::MediaType json_type = MIME(Application, Json);
    Http::Mime::MediaType other;
    bool is_json = response.content_type() == "application/json";
    if (!is_json && !response.content_type().empty()) {
      other = Http::Mime::MediaType::fromString(response.content_type());
    }
    static const std::string no_body;
    auto sent = writer.send(static_cast<Http::Code>(response.status()),
                            head ? no_body : response.body(), is_json ? json_type : other);
    if (!keep_alive) {
      // Pistache only writes the header: end the connection once the response is written (the
      // reactor then reads the end of the stream and forgets the peer).
      int fd = peer->fd();
      sent.then([fd](ssize_t) { ::shutdown(fd, SHUT_RDWR); }, Async::IgnoreException);
    }
  }

  const App* app_;
};

}  // namespace

struct Server::Impl {
  Http::Endpoint endpoint;
  std::string host;

  Impl(const App& app, const Options& options)
      : endpoint(Address(options.host, Port(static_cast<uint16_t>(options.port)))),
        host(options.host) {
    auto max_body = app.config().get<std::size_t>("max_body");
    endpoint.init(Http::Endpoint::options()
                      .threads(options.threads)
                      .flags(Tcp::Options::ReuseAddr)
                      .maxRequestSize(max_body + header_allowance));
    endpoint.setHandler(Http::make_handler<Adapter>(&app));
    endpoint.serveThreaded();  // binds, then serves
  }
};

Server::Server(const App& app, const Options& options) {
  if (options.port < 0 || options.port > 65535) {
    throw std::runtime_error("port out of range: " + std::to_string(options.port));
  }
  try {
    impl_ = std::make_unique<Impl>(app, options);
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot listen on " + options.host + ":" +
                             std::to_string(options.port) + ": " + e.what());
  }
}

Server::~Server() {
  impl_->endpoint.shutdown();
}

int Server::port() const {
  return static_cast<uint16_t>(impl_->endpoint.getPort());
}

std::string Server::url() const {
  return "http://" + impl_->host + ":" + std::to_string(port());
}

}  // namespace web

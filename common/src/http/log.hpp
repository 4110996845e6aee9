// Server-side log lines on stderr: one write per line, safe from any worker thread.
#pragma once

#include <string>
#include <string_view>

namespace web {
class Request;
}

namespace web::detail {

// The address of the connection whose request this thread answers ("" for a request made in
// process): set by the server around App::handle, read by the access log.
extern thread_local std::string current_peer;

// Who the client is, for the access log: the connection's address, or, when that is the trusted
// proxy's (config trusted_proxy, e.g. nginx's 127.0.0.1), the client the proxy names in
// X-Real-IP, else the last address of X-Forwarded-For (the one the proxy added). Anyone else's
// headers are ignored: a client could write any address there. "-" when unknown.
std::string client_address(const Request& request, const std::string& peer,
                           const std::string& trusted_proxy);

// Writes "<UTC time> <message>\n" in one piece, control bytes of `message` escaped as \xNN.
void log_line(std::string_view message);

}  // namespace web::detail

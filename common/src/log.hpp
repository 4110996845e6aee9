// Server-side log lines on stderr: one write per line, safe from any worker thread.
#pragma once

#include <string_view>

namespace web::detail {

// Writes "<UTC time> <message>\n" in one piece, control bytes of `message` escaped as \xNN.
void log_line(std::string_view message);

}  // namespace web::detail

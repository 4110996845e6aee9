#include "web/error.hpp"

namespace web {

void todo(std::string_view what) {
  throw Error(501, "not implemented: " + std::string(what));
}

}  // namespace web

#include "web/authz.hpp"

namespace web {

Authz::Authz(const Authz&) = default;
Authz::Authz(Authz&&) noexcept = default;
Authz& Authz::operator=(const Authz&) = default;
Authz& Authz::operator=(Authz&&) noexcept = default;
Authz::~Authz() = default;

}  // namespace web

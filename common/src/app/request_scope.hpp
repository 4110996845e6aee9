// Whether this thread is answering a request: App::db() then opens the request's transaction.
#pragma once

namespace web::detail {

bool in_request();

// Marks the current thread as answering a request for its lifetime.
class RequestScope {
 public:
  RequestScope();
  ~RequestScope();
  RequestScope(const RequestScope&) = delete;
  RequestScope& operator=(const RequestScope&) = delete;

 private:
  bool outer_;
};

}  // namespace web::detail

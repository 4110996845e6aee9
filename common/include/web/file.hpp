// An uploaded file: a part of a multipart/form-data body that has a file name, taken as a
// handler argument of type web::File, like FlaskSimpleAuth's FileStorage parameters.
#pragma once

#include <string>

namespace web {

struct File {
  std::string filename;      // as the client named it: never a path to trust on the server
  std::string content_type;  // as the client said, "application/octet-stream" if it did not
  std::string bytes;         // the content, whole (the body limit, max_body, bounds it)
};

}  // namespace web

// Mustache templates (web/templates/*.mustache) loaded once at start-up, rendered with a JSON
// context. {{name}} escapes for HTML; the only unescaped slot ({{{body}}}) is the layout's, which
// receives a page this class rendered itself.
#pragma once

#include <boost/json/object.hpp>
#include <map>
#include <string>

#include "common/result.h"

namespace motcua::web {

class Templates {
 public:
  // Reads every *.mustache file of `dir`; fails when the directory is missing or a template does
  // not parse.
  static Result<Templates> Load(const std::string& dir);

  bool Has(const std::string& name) const { return sources_.count(name) > 0; }
  // Renders template `name` (file name without .mustache) with `context`. The layout wraps a
  // page by receiving it as `body`; there are no partials.
  std::string Render(const std::string& name, const boost::json::object& context) const;

 private:
  std::map<std::string, std::string> sources_;
};

}  // namespace motcua::web

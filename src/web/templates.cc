#include "web/templates.h"

#include <filesystem>
#include <fstream>
#include <kainjow/mustache.hpp>
#include <sstream>

namespace motcua::web {
namespace {

namespace mst = kainjow::mustache;
namespace json = boost::json;

mst::data ToData(const json::value& v) {
  switch (v.kind()) {
    case json::kind::null:
      return mst::data(false);
    case json::kind::bool_:
      return mst::data(v.get_bool());
    case json::kind::int64:
      return mst::data(std::to_string(v.get_int64()));
    case json::kind::uint64:
      return mst::data(std::to_string(v.get_uint64()));
    case json::kind::double_: {
      std::ostringstream os;
      os << v.get_double();
      return mst::data(os.str());
    }
    case json::kind::string:
      // An empty string is false in sections, as in most Mustache implementations.
      if (v.get_string().empty()) return mst::data(false);
      return mst::data(std::string(v.get_string()));
    case json::kind::array: {
      mst::data list(mst::data::type::list);
      for (const auto& item : v.get_array()) list.push_back(ToData(item));
      return list;
    }
    case json::kind::object: {
      mst::data obj(mst::data::type::object);
      for (const auto& [k, item] : v.get_object()) obj.set(std::string(k), ToData(item));
      return obj;
    }
  }
  return mst::data(false);
}

}  // namespace

Result<Templates> Templates::Load(const std::string& dir) {
  Templates t;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return Status(Code::kNotFound, "templates_missing", dir);
  }
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() != ".mustache") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string source = ss.str();
    mst::mustache check(source);
    if (!check.is_valid()) {
      return Status(Code::kInternal, "template_invalid",
                    entry.path().filename().string() + ": " + check.error_message());
    }
    t.sources_[entry.path().stem().string()] = std::move(source);
  }
  if (t.sources_.empty()) return Status(Code::kNotFound, "templates_missing", dir);
  return t;
}

std::string Templates::Render(const std::string& name, const json::object& context) const {
  auto it = sources_.find(name);
  if (it == sources_.end()) return "<!-- missing template " + name + " -->";
  mst::data data = ToData(context);
  mst::mustache tmpl(it->second);
  return tmpl.render(data);
}

}  // namespace motcua::web

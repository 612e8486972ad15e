#include "app/cli.h"

#include <CLI/CLI.hpp>

namespace motcua::app {

int RunCli(int argc, char** argv) {
  CLI::App app{"MotCua"};
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  return 0;
}

}  // namespace motcua::app

#include "app/cli.h"

int main(int argc, char** argv) { return motcua::app::RunCli(argc, argv); }

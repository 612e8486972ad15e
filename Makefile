# MotCua — the two commands: `make run` and `make test`. Both install what they need first.
PRESET ?= release
BUILD_DIR = build/$(PRESET)
PORT ?= 8080
DB ?= var/motcua.db

.PHONY: setup build run test bench fuzz soak ha format clean

setup:
	bash scripts/setup.sh

build: setup
	cmake --preset $(PRESET) >/dev/null
	cmake --build $(BUILD_DIR)

run: build
	mkdir -p $(dir $(DB))
	$(BUILD_DIR)/motcua serve --demo --national-catalogue --db $(DB) --port $(PORT)

test:
	bash scripts/test.sh

bench:
	bash scripts/bench.sh

# libFuzzer targets built with clang in build/fuzz (FUZZ_SECONDS per target, default 600).
fuzz:
	bash scripts/fuzz.sh
# SIGKILL the server again and again under load; figures in docs/soak.md (ROUNDS=N, default 20).
soak:
	bash scripts/soak.sh
# Kill the PostgreSQL primary (Patroni + etcd + HAProxy) under load; docs/ha.md.
ha:
	bash scripts/ha.sh

format:
	clang-format -i $$(git ls-files 'src/*.cc' 'src/*.h' 'tests/*.cc' 'tests/*.h' 'bench/*.cc' 'fuzz/*.cc')

clean:
	rm -rf build

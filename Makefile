# Shortcuts over CMake presets. `make help` lists them.
PRESET ?= dev
LAB ?= 01

.PHONY: help build test format format-check run check clean fuzz
help:
	@echo "make build          build everything ($(PRESET) preset)"
	@echo "make test           build, then run every test"
	@echo "make run LAB=01     serve the reference solution of a lab on 127.0.0.1:5000"
	@echo "make check LAB=01   build, then grade your lab folder with its public tests"
	@echo "make format         clang-format every C++ file"
	@echo "make format-check   fail if a file is not formatted"
	@echo "make fuzz           run each libFuzzer target FUZZ_SECONDS (120) from its corpus"

build:
	cmake --preset $(PRESET) >/dev/null
	cmake --build --preset $(PRESET)

test: build
	ctest --preset $(PRESET) -j 2

run:
	cmake --preset $(PRESET) >/dev/null
	cmake --build --preset $(PRESET) --target solutions_$(notdir $(wildcard solutions/$(LAB)-*))
	build/$(PRESET)/solutions/$(notdir $(wildcard solutions/$(LAB)-*))/server --init

# A student's check: the public tests of labs/NN-*/, through the grader.
check:
	cmake --preset $(PRESET) >/dev/null
	cmake --build --preset $(PRESET) --target grader
	build/$(PRESET)/grader/grader grade --public-only --lab $(notdir $(wildcard labs/$(LAB)-*)) $(wildcard labs/$(LAB)-*)

fuzz:
	scripts/fuzz $(or $(FUZZ_SECONDS),120)

format:
	scripts/format

format-check:
	scripts/format --check

clean:
	rm -rf build

# The two commands of the README. Both install what is missing first.
.PHONY: run test setup bench fuzz

run:            ## build, load the demo if empty, serve on http://127.0.0.1:3000
	scripts/run.sh

test:           ## every check: fmt, clippy, tests on SQLite and PostgreSQL, WASM, browser
	scripts/test.sh

setup:          ## install the toolchain pieces only
	scripts/setup.sh --tests

bench:          ## core vs cedar-policy, list filters, release bundle sizes (prints Markdown)
	@scripts/bench.sh

fuzz:           ## the fuzz pass (50,000 calls a backend, 100,000 in all) and the crash test (100 kills a backend)
	scripts/fuzz.sh

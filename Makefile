# Registry Console's recipes. Each one can be run alone; `make test` is what CI runs.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.ONESHELL:
.PHONY: setup ui app demo lint bindings licenses icons test test-rust test-ui e2e bench fuzz clean-demo \
  package test-package bench-footprint

TARGET_DIR := $(shell cargo metadata --format-version 1 --no-deps 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])' 2>/dev/null || echo target)
DEMO_PORT ?= 5000
DEMO_DIR ?= $(CURDIR)/demo-data

## Install what is missing (apt packages, tauri-driver, npm packages).
setup:
	bash .ci/setup

## Build the web UI into ui/dist.
ui:
	npm --prefix ui run build

## Build the desktop app (debug) with the UI embedded.
app: ui
	cargo build -p registry-console

## Start a local demo registry filled with sample repositories, then open the app connected to it.
demo: setup app
	cargo build -p registry-console-tests --bin demo-registry
	mkdir -p "$(DEMO_DIR)"
	"$(TARGET_DIR)/debug/demo-registry" --data "$(DEMO_DIR)/registry" --port $(DEMO_PORT) \
	  --config-dir "$(DEMO_DIR)/config/io.registryconsole.desktop" > "$(DEMO_DIR)/demo-registry.log" 2>&1 &
	registry_pid=$$!
	trap 'kill $$registry_pid 2>/dev/null; wait $$registry_pid 2>/dev/null' EXIT
	for i in $$(seq 1 200); do
	  grep -q '^http://' "$(DEMO_DIR)/demo-registry.log" && break
	  kill -0 $$registry_pid 2>/dev/null || { cat "$(DEMO_DIR)/demo-registry.log"; exit 1; }
	  sleep 0.1
	done
	cat "$(DEMO_DIR)/demo-registry.log"
	XDG_CONFIG_HOME="$(DEMO_DIR)/config" "$(TARGET_DIR)/debug/registry-console"

## Remove the demo registry's data and the demo app settings.
clean-demo:
	rm -rf "$(DEMO_DIR)"

## Write the UI's TypeScript bindings from the Rust types.
bindings:
	cargo run -q -p ipc --bin export-bindings

## Write the About dialog's third-party list (ui/src/about/thirdParty.ts) from the dependency trees.
licenses:
	cargo run -q -p ipc --bin export-licenses

## Write every app icon from icons/source.png.
icons:
	cargo run -q -p icon-maker

## Formatting, clippy, generated files up to date, UI type check, no tauri in backend crates,
## licences, banned crates and sources (deny.toml).
lint: ui
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p registry-console-tests --features e2e --all-targets -- -D warnings
	cargo clippy -p registry-console-tests --features package --all-targets -- -D warnings
	# No advisories: they need the RustSec database fetched, and lint must not.
	cargo deny check licenses bans sources
	cargo run -q -p ipc --bin export-bindings -- --check
	cargo run -q -p ipc --bin export-licenses -- --check
	appstreamcli validate --no-net src-tauri/linux/io.registryconsole.desktop.metainfo.xml
	cargo run -q -p icon-maker -- --check
	npm --prefix ui run typecheck
	npm --prefix ui run lint
	for manifest in src-tauri/crates/*/Cargo.toml; do
	  crate=$$(basename "$$(dirname "$$manifest")")
	  if cargo tree -q -p "$$crate" -e normal,build --prefix none | grep -qE '^tauri(-[a-z-]+)? v'; then
	    echo "backend crate $$crate depends on tauri"; exit 1
	  fi
	done
	if cargo tree -q --workspace -e normal -i aws-lc-rs >/dev/null 2>&1; then
	  echo "aws-lc-rs is in the tree: keep one TLS provider (ring)"; exit 1
	fi
	echo "lint: clean"

## Rust unit and integration tests (integration tests start real servers on 127.0.0.1).
test-rust: ui
	cargo test --workspace

## UI unit tests.
test-ui:
	npm --prefix ui test

## End-to-end tests of the real window under Xvfb; screenshots in test-artifacts/e2e/.
e2e: app
	rm -rf test-artifacts/e2e
	# The run keeps every app home until the secret sweep has searched them (tests/e2e/secrets.rs).
	export RC_E2E_RUN_DIR=$$(mktemp -d)
	trap 'rm -rf "$$RC_E2E_RUN_DIR"' EXIT
	xvfb-run -a -s "-screen 0 1280x800x24" \
	  cargo test -p registry-console-tests --features e2e --test e2e -- --test-threads=1
	cargo run -q -p registry-console-tests --bin secret-sweep -- "$$RC_E2E_RUN_DIR" test-artifacts/e2e
	ls test-artifacts/e2e

## The release app (profile.release in Cargo.toml) and its Linux packages, with Tauri's bundler
## (the @tauri-apps/cli npm package): target/release/bundle/deb/*.deb and rpm/*.rpm.
package: ui
	# Only this build's packages in the bundle folders (the tests pick the .deb from there).
	rm -rf "$(TARGET_DIR)"/release/bundle/deb "$(TARGET_DIR)"/release/bundle/rpm
	cd src-tauri
	../ui/node_modules/.bin/tauri build --ci --bundles deb,rpm
	ls -l "$(TARGET_DIR)"/release/bundle/deb/*.deb "$(TARGET_DIR)"/release/bundle/rpm/*.rpm

## The package as a user gets it: the .deb read back with dpkg-deb, installed with apt, the
## installed binary's --version and one e2e smoke test of /usr/bin/registry-console under Xvfb,
## then removed again, whether the tests pass or not. Needs root (or sudo), as apt does.
test-package: package
	deb=$$(ls -t "$(TARGET_DIR)"/release/bundle/deb/registry-console_*_amd64.deb | head -1)
	REGISTRY_CONSOLE_DEB="$$deb" cargo test -p registry-console-tests --features package --test package_deb
	if dpkg-query -W -f='$${Status}' registry-console 2>/dev/null | grep -q "install ok installed"; then
	  echo "registry-console is already installed here: remove it first (this test installs and removes its own)"; exit 1
	fi
	sudo=""; [ "$$(id -u)" -eq 0 ] || sudo="sudo"
	trap 'DEBIAN_FRONTEND=noninteractive $$sudo apt-get remove --purge -y -q registry-console >/dev/null || true' EXIT
	# apt wants a path, not a bare file name, to install a local package.
	DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -q "$$(realpath "$$deb")"
	version=$$(/usr/bin/registry-console --version)
	echo "installed: $$version"
	[ "$$version" = "registry-console $$(dpkg-query -W -f='$${Version}' registry-console)" ]
	REGISTRY_CONSOLE_APP=/usr/bin/registry-console xvfb-run -a -s "-screen 0 1280x800x24" \
	  cargo test -p registry-console-tests --features e2e --test e2e -- --test-threads=1 package::

## Benchmark of browsing 10,000 repositories x 3 tags (BENCH_REPOS, BENCH_TAGS to change);
## prints figures, asserts nothing. The first run fills the registry (a few minutes).
bench: app
	xvfb-run -a -s "-screen 0 1280x800x24" \
	  cargo bench -p registry-console-tests --features e2e --bench browse --profile dev

## The release app beside an empty Tauri 2 window (bench/empty-window, same tauri and profile):
## start to first frame and PSS idle, 10 starts each; PSS with 10,000 repositories listed;
## binary and .deb sizes. Prints medians, min/max and ratios; asserts nothing. Not in CI.
bench-footprint: package
	cargo build --release -p empty-window
	export FOOTPRINT_APP="$(TARGET_DIR)/release/registry-console"
	export FOOTPRINT_EMPTY="$(TARGET_DIR)/release/empty-window"
	export FOOTPRINT_DEB=$$(ls -t "$(TARGET_DIR)"/release/bundle/deb/registry-console_*_amd64.deb | head -1)
	xvfb-run -a -s "-screen 0 1280x800x24" \
	  cargo bench -p registry-console-tests --features e2e --bench footprint --profile dev

## Run every cargo-fuzz target FUZZ_SECONDS (600) each, one at a time, with libFuzzer's final
## stats in target/fuzz-logs/. Not in CI: needs nightly Rust and `cargo install cargo-fuzz`.
FUZZ_SECONDS ?= 600
fuzz:
	mkdir -p "$(TARGET_DIR)/fuzz-logs"
	for pair in certs:parse registry:manifest registry:headers registry:token_reply \
	    auth:token_reply auth:kubeconfig credentials:auth_file; do
	  crate=$${pair%%:*}; target=$${pair##*:}
	  log="$(TARGET_DIR)/fuzz-logs/$$crate-$$target.log"
	  (cd "src-tauri/crates/$$crate/fuzz" && \
	    CARGO_TARGET_DIR="$(TARGET_DIR)/fuzz-$$crate" cargo +nightly fuzz run -O "$$target" -- \
	    -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1) > "$$log" 2>&1
	  echo "$$crate $$target: $$(grep -E '^Done' "$$log")"
	done

## Everything CI runs.
test: setup lint test-rust test-ui e2e test-package

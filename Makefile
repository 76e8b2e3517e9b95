# zeiss: the two commands of the README, and their parts.
#
#   make notebooks   execute every notebook headless, in place; regenerate figures/ and build/html/
#   make test        go vet, go test ./..., and execute + check every notebook
#
# Both install what is missing first: Jupyter (Debian packages) and the GoNB
# kernel, built from the version pinned in go.mod.

SHELL := /bin/bash
GOBIN := $(shell go env GOPATH)/bin
export PATH := $(GOBIN):$(PATH)

NOTEBOOKS := $(sort $(wildcard notebooks/*.ipynb))
NBTIMEOUT := 1800
NBEXEC := jupyter nbconvert --to notebook --execute \
	--ExecutePreprocessor.timeout=$(NBTIMEOUT) --ExecutePreprocessor.record_timing=False
# The notebooks draw extra figures from the real production data where it is
# present (as furnace.RealDataDir finds it); the check then expects them too.
REALDATA := $(if $(or $(ZEISS_REALDATA),$(wildcard ../shared/realdata/furnaces_2021H1.csv)),-realdata)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: notebooks test vet gotest nbtest html deps jupyter kernel bench-compare clean

notebooks: deps
	@mkdir -p build && touch build/.nbstamp
	@for nb in $(NOTEBOOKS); do \
		echo "executing $$nb"; \
		$(NBEXEC) --inplace "$$nb" 2>build/nbconvert.log || { tail -40 build/nbconvert.log; exit 1; }; \
	done
	go run ./zeiss/cmd/nbcheck -since build/.nbstamp $(REALDATA) $(NOTEBOOKS)
	jupyter nbconvert --to html --output-dir build/html $(NOTEBOOKS) 2>>build/nbconvert.log
	@echo "notebooks executed in place; figures in figures/, HTML in build/html/"

test: vet gotest nbtest

vet:
	go vet ./...
	@unformatted=$$(gofmt -l zeiss); if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi

gotest:
	go test ./...

# nbtest executes copies of the notebooks under build/nbtest (the committed
# ones stay as they are) and checks them; figures are regenerated in figures/.
nbtest: deps
	@rm -rf build/nbtest && mkdir -p build/nbtest && touch build/.nbstamp
	@for nb in $(NOTEBOOKS); do \
		echo "executing $$nb"; \
		$(NBEXEC) --output-dir build/nbtest "$$nb" 2>build/nbtest/nbconvert.log || { tail -40 build/nbtest/nbconvert.log; exit 1; }; \
	done
	go run ./zeiss/cmd/nbcheck -since build/.nbstamp $(REALDATA) $(addprefix build/nbtest/,$(notdir $(NOTEBOOKS)))

deps: jupyter kernel

jupyter:
	@if ! command -v jupyter-nbconvert >/dev/null 2>&1 || ! jupyter nbconvert --version >/dev/null 2>&1; then \
		if command -v apt-get >/dev/null 2>&1; then \
			echo "installing Jupyter (Debian packages jupyter-nbconvert, jupyter-client)"; \
			$(SUDO) apt-get update -qq && \
			$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends jupyter-nbconvert jupyter-client >/dev/null; \
		else \
			echo "Jupyter is missing: install jupyter-nbconvert and jupyter-client (nbconvert >= 6.5)"; exit 1; \
		fi; \
	fi

kernel:
	go install tool
	@mkdir -p build
	@"$(GOBIN)/gonb" --install --force_copy --force_deps --raw_error >build/gonb-install.log 2>&1 || { cat build/gonb-install.log; exit 1; }

# bench-compare runs zeiss bench and the PyTorch reference of ../shared/bench
# side by side and prints the ratios (REPEAT=, ONLY= pass through).
bench-compare:
	zeiss/nn/testdata/bench_compare.sh

clean:
	rm -rf build

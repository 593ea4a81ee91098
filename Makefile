GO      ?= go
BIN     ?= bin/opendata
DATA    ?= ./data
ADDR    ?= 127.0.0.1:8080
PKGS    ?= ./...

NODE_TOOLS ?= .tools/node

.PHONY: run demo build test test-short lint bench load score audit tools clean

# The main job: crawl the shipped sites file, then serve the API and the search page
# over the result, crawling again every 24 hours.
run: build
	$(BIN) serve --data $(DATA) --addr $(ADDR) --crawl-every 24h --crawl-now

# Offline: crawl the bundled sample sites on loopback and serve the result.
demo: build
	$(BIN) demo --addr $(ADDR)

build:
	$(GO) build -o $(BIN) ./cmd/opendata

test:
	$(GO) test -race -count=1 $(PKGS)

test-short:
	$(GO) test -short -count=1 $(PKGS)

lint:
	$(GO) vet $(PKGS)
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

bench:
	$(GO) test -run '^$$' -bench . -benchmem -count=1 -timeout 60m $(PKGS)

# The load check: 64 concurrent clients on search and CSV downloads for 30 s.
load:
	OPENDATA_LOAD=1 $(GO) test -run TestLoad -v -count=1 -timeout 20m ./api/

# Score the extractor on the development corpus, field by field.
score: build
	@for c in testdata/corpus testdata/holdout testdata/holdout2 testdata/holdout3 testdata/holdout4 testdata/holdout5 testdata/holdout6 testdata/holdout7 testdata/holdout8 testdata/holdout9 testdata/holdout10 ../shared/corpus/real-peshtera; do \
		[ -d $$c ] || continue; printf '%s: ' $$c; python3 testdata/corpus/score.py $$c -- $(BIN) extract | tail -n 1; done

# The npm tools of the audit and of the OpenAPI lint, pinned, in a git-ignored folder
# (the tests find them there, and skip when they are absent).
tools:
	@if [ -x $(NODE_TOOLS)/node_modules/.bin/lighthouse ] && [ -x $(NODE_TOOLS)/node_modules/.bin/axe ] && \
	    [ -x $(NODE_TOOLS)/node_modules/.bin/redocly ]; then echo "npm tools in $(NODE_TOOLS)"; else \
	  mkdir -p $(NODE_TOOLS) && cd $(NODE_TOOLS) && { [ -f package.json ] || echo '{"private":true}' > package.json; } && \
	  npm i -E --ignore-scripts --no-audit --no-fund lighthouse@12.2.3 @axe-core/cli@4.13.0 @redocly/cli@2.77.0; fi

# Lighthouse (≥ 95 in all four categories) and axe-core (no violation) on the pages for people, in both
# languages, over a real crawl of the sample sites; redocly's recommended rules over openapi.json.
# Needs chromium and chromedriver (Debian: chromium chromium-driver) and npm.
audit: tools
	$(GO) test -run 'TestAuditAxe|TestAuditLighthouse|TestOpenAPILint' -v -count=1 -timeout 30m ./api/

clean:
	rm -rf bin

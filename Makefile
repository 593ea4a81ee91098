GO      ?= go
BIN     ?= bin/opendata
DATA    ?= ./data
ADDR    ?= 127.0.0.1:8080
PKGS    ?= ./...

.PHONY: run demo build test test-short lint bench load score clean

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
	python3 testdata/corpus/score.py testdata/corpus -- $(BIN) extract

clean:
	rm -rf bin

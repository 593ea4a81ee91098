package crawler

import (
	"fmt"
	"log/slog"
	"sync"

	"github.com/opendata-bg/opendata/dataset"
)

// ExtractPage is the one step from an archived page to its records, for
// the crawler after a fetch and for `opendata reextract` over the archive:
// the extractor reads the body (with the Content-Type the page was served
// with) and the records are completed with the page's municipality when
// they name none, with their municipality's code (the page's site's when
// they name its municipality, else the code codes gives the name they
// name; see dataset.MunicipalityCodes) and with the page's attachments.
func ExtractPage(x Extractor, p dataset.Page, body []byte, codes *dataset.MunicipalityCodes) ([]dataset.Record, error) {
	res, err := x.Extract(body, p.URL, pageContentType(p))
	if err != nil {
		return nil, fmt.Errorf("extract %s: %w", p.URL, err)
	}
	recs := res.Projects
	for i := range recs {
		if recs[i].Municipality == "" {
			recs[i].Municipality = p.Municipality
		}
		recs[i].MunicipalityCode = codes.RecordCode(recs[i].Municipality, p.Municipality, p.MunicipalityCode)
		recs[i].Documents = mergeDocuments(recs[i].Documents, res.Documents)
	}
	return recs, nil
}

// extract runs ExtractPage over a fetched page; the records are merged
// with the page's commit.
func (sc *siteCrawl) extract(p dataset.Page, body []byte) {
	recs, err := ExtractPage(sc.cfg.Extractor, p, body, sc.codes)
	if err != nil {
		// A page the extractor cannot read is counted; merging nothing
		// would withdraw the records it gave last time.
		sc.logger.Debug("extract failed", "url", p.URL, "err", err)
		sc.event("extract_error")
		return
	}
	w := sc.front.w
	w.Merge, w.Records = true, recs
}

// committed counts what a page's merge changed and queues those records
// for the index.
func (sc *siteCrawl) committed(w *dataset.PageWrite) {
	if !w.Merge {
		return
	}
	mr := w.Result
	sc.index.add(mr.Added, mr.Changed, mr.Removed)
	sc.count(func(r *dataset.SiteRun) {
		r.RecordsAdded += len(mr.Added)
		r.RecordsChanged += len(mr.Changed)
	})
}

// mergeDocuments adds the page's attachments to a record's, once per URL.
func mergeDocuments(have, page []dataset.Document) []dataset.Document {
	if len(page) == 0 {
		return have
	}
	seen := make(map[string]bool, len(have)+len(page))
	for _, d := range have {
		seen[d.URL] = true
	}
	for _, d := range page {
		if d.URL != "" && !seen[d.URL] {
			seen[d.URL] = true
			have = append(have, d)
		}
	}
	return have
}

// indexer collects the ids of records that changed and sends them to the
// index in batches, reading each record as the store has it at that moment.
// Removed ids are re-read too: a record with no source left is withdrawn,
// not deleted, and one the store no longer has is deleted from the index.
type indexer struct {
	store  Store
	index  Indexer
	batch  int
	logger *slog.Logger

	mu      sync.Mutex // guards pending, errs
	pending map[string]bool
	errs    int

	flushMu sync.Mutex    // one flush at a time
	kick    chan struct{} // a batch is full
	stopped chan struct{}
}

// newIndexer returns an indexer whose full batches are sent by a
// goroutine of its own, so that crawling goes on meanwhile; close stops it
// after sending what is left.
func newIndexer(cfg *Config) *indexer {
	x := &indexer{store: cfg.Store, index: cfg.Index, batch: cfg.IndexBatch,
		logger: cfg.Logger, pending: map[string]bool{},
		kick: make(chan struct{}, 1), stopped: make(chan struct{})}
	go func() {
		defer close(x.stopped)
		for range x.kick {
			x.flush()
		}
	}()
	return x
}

// close sends the pending records and stops the indexer.
func (x *indexer) close() {
	close(x.kick)
	<-x.stopped
	x.flush()
}

// add queues ids; a full batch is sent in the background.
func (x *indexer) add(lists ...[]string) {
	x.mu.Lock()
	for _, ids := range lists {
		for _, id := range ids {
			x.pending[id] = true
		}
	}
	full := len(x.pending) >= x.batch
	x.mu.Unlock()
	if full {
		select {
		case x.kick <- struct{}{}:
		default: // a flush is due already
		}
	}
}

// flush sends the pending records to the index.
func (x *indexer) flush() {
	x.flushMu.Lock()
	defer x.flushMu.Unlock()
	x.mu.Lock()
	ids := make([]string, 0, len(x.pending))
	for id := range x.pending {
		ids = append(ids, id)
	}
	clear(x.pending)
	x.mu.Unlock()
	if len(ids) == 0 {
		return
	}
	recs := make([]dataset.Record, 0, len(ids))
	var gone []string
	for _, id := range ids {
		rec, err := x.store.Record(id)
		if dataset.ErrorCode(err) == dataset.ENOTFOUND {
			gone = append(gone, id)
			continue
		}
		if err != nil {
			x.failed(fmt.Errorf("read record %s: %w", id, err))
			continue
		}
		recs = append(recs, rec)
	}
	if len(recs) > 0 {
		if err := x.index.Put(recs); err != nil {
			x.failed(fmt.Errorf("index %d records: %w", len(recs), err))
		}
	}
	if len(gone) > 0 {
		if err := x.index.Delete(gone); err != nil {
			x.failed(fmt.Errorf("delete %d records from the index: %w", len(gone), err))
		}
	}
}

func (x *indexer) failed(err error) {
	x.logger.Error("index update failed; run 'opendata reindex' to repair", "err", err)
	x.mu.Lock()
	x.errs++
	x.mu.Unlock()
}

func (x *indexer) errors() int {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.errs
}

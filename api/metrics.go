package api

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/opendata-bg/opendata/dataset"
)

// metrics holds the request metrics; the data figures are read at scrape
// time by dataCollector.
type metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	inFlight prometheus.Gauge
	cache    *prometheus.CounterVec
}

func newMetrics(reg *prometheus.Registry, st Store, ix Searcher, log *slog.Logger) (*metrics, error) {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "opendata_http_requests_total",
			Help: "HTTP requests answered, by route template, method and status code.",
		}, []string{"route", "method", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "opendata_http_request_duration_seconds",
			Help:    "Time to answer HTTP requests, by route template, method and status code.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60},
		}, []string{"route", "method", "code"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "opendata_http_requests_in_flight",
			Help: "HTTP requests being answered.",
		}),
		cache: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "opendata_answer_cache_lookups_total",
			Help: "Lookups of rendered answers (search pages, whole-set downloads) in the cache, by kind and result (hit, miss).",
		}, []string{"kind", "result"}),
	}
	for _, c := range []prometheus.Collector{
		m.requests, m.duration, m.inFlight, m.cache,
		&dataCollector{store: st, index: ix, log: log},
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("register metrics: %w", err)
		}
	}
	return m, nil
}

// cacheLookup counts one lookup in the answer cache.
func (m *metrics) cacheLookup(kind string, hit bool) {
	result := "miss"
	if hit {
		result = "hit"
	}
	m.cache.WithLabelValues(kind, result).Inc()
}

// observe counts one answered request.
func (m *metrics) observe(route, method, code string, d time.Duration) {
	switch method {
	case "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS":
	default:
		method = "other" // a client must not grow the label set at will
	}
	m.requests.WithLabelValues(route, method, code).Inc()
	m.duration.WithLabelValues(route, method, code).Observe(d.Seconds())
}

var (
	descRecords = prometheus.NewDesc("opendata_records",
		"Project records in the store.", nil, nil)
	descIndexDocs = prometheus.NewDesc("opendata_index_documents",
		"Documents in the search index.", nil, nil)
	descCrawlStarted = prometheus.NewDesc("opendata_crawl_last_started_timestamp_seconds",
		"When the latest crawl run started.", []string{"status"}, nil)
	descCrawlFinished = prometheus.NewDesc("opendata_crawl_last_finished_timestamp_seconds",
		"When the latest crawl run finished (absent while it runs).", nil, nil)
	descCrawlPages = prometheus.NewDesc("opendata_crawl_pages",
		"Pages of the latest crawl run per site, by outcome (fetched, unchanged, failed, skipped: not requested, e.g. forbidden by robots.txt).",
		[]string{"municipality", "outcome"}, nil)
	descCrawlRecords = prometheus.NewDesc("opendata_crawl_records",
		"Records added or changed by the latest crawl run per site.",
		[]string{"municipality", "outcome"}, nil)
	descScrapeErrors = prometheus.NewDesc("opendata_metrics_scrape_errors",
		"Figures that could not be read during this scrape.", nil, nil)
)

// dataCollector reads the record count, the index size and the latest
// crawl run's figures at scrape time.
type dataCollector struct {
	store Store
	index Searcher
	log   *slog.Logger
}

// Describe implements prometheus.Collector.
func (c *dataCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descRecords, descIndexDocs, descCrawlStarted,
		descCrawlFinished, descCrawlPages, descCrawlRecords, descScrapeErrors} {
		ch <- d
	}
}

// Collect implements prometheus.Collector.
func (c *dataCollector) Collect(ch chan<- prometheus.Metric) {
	failed := 0
	fail := func(what string, err error) {
		failed++
		c.log.LogAttrs(context.Background(), slog.LevelWarn, "metrics: "+what, slog.String("error", err.Error()))
	}
	if n, err := c.store.Count(); err != nil {
		fail("count records", err)
	} else {
		ch <- prometheus.MustNewConstMetric(descRecords, prometheus.GaugeValue, float64(n))
	}
	if n, err := c.index.Count(); err != nil {
		fail("count index", err)
	} else {
		ch <- prometheus.MustNewConstMetric(descIndexDocs, prometheus.GaugeValue, float64(n))
	}
	runs, err := c.store.Crawls(1)
	if err != nil {
		fail("latest crawl", err)
	}
	if len(runs) > 0 {
		run := runs[0]
		ch <- prometheus.MustNewConstMetric(descCrawlStarted, prometheus.GaugeValue,
			float64(run.Started.UnixMilli())/1e3, run.Status)
		if run.Finished != nil {
			ch <- prometheus.MustNewConstMetric(descCrawlFinished, prometheus.GaugeValue,
				float64(run.Finished.UnixMilli())/1e3)
		}
		// Two entries of one municipality in the sites file add up: labels must be unique.
		bySite := map[string]*dataset.SiteRun{}
		for _, site := range run.Sites {
			sum := bySite[site.Municipality]
			if sum == nil {
				sum = &dataset.SiteRun{}
				bySite[site.Municipality] = sum
			}
			sum.PagesFetched += site.PagesFetched
			sum.PagesUnchanged += site.PagesUnchanged
			sum.PagesFailed += site.PagesFailed
			sum.PagesSkipped += site.PagesSkipped
			sum.RecordsAdded += site.RecordsAdded
			sum.RecordsChanged += site.RecordsChanged
		}
		for muni, site := range bySite {
			for outcome, v := range map[string]int{"fetched": site.PagesFetched,
				"unchanged": site.PagesUnchanged, "failed": site.PagesFailed, "skipped": site.PagesSkipped} {
				ch <- prometheus.MustNewConstMetric(descCrawlPages, prometheus.GaugeValue, float64(v), muni, outcome)
			}
			for outcome, v := range map[string]int{"added": site.RecordsAdded, "changed": site.RecordsChanged} {
				ch <- prometheus.MustNewConstMetric(descCrawlRecords, prometheus.GaugeValue, float64(v), muni, outcome)
			}
		}
	}
	ch <- prometheus.MustNewConstMetric(descScrapeErrors, prometheus.GaugeValue, float64(failed))
}

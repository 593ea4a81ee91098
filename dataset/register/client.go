package register

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/opendata-bg/opendata/dataset"
)

// DefaultBase is the register's public address.
const DefaultBase = "https://2020.eufunds.bg"

// Politeness towards the register, which refuses quick series of calls.
const (
	// MinDelay is the least time between two calls to the real register.
	MinDelay = 15 * time.Second
	// DefaultBackoff is the first wait after a refusal that says no
	// Retry-After; each further refusal of the same call doubles it.
	DefaultBackoff = time.Minute
	// DefaultMaxWait caps one wait.
	DefaultMaxWait = 15 * time.Minute
	// DefaultRefusals is how many refusals of one call are waited out before it fails.
	DefaultRefusals = 8
)

// Client calls the register one call at a time, at least Delay apart. A
// refusal (429, 503, or an HTML page instead of JSON) is waited out
// (Retry-After, else a doubling backoff) and the call made again; the
// client never works around it.
type Client struct {
	Base      string        // DefaultBase when ""
	HTTP      *http.Client  // a client with a 10-minute timeout when nil
	Delay     time.Duration // between two calls; at least MinDelay against DefaultBase
	Backoff   time.Duration // DefaultBackoff when 0
	MaxWait   time.Duration // DefaultMaxWait when 0
	Refusals  int           // DefaultRefusals when 0
	UserAgent string
	Logger    *slog.Logger

	mu   sync.Mutex
	last time.Time // when the last call ended
}

// Programme is one entry of the register's criteria.
type Programme struct {
	ID       int    `json:"id"`
	PeriodID int    `json:"programmePeriodId"`
	Name     string `json:"name"`
}

// ErrRefused is the error of a call the register kept refusing.
var ErrRefused = errors.New("the register refused the call")

// ErrNotModified says that a conditional call found the file unchanged.
var ErrNotModified = errors.New("not modified")

func (c *Client) base() string {
	if c.Base == "" {
		return DefaultBase
	}
	return strings.TrimRight(c.Base, "/")
}

// Spacing is the least time kept between two calls: Delay, raised to
// MinDelay against the real register.
func (c *Client) Spacing() time.Duration {
	d := c.Delay
	if u, err := url.Parse(c.base()); err == nil && strings.HasSuffix(u.Hostname(), "eufunds.bg") && d < MinDelay {
		d = MinDelay
	}
	return d
}

func (c *Client) logger() *slog.Logger {
	if c.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return c.Logger
}

// CriteriaURL and ProgrammeURL are the register's addresses.
func (c *Client) CriteriaURL() string { return c.base() + "/api/v1.0/opendata/criteria" }

// ProgrammeURL is the address of one programme's file.
func (c *Client) ProgrammeURL(id, period int) string {
	return fmt.Sprintf("%s/api/v1.0/opendata?ProgrammeId=%d&ProgrammePeriodId=%d", c.base(), id, period)
}

// Criteria returns the register's programmes.
func (c *Client) Criteria(ctx context.Context) ([]Programme, []byte, error) {
	var body []byte
	err := c.Get(ctx, c.CriteriaURL(), nil, func(resp *http.Response, r io.Reader) error {
		var err error
		body, err = io.ReadAll(io.LimitReader(r, 16<<20))
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	list, err := DecodeCriteria(body)
	return list, body, err
}

// DecodeCriteria reads the register's criteria file.
func DecodeCriteria(body []byte) ([]Programme, error) {
	var doc struct {
		Programmes []struct {
			ID       flexNumber `json:"id"`
			PeriodID flexNumber `json:"programmePeriodId"`
			Name     flexString `json:"name"`
		} `json:"programmes"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		return nil, fmt.Errorf("%w: criteria: %v", ErrFormat, err)
	}
	var out []Programme
	for _, p := range doc.Programmes {
		if p.ID.ok && p.PeriodID.ok {
			out = append(out, Programme{ID: int(p.ID.v), PeriodID: int(p.PeriodID.v), Name: strings.TrimSpace(string(p.Name))})
		}
	}
	return out, nil
}

// Get calls url politely and hands fn the answer's body once it is JSON.
// header adds conditions (If-None-Match …); a 304 is ErrNotModified.
// fn's error is returned as is; an error of fn that is a refusal (the body
// turned to HTML) is not retried, since part of it was consumed.
func (c *Client) Get(ctx context.Context, url string, header http.Header, fn func(resp *http.Response, body io.Reader) error) error {
	c.mu.Lock() // one call at a time
	defer c.mu.Unlock()
	wait := c.Backoff
	if wait <= 0 {
		wait = DefaultBackoff
	}
	maxWait := c.MaxWait
	if maxWait <= 0 {
		maxWait = DefaultMaxWait
	}
	refusals := c.Refusals
	if refusals <= 0 {
		refusals = DefaultRefusals
	}
	for attempt := 0; ; attempt++ {
		if err := sleep(ctx, time.Until(c.last.Add(c.Spacing()))); err != nil {
			return err
		}
		retryAfter, err := c.once(ctx, url, header, fn)
		c.last = time.Now()
		if !errors.Is(err, errRefusal) {
			return err
		}
		if attempt+1 >= refusals {
			return fmt.Errorf("%w %d times: %s", ErrRefused, attempt+1, url)
		}
		d := min(max(retryAfter, wait), maxWait)
		c.logger().Warn("the register refused the call; waiting", "url", url, "wait", d.String(), "refusal", attempt+1)
		if err := sleep(ctx, d); err != nil {
			return err
		}
		wait = min(wait*2, maxWait)
	}
}

var errRefusal = errors.New("refused")

// once makes one call; a refusal is errRefusal with the server's Retry-After.
func (c *Client) once(ctx context.Context, url string, header http.Header, fn func(*http.Response, io.Reader) error) (time.Duration, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, fmt.Errorf("register: %w", err)
	}
	for k, vs := range header {
		req.Header[k] = vs
	}
	req.Header.Set("Accept", "application/json")
	if c.UserAgent != "" {
		req.Header.Set("User-Agent", c.UserAgent)
	}
	hc := c.HTTP
	if hc == nil {
		hc = &http.Client{Timeout: 10 * time.Minute}
	}
	resp, err := hc.Do(req)
	if err != nil {
		return 0, fmt.Errorf("register: %w", err)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotModified:
		return 0, ErrNotModified
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable ||
		resp.StatusCode == http.StatusBadGateway || resp.StatusCode == http.StatusGatewayTimeout:
		return retryAfter(resp.Header.Get("Retry-After")), errRefusal
	case resp.StatusCode != http.StatusOK:
		return 0, fmt.Errorf("register: %s answered %s", url, resp.Status)
	}
	br := bufio.NewReaderSize(resp.Body, 64<<10)
	if !startsWithJSON(br) {
		// An HTML page (a "too many requests" page, a captcha) instead of JSON.
		return retryAfter(resp.Header.Get("Retry-After")), errRefusal
	}
	return 0, fn(resp, br)
}

// startsWithJSON peeks at the first non-blank byte: a JSON object or list.
func startsWithJSON(br *bufio.Reader) bool {
	for n := 1; n <= 4096; n++ {
		b, err := br.Peek(n)
		if len(b) < n {
			return false
		}
		switch b[n-1] {
		case ' ', '\t', '\r', '\n':
			continue
		case '{', '[':
			return true
		case 0xEF: // a UTF-8 byte-order mark
			if b2, _ := br.Peek(n + 2); len(b2) == n+2 && b2[n] == 0xBB && b2[n+1] == 0xBF {
				_, _ = br.Discard(n + 2)
				return startsWithJSON(br)
			}
			return false
		default:
			_ = err
			return false
		}
	}
	return false
}

// retryAfter reads a Retry-After header: seconds or an HTTP date.
func retryAfter(h string) time.Duration {
	h = strings.TrimSpace(h)
	if h == "" {
		return 0
	}
	if n, err := strconv.Atoi(h); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(h); err == nil {
		return max(time.Until(t), 0)
	}
	return 0
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Programmes spending EU money, as the register numbers them (ProgrammeId
// by ProgrammePeriodId): 2014–2020 (period 1), the Recovery Plan (period
// 2), 2021–2027 (period 3).
var Programmes = func() []Programme {
	var out []Programme
	for id := 1; id <= 8; id++ {
		out = append(out, Programme{ID: id, PeriodID: 1})
	}
	for _, id := range []int{8010402, 8010406, 8010436, 8010437, 8010510} {
		out = append(out, Programme{ID: id, PeriodID: 1})
	}
	out = append(out, Programme{ID: 8010686, PeriodID: 2})
	for _, id := range []int{8010709, 8010710, 8010711, 8010759, 8010777, 8010781, 8010785, 8010798, 8010814,
		8010828, 8010829, 8010851, 8010862, 8010879, 8010936} {
		out = append(out, Programme{ID: id, PeriodID: 3})
	}
	return out
}()

// registerProgramme is the stored description of a programme as fetched.
func registerProgramme(p Programme, url string, h Header, at time.Time) dataset.RegisterProgramme {
	return dataset.RegisterProgramme{ID: p.ID, PeriodID: p.PeriodID, Name: p.Name, URL: url,
		GeneratedAt: h.GeneratedAt, FetchedAt: at.UTC(), Projects: h.Projects}
}

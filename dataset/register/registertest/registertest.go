// Package registertest serves programme files in the register's format
// (ИСУН 2020 open data) on loopback, for tests: criteria, one file per
// programme, and on request the register's refusals (429, an HTML page
// instead of JSON) and a file cut short. The data are the test's own.
package registertest

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"time"
)

// Entity is one beneficiary of a file.
type Entity struct {
	ID, UIN, Name string
}

// Project is one contract of a file.
type Project struct {
	ID, Name, EntityID string
	Places             []string
	Funding, Status    string
	Start, End         string // as the file writes them
	Total              float64
	Paid               []float64
}

// File is one programme file.
type File struct {
	ID, PeriodID int
	Name         string
	GeneratedAt  string
	Entities     []Entity
	Projects     []Project
	// EntitiesLast writes the projects before the entities.
	EntitiesLast bool
	// TotalProjects is the count the file states; 0 states len(Projects).
	TotalProjects int
}

// Place is a place of execution in the register's form for a municipality
// of the Pleven region.
func Place(muni string) string {
	return "България, Северна и югоизточна България (BG3), Северозападен (BG31), Плевен (BG314), " + muni + ", гр." + muni
}

// WriteTo writes the file as the register does, streamed.
func (f *File) WriteTo(w io.Writer) (int64, error) {
	return f.Stream(w, len(f.Projects), func(i int) Project { return f.Projects[i] })
}

// Stream writes the file with n projects made one at a time by project
// (f.Projects is not used), so that a large file is never held in memory.
func (f *File) Stream(w io.Writer, n int, project func(i int) Project) (int64, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	cw := &countWriter{w: bw}
	total := f.TotalProjects
	if total == 0 {
		total = n
	}
	fmt.Fprintf(cw, `{"totalProjects":%d,"generatedAt":%q,`, total, f.GeneratedAt)
	if !f.EntitiesLast {
		f.writeEntities(cw)
		cw.Write([]byte(","))
	}
	cw.Write([]byte(`"projects":[`))
	for i := range n {
		if i > 0 {
			cw.Write([]byte(",\n"))
		}
		p := project(i)
		writeProject(cw, &p)
	}
	cw.Write([]byte("]"))
	if f.EntitiesLast {
		cw.Write([]byte(","))
		f.writeEntities(cw)
	}
	cw.Write([]byte("}\n"))
	err := bw.Flush()
	return cw.n, err
}

func (f *File) writeEntities(w io.Writer) {
	io.WriteString(w, `"entities":[`)
	for i, e := range f.Entities {
		if i > 0 {
			io.WriteString(w, ",")
		}
		var uin any = e.UIN
		if e.UIN == "" {
			uin = nil // a natural person: no ЕИК
		}
		b, _ := json.Marshal(map[string]any{"entityId": json.Number(e.ID), "entityUin": uin, "entityName": e.Name})
		w.Write(b)
	}
	io.WriteString(w, "]")
}

func writeProject(w io.Writer, p *Project) {
	places := make([]map[string]string, len(p.Places))
	for i, pl := range p.Places {
		places[i] = map[string]string{"municipality": pl}
	}
	paid := make([]map[string]float64, len(p.Paid))
	for i, v := range p.Paid {
		paid[i] = map[string]float64{"value": v}
	}
	b, _ := json.Marshal(map[string]any{
		"id": p.ID, "name": p.Name, "projectBeneficiary": map[string]any{"entityId": json.Number(p.EntityID)},
		"placeOfExecution": places, "sourceofFunding": p.Funding, "initialDate": p.Start, "endDate": p.End,
		"status": p.Status, "totalValue": p.Total, "actuallyPaidAmounts": paid,
	})
	w.Write(b)
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// Server is a register on loopback.
type Server struct {
	*httptest.Server

	mu    sync.Mutex
	files map[string]*File
	// Refuse429 and RefuseHTML are how many of the next calls of a path
	// (with its query) are refused with a 429 (Retry-After: 0) or a 200
	// HTML page; Truncate cuts the next answer of a path after that many bytes.
	Refuse429  map[string]int
	RefuseHTML map[string]int
	Truncate   map[string]int
	calls      []Call
}

// Call is one request the server answered.
type Call struct {
	At     time.Time
	Path   string // path and query
	Status int
}

// NewServer starts a register serving files.
func NewServer(files ...*File) *Server {
	s := &Server{files: map[string]*File{}, Refuse429: map[string]int{}, RefuseHTML: map[string]int{}, Truncate: map[string]int{}}
	for _, f := range files {
		s.files[key(f.ID, f.PeriodID)] = f
	}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

func key(id, period int) string { return strconv.Itoa(id) + "/" + strconv.Itoa(period) }

// SetFile adds or replaces a programme's file.
func (s *Server) SetFile(f *File) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files[key(f.ID, f.PeriodID)] = f
}

// ProgrammePath is the path and query of a programme's file.
func ProgrammePath(id, period int) string {
	return fmt.Sprintf("/api/v1.0/opendata?ProgrammeId=%d&ProgrammePeriodId=%d", id, period)
}

// Calls returns the requests answered so far.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	path := r.URL.RequestURI()
	s.mu.Lock()
	status := http.StatusOK
	var cut int
	switch {
	case s.Refuse429[path] > 0:
		s.Refuse429[path]--
		status = http.StatusTooManyRequests
	case s.RefuseHTML[path] > 0:
		s.RefuseHTML[path]--
		status = -1
	case s.Truncate[path] > 0:
		cut = s.Truncate[path]
		delete(s.Truncate, path)
	}
	s.calls = append(s.calls, Call{At: time.Now(), Path: path, Status: max(status, 200)})
	files := make([]*File, 0, len(s.files))
	for _, f := range s.files {
		files = append(files, f)
	}
	var file *File
	if r.URL.Path == "/api/v1.0/opendata" {
		id, _ := strconv.Atoi(r.URL.Query().Get("ProgrammeId"))
		p, _ := strconv.Atoi(r.URL.Query().Get("ProgrammePeriodId"))
		file = s.files[key(id, p)]
	}
	s.mu.Unlock()
	switch {
	case status == http.StatusTooManyRequests:
		w.Header().Set("Retry-After", "0")
		http.Error(w, "Too Many Requests", status)
		return
	case status == -1:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, "<!DOCTYPE html><html><body><h1>Твърде много заявки</h1><p>Моля, опитайте по-късно.</p></body></html>")
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	switch {
	case r.URL.Path == "/api/v1.0/opendata/criteria":
		var progs []map[string]any
		for _, f := range files {
			progs = append(progs, map[string]any{"id": f.ID, "programmePeriodId": f.PeriodID, "name": f.Name})
		}
		json.NewEncoder(w).Encode(map[string]any{"programmes": progs})
	case file != nil && cut > 0:
		pr, pw := io.Pipe()
		go func() { _, err := file.WriteTo(pw); pw.CloseWithError(err) }()
		io.CopyN(w, pr, int64(cut))
		pr.Close() // the answer ends with the file cut short
	case file != nil:
		file.WriteTo(w)
	default:
		http.NotFound(w, r)
	}
}

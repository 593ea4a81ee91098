package api

import (
	"bytes"
	"encoding/json"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gorilla/mux"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// prefixRoutes names the path variable of the routes registered as a path
// prefix (the page of a project, the assets), as openapi.json documents them.
var prefixRoutes = map[string]string{"/projects/": "/projects/{id}", "/static/": "/static/{file}",
	"/municipalities/": "/municipalities/{name}", "/sitemaps/": "/sitemaps/{file}"}

// TestOpenAPICoversRouter walks the router: every API route and method is in
// the document, and the document has nothing the router lacks.
func TestOpenAPICoversRouter(t *testing.T) {
	ts := newTestServer(t, nil)
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(openAPIDoc, &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi %q, want 3.1.0", doc.OpenAPI)
	}
	routed := map[string]bool{}
	err := ts.srv.router.Walk(func(route *mux.Route, _ *mux.Router, _ []*mux.Route) error {
		tmpl, err := route.GetPathTemplate()
		if err != nil {
			return nil
		}
		tmpl = routePattern.ReplaceAllString(tmpl, "{$1}")
		if p, ok := prefixRoutes[tmpl]; ok {
			tmpl = p
		}
		methods, err := route.GetMethods()
		if err != nil {
			t.Errorf("route %s has no methods", tmpl)
		}
		for _, m := range methods {
			if m == http.MethodHead {
				continue // OpenAPI's get covers HEAD
			}
			key := strings.ToLower(m) + " " + tmpl
			routed[key] = true
			if _, ok := doc.Paths[tmpl][strings.ToLower(m)]; !ok {
				t.Errorf("route %s is not in openapi.json", key)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for path, ops := range doc.Paths {
		for m := range ops {
			if m == "parameters" || m == "summary" || m == "description" {
				continue
			}
			if !routed[m+" "+path] {
				t.Errorf("openapi.json documents %s %s, which the router does not serve", m, path)
			}
		}
	}
	if len(routed) < 18 {
		t.Errorf("only %d routes walked", len(routed))
	}
}

// validator checks answers against the schemas of openapi.json.
type validator struct {
	t        *testing.T
	compiler *jsonschema.Compiler
	doc      map[string]any
}

const docURL = "https://opendata.test/openapi.json"

func newValidator(t *testing.T) *validator {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(openAPIDoc))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	if err := c.AddResource(docURL, doc); err != nil {
		t.Fatal(err)
	}
	return &validator{t: t, compiler: c, doc: doc.(map[string]any)}
}

// pointerEscape escapes a JSON pointer token.
func pointerEscape(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// check validates an answer to method on the documented path template
// against the schema the document gives for its status and media type.
func (v *validator) check(method, tmpl string, resp *http.Response, body []byte) {
	v.t.Helper()
	base := "#/paths/" + pointerEscape(tmpl) + "/" + strings.ToLower(method) + "/responses/" + strconv.Itoa(resp.StatusCode)
	node := v.lookup(base)
	if node == nil {
		v.t.Errorf("%s %s: status %d is not documented", method, tmpl, resp.StatusCode)
		return
	}
	if ref, ok := node["$ref"].(string); ok {
		base = ref
		node = v.lookup(ref)
	}
	mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	content, _ := node["content"].(map[string]any)
	if len(content) == 0 && len(body) == 0 {
		return
	}
	if _, ok := content[mt]; !ok {
		v.t.Errorf("%s %s %d: media type %q not documented", method, tmpl, resp.StatusCode, mt)
		return
	}
	sch, err := v.compiler.Compile(docURL + base + "/content/" + pointerEscape(mt) + "/schema")
	if err != nil {
		v.t.Fatalf("compile schema %s: %v", base, err)
	}
	if mt != "application/json" && !strings.HasSuffix(mt, "+json") {
		return
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		v.t.Errorf("%s %s: body is not JSON: %v", method, tmpl, err)
		return
	}
	if err := sch.Validate(inst); err != nil {
		v.t.Errorf("%s %s %d does not match its schema: %v", method, tmpl, resp.StatusCode, err)
	}
}

func (v *validator) lookup(pointer string) map[string]any {
	m, _ := lookupPointer(v.doc, pointer).(map[string]any)
	return m
}

// TestAnswersMatchOpenAPI validates real answers of the server, good and
// bad, against the document's schemas.
func TestAnswersMatchOpenAPI(t *testing.T) {
	cr := &recordingCrawler{}
	ts := newTestServer(t, func(c *Config) { c.Crawler = cr; c.Token = "tok" })
	v := newValidator(t)
	esc := url.QueryEscape
	for _, tc := range []struct{ method, tmpl, path string }{
		{"GET", "/api/v1/projects", "/api/v1/projects?facets=municipality,programme,fund,year&per_page=100"},
		{"GET", "/api/v1/projects", "/api/v1/projects?q=" + esc("мониторинг")},
		{"GET", "/api/v1/projects", "/api/v1/projects?q=" + esc("зала") + "&facets=year&sort=-budget"},
		{"GET", "/api/v1/projects", "/api/v1/projects?q=" + esc("мониторнг")},
		{"GET", "/api/v1/projects", "/api/v1/projects?q=" + esc("мониторинг космодрум")},
		{"GET", "/api/v1/projects", "/api/v1/projects?year_from=zz"},
		{"GET", "/api/v1/projects/{id}", "/api/v1/projects/13-13-24"},
		{"GET", "/api/v1/projects/{id}", "/api/v1/projects/23%2F321%2F00845"},
		{"GET", "/api/v1/projects/{id}", "/api/v1/projects/nothing"},
		{"GET", "/api/v1/projects/{id}/history", "/api/v1/projects/" + url.PathEscape("РД-КБ-22-018") + "/history"},
		{"GET", "/api/v1/projects.json", "/api/v1/projects.json?programme=OPAC"},
		{"GET", "/api/v1/projects.csv", "/api/v1/projects.csv?sort=nope"},
		{"GET", "/api/v1/projects.ndjson", "/api/v1/projects.ndjson"},
		{"GET", "/api/v1/datapackage.json", "/api/v1/datapackage.json"},
		{"GET", "/api/v1/municipalities", "/api/v1/municipalities"},
		{"GET", "/api/v1/stats", "/api/v1/stats"},
		{"GET", "/api/v1/crawls", "/api/v1/crawls"},
		{"GET", "/api/v1/crawls", "/api/v1/crawls?limit=0"},
		{"GET", "/api/v1/openapi.json", "/api/v1/openapi.json"},
		{"GET", "/healthz", "/healthz"},
		{"GET", "/metrics", "/metrics"},
		{"POST", "/api/v1/crawls", "/api/v1/crawls"},
	} {
		resp, body := ts.do(t, tc.method, tc.path)
		v.check(tc.method, tc.tmpl, resp, body)
	}
	resp, body := ts.do(t, "POST", "/api/v1/crawls", "Authorization", "Bearer tok")
	v.check("POST", "/api/v1/crawls", resp, body)
	resp, body = ts.do(t, "POST", "/api/v1/crawls", "Authorization", "Bearer tok")
	v.check("POST", "/api/v1/crawls", resp, body)
	if resp.StatusCode != http.StatusConflict {
		t.Errorf("second POST: %d, want 409", resp.StatusCode)
	}
	// NDJSON lines are records.
	_, body = ts.get(t, "/api/v1/projects.ndjson?programme=OPRD")
	rec, err := v.compiler.Compile(docURL + "#/components/schemas/Record")
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.Split(bytes.TrimSpace(body), []byte("\n"))
	for _, line := range lines {
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(line))
		if err != nil {
			t.Fatalf("ndjson line: %v", err)
		}
		if err := rec.Validate(inst); err != nil {
			t.Errorf("ndjson record does not match Record: %v", err)
		}
	}
	if slices.Contains([]int{0, 1}, len(lines)) {
		t.Errorf("programme=OPRD gave %d lines; the corpus has three OPRD projects", len(lines))
	}
}

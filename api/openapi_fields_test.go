package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/opendata-bg/opendata/dataset"
)

// TestOpenAPIDeclaresEveryField: every field of every JSON answer (records,
// search, history, stats, municipalities, crawls, the data package, errors)
// is declared in openapi.json. Schemas that allow more do not prove this,
// so the test walks each answer beside its schema and names any field the
// schema does not list.
func TestOpenAPIDeclaresEveryField(t *testing.T) {
	if testing.Short() {
		t.Skip("crawls the sample sites; skipped with -short")
	}
	f := getCrawlFixture(t)
	var doc map[string]any
	if err := json.Unmarshal(openAPIDoc, &doc); err != nil {
		t.Fatal(err)
	}
	schemaOf := func(path, status string) any {
		op := lookupPointer(doc, "#/paths/"+pointerEscape(path)+"/get/responses/"+status)
		if ref, ok := op.(map[string]any)["$ref"].(string); ok {
			op = lookupPointer(doc, ref)
		}
		content := op.(map[string]any)["content"].(map[string]any)
		if c, ok := content["application/json"]; ok {
			return c.(map[string]any)["schema"] // the answer without ?format= (a record may also be CSL JSON)
		}
		for mt, c := range content {
			if strings.Contains(mt, "json") {
				return c.(map[string]any)["schema"]
			}
		}
		t.Fatalf("%s %s: no JSON schema", path, status)
		return nil
	}
	id := f.ids[0]
	for _, x := range f.ids {
		if strings.Contains(x, "/") {
			id = x // an id with a slash, escaped
		}
	}
	var crawled string // a crawled page, for its archived versions
	f.store.EachPage(func(p dataset.Page) error {
		if crawled == "" {
			crawled = p.URL
		}
		return nil
	})
	for _, tc := range []struct{ tmpl, path, status string }{
		{"/api/v1/pages", "/api/v1/pages?url=" + url.QueryEscape(crawled), "200"},
		{"/api/v1/projects", "/api/v1/projects?facets=municipality,programme,fund,year,register&q=" + url.QueryEscape("ремонт"), "200"},
		{"/api/v1/projects", "/api/v1/projects?per_page=100", "200"},
		{"/api/v1/projects", "/api/v1/projects?year_from=x", "400"},
		{"/api/v1/projects/{id}", apiProjectURL(id), "200"},
		{"/api/v1/projects/{id}", "/api/v1/projects/none", "404"},
		{"/api/v1/projects/{id}/history", apiProjectURL(id) + "/history", "200"},
		{"/api/v1/datapackage.json", "/api/v1/datapackage.json", "200"},
		{"/api/v1/municipalities", "/api/v1/municipalities", "200"},
		{"/api/v1/stats", "/api/v1/stats", "200"},
		{"/api/v1/stats", "/api/v1/stats?municipality=" + url.QueryEscape("Сливен"), "200"},
		{"/api/v1/crawls", "/api/v1/crawls", "200"},
		{"/healthz", "/healthz", "200"},
	} {
		res, err := http.Get(f.srv.URL + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		var body any
		err = json.NewDecoder(res.Body).Decode(&body)
		res.Body.Close()
		if err != nil || res.StatusCode != atoi(tc.status) {
			t.Fatalf("%s: %d %v", tc.path, res.StatusCode, err)
		}
		var missing []string
		undeclared(doc, schemaOf(tc.tmpl, tc.status), body, "", &missing)
		sort.Strings(missing)
		for _, m := range dedupe(missing) {
			t.Errorf("%s: field %s is not declared in openapi.json", tc.path, m)
		}
	}
	// Every record of the data, as the downloads give them.
	res, err := http.Get(f.srv.URL + "/api/v1/projects.ndjson")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	dec := json.NewDecoder(res.Body)
	rec := map[string]any{"$ref": "#/components/schemas/Record"}
	var missing []string
	for n := 0; dec.More(); n++ {
		var r any
		if err := dec.Decode(&r); err != nil {
			t.Fatalf("ndjson line %d: %v", n, err)
		}
		undeclared(doc, rec, r, "", &missing)
	}
	for _, m := range dedupe(missing) {
		t.Errorf("a record's field %s is not declared in openapi.json", m)
	}
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

func dedupe(s []string) []string {
	sort.Strings(s)
	var out []string
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

func lookupPointer(doc map[string]any, ptr string) any {
	var cur any = doc
	for _, tok := range strings.Split(strings.TrimPrefix(ptr, "#/"), "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[tok]
	}
	return cur
}

// properties gathers what a schema declares of an object: its properties
// (through $ref, allOf, anyOf and oneOf), the schemas of other keys
// (additionalProperties, patternProperties) and the item schemas.
type declared struct {
	props map[string][]any
	extra []any // schemas any other key may have; nil: no other key is declared
	open  bool  // additionalProperties: true, or a map with no schema
	items []any
}

func collect(doc map[string]any, s any, d *declared, depth int) {
	m, ok := s.(map[string]any)
	if !ok || depth > 20 {
		return
	}
	if ref, ok := m["$ref"].(string); ok {
		collect(doc, lookupPointer(doc, ref), d, depth+1)
	}
	for _, k := range []string{"allOf", "anyOf", "oneOf"} {
		if l, ok := m[k].([]any); ok {
			for _, x := range l {
				collect(doc, x, d, depth+1)
			}
		}
	}
	if p, ok := m["properties"].(map[string]any); ok {
		for k, v := range p {
			d.props[k] = append(d.props[k], v)
		}
	}
	switch ap := m["additionalProperties"].(type) {
	case bool:
		d.open = d.open || ap
	case map[string]any:
		d.extra = append(d.extra, ap)
	}
	if pp, ok := m["patternProperties"].(map[string]any); ok {
		for _, v := range pp {
			d.extra = append(d.extra, v)
		}
	}
	if it, ok := m["items"]; ok {
		d.items = append(d.items, it)
	}
	if it, ok := m["prefixItems"].([]any); ok {
		d.items = append(d.items, it...)
	}
}

// undeclared walks v beside schema s and appends the path of every object
// key that s does not declare.
func undeclared(doc map[string]any, s any, v any, path string, missing *[]string) {
	d := &declared{props: map[string][]any{}}
	collect(doc, s, d, 0)
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			p := path + "." + k
			switch {
			case len(d.props[k]) > 0:
				for _, sub := range d.props[k] {
					undeclared(doc, sub, val, p, missing)
				}
			case len(d.extra) > 0:
				for _, sub := range d.extra {
					undeclared(doc, sub, val, path+".*", missing)
				}
			case !d.open:
				*missing = append(*missing, strings.TrimPrefix(p, "."))
			}
		}
	case []any:
		for _, e := range x {
			for _, sub := range d.items {
				undeclared(doc, sub, e, path+"[]", missing)
			}
		}
	}
}

// TestOpenAPILint runs redocly's recommended rules over openapi.json: no
// error and no warning.
func TestOpenAPILint(t *testing.T) {
	redocly := nodeTool("redocly")
	if redocly == "" {
		t.Skip("needs @redocly/cli (make audit installs it in .tools/node)")
	}
	doc, err := filepath.Abs("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(redocly, "lint", "--extends=recommended", "--format=stylish", doc)
	cmd.Dir = t.TempDir() // no redocly.yaml of ours: the recommended rules as they are
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.Env = append(os.Environ(), "REDOCLY_TELEMETRY=off", "REDOCLY_SUPPRESS_UPDATE_NOTICE=true")
	err = cmd.Run()
	text := out.String()
	problems := regexp.MustCompile(`(?m)^\s*\d+:\d+\s+(error|warning)\s`).FindAllString(text, -1)
	if err != nil || !strings.Contains(text, "Woohoo! Your API description is valid.") || len(problems) > 0 ||
		strings.Contains(text, "You have") {
		t.Errorf("redocly lint: %v\n%s", err, text)
	}
}

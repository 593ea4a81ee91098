package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExtractCommand runs the extract subcommand's main path on a corpus page.
func TestExtractCommand(t *testing.T) {
	page := filepath.Join("..", "..", "testdata", "corpus", "pages", "002.html")
	var out, errb bytes.Buffer
	url := "https://www.septemvri.org/proekti/opak-13-13-24.html"
	if err := run(context.Background(), []string{"extract", "--url", url, page}, &out, &errb); err != nil {
		t.Fatalf("extract: %v (%s)", err, errb.String())
	}
	var got struct {
		URL      string `json:"url"`
		Projects []struct {
			ID              string   `json:"id"`
			Title           string   `json:"title"`
			ContractNumbers []string `json:"contract_numbers"`
			Budget          struct {
				Total    *float64 `json:"total"`
				Currency *string  `json:"currency"`
			} `json:"budget"`
		} `json:"projects"`
	}
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out.String())
	}
	if got.URL != url {
		t.Errorf("url %q", got.URL)
	}
	if len(got.Projects) != 1 {
		t.Fatalf("%d projects, want 1", len(got.Projects))
	}
	p := got.Projects[0]
	if p.ID != "13-13-24" || p.Budget.Total == nil || *p.Budget.Total != 79829.24 || p.Budget.Currency == nil || *p.Budget.Currency != "BGN" {
		t.Errorf("record %+v", p)
	}
	if !strings.Contains(out.String(), "\n  \"projects\": [") {
		t.Errorf("output is not indented by two spaces:\n%.200s", out.String())
	}
	if !strings.Contains(out.String(), "Въвеждане на ефективни механизми") {
		t.Error("Cyrillic is escaped or missing in the output")
	}
}

func TestExtractCommandNoProject(t *testing.T) {
	page := filepath.Join("..", "..", "testdata", "corpus", "pages", "013.html")
	var out, errb bytes.Buffer
	if err := run(context.Background(), []string{"extract", page}, &out, &errb); err != nil {
		t.Fatalf("extract: %v", err)
	}
	if !strings.Contains(out.String(), `"projects": []`) {
		t.Errorf("want an empty list, got:\n%s", out.String())
	}
}

func TestExtractCommandErrors(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.html")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(21 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	for _, args := range [][]string{
		{"extract", filepath.Join(dir, "missing.html")},
		{"extract", dir},
		{"extract", big},
		{"extract"},
	} {
		var out, errb bytes.Buffer
		err := run(context.Background(), args, &out, &errb)
		if err == nil {
			t.Errorf("%v: no error", args)
			continue
		}
		if strings.Contains(err.Error(), "\n") {
			t.Errorf("%v: error is not one line: %q", args, err)
		}
		if out.Len() != 0 {
			t.Errorf("%v: printed %q on stdout", args, out.String())
		}
	}
}

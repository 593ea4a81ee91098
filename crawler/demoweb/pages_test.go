package demoweb

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// The demo embeds its own copy of the corpus pages, because go:embed cannot
// reach ../../testdata; this keeps the copy from drifting from the corpus
// the extractor is scored on.
func TestPagesAreTheCorpus(t *testing.T) {
	names, err := fs.Glob(pagesFS, "pages/*.html")
	if err != nil || len(names) == 0 {
		t.Fatalf("embedded pages: %v %v", names, err)
	}
	corpus, err := filepath.Glob("../../testdata/corpus/pages/*.html")
	if err != nil {
		t.Fatal(err)
	}
	if len(corpus) != len(names) {
		t.Errorf("%d embedded pages, %d corpus pages", len(names), len(corpus))
	}
	for _, name := range names {
		embedded, err := pagesFS.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		page, err := os.ReadFile(filepath.Join("../../testdata/corpus", name))
		if err != nil {
			t.Errorf("%s is not in the corpus: %v", name, err)
			continue
		}
		if !bytes.Equal(embedded, page) {
			t.Errorf("%s differs from testdata/corpus/%s: copy it again", name, name)
		}
	}
}

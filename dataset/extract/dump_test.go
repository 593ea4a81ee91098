package extract

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"testing"
)

var dumpPage = flag.String("dump", "", "print the content lines of this page (a developer aid)")

// TestDump prints the lines the builder reads from -dump FILE, with their
// structure marks, to see what the field readers see.
func TestDump(t *testing.T) {
	if *dumpPage == "" {
		t.Skip("no -dump FILE")
	}
	body, err := os.ReadFile(*dumpPage)
	if err != nil {
		t.Fatal(err)
	}
	pg, err := readPage(body, "https://example.bg/", "")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	for i, l := range pg.lines {
		fmt.Fprintf(&b, "%3d h%d li%d c%d r%d it%d bl%d m%v lbl=%q | %s\n", i, l.heading, l.li, l.cell, l.row, l.item, l.group, l.meta, l.label, l.text)
	}
	cut := cutItems(pg)
	fmt.Fprintf(&b, "cut: %d items, listing %v, %d lines outside\n", len(cut.items), cut.listing, len(cut.rest))
	for i, it := range cut.items {
		d := buildDraft(it, pageFacts{muni: pg.muni, title: pg.title}, cut.listing)
		first := ""
		if len(it) > 0 {
			first = it[0].text
			if len(first) > 60 {
				first = first[:60]
			}
		}
		fmt.Fprintf(&b, "  item %d: %d lines, contracts %v, published %s, evidence %v: %s\n", i, len(it), d.rec.ContractNumbers, d.published, d.evidence, first)
	}
	os.Stdout.Write(b.Bytes())
}

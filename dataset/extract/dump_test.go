package extract

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/opendata-bg/opendata/dataset/extract/bgtext"
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
	text, _, _ := Decode(body, "")
	root, _ := parse(bgtext.ToNFC(text))
	doc := goquery.NewDocumentFromNode(root)
	body0 := doc.Find("body").Nodes[0]
	st := subtreeStats(body0)
	bld := &builder{st: st, items: itemContainers(body0, st), blocks: projectBlocks(body0, st), main: mainPath(body0, st)}
	bld.walk(body0)
	var b bytes.Buffer
	for i, l := range dropRelated(joinLabelValue(bld.lines)) {
		fmt.Fprintf(&b, "%3d h%d li%d c%d r%d it%d bl%d m%v lbl=%q | %s\n", i, l.heading, l.li, l.cell, l.row, l.item, l.block, l.meta, l.label, l.text)
	}
	os.Stdout.Write(b.Bytes())
}

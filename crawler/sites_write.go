package crawler

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"
)

// WriteChecks records verdicts beside the entries of the sites file at
// path: checks maps an entry's position (from 0, as ParseSites returns
// them) to its verdict, written as the entry's `check:` field (replacing
// one there). Everything else — comments, quoting, order — is kept; the
// file is replaced whole or not at all. name is each checked entry's
// municipality, to refuse a file edited meanwhile.
func WriteChecks(path string, checks map[int]SiteCheck, name map[int]string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read sites file: %w", err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if len(doc.Content) != 1 || doc.Content[0].Kind != yaml.SequenceNode {
		return fmt.Errorf("%s: not a list of sites", path)
	}
	entries := doc.Content[0].Content
	for i, c := range checks {
		if i < 0 || i >= len(entries) || entries[i].Kind != yaml.MappingNode {
			return fmt.Errorf("%s: no entry %d", path, i+1)
		}
		e := entries[i]
		if got := scalar(e, "municipality"); got != name[i] {
			return fmt.Errorf("%s: entry %d is %q, not %q: the file changed meanwhile", path, i+1, got, name[i])
		}
		var v yaml.Node
		if err := v.Encode(c); err != nil {
			return fmt.Errorf("encode check: %w", err)
		}
		flow(&v)
		setKey(e, "check", &v)
	}
	var out bytes.Buffer
	enc := yaml.NewEncoder(&out)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return fmt.Errorf("encode sites file: %w", err)
	}
	if err := enc.Close(); err != nil {
		return fmt.Errorf("encode sites file: %w", err)
	}
	fixed := spaceEntries(out.Bytes())
	if _, err := ParseSites(fixed); err != nil {
		return fmt.Errorf("the sites file written would not parse: %w", err)
	}
	return writeAtomic(path, fixed)
}

// scalar returns the value of a mapping's scalar key ("" when none).
func scalar(m *yaml.Node, key string) string {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1].Value
		}
	}
	return ""
}

// setKey sets a mapping's key to v, in place when it is there, else last.
func setKey(m *yaml.Node, key string, v *yaml.Node) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			v.LineComment = m.Content[i+1].LineComment
			m.Content[i+1] = v
			return
		}
	}
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, v)
}

// flow writes a node and what it holds on one line.
func flow(n *yaml.Node) {
	if n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode {
		n.Style = yaml.FlowStyle
	}
	for _, c := range n.Content {
		flow(c)
	}
}

// spaceEntries puts a blank line before each entry of the list (and its
// comment lines), as the file is written by hand; the encoder drops them.
func spaceEntries(b []byte) []byte {
	lines := strings.Split(string(b), "\n")
	out := make([]string, 0, len(lines)*11/10)
	for i, l := range lines {
		startsEntry := strings.HasPrefix(l, "- ") || strings.HasPrefix(l, "#") && i+1 < len(lines) && nextIsEntry(lines[i+1:])
		if startsEntry && len(out) > 0 && out[len(out)-1] != "" && !strings.HasPrefix(out[len(out)-1], "#") {
			out = append(out, "")
		}
		out = append(out, l)
	}
	return []byte(strings.Join(out, "\n"))
}

// nextIsEntry reports whether the comment lines that follow lead to an entry.
func nextIsEntry(rest []string) bool {
	for _, l := range rest {
		switch {
		case strings.HasPrefix(l, "#"):
			continue
		case strings.HasPrefix(l, "- "):
			return true
		}
		return false
	}
	return false
}

// writeAtomic replaces path with b: a temporary file beside it, synced,
// renamed over it.
func writeAtomic(path string, b []byte) error {
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".sites-*.yaml")
	if err != nil {
		return fmt.Errorf("write sites file: %w", err)
	}
	_, werr := tmp.Write(b)
	serr := tmp.Sync()
	cerr := tmp.Close()
	if err := errors.Join(werr, serr, cerr, os.Chmod(tmp.Name(), fi.Mode().Perm())); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write sites file: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write sites file: %w", err)
	}
	return nil
}

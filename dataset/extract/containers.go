package extract

import (
	"strings"

	"github.com/opendata-bg/opendata/dataset/extract/bgtext"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// itemContainers finds repeated sibling containers that each carry a date:
// the posts of an archive, the teasers of a news list.
func itemContainers(root *html.Node, st map[*html.Node]stats) map[*html.Node]int {
	best, bestText := []*html.Node(nil), int32(0)
	stack := []*html.Node{root}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		groups := map[string][]*html.Node{}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			stack = append(stack, c)
			switch c.DataAtom {
			case atom.Article, atom.Div, atom.Section, atom.Li:
			default:
				continue
			}
			if st[c].text < 60 || !st[c].dated || chromeIn(st, c) {
				continue
			}
			sig := c.Data + "." + classSig(c)
			groups[sig] = append(groups[sig], c)
		}
		for _, g := range groups {
			if len(g) < 2 {
				continue
			}
			var sum int32
			for _, c := range g {
				sum += st[c].text
			}
			if sum > bestText {
				best, bestText = g, sum
			}
		}
	}
	best = withLeading(best, st)
	out := map[*html.Node]int{}
	for i, c := range best {
		out[c] = i + 1
	}
	return out
}

// leadWords mark the first posts a blog shows apart from the rest: Joomla's
// "items-leading" (its "leading-0", "leading-1" inside), a theme's
// "featured" or "sticky" post.
var leadWords = []string{"leading", "featured", "sticky"}

// withLeading adds to a group of posts the posts printed before it in a
// container of their own (Joomla's blog: <div class="items-leading"><div
// class="leading-0">…</div></div> then <div class="items-row">…), in page
// order.
func withLeading(group []*html.Node, st map[*html.Node]stats) []*html.Node {
	if len(group) == 0 || group[0].Parent == nil {
		return group
	}
	in := map[*html.Node]bool{}
	for _, c := range group {
		in[c] = true
	}
	var out []*html.Node
	for c := group[0].Parent.FirstChild; c != nil; c = c.NextSibling {
		if in[c] {
			out = append(out, c)
			continue
		}
		if c.Type != html.ElementNode || len(out) > 0 || !bgtext.ContainsAny(classID(c), leadWords...) ||
			st[c].text < 60 || !st[c].dated || chromeIn(st, c) {
			continue
		}
		// the wrapper's own posts when it holds several, else the wrapper
		var posts []*html.Node
		for k := c.FirstChild; k != nil; k = k.NextSibling {
			if k.Type == html.ElementNode && st[k].text >= 60 && st[k].dated {
				posts = append(posts, k)
			}
		}
		if len(posts) >= 2 {
			out = append(out, posts...)
		} else {
			out = append(out, c)
		}
	}
	if len(out) == len(group) {
		return group
	}
	return out
}

// classSig is the first class word without digits ("post-6120" → "post-").
func classSig(n *html.Node) string {
	f := strings.Fields(attr(n, "class"))
	if len(f) == 0 {
		return ""
	}
	return strings.TrimRight(f[0], "0123456789")
}

// dateElem: the element is a date or a byline by its tag or class.
func dateElem(c *html.Node) bool {
	return c.DataAtom == atom.Time || bgtext.ContainsAny(classID(c), "date", "created", "posted", "submitted", "meta", "published", "time")
}

// projectBlocks finds repeated sibling containers (a list of projects as
// <li>s or <div class="proekt">s) of which at least two name their own,
// different grant contract: each is one record.
func projectBlocks(root *html.Node, st map[*html.Node]stats) map[*html.Node]int {
	var best []*html.Node
	stack := []*html.Node{root}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		groups := map[string][]*html.Node{}
		var order []string
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			if chromeIn(st, c) {
				continue
			}
			stack = append(stack, c)
			switch c.DataAtom {
			case atom.Article, atom.Div, atom.Section, atom.Li:
			default:
				continue
			}
			if st[c].text < 40 {
				continue
			}
			sig := c.Data + "." + classSig(c)
			if groups[sig] == nil {
				order = append(order, sig)
			}
			groups[sig] = append(groups[sig], c)
		}
		for _, sig := range order {
			g := groups[sig]
			if len(g) < 2 || len(g) > 500 {
				continue
			}
			if len(g) > len(best) && withContracts(g, st) {
				best = g
			}
		}
	}
	out := map[*html.Node]int{}
	for i, c := range best {
		out[c] = i + 1
	}
	return out
}

// withContracts: two or more members name a grant contract, all different,
// and at most a third name none.
func withContracts(g []*html.Node, st map[*html.Node]stats) bool {
	seen := map[string]bool{}
	with, without := 0, 0
	for _, c := range g {
		b := &builder{st: st}
		b.walk(c)
		cs, _ := codes(b.lines)
		switch {
		case len(cs) == 0:
			without++
			if without*3 > len(g) {
				return false // no longer two with for each one without
			}
		case seen[cs[0]]:
			return false
		default:
			seen[cs[0]] = true
			with++
		}
	}
	return with >= 2 && without*2 <= with
}

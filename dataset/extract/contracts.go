package extract

import (
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/opendata-bg/opendata/dataset/extract/bgtext"
)

func isCodeChar(r rune) bool {
	return r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= 'А' && r <= 'я'
}

// codeTokens returns the offsets of the code-shaped tokens of t: runs of
// letters and digits joined by - / . that hold a digit.
func codeTokens(t string) [][2]int {
	var out [][2]int
	start := -1
	digit := false
	flush := func(end int) {
		if start < 0 {
			return
		}
		for end > start && strings.IndexByte("-/.", t[end-1]) >= 0 {
			end--
		}
		if digit && end > start {
			out = append(out, [2]int{start, end})
		}
		start, digit = -1, false
	}
	for i, r := range t {
		switch {
		case isCodeChar(r):
			if start < 0 {
				start = i
			}
			if r >= '0' && r <= '9' {
				digit = true
			}
		case (r == '-' || r == '/' || r == '.') && start >= 0:
		default:
			flush(i)
		}
	}
	flush(len(t))
	return out
}

// numberAfterRe is the token printed after "№" / "No".
var numberAfterRe = regexp.MustCompile(`^\s*(?:№|No\.?|N\.|Nr\.?)\s*[:.]?\s*([A-Za-zА-Яа-я0-9]+(?:[-/.][A-Za-zА-Яа-я0-9]+)*)`)

var splitCodeRe = regexp.MustCompile(`([A-Za-z0-9][/-]) ([0-9][0-9A-Za-z]*[-/.][0-9A-Za-z])`)

// spacedCodeRe is a dash or slash with spaces around it inside a code that
// starts with a Latin letter: "BG16RFOP001-3.004 - 0077".
var spacedCodeRe = regexp.MustCompile(`(\b[A-Z][A-Z0-9\-]*[0-9][A-Z0-9.\-/]*[0-9])\s+([-/])\s+([0-9]|C[0-9])`)

// spacedPrefixRe is the Recovery Plan's prefix typed with spaces: "BG - RRP - 3.006".
var spacedPrefixRe = regexp.MustCompile(`\bBG\s*-\s*RRP\s*-\s*([0-9])`)

var trailingDateRe = regexp.MustCompile(`/\d{1,2}\.\d{1,2}\.\d{4}$`)

var contractShapeRe = regexp.MustCompile(`-C\d{1,4}$|^DIR-\d+|^BG\d{3}PO\d{3}/\d\.\d{1,2}-\d{2}/\d{4}/\d{3}$`)

// shapeOf classifies a normalized token with the shapes of codes.go. A
// contract shape that carries no contract marker of its own (an Interreg
// project code "ROBG-512", "CB005.2.13.107", "2007CB16IPO008-2011-2-093",
// an RDP number "21/321/01329") is returned as interreg: it counts only
// after "проект" or a code label.
func shapeOf(tok string) (proc, contract, reg, interreg bool) {
	switch bgtext.CodeKindByShape(tok) {
	case bgtext.KindProcedure:
		return true, false, false, false
	case bgtext.KindRegistration:
		return false, false, true, false
	case bgtext.KindContract:
		if contractShapeRe.MatchString(tok) {
			return false, true, false, false
		}
		return false, false, false, true
	}
	return false, contractShapeRe.MatchString(tok), false, false
}

// addressRe ends a text with a street, square or block before "№": the
// number that follows is a house's.
var addressRe = regexp.MustCompile(`(?i)(?:^|[\s(,])(?:ул|бул|пл|ж\.к|кв|бл|площад|улица|булевард)\.?\s*[„"“«]?[\p{L}\d .\-]{1,40}[“"”»]?\s*$`)

// addressBefore: the text before a "№" ends with an address.
func addressBefore(before string) bool {
	before = bgtext.LastRunes(before, bgtext.AddressWindow)
	// every street word holds one of these: no match without them
	if lb := bgtext.Lower(before); !bgtext.ContainsAny(lb, "ул", "пл", "кв", "бл", "ж.к") {
		return false
	}
	return addressRe.MatchString(before)
}

// dropQuoted removes what is inside quotes, the quotes kept: „…“.
func dropQuoted(s string) string {
	if !strings.Contains(s, "„") && !strings.Contains(s, "«") {
		return s
	}
	return strings.Join(strings.Fields(bgtext.MaskQuoted(s)), " ")
}

// worksContractRe is a contract signed under a grant contract with a firm:
// the grant's number, then the works, supply or service contract's own
// suffix ("BG16RFOP001-2.001-0134-C01-S-07", "…-C01-D-2", "…-C02-U-1").
var worksContractRe = regexp.MustCompile(`-C\d{1,5}-[A-Z]{1,3}-?\d`)

// worksContract: the code is a firm's contract under a grant contract, never
// the grant contract itself.
func worksContract(code string) bool { return worksContractRe.MatchString(code) }

// firmContract marks a clause about a contract with a firm (works, supply,
// supervision) or a decision, not the grant.
func firmContract(ctx string) bool {
	return bgtext.ContainsAny(ctx, bgtext.FirmContractWords...)
}

// firmParty: the sentence before a contract number names a firm by its
// legal form ("„Smart Lab Solutions“ ООД по договор № …") or its role
// ("Доставчик на оборудването е …"): the number is the firm's contract,
// not the project's (a grant contract has a programme prefix and is kept).
func firmParty(clause string) bool {
	for _, w := range strings.Fields(clause) {
		w = strings.Trim(w, ",.;:“”„\"'«»()")
		if bgtext.IsLegalForm(w) {
			return true
		}
		lw := bgtext.Lower(w)
		for _, r := range bgtext.FirmRoles {
			if strings.HasPrefix(lw, r) {
				return true
			}
		}
	}
	return false
}

// firmAfter: the words after a contract number show a contract with a firm
// ("№ 15 от 12.05.2019 г. с изпълнител …", "… за строителство").
func firmAfter(rest string) bool {
	if i := strings.IndexAny(rest, ".;"); i >= 0 && i > 20 {
		rest = rest[:i]
	}
	rest = bgtext.FirstRunes(rest, bgtext.FirmAfterWindow)
	r := bgtext.Lower(rest)
	return bgtext.ContainsAny(r, bgtext.FirmAfterWords...)
}

// codeSet collects contract numbers and procedure codes in page order.
type codeSet struct {
	seen                  map[string]bool
	contracts, procedures []string
	found                 []foundCode // the current line's, by position
}

type foundCode struct {
	pos      int
	code     string
	contract bool
}

func (cs *codeSet) addC(pos int, c string) { cs.found = append(cs.found, foundCode{pos, c, true}) }

func (cs *codeSet) addP(pos int, c string) { cs.found = append(cs.found, foundCode{pos, c, false}) }

// flush adds the current line's codes in the order they are printed.
func (cs *codeSet) flush() {
	sort.SliceStable(cs.found, func(i, j int) bool { return cs.found[i].pos < cs.found[j].pos })
	for _, f := range cs.found {
		c := normCode(f.code)
		k := "p" + c
		if f.contract {
			k = "c" + c
		}
		if c == "" || cs.seen[k] {
			continue
		}
		cs.seen[k] = true
		if f.contract {
			cs.contracts = append(cs.contracts, c)
		} else {
			cs.procedures = append(cs.procedures, c)
		}
	}
	cs.found = cs.found[:0]
}

// codes finds the grant contract numbers and the procedure codes of an item.
func codes(ls []block) (contracts, procedures []string) {
	cs := &codeSet{seen: map[string]bool{}}
	firm := firmRows(ls)
	for _, l := range ls {
		if l.row != 0 && firm[l.row] {
			continue // a row of the project's contracts with firms
		}
		cs.found = append(cs.found, lineCodes(l)...)
		cs.flush()
	}
	contracts = dropPrefixes(cs.contracts)
	// a procedure code never equals a contract number
	for _, p := range cs.procedures {
		if !cs.seen["c"+p] {
			procedures = append(procedures, p)
		}
	}
	return contracts, procedures
}

// firmRows are the table rows that list a contract with a firm — a
// contractor's column and no project name or programme ("Договор № |
// Предмет | Изпълнител | Стойност"): the works, services and supplies of a
// project, not projects.
func firmRows(ls []block) map[int]bool {
	var rows map[int]bool
	project := map[int]bool{}
	for _, l := range ls {
		if l.row == 0 || l.label == "" {
			continue
		}
		lbl := bgtext.Lower(l.label)
		if bgtext.ContainsAny(lbl, bgtext.FirmRoleLabels...) {
			if rows == nil {
				rows = map[int]bool{}
			}
			rows[l.row] = true
		}
		if titleLabel(strings.TrimRight(lbl, ": ")) || strings.Contains(lbl, "програма") {
			project[l.row] = true
		}
	}
	for r := range project {
		delete(rows, r)
	}
	return rows
}

// lineCodes returns the codes one line prints, in order, computed once
// per line of a page.
func lineCodes(l block) []foundCode {
	if l.memo != nil && l.memo.codesDone {
		return l.memo.codes
	}
	var found []foundCode
	if t := l.text; bgtext.HasDigit(t) {
		// a code split by a no-break space: "BG16RFOP001-1.001- 0039-C01",
		// or typed with spaces around its dashes: "BG16RFOP001-3.004 - 0077 - C01"
		t = joinSpacedCodes(t)
		cs := &codeSet{}
		cs.numbered(l, t)
		cs.labelled(l)
		cs.shaped(l, t)
		sort.SliceStable(cs.found, func(i, j int) bool { return cs.found[i].pos < cs.found[j].pos })
		found = cs.found
	}
	if l.memo != nil {
		l.memo.codes, l.memo.codesDone = found, true
	}
	return found
}

// joinSpacedCodes writes the codes of t without the spaces a page types
// in them: "BG16RFOP001-1.001- 0039-C01" (a no-break space),
// "BG16RFOP001-3.004 - 0077 - C01", "BG - RRP - 3.006 - …".
func joinSpacedCodes(t string) string {
	if !strings.Contains(t, "- ") && !strings.Contains(t, "/ ") {
		return t
	}
	t = spacedPrefixRe.ReplaceAllString(t, "BG-RRP-$1")
	t = splitCodeRe.ReplaceAllString(t, "$1$2")
	for k := 0; k < 4 && spacedCodeRe.MatchString(t); k++ {
		t = spacedCodeRe.ReplaceAllString(t, "$1$2$3")
	}
	return t
}

// numbered reads "№ X" printed after "договор" (not a contract with a firm).
func (cs *codeSet) numbered(l block, t string) {
	lbl := bgtext.Lower(l.label)
	for i := 0; i < len(t); {
		// "№" or "N" (No, N:): two fast searches, not IndexAny, which
		// decodes every rune when a set holds a non-ASCII one
		j := strings.Index(t[i:], "№")
		if k := strings.IndexByte(t[i:], 'N'); k >= 0 && (j < 0 || k < j) {
			j = k
		}
		if j < 0 {
			break
		}
		at := i + j
		i = at + 1
		m := numberAfterRe.FindStringSubmatch(t[at:])
		if m == nil {
			continue
		}
		if addressBefore(t[:at]) {
			continue // "ул. „Михаил Такев“ № 35": a house number
		}
		ctx := bgtext.Lower(bgtext.ClauseBefore(t, at))
		if !(bgtext.ContainsAny(ctx, bgtext.ContractWords...) || strings.Contains(lbl, "договор") || strings.HasSuffix(strings.TrimSpace(ctx), "проект")) {
			continue
		}
		if firmContract(ctx) || (lbl != "" && firmContract(lbl)) {
			continue
		}
		if near := strings.TrimSpace(bgtext.LastRunes(ctx, 40)); strings.HasSuffix(near, "допълнително споразумение") || strings.HasSuffix(near, "анекс") {
			continue // "Допълнително споразумение № 1 към … договор": an annex's number
		}
		tok := trailingDateRe.ReplaceAllString(m[1], "")
		if worksContract(normCode(tok)) {
			continue
		}
		if bgtext.CodeKindByShape(normCode(tok)) == bgtext.KindProcedure {
			// "Договор № … по процедура чрез подбор № BG06RDNP001-7.020":
			// a procedure's code, whatever the clause's first word
			continue
		}
		if firmParty(bgtext.ClauseBefore(t, at)) && !bgtext.HasProgrammePrefix(normCode(tok)) {
			continue // "„Smart Lab“ ООД по договор № Д-14": the supplier's contract
		}
		if !contractShapeRe.MatchString(normCode(tok)) && firmAfter(t[at+len(m[0]):]) {
			continue
		}
		if bgtext.HasDigit(tok) {
			cs.addC(at, tok)
		}
	}
}

// inlineContractLabelRe is a contract number's label at the start of a
// line: "Номер на договора:", "Номер на договор:", "№ на договора:",
// "Договор номер"; in English "Project code:", "Subsidy contract: No.".
var inlineContractLabelRe = regexp.MustCompile(`^(?i)\s*(?:номер\s+на\s+договор(?:а|ът)?|№\s*на\s+договор(?:а|ът)?|договор\s+номер|project\s+code|subsidy\s+contract|grant\s+contract|contract\s+(?:no\.?|number))\s*:?\s*(?:no\.?\s*)?`)

// contractLabelStart: the line starts with a letter inlineContractLabelRe
// can start with (a fast test before the pattern).
func contractLabelStart(t string) bool {
	r, _ := utf8.DecodeRuneInString(strings.TrimLeft(t, " \t\n\r\f\v"))
	return strings.ContainsRune("нН№дДpPsSgGcC", r)
}

// labelled reads "Номер на договора: X", "Договор: X", "Код на проекта: X".
func (cs *codeSet) labelled(l block) {
	if l.label == "" && l.value == "" {
		// a label printed inline: "Номер на договора: X от 20.07.2016 г."
		if !contractLabelStart(l.text) {
			return
		}
		m := inlineContractLabelRe.FindStringIndex(l.text)
		if m == nil {
			return
		}
		l.label, l.value = strings.TrimRight(l.text[:m[1]], ": "), strings.TrimSpace(l.text[m[1]:])
		if ts := codeTokens(l.value); len(ts) == 0 || ts[0][0] != 0 {
			return // "Номер на договора за строителство: …" labels something else
		}
	}
	if l.label == "" || l.value == "" {
		return
	}
	l.value = joinSpacedCodes(l.value)
	lbl := bgtext.Lower(l.label)
	if bgtext.ContainsAny(lbl, bgtext.ContractLabels...) && !firmContract(lbl) && !bgtext.ContainsAny(lbl, bgtext.ContractFactLabels...) {
		if ts := codeTokens(l.value); len(ts) > 0 && !strings.Contains(l.value, "№") && !worksContract(normCode(l.value[ts[0][0]:ts[0][1]])) {
			cs.addC(len(l.text)-len(l.value)+ts[0][0], trailingDateRe.ReplaceAllString(l.value[ts[0][0]:ts[0][1]], ""))
		}
	}
}

// shaped reads codes recognisable by their shape wherever they are printed.
func (cs *codeSet) shaped(l block, t string) {
	for _, m := range codeTokens(t) {
		raw := t[m[0]:m[1]]
		if !strings.ContainsAny(raw, "-/.") || raw[0] >= '0' && raw[0] <= '9' && strings.Count(raw, ".") == 2 && len(raw) <= 10 {
			continue // plain numbers and dates
		}
		tok := normCode(raw)
		proc, contract, reg, interreg := shapeOf(tok)
		if !proc && !contract && !reg && !interreg {
			continue
		}
		near := ""
		if !proc || contract {
			// the words just before, a quoted name skipped: "по проект
			// „Дунавски маршрути“ (ROBG-612)"
			near = bgtext.LastRunes(dropQuoted(bgtext.Lower(bgtext.ClauseBefore(t, m[0]))), bgtext.NearWindow)
		}
		switch {
		case proc && !contract:
			cs.addP(m[0], tok)
		case contract:
			if !firmContract(near) {
				cs.addC(m[0], tok)
			}
		case reg && (bgtext.ContainsAny(near, bgtext.RegistrationWords...) || bgtext.ContainsAny(bgtext.Lower(l.label), "исун", "регистрационен", "номер")):
			// a registration number printed alone stands for the contract;
			// next to the full number it is dropped by dropPrefixes
			if !firmContract(near) {
				cs.addC(m[0], tok)
			}
		case interreg && (bgtext.ContainsAny(near, "проект", "код") || strings.Contains(bgtext.Lower(l.label), "код")):
			cs.addC(m[0], tok)
		}
	}
}

// dropPrefixes removes a registration number that is a prefix of a printed
// contract number (BG16RFOP001-1.001-0027 next to …-0027-C01).
func dropPrefixes(cs []string) []string {
	var out []string
	for i, c := range cs {
		prefix := false
		for j, d := range cs {
			if i != j && len(d) > len(c) && strings.HasPrefix(d, c) && (d[len(c)] == '-' || d[len(c)] == '/') {
				prefix = true
			}
		}
		if !prefix {
			out = append(out, c)
		}
	}
	return out
}

func normCode(s string) string {
	s = strings.Trim(s, ".,;:-/ ")
	if s == "" {
		return ""
	}
	return bgtext.NormalizeCode(s)
}

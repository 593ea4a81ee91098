package bgtext

import (
	"html"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/opendata-bg/opendata/dataset"
)

// fuzzSeeds are texts from the corpus and the issue, shared by the fuzz tests.
var fuzzSeeds = []string{
	"Проектът е на стойност 65 410,72 лв. Периодът за реализация е от 08.11.2013г. до 08.08.2014г.",
	"79 829.24 \n 79 829.24 \n 100",
	"Стойност на проекта: 245.320,00 лв. 1.234.567,89 лв. 427,222.06 евро BGN 4,815,360 € 1 234",
	"Проектът е на стойност над 9,4 млн. лв., от които 8 996 412,17 лв. са безвъзмездни",
	"2 147 385,60 лв. (1 097 940,82 €) с ДДС; 1 955,83 лв. (1 000,00 евро)",
	"тел. 042 614 860, 85 %, BG16RFOP001-1.001-0039-C01, 60 kWp, 420 MWh, 9 000 тома",
	"Понеделник, 28 Април 2014г. 16:27ч. [29-09-2014] /27.04.2012 – 21.12.2012/ 29/7/2021 пон, 07/18/2011 - 15:20",
	"9 месеца (13.11.2013 г. – 13.11.2014 г.) 18 (осемнадесет) месеца 24 мес. 2 години",
	"Договор № 13-13-24 по проект №13-13-107 BG051PO002/13/1.3-07 BG161РО001/1.4-09/2012/002 РД-02-29-117/15.06.2021",
	"№ ИПК-1-0104/08.08.2019 г. № 11-31-14 от 14.03.2012 г. DIR-5112122-C014 BG-RRP-4.025-0012-C01 ROBG-512 B2.6c.21/04.07.2019",
	"BG16RFOP001-1.001-\n0039-C01 21/321/01329 РД-11-208/2022 0822/2022 Д-34-33 BG06RDNP001-19.207-0012",
	"„НИКО 96” ЕООД гр. Стара Загора; ДЗЗД „Чист въздух Бургас“; ЕТ „Иван“; Светлина Инженеринг ЕООД",
	"Оперативна програма „Развитие на човешките ресурси“ 2007-2013 ОПРЧР ПРЧР НПВУ ОПДУ ПРСР МИГ Interreg Красива България",
	"Стойност без ДДС: 207 466,67 лв.; с ДДС: 248 960,00 лв.; с площ 1 384,50 кв. м; 1 година и 6 месеца; 18-месечен срок",
	"April 28, 2014; 28.IV.2014 г.; 1-ви март 2020; Договор N° 12-11-35/25.06.2012г.; № 13 - 13 - 24; CB005.1.12.034",
	"Общината подписа договор № 45-00-12 от 03.12.2018 г. с „Пътстрой“ ЕООД; RO-BG; ПОС 2021; подмярка 7.2",
	"№", "№ ", "1", "1.", "1,", "лв.", "€", "„", "ЕООД", "-", "/", "0", "00.00.0000", "1 1 1 1", "1.1.1.1.1",
	"\u00a0\u202f\u2009\u00ad", "\xff\xfe", "1\xff234 лв.", "№ \xd0",
}

func FuzzParseAmount(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, ok := ParseAmount(s)
		if !ok {
			return
		}
		checkAmount(t, s, a)
	})
}

func FuzzFindAmounts(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		prevEnd := 0
		for _, a := range FindAmounts(s) {
			checkAmount(t, s, a)
			if a.Start < prevEnd {
				t.Fatalf("amounts overlap or are out of order at %d in %q", a.Start, s)
			}
			prevEnd = a.End
		}
	})
}

// checkAmount checks the invariants of one amount found in s.
func checkAmount(t *testing.T, s string, a Amount) {
	t.Helper()
	if a.Start < 0 || a.Start >= a.End || a.End > len(s) {
		t.Fatalf("bad offsets %d:%d for len %d in %q", a.Start, a.End, len(s), s)
	}
	if s[a.Start:a.End] != a.Raw {
		t.Fatalf("Raw %q is not s[%d:%d] = %q", a.Raw, a.Start, a.End, s[a.Start:a.End])
	}
	if math.IsNaN(a.Value) || math.IsInf(a.Value, 0) || a.Value < 0 {
		t.Fatalf("bad value %v from %q", a.Value, s)
	}
	switch a.Currency {
	case "", "BGN", "EUR":
	default:
		t.Fatalf("bad currency %q", a.Currency)
	}
	switch a.VAT {
	case "", "with", "without":
	default:
		t.Fatalf("bad VAT %q", a.VAT)
	}
}

func FuzzFindDates(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, order := range []DateOrder{DayFirst, MonthFirst} {
			prevEnd := 0
			for _, d := range FindDatesOrder(s, order) {
				if d.Start < prevEnd || d.Start >= d.End || d.End > len(s) || s[d.Start:d.End] != d.Raw {
					t.Fatalf("bad offsets %d:%d (prev end %d) for %q in %q", d.Start, d.End, prevEnd, d.Raw, s)
				}
				prevEnd = d.End
				tm, err := time.Parse("2006-01-02", d.ISO)
				if err != nil || tm.Year() < minYear || tm.Year() > maxYear {
					t.Fatalf("bad ISO %q from %q", d.ISO, d.Raw)
				}
				if iso, ok := ParseDateOrder(d.Raw, order); !ok || iso != d.ISO {
					t.Fatalf("ParseDateOrder(%q) = %q, %v; FindDatesOrder gave %q", d.Raw, iso, ok, d.ISO)
				}
			}
		}
		if m, raw, ok := FindDuration(s); ok && (m <= 0 || m > 600 || !strings.Contains(s, raw)) {
			t.Fatalf("FindDuration(%q) = %d, %q", s, m, raw)
		}
	})
}

func FuzzFindCodes(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		contracts, procedures := FindCodes(s)
		seen := map[string]bool{}
		for _, c := range contracts {
			if c == "" || seen[c] {
				t.Fatalf("empty or repeated contract %q in %q", c, contracts)
			}
			seen[c] = true
		}
		for _, p := range procedures {
			if p == "" || seen[p] {
				t.Fatalf("procedure %q empty, repeated or equal to a contract (%q, %q)", p, contracts, procedures)
			}
			seen[p] = true
		}
		for _, m := range FindCodeMatches(s) {
			if m.Start < 0 || m.Start >= m.End || m.End > len(s) || s[m.Start:m.End] != m.Raw {
				t.Fatalf("bad offsets %d:%d for %q in %q", m.Start, m.End, m.Raw, s)
			}
			if utf8.ValidString(s) && !utf8.ValidString(m.Code) {
				t.Fatalf("invalid UTF-8 code %q from valid text", m.Code)
			}
			if n := NormalizeCode(m.Code); n != m.Code {
				t.Fatalf("NormalizeCode is not idempotent: %q → %q", m.Code, n)
			}
		}
		_ = IsProcedureCode(s)
	})
}

func FuzzDetectProgramme(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s, "BG16RFOP001-1.001")
	}
	valid := map[string]bool{"": true}
	for _, p := range dataset.Programmes {
		valid[p.Code] = true
	}
	funds := map[string]bool{}
	for _, fu := range dataset.Funds {
		funds[fu] = true
	}
	f.Fuzz(func(t *testing.T, s, code string) {
		p := DetectProgramme(s, []string{code})
		if !valid[p] {
			t.Fatalf("DetectProgramme(%q, %q) = %q, not a programme code", s, code, p)
		}
		if q := DetectProgramme(s, nil); !valid[q] {
			t.Fatalf("DetectProgramme(%q) = %q, not a programme code", s, q)
		}
		for _, fu := range FundsOf(p, s) {
			if !funds[fu] {
				t.Fatalf("FundsOf gave %q, not a fund", fu)
			}
		}
	})
}

func FuzzFindFirms(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, firm := range FindFirms(s) {
			if strings.TrimSpace(firm) != firm || firm == "" {
				t.Fatalf("firm %q has outer spaces or is empty, from %q", firm, s)
			}
			if utf8.ValidString(s) && !utf8.ValidString(firm) {
				t.Fatalf("invalid UTF-8 firm %q from valid text", firm)
			}
		}
		_ = NormalizeFirm(s)
	})
}

// corpusTexts returns the text of the corpus pages (tags stripped crudely,
// windows-1251 pages decoded), for benchmarks.
func corpusTexts(b *testing.B) []string {
	b.Helper()
	files, err := filepath.Glob("../../../testdata/corpus/pages/*.html")
	if err != nil || len(files) == 0 {
		b.Skip("no corpus pages")
	}
	tags := regexp.MustCompile(`(?s)<script.*?</script>|<style.*?</style>|<[^>]*>`)
	var out []string
	for _, f := range files {
		body, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		if !utf8.Valid(body) {
			if body, err = charmap.Windows1251.NewDecoder().Bytes(body); err != nil {
				b.Fatal(err)
			}
		}
		out = append(out, html.UnescapeString(tags.ReplaceAllString(string(body), "\n")))
	}
	return out
}

// BenchmarkParsersCorpus runs every parser over the text of each corpus page;
// one op is one page.
func BenchmarkParsersCorpus(b *testing.B) {
	texts := corpusTexts(b)
	size := 0
	for _, t := range texts {
		size += len(t)
	}
	b.SetBytes(int64(size / len(texts)))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		t := texts[i%len(texts)]
		i++
		FindAmounts(t)
		FindDates(t)
		FindDuration(t)
		c, p := FindCodes(t)
		prog := DetectProgramme(t, append(c, p...))
		FundsOf(prog, t)
		FindFirms(t)
	}
}

// TestParsersOnHostileInput runs every parser over large repetitive texts
// built to trigger quadratic scans (a number sign before every code, spaces
// before every number, a legal form after every word, a programme name with
// no period). Linear parsers finish in milliseconds; a quadratic one would
// take minutes here.
func TestParsersOnHostileInput(t *testing.T) {
	units := []string{
		"№1 ", "№ ", "1 ", "1 111 ", "1.", "1,1 ", "-1", "/1", "1\u00a0", " ", ".", "а ", "ЕООД ", "„", "“ ЕООД ",
		"ДЗЗД „", "ОПРЧР ", "оп „околна среда“ ", "месеца ", "1 месеца ", "(", ")", "над ", "лв. ", "1 лв. ",
		"BG16RFOP001-", "C1-", "1-", "Договор № ", "№\n", "1 (", "\u00ad", "\xff", "1 година ", "BG-", "ROBG ",
	}
	const size = 64 << 10
	for _, u := range units {
		s := strings.Repeat(u, size/len(u))
		for _, a := range FindAmounts(s) {
			checkAmount(t, s, a)
		}
		if _, ok := ParseAmount(s); ok {
			t.Errorf("ParseAmount took %d bytes of %q as one amount", len(s), u)
		}
		for _, d := range FindDates(s) {
			if s[d.Start:d.End] != d.Raw {
				t.Fatalf("bad date offsets in repeated %q", u)
			}
		}
		if m, _, ok := FindDuration(s); ok && (m <= 0 || m > 600) {
			t.Errorf("FindDuration gave %d months on repeated %q", m, u)
		}
		c, p := FindCodes(s)
		prog := DetectProgramme(s, append(c, p...))
		FundsOf(prog, s)
		FindFirms(s)
		NormalizeFirm(s[:min(len(s), 4096)])
		NormalizeCode(s[:min(len(s), 4096)])
	}
}

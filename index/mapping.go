package index

import (
	"encoding/hex"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
	bindex "github.com/blevesearch/bleve_index_api"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/opendata-bg/opendata/dataset"
)

// schemaVersion names the mapping and analysis an index was built with.
// Bump it whenever either changes: an index of another version still
// answers, but NeedsRebuild reports it.
const schemaVersion = 9

// Field names in the index. Text fields have a Bulgarian copy (stemmed) and
// a Latin one (transliterated stems) built from the same text, so that
// their term offsets point into the same stored original.
const (
	fTitle        = "title"
	fTitleLat     = "title_lat"
	fText         = "text" // objectives, activities, results, target groups
	fTextLat      = "text_lat"
	fNames        = "names" // beneficiary, municipality, partners, contractors, programme name
	fNamesLat     = "names_lat"
	fDocs         = "docs"        // text of attached documents
	fCode         = "code"        // contract numbers and procedure codes, NormCode'd, whole
	fCodePrefix   = "code_prefix" // every prefix of those codes from minPrefixLength letters on
	fContract     = "contract"
	fMunicipality = "municipality"
	fProgramme    = "programme"
	fFund         = "fund"
	fYear         = "year" // every year the period covers, "2014"
	fBudget       = "budget_eur"
	sBudget       = "s_budget" // sort keys: strings that sort like the value
	sStart        = "s_start"
	sPublished    = "s_published"
	sUpdated      = "s_updated" // unix seconds of the record's last change, fixed width
	sTitle        = "s_title"
	fRegister     = "register" // the register facet: matched, disagreement, unmatched, none
	fMuniCode     = "municipality_code"
)

// titleKeyLength is how many letters of a title its sort key covers.
const titleKeyLength = 100

// maxDocText bounds the attached documents' text indexed per record.
const maxDocText = 100_000

func newMapping() *mapping.IndexMappingImpl {
	im := bleve.NewIndexMapping()
	im.DefaultAnalyzer = AnalyzerBG
	im.ScoringModel = bindex.BM25Scoring
	im.StoreDynamic, im.IndexDynamic, im.DocValuesDynamic = false, false, false

	text := func(name, analyzer string, store bool) *mapping.FieldMapping {
		f := mapping.NewTextFieldMapping()
		f.Name, f.Analyzer, f.Store = name, analyzer, store
		f.IncludeTermVectors = true // phrases and highlights
		f.IncludeInAll, f.DocValues = false, false
		return f
	}
	kw := func(docValues bool) *mapping.FieldMapping {
		f := mapping.NewTextFieldMapping()
		f.Analyzer, f.Store, f.IncludeTermVectors = keyword.Name, false, false
		f.IncludeInAll, f.DocValues = false, docValues
		return f
	}
	dm := bleve.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt(fTitle, text(fTitle, AnalyzerBG, true), text(fTitleLat, AnalyzerLatin, false))
	dm.AddFieldMappingsAt(fText, text(fText, AnalyzerBG, true), text(fTextLat, AnalyzerLatin, false))
	dm.AddFieldMappingsAt(fNames, text(fNames, AnalyzerBG, false), text(fNamesLat, AnalyzerLatin, false))
	dm.AddFieldMappingsAt(fDocs, text(fDocs, AnalyzerBG, false))
	for _, name := range []string{fCode, fCodePrefix, fContract} {
		dm.AddFieldMappingsAt(name, kw(false))
	}
	for _, name := range columnFields {
		dm.AddFieldMappingsAt(name, kw(true))
	}
	num := mapping.NewNumericFieldMapping()
	num.Store, num.IncludeInAll, num.DocValues = false, false, false
	dm.AddFieldMappingsAt(fBudget, num)
	// No composite _all field: every query names its fields.
	dm.AddSubDocumentMapping("_all", mapping.NewDocumentDisabledMapping())
	im.DefaultMapping = dm
	return im
}

// docBuilder turns records into index documents. It is not safe for
// concurrent use (the collator keeps state).
type docBuilder struct {
	coll *collate.Collator
	buf  collate.Buffer
}

func newDocBuilder() *docBuilder {
	return &docBuilder{coll: collate.New(language.Bulgarian, collate.Loose)}
}

// doc returns the index document of one record.
func (b *docBuilder) doc(r *dataset.Record) map[string]any {
	d := map[string]any{}
	set := func(k string, v string) {
		if v = strings.TrimSpace(v); v != "" {
			d[k] = v
		}
	}
	setList := func(k string, vs []string) {
		if len(vs) > 0 {
			d[k] = vs
		}
	}
	set(fTitle, r.Title)
	setList(fText, concat(r.Objectives, r.Activities, r.Results, r.TargetGroups))
	names := concat([]string{r.Beneficiary, r.Municipality, r.ProgrammeName}, r.Partners, r.Contractors)
	setList(fNames, nonEmpty(names))
	setList(fDocs, docTexts(r.Documents))
	contracts := normCodes(r.ContractNumbers)
	setList(fContract, contracts)
	codes := append(contracts, normCodes(r.ProcedureCodes)...)
	setList(fCode, codes)
	setList(fCodePrefix, codePrefixes(codes))
	set(fMunicipality, r.Municipality)
	set(fMuniCode, r.MunicipalityCode)
	set(fProgramme, r.Programme)
	setList(fFund, nonEmpty(r.Funds))
	setList(fYear, yearsCovered(r))
	// The best-known amount (the total, else the grant) filters and sorts.
	if e, _ := r.Budget.AmountEUR(); e != nil && !math.IsNaN(*e) && !math.IsInf(*e, 0) {
		d[fBudget] = *e
		set(sBudget, budgetKey(*e))
	}
	set(fRegister, r.RegisterFacet())
	set(sStart, isoDate(r.Period.Start))
	set(sPublished, isoDate(r.Published))
	set(sUpdated, updatedKey(r.Updated))
	if t := strings.Trim(r.Title, " \t\n\"'„“”«»-–—"); t != "" {
		set(sTitle, b.titleKey(t))
	}
	return d
}

// titleKey is a Bulgarian collation key of the title's start, hex-encoded so
// that it is a valid term and still sorts byte-wise in collation order.
func (b *docBuilder) titleKey(t string) string {
	if utf8.RuneCountInString(t) > titleKeyLength {
		t = string([]rune(t)[:titleKeyLength])
	}
	b.buf.Reset()
	return hex.EncodeToString(b.coll.KeyFromString(&b.buf, t))
}

// budgetKey writes an amount in euro as a fixed-width string of cents, so
// that strings sort like the amounts (amounts below zero sort first).
func budgetKey(eur float64) string {
	cents := math.Round(eur * 100)
	if cents < 0 {
		cents = 0
	}
	if cents > 9e17 {
		cents = 9e17
	}
	return fmt.Sprintf("%019.0f", cents)
}

// updatedKey writes the record's last change (RFC 3339, any offset) as
// fixed-width unix seconds, so that keys sort like the times; "" when it
// has none.
func updatedKey(s string) string {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil || t.Unix() <= 0 {
		return ""
	}
	return fmt.Sprintf("%012d", t.Unix())
}

// isoDate returns the YYYY-MM-DD prefix of an ISO date, "" when s is not one.
func isoDate(s string) string {
	if len(s) < 10 {
		if len(s) == 4 && dataset.YearOf(s) > 0 {
			return s // a year alone sorts before any date in it
		}
		return ""
	}
	for i, c := range s[:10] {
		if i == 4 || i == 7 {
			if c != '-' {
				return ""
			}
		} else if c < '0' || c > '9' {
			return ""
		}
	}
	return s[:10]
}

// yearsCovered lists the years of the record's period (start to end), or
// the one year known when only one date is, or the year of publication.
func yearsCovered(r *dataset.Record) []string {
	from, to := dataset.YearOf(r.Period.Start), dataset.YearOf(r.Period.End)
	switch {
	case from == 0 && to == 0:
		from = dataset.YearOf(r.Published)
		to = from
	case from == 0:
		from = to
	case to == 0 || to < from || to-from > 50:
		to = from
	}
	if from == 0 {
		return nil
	}
	out := make([]string, 0, to-from+1)
	for y := from; y <= to; y++ {
		out = append(out, fmt.Sprint(y))
	}
	return out
}

// codePrefixes lists the proper prefixes of codes from minPrefixLength
// characters on, so that a prefix search is one term lookup rather than an
// expansion over every code that starts with it.
func codePrefixes(codes []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range codes {
		rs := []rune(c)
		for n := minPrefixLength; n < len(rs) && n <= maxPrefixLength; n++ {
			p := string(rs[:n])
			if !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	return out
}

func normCodes(in []string) []string {
	var out []string
	for _, s := range in {
		if c := NormCode(s); c != "" {
			out = append(out, c)
		}
	}
	return out
}

func docTexts(docs []dataset.Document) []string {
	var out []string
	left := maxDocText
	for _, d := range docs {
		t := strings.TrimSpace(d.Text)
		if t == "" || left <= 0 {
			continue
		}
		if len(t) > left {
			t = strings.ToValidUTF8(t[:left], "")
		}
		left -= len(t)
		out = append(out, t)
	}
	return out
}

func concat(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		out = append(out, l...)
	}
	return nonEmpty(out)
}

func nonEmpty(in []string) []string {
	out := in[:0:0]
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/opendata-bg/opendata/api"
	"github.com/opendata-bg/opendata/dataset"
	"github.com/opendata-bg/opendata/dataset/register"
	"github.com/opendata-bg/opendata/dataset/register/registertest"
)

// The measured join: a register of 2,000 contracts in three programme
// files, and 20 municipal sites whose pages print some of them — with
// planted disagreements, numbers written the ways pages write them, and
// decoys that must not match — crawled, synced, joined and read back over
// the API.

var registerMunis = []string{"Левски", "Белене", "Гулянци", "Долна Митрополия", "Долни Дъбник", "Искър", "Кнежа", "Никопол",
	"Пордим", "Червен бряг", "Луковит", "Тетевен", "Угърчин", "Ябланица", "Летница", "Ловеч", "Троян", "Априлци", "Плевен", "Свищов"}

// registerProgs are the programme files: id/period, code, and whether the
// file writes its entities after the projects.
var registerProgs = []struct {
	id, period int
	code, name string
	last       bool
}{
	{1, 1, "BG16RFOP001", "ОП „Региони в растеж“ 2014–2020", false},
	{8010709, 3, "BG16FFPR003", "Програма „Развитие на регионите“ 2021–2027", true},
	{8010686, 2, "BG-RRP", "Национален план за възстановяване и устойчивост", false},
}

// plant is one register contract and what its municipality's site does with it.
type plant struct {
	muni     int
	number   string // as registered
	role     string // beneficiary, place
	printed  bool
	printAs  string // the number as the page prints it
	disagree string // the field the page gets wrong ("" none)
	project  registertest.Project
}

// decoy is a page number that must not match any contract.
type decoy struct {
	muni      int
	number    string
	unmatched bool // in a synced programme's format: must be listed as unmatched
}

var themes = []string{"Реконструкция и рехабилитация на улична мрежа", "Енергийна ефективност на детска градина", "Изграждане на спортна площадка",
	"Социални услуги за възрастни хора в домашна среда", "Обновяване на читалище", "Водопровод и канализация", "Ремонт на основно училище",
	"Велоалея по поречието на реката", "Озеленяване на централен парк", "Център за деца с увреждания"}

// registerWorld builds the planted data: 100 contracts per municipality.
func registerWorld() ([]plant, []decoy, []*registertest.File) {
	files := make([]*registertest.File, len(registerProgs))
	for i, p := range registerProgs {
		files[i] = &registertest.File{ID: p.id, PeriodID: p.period, Name: p.name, GeneratedAt: "2026-01-05T10:00:00", EntitiesLast: p.last}
	}
	var plants []plant
	var decoys []decoy
	seq := make([]int, len(files))
	for m, muni := range registerMunis {
		eik := fmt.Sprintf("%09d", 400000+m)
		for fi := range files {
			files[fi].Entities = append(files[fi].Entities,
				registertest.Entity{ID: fmt.Sprint(1000 + m), UIN: eik, Name: "Община " + muni},
				registertest.Entity{ID: fmt.Sprint(2000 + m), UIN: eik, Name: "ОБЩИНСКА АДМИНИСТРАЦИЯ " + strings.ToUpper(muni)},
				registertest.Entity{ID: fmt.Sprint(3000 + m), UIN: fmt.Sprintf("2%08d", m), Name: "Строй " + muni + " ЕООД"},
				registertest.Entity{ID: fmt.Sprint(4000 + m), Name: "Мария"}) // a natural person
		}
		for k := range 100 {
			fi := k % len(files)
			seq[fi]++
			code := registerProgs[fi].code
			number := fmt.Sprintf("%s-%d.%03d-%04d-C%02d", code, 1+k%3, 1+k%7, seq[fi], 1+k%2)
			p := plant{muni: m, number: number, role: dataset.RoleBeneficiary}
			entity := 1000 + m
			switch {
			case k >= 65: // executed in the municipality by others
				p.role, entity = dataset.RolePlace, 3000+m
				if k >= 95 {
					entity = 4000 + m
				}
			case k >= 60: // the municipality under another name, the same ЕИК
				entity = 2000 + m
			case k < 35:
				p.printed = true
			}
			p.project = registertest.Project{ID: number, Name: fmt.Sprintf("%s в %s, обект %d", themes[k%len(themes)], muni, k+1),
				EntityID: fmt.Sprint(entity), Places: []string{registertest.Place(muni)}, Funding: "ЕФРР", Status: "В изпълнение",
				Start: fmt.Sprintf("20%02d-%02d-01T00:00:00", 17+k%8, 1+k%12), End: fmt.Sprintf("20%02d-%02d-28T00:00:00", 26+k%3, 1+k%12),
				Total: float64(50000+m*1000+k*731) + 0.37, Paid: []float64{1000}}
			if p.printed {
				p.printAs = spell(number, k)
				if k%35 >= 25 { // ten planted disagreements per municipality
					p.disagree = []string{"total_value", "total_value", "total_value", "title", "title", "beneficiary", "beneficiary", "start", "start", "end"}[k%35-25]
				}
			}
			files[fi].Projects = append(files[fi].Projects, p.project)
			plants = append(plants, p)
		}
		for i, fi := range []int{0, 1, 2} {
			decoys = append(decoys, decoy{m, fmt.Sprintf("%s-1.001-%04d-C01", registerProgs[fi].code, 9000+m*10+i), true})
		}
		// A prefix that is not a registration number, a 2007–2013 number, a national one.
		first := plants[len(plants)-100].number
		decoys = append(decoys, decoy{m, first[:len(first)-6], false}, decoy{m, "BG161PO001/1.1-12/2011/025", false}, decoy{m, fmt.Sprintf("РД-02-37-%d", m), false})
	}
	return plants, decoys, files
}

// spell writes a contract number the ways municipal pages do.
func spell(number string, k int) string {
	switch k % 6 {
	case 1:
		return strings.ToLower(number)
	case 2: // the registration number, without -Cnn
		return number[:strings.LastIndex(number, "-C")]
	case 3: // Cyrillic look-alikes
		return strings.NewReplacer("B", "В", "C", "С", "O", "О", "P", "Р").Replace(number)
	case 5: // spaces around the dashes: "BG16RFOP001 - 1.004 - 0012 - C01"
		return strings.ReplaceAll(number, "-", " - ")
	case 4: // another contract of the same project
		if strings.HasSuffix(number, "-C01") {
			return strings.TrimSuffix(number, "-C01") + "-C03"
		}
	}
	return number
}

// page prints one planted contract as a municipal project page.
func (p *plant) page(muni string) string {
	c := p.project
	title, benef, total, cur := c.Name, "Община "+muni, c.Total*dataset.EURRate, "лв."
	start, end := c.Start[:10], c.End[:10]
	if p.project.Total > 60000 {
		total, cur = c.Total, "евро"
	}
	switch p.disagree {
	case "total_value":
		total *= 1.2
	case "title":
		title = fmt.Sprintf("%s в %s", themes[(slices.Index(themes, strings.Split(c.Name, " в ")[0])+5)%len(themes)], muni)
	case "beneficiary":
		benef = "Сдружение „Приятели на " + muni + "“"
	case "start":
		start = start[:5] + "11" + start[7:]
	case "end":
		end = end[:2] + "30" + end[4:]
	}
	iso := func(d string) string { return d[8:10] + "." + d[5:7] + "." + d[:4] }
	return projectHTML(muni, title, p.printAs, benef, money(total)+" "+cur, iso(start), iso(end))
}

func money(v float64) string {
	s := fmt.Sprintf("%.2f", v)
	whole, frac := s[:len(s)-3], s[len(s)-2:]
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String() + "," + frac
}

func projectHTML(muni, title, number, benef, total, start, end string) string {
	return fmt.Sprintf(`<!DOCTYPE html><html lang="bg"><head><meta charset="utf-8"><title>%s | Община %s</title></head><body>
<header><nav><a href="/">Начало</a> <a href="/pr/">Проекти</a></nav></header>
<main><article><h1>%s</h1><p class="date">Публикувано на 12.03.2024</p>
<table><tr><th>Договор №</th><td>%s</td></tr>
<tr><th>Програма</th><td>Оперативна програма „Региони в растеж“ 2014-2020</td></tr>
<tr><th>Бенефициент</th><td>%s</td></tr><tr><th>Обща стойност</th><td>%s</td></tr>
<tr><th>Начало</th><td>%s г.</td></tr><tr><th>Край</th><td>%s г.</td></tr></table>
<h2>Цел на проекта</h2><p>Основната цел на проекта е подобряване на средата за живот в община %s.</p>
</article></main><footer><p>© Община %s</p></footer></body></html>`, title, muni, title, number, benef, total, start, end, muni, muni)
}

// registerWeb serves the 20 sites and returns the sites file.
func registerWeb(t *testing.T, plants []plant, decoys []decoy) string {
	var yaml strings.Builder
	for m, muni := range registerMunis {
		var pages []string
		for i := range plants {
			if plants[i].muni == m && plants[i].printed {
				pages = append(pages, plants[i].page(muni))
			}
		}
		for _, d := range decoys {
			if d.muni == m {
				pages = append(pages, projectHTML(muni, "Ремонт на общински път "+d.number, d.number, "Община "+muni, "12 345,67 лв.", "01.02.2024", "01.02.2025"))
			}
		}
		mux := http.NewServeMux()
		mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "User-agent: *\nAllow: /\n") })
		mux.HandleFunc("/pr/", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			if r.URL.Path == "/pr/" {
				fmt.Fprint(w, `<!DOCTYPE html><html lang="bg"><head><meta charset="utf-8"><title>Проекти</title></head><body><h1>Проекти</h1><ul>`)
				for i := range pages {
					fmt.Fprintf(w, `<li><a href="/pr/p-%d.html">Проект %d</a></li>`, i, i)
				}
				fmt.Fprint(w, "</ul></body></html>")
				return
			}
			var i int
			if _, err := fmt.Sscanf(r.URL.Path, "/pr/p-%d.html", &i); err != nil || i < 0 || i >= len(pages) {
				http.NotFound(w, r)
				return
			}
			fmt.Fprint(w, pages[i])
		})
		srv := httptest.NewServer(mux)
		t.Cleanup(srv.Close)
		fmt.Fprintf(&yaml, "- municipality: %s\n  start_urls: ['%s/pr/']\n  allowed_domains: ['%s']\n  follow: ['/pr/p-\\d+\\.html$']\n  delay: 0s\n",
			muni, srv.URL, strings.TrimPrefix(srv.URL, "http://"))
	}
	path := filepath.Join(t.TempDir(), "sites.yaml")
	if err := os.WriteFile(path, []byte(yaml.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestRegisterCrawlSyncJoinAPI is the whole path, measured: crawl the 20
// sites, sync the register (refused once, then served), join, and read
// the records and every municipality's disclosure over the real API.
func TestRegisterCrawlSyncJoinAPI(t *testing.T) {
	if testing.Short() {
		t.Skip("crawls 20 local sites")
	}
	plants, decoys, files := registerWorld()
	sites := registerWeb(t, plants, decoys)
	reg := registertest.NewServer(files...)
	defer reg.Close()
	reg.Refuse429[registertest.ProgrammePath(1, 1)] = 1
	reg.RefuseHTML[registertest.ProgrammePath(8010686, 2)] = 1
	dir := t.TempDir()
	ctx := context.Background()
	var out bytes.Buffer
	if err := run(ctx, []string{"crawl", "--sites", sites, "--data", dir, "--log-level", "error"}, &out, io.Discard); err != nil {
		t.Fatalf("crawl: %v\n%s", err, out.String())
	}
	out.Reset()
	err := run(ctx, []string{"register", "sync", "--data", dir, "--url", reg.URL, "--delay", "5ms", "--backoff", "5ms",
		"--programmes", "1/1,8010709/3,8010686/2", "--log-level", "error"}, &out, io.Discard)
	if err != nil || syncStatus(out.String(), "1/1") != fmt.Sprintf("loaded %d", len(files[0].Projects)) ||
		!strings.HasPrefix(syncStatus(out.String(), "8010709/3"), "loaded") || !strings.HasPrefix(syncStatus(out.String(), "8010686/2"), "loaded") {
		t.Fatalf("register sync: %v\n%s", err, out.String())
	}
	t.Logf("register sync:\n%s", out.String())

	a, err := openApp(dir, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	srv, err := api.New(api.Config{Store: a.store, Index: a.index, Logger: slog.New(slog.DiscardHandler), RateLimit: -1})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	defer hs.Close()
	m := measureJoin(t, hs.URL, plants, decoys)
	t.Logf("join over %d register contracts, %d municipalities: %+v", len(plants), len(registerMunis), m)
	if m.matched != m.printed || m.falseMatches != 0 || m.disagreementsMissed != 0 || m.unmatchedMissed != 0 || m.falseDisagreements != 0 {
		t.Errorf("join: %+v", m)
	}
	if m.disclosureOff != 0 {
		t.Errorf("disclosure differs from what was planted in %d municipalities", m.disclosureOff)
	}
}

// joinFigures are the measured figures of the join.
type joinFigures struct {
	printed, matched, missed, falseMatches            int
	disagreementsPlanted, disagreementsFound          int
	disagreementsMissed, falseDisagreements           int
	unmatchedPlanted, unmatchedFound, unmatchedMissed int
	unannouncedPlanted, unannouncedFound              int
	disclosureOff                                     int
}

func measureJoin(t *testing.T, base string, plants []plant, decoys []decoy) joinFigures {
	t.Helper()
	resp, err := http.Get(base + "/api/v1/projects.ndjson")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	byNumber := map[string]dataset.Record{} // the page's number → record
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var r dataset.Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		for _, n := range r.ContractNumbers {
			byNumber[dataset.CodeKey(n)] = r
		}
	}
	var f joinFigures
	for i := range plants {
		p := &plants[i]
		if !p.printed {
			continue
		}
		f.printed++
		r, ok := byNumber[dataset.CodeKey(p.printAs)]
		switch {
		case !ok || r.Register == nil:
			f.missed++
			t.Logf("missed: %s printed as %q (found %v)", p.number, p.printAs, ok)
			continue
		case r.Register.Number != p.number:
			f.falseMatches++
			t.Logf("false match: %s printed as %q joined to %s", p.number, p.printAs, r.Register.Number)
			continue
		}
		f.matched++
		var fields []string
		for _, d := range r.Register.Disagreements {
			fields = append(fields, d.Field)
		}
		if p.disagree != "" {
			f.disagreementsPlanted++
			if slices.Contains(fields, p.disagree) {
				f.disagreementsFound++
			} else {
				f.disagreementsMissed++
				t.Logf("disagreement missed: %s %s, found %v", p.number, p.disagree, fields)
			}
		}
		if extra := slices.DeleteFunc(fields, func(s string) bool { return s == p.disagree }); len(extra) > 0 {
			f.falseDisagreements++
			t.Logf("false disagreement: %s (planted %q) %v: %v", p.number, p.disagree, extra, r.Register.Disagreements)
		}
	}
	for _, d := range decoys {
		r, ok := byNumber[dataset.CodeKey(d.number)]
		if ok && r.Register != nil {
			f.falseMatches++
			t.Logf("false match: decoy %s joined to %s", d.number, r.Register.Number)
		}
		if d.unmatched {
			f.unmatchedPlanted++
			if ok && r.RegisterMatch == dataset.RegisterUnmatched {
				f.unmatchedFound++
			} else {
				f.unmatchedMissed++
			}
		}
	}
	for m, muni := range registerMunis {
		var d dataset.Disclosure
		if code := getJSON(t, base+"/api/v1/municipalities/"+url.PathEscape(muni)+"/disclosure", &d); code != 200 {
			t.Fatalf("disclosure of %s: %d", muni, code)
		}
		want := map[string]string{}
		var wantCounts [2]dataset.DisclosureCounts
		for i := range plants {
			p := &plants[i]
			if p.muni != m {
				continue
			}
			st := dataset.DisclosureNotAnnounced
			if p.printed {
				st = dataset.DisclosureAnnounced
				if p.disagree != "" {
					st = dataset.DisclosureDisagreement
				}
			} else {
				f.unannouncedPlanted++
			}
			// Every contract is executed in its municipality; some are also the municipality's own.
			roles := dataset.RolePlace
			if p.role == dataset.RoleBeneficiary {
				roles = dataset.RoleBeneficiary + "," + dataset.RolePlace
				row := dataset.DisclosureRow{Status: st, Contract: dataset.RegisterContract{TotalEUR: &p.project.Total}}
				wantCounts[0].Add(&row)
			}
			want[p.number] = st + " " + roles
			row := dataset.DisclosureRow{Status: st, Contract: dataset.RegisterContract{TotalEUR: &p.project.Total}}
			wantCounts[1].Add(&row)
		}
		off := len(d.Contracts) != len(want)
		for _, row := range d.Contracts {
			got := row.Status + " " + strings.Join(row.Roles, ",")
			if row.Status == dataset.DisclosureNotAnnounced && want[row.Contract.Number] == got {
				f.unannouncedFound++
			}
			if want[row.Contract.Number] != got {
				off = true
				t.Logf("%s: %s is %q, planted %q", muni, row.Contract.Number, got, want[row.Contract.Number])
			}
		}
		if d.Beneficiary != wantCounts[0] || d.Place != wantCounts[1] {
			off = true
			t.Logf("%s: counts %+v / %+v, planted %+v / %+v", muni, d.Beneficiary, d.Place, wantCounts[0], wantCounts[1])
		}
		if off {
			f.disclosureOff++
		}
	}
	return f
}

// TestRegisterSyncCommand: the command's flags, offline loading from the
// archive, and the serve schedule's flag.
func TestRegisterSyncCommand(t *testing.T) {
	_, _, files := registerWorld()
	reg := registertest.NewServer(files[0])
	defer reg.Close()
	dir := t.TempDir()
	var out bytes.Buffer
	args := []string{"register", "sync", "--data", dir, "--url", reg.URL, "--delay", "1ms", "--programmes", "1/1", "--log-level", "error"}
	if err := run(context.Background(), args, &out, io.Discard); err != nil || syncStatus(out.String(), "1/1") != fmt.Sprintf("loaded %d", len(files[0].Projects)) {
		t.Fatalf("sync: %v\n%s", err, out.String())
	}
	// Fetched less than --max-age ago: not fetched again.
	out.Reset()
	if err := run(context.Background(), args, &out, io.Discard); err != nil || !strings.HasPrefix(syncStatus(out.String(), "1/1"), "cached") {
		t.Errorf("second sync: %v\n%s", err, out.String())
	}
	// Offline, from the archive into another data directory.
	out.Reset()
	err := run(context.Background(), []string{"register", "sync", "--data", t.TempDir(), "--from", filepath.Join(dir, "register"),
		"--programmes", "1/1,2/1", "--log-level", "error"}, &out, io.Discard)
	if err != nil || !strings.HasPrefix(syncStatus(out.String(), "1/1"), "loaded") || !strings.HasPrefix(syncStatus(out.String(), "2/1"), "missing") {
		t.Errorf("--from: %v\n%s", err, out.String())
	}
	for _, bad := range [][]string{{"register"}, {"register", "pull"}, {"register", "sync", "--programmes", "x"}} {
		if err := run(context.Background(), append(bad, "--data", t.TempDir()), io.Discard, io.Discard); err == nil {
			t.Errorf("%v: no error", bad)
		}
	}
	if len(register.Programmes) != 29 {
		t.Error("the default programmes")
	}
}

// syncStatus reads a programme's status and projects from the sync's table.
func syncStatus(out, prog string) string {
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) >= 3 && f[0] == prog {
			return f[1] + " " + f[2]
		}
	}
	return ""
}

// TestServeRegisterEvery: serve --register-every syncs the register on its
// schedule, in the same process, and the disclosure answers from it.
func TestServeRegisterEvery(t *testing.T) {
	_, _, files := registerWorld()
	reg := registertest.NewServer(files[0])
	defer reg.Close()
	dir := t.TempDir()
	sites := filepath.Join(dir, "sites.yaml")
	site := "- municipality: Левски\n  start_urls: ['http://127.0.0.1:1/pr/']\n  allowed_domains: ['127.0.0.1:1']\n  follow: ['/pr/']\n" // never crawled here
	if err := os.WriteFile(sites, []byte(site), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &urlWriter{urls: make(chan string, 1)}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--data", filepath.Join(dir, "data"), "--addr", "127.0.0.1:0", "--sites", sites,
			"--register-every", "200ms", "--register-url", reg.URL, "--register-delay", "1ms", "--register-programmes", "1/1",
			"--log-level", "error"}, out, io.Discard)
	}()
	var base string
	select {
	case base = <-out.urls:
	case err := <-done:
		t.Fatalf("serve ended: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("serve printed no URL")
	}
	deadline := time.Now().Add(time.Minute)
	for {
		var d dataset.Disclosure
		if code := getJSON(t, base+"/api/v1/municipalities/"+url.PathEscape(registerMunis[0])+"/disclosure", &d); code == 200 {
			if d.Total.NotAnnounced == 0 || len(d.Programmes) != 1 {
				t.Errorf("disclosure after the scheduled sync: %+v", d.Total)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the scheduled register sync did not run")
		}
		time.Sleep(100 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve after shutdown: %v", err)
	}
}

package index

import (
	"fmt"
	"slices"
	"strings"

	"github.com/opendata-bg/opendata/dataset"
)

// generator makes any number of realistic records from the corpus truth by
// varying titles, municipalities, numbers, amounts and dates.
type generator struct {
	tmpl []dataset.Record
}

var genMunicipalities = []string{
	"Пещера", "Септември", "Пловдив", "Карлово", "Пазарджик", "Девня", "Видин", "Търговище",
	"Асеновград", "Сливен", "Бургас", "Монтана", "Перник", "Велико Търново", "Самоков", "Кърджали",
	"Поморие", "Разград", "Велинград", "Стара Загора", "Плевен", "Варна", "Русе", "Благоевград",
	"Габрово", "Добрич", "Кюстендил", "Ловеч", "Шумен", "Силистра", "Смолян", "Хасково",
	"Ямбол", "Враца", "Панагюрище", "Троян", "Ботевград", "Сандански", "Петрич", "Гоце Делчев",
	"Банско", "Разлог", "Чепеларе", "Златоград", "Свиленград", "Харманли", "Димитровград", "Казанлък",
}

var genWords = []string{
	"Ремонт", "Реконструкция", "Изграждане", "Обновяване", "Модернизация", "Рехабилитация",
	"Благоустрояване", "Енергийно обновяване", "Подкрепа", "Въвеждане", "Разширяване", "Оборудване",
}

var genObjects = []string{
	"на улици", "на детска градина", "на общински път", "на читалище", "на училище", "на парк",
	"на водопроводна мрежа", "на спортна зала", "на пазар", "на социален център", "на площад",
	"на канализация", "на пешеходна зона", "на културен дом", "на музей", "на стадион",
}

func newGenerator(tmpl []dataset.Record) *generator { return &generator{tmpl: tmpl} }

// record returns the i-th generated record; the same i gives the same record.
func (g *generator) record(i int) dataset.Record {
	t := g.tmpl[i%len(g.tmpl)]
	r := t
	mun := genMunicipalities[(i/len(g.tmpl))%len(genMunicipalities)]
	r.ID = fmt.Sprintf("GEN-%07d", i)
	r.Municipality = mun
	r.Beneficiary = "Община " + mun
	obj := genObjects[(i/7)%len(genObjects)]
	word := genWords[(i/3)%len(genWords)]
	title := t.Title
	if t.Municipality != "" {
		title = strings.ReplaceAll(title, t.Municipality, mun)
	}
	switch i % 3 {
	case 0:
		r.Title = fmt.Sprintf("%s %s в община %s", word, obj, mun)
	case 1:
		r.Title = title
	default:
		r.Title = fmt.Sprintf("%s – %s %s, етап %d", title, strings.ToLower(word), obj, i%5+1)
	}
	prefix := "BG16RFOP001-1.001"
	if len(t.ProcedureCodes) > 0 {
		prefix = t.ProcedureCodes[0]
	} else if p, ok := dataset.ProgrammeByCode(t.Programme); ok && len(p.Prefixes) > 0 {
		prefix = p.Prefixes[0] + fmt.Sprintf("-%d.%03d", i%5+1, i%40)
	}
	r.ContractNumbers = []string{fmt.Sprintf("%s-%04d-C%02d", prefix, i%10000, i/10000%100)}
	r.ProcedureCodes = []string{prefix}
	if t.Budget.Total != nil {
		total := *t.Budget.Total * (0.5 + float64(i%97)/50)
		r.Budget.Total = &total
		r.Budget.FillEUR()
	}
	shift := i % 12
	r.Period.Start = shiftYear(t.Period.Start, shift)
	r.Period.End = shiftYear(t.Period.End, shift)
	r.Published = shiftYear(t.Published, shift)
	r.Objectives = slices.Clone(t.Objectives)
	if len(r.Objectives) > 0 {
		r.Objectives[0] = strings.ReplaceAll(r.Objectives[0], t.Municipality, mun)
	}
	return r
}

// shiftYear moves an ISO date back by n years (never before 2007).
func shiftYear(iso string, n int) string {
	y := dataset.YearOf(iso)
	if y == 0 {
		return iso
	}
	y = max(y-n, 2007)
	return fmt.Sprintf("%04d%s", y, iso[4:])
}

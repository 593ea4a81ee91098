package dataset

import "regexp"

// MunicipalityCodes tells a municipality's ЕКАТТЕ code by its name, from
// the entries of the sites file: a name only one entry has gives that
// entry's code; a name two entries share (the two Бяла, in Русе and in
// Варна) gives none, since the name alone cannot say which. A nil
// *MunicipalityCodes knows no name.
type MunicipalityCodes struct {
	byKey map[string]string // MunicipalityKey(name) → code
	count map[string]int    // MunicipalityKey(name) → entries of that name
}

// NewMunicipalityCodes returns an empty directory.
func NewMunicipalityCodes() *MunicipalityCodes {
	return &MunicipalityCodes{byKey: map[string]string{}, count: map[string]int{}}
}

// Add notes an entry of the sites file: its municipality's name and its
// code ("" when the entry gives none).
func (m *MunicipalityCodes) Add(name, code string) {
	k := MunicipalityKey(name)
	if k == "" {
		return
	}
	m.count[k]++
	m.byKey[k] = code
}

// Code returns the code of the municipality called name: "" when no entry
// or more than one has that name, or the one that has it gives no code.
func (m *MunicipalityCodes) Code(name string) string {
	if m == nil {
		return ""
	}
	k := MunicipalityKey(name)
	if m.count[k] != 1 {
		return ""
	}
	return m.byKey[k]
}

// Shared reports whether more than one entry has the name.
func (m *MunicipalityCodes) Shared(name string) bool {
	return m != nil && m.count[MunicipalityKey(name)] > 1
}

// RecordCode is the municipality_code of a record that names the
// municipality name and was read from a page of the site of municipality
// siteName, whose entry's code is siteCode: the site's code when the record
// names the site's municipality, else the code of the municipality it
// names when only one entry has that name; "" for a record naming none.
func (m *MunicipalityCodes) RecordCode(name, siteName, siteCode string) string {
	switch {
	case MunicipalityKey(name) == "":
		return ""
	case MunicipalityKey(name) == MunicipalityKey(siteName):
		return siteCode
	}
	return m.Code(name)
}

// municipalityCodeRe is the shape of an ЕКАТТЕ municipality code: the
// province's three Latin letters and two digits (PAZ21, RSE04).
var municipalityCodeRe = regexp.MustCompile(`^[A-Z]{3}[0-9]{2}$`)

// IsMunicipalityCode reports whether s has the shape of an ЕКАТТЕ
// municipality code (PAZ21): no municipality's name does.
func IsMunicipalityCode(s string) bool { return municipalityCodeRe.MatchString(s) }

// provinces are the provinces (области) by the three letters that begin
// their municipalities' ЕКАТТЕ codes, with their NUTS 3 codes (the register
// names places by them).
var provinces = map[string]struct{ name, nuts3 string }{
	"BGS": {"Бургас", "BG341"}, "BLG": {"Благоевград", "BG413"}, "DOB": {"Добрич", "BG332"},
	"GAB": {"Габрово", "BG322"}, "HKV": {"Хасково", "BG422"}, "JAM": {"Ямбол", "BG343"},
	"KNL": {"Кюстендил", "BG415"}, "KRZ": {"Кърджали", "BG425"}, "LOV": {"Ловеч", "BG315"},
	"MON": {"Монтана", "BG312"}, "PAZ": {"Пазарджик", "BG423"}, "PDV": {"Пловдив", "BG421"},
	"PER": {"Перник", "BG414"}, "PVN": {"Плевен", "BG314"}, "RAZ": {"Разград", "BG324"},
	"RSE": {"Русе", "BG323"}, "SFO": {"София", "BG412"}, "SHU": {"Шумен", "BG333"},
	"SLS": {"Силистра", "BG325"}, "SLV": {"Сливен", "BG342"}, "SML": {"Смолян", "BG424"},
	"SOF": {"София (столица)", "BG411"}, "SZR": {"Стара Загора", "BG344"}, "TGV": {"Търговище", "BG334"},
	"VAR": {"Варна", "BG331"}, "VID": {"Видин", "BG311"}, "VRC": {"Враца", "BG313"},
	"VTR": {"Велико Търново", "BG321"},
}

// ProvinceOfCode returns the province (област) of a municipality by its
// ЕКАТТЕ code (RSE04 → Русе), "" for a code of no province.
func ProvinceOfCode(code string) string {
	if !IsMunicipalityCode(code) {
		return ""
	}
	return provinces[code[:3]].name
}

// NUTS3OfCode returns the NUTS 3 code of the province of a municipality
// by its ЕКАТТЕ code (RSE04 → BG323), "" for a code of no province.
func NUTS3OfCode(code string) string {
	if !IsMunicipalityCode(code) {
		return ""
	}
	return provinces[code[:3]].nuts3
}

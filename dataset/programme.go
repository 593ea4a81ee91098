package dataset

// Programme is one entry of the programme table in ../spec/record.md.
type Programme struct {
	Code     string   // OPAC, OPRD, …
	Name     string   // the Bulgarian name
	English  string   // the English name
	Prefixes []string // code prefixes of its procedures and contracts
	Funds    []string // the funds it usually draws on
}

// Programmes lists every programme code a record may carry, in the order of record.md.
var Programmes = []Programme{
	{"OPAC", "Оперативна програма „Административен капацитет“ 2007–2013", "Operational Programme Administrative Capacity 2007–2013", []string{"BG051PO002"}, []string{"ESF"}},
	{"OPRD", "Оперативна програма „Регионално развитие“ 2007–2013", "Operational Programme Regional Development 2007–2013", []string{"BG161PO001"}, []string{"ERDF"}},
	{"OPHRD", "Оперативна програма „Развитие на човешките ресурси“ 2007–2013", "Operational Programme Human Resources Development 2007–2013", []string{"BG051PO001"}, []string{"ESF"}},
	{"OPE", "Оперативна програма „Околна среда“ 2007–2013", "Operational Programme Environment 2007–2013", []string{"BG161PO005"}, []string{"ERDF", "CF"}},
	{"OPCOMP", "Оперативна програма „Развитие на конкурентоспособността на българската икономика“ 2007–2013", "Operational Programme Competitiveness 2007–2013", []string{"BG161PO003"}, []string{"ERDF"}},
	{"RDP", "Програма за развитие на селските райони", "Rural Development Programme", []string{"BG06RDNP001"}, []string{"EAFRD"}},
	{"OPRG", "Оперативна програма „Региони в растеж“ 2014–2020", "Operational Programme Regions in Growth 2014–2020", []string{"BG16RFOP001"}, []string{"ERDF"}},
	{"OPGG", "Оперативна програма „Добро управление“ 2014–2020", "Operational Programme Good Governance 2014–2020", []string{"BG05SFOP001"}, []string{"ESF"}},
	{"OPHRD14", "Оперативна програма „Развитие на човешките ресурси“ 2014–2020", "Operational Programme Human Resources Development 2014–2020", []string{"BG05M9OP001"}, []string{"ESF"}},
	{"OPE14", "Оперативна програма „Околна среда“ 2014–2020", "Operational Programme Environment 2014–2020", []string{"BG16M1OP002"}, []string{"ERDF", "CF"}},
	{"OPIC", "Оперативна програма „Иновации и конкурентоспособност“ 2014–2020", "Operational Programme Innovation and Competitiveness 2014–2020", []string{"BG16RFOP002"}, []string{"ERDF"}},
	{"OPSESG", "Оперативна програма „Наука и образование за интелигентен растеж“ 2014–2020", "Operational Programme Science and Education for Smart Growth 2014–2020", []string{"BG05M2OP001"}, []string{"ESF", "ERDF"}},
	{"PRR", "Програма „Развитие на регионите“ 2021–2027", "Programme Development of the Regions 2021–2027", []string{"BG16FFPR003"}, []string{"ERDF"}},
	{"PHRD", "Програма „Развитие на човешките ресурси“ 2021–2027", "Programme Human Resources Development 2021–2027", []string{"BG05SFPR002"}, []string{"ESF"}},
	{"PEDU", "Програма „Образование“ 2021–2027", "Programme Education 2021–2027", []string{"BG05SFPR001"}, []string{"ESF"}},
	{"PENV", "Програма „Околна среда“ 2021–2027", "Programme Environment 2021–2027", []string{"BG16FFPR002"}, []string{"ERDF", "CF"}},
	{"PCIE", "Програма „Конкурентоспособност и иновации в предприятията“ 2021–2027", "Programme Competitiveness and Innovation in Enterprises 2021–2027", []string{"BG16RFPR001"}, []string{"ERDF"}},
	{"PTC", "Програма „Транспортна свързаност“ 2021–2027", "Programme Transport Connectivity 2021–2027", []string{"BG16FFPR001"}, []string{"ERDF", "CF"}},
	{"RDP27", "Стратегически план за развитие на земеделието и селските райони 2023–2027", "Strategic Plan for the Development of Agriculture and Rural Areas 2023–2027", []string{"BG06RDNP002"}, []string{"EAFRD"}},
	{"NRRP", "Национален план за възстановяване и устойчивост", "National Recovery and Resilience Plan", []string{"BG-RRP"}, []string{"NRRP"}},
	{"INTERREG", "Програма за трансгранично или транснационално сътрудничество Interreg", "Interreg cross-border or transnational programme", []string{"ROBG", "BGMK", "BGTR", "GRBG", "RSBG", "BGRS"}, []string{"ERDF"}},
	{"OTHER", "Друга програма или фонд", "Other programme or fund", nil, nil},
}

// Funds lists the fund codes a record may carry.
var Funds = []string{"ESF", "ERDF", "CF", "EAFRD", "EMFF", "NRRP", "OTHER"}

// ProgrammeByCode returns the programme with the code, and whether there is one.
func ProgrammeByCode(code string) (Programme, bool) {
	for _, p := range Programmes {
		if p.Code == code {
			return p, true
		}
	}
	return Programme{}, false
}

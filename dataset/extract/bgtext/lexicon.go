package bgtext

import "unicode/utf8"

// The lexicon: the label words the readers of a page look for, by what
// they mark. A new phrasing of a label is one word here (and one row of
// the table test of the reader that uses it).

var (
	// NotProjectMoney an amount's clause about money that is not the project's: firm contracts, estimates, shares, events, prices, a call's budget, payments.
	NotProjectMoney = []string{"строител", "смр", "инженеринг", "изпълнител", "надзор", "доставк", "прогнозн", "поръчк",
		"частта на", "бюджет на община", "бюджетът на община", "бюджета на община", "дял", "процент", "тръжна", "цена",
		"депозит", "билет", "програмата е", "програма е на стойност", "гаранция", "партньор", "капиталови",
		"рамка на бюджета", "на процедурата", "по процедурата е", "помощ по процедурата", "бфп по процедурата", "на мярката",
		"на подмярката", "по мярката е", "по подмярката е", "помощ по мярката", "помощ по подмярката", "бфп по мярката",
		"бфп по подмярката", "на схемата", "по схемата е", "на поканата", "по поканата е", "на приема", "максимал",
		"минимал", "всички проекти", "проектите на", "плащан", "аванс", "верифиц", "изплат", "възстанов", "корекци",
		"остатък", "% от", "изпълнените", "усвоен", "изразходван", "отчетен", "спечелените", "оборудването",
		"стойност на ремонта", "стойност на обекта", "стойност на обектите", "стойност на дейност", "стойността на дейност"}

	// GrantMarks mark an amount as the grant.
	GrantMarks = []string{"безвъзмезд", "бфп"}

	// FundedByWords before a fund's name, describe the project ("финансиран чрез …"), not an amount.
	FundedByWords = []string{"чрез", "подкрепа на"}

	// BoundWords make a percentage a bound, not the grant's rate.
	BoundWords = []string{"максимал", "минимал", "до "}

	// ItsValueWords refer to the project by a pronoun: "Стойността ѝ възлиза на …".
	ItsValueWords = []string{"стойността ѝ", "стойността й", "стойността му", "бюджетът му", "бюджетът ѝ", "бюджетът й"}

	// WorksWords make a sentence about works, a firm or a delivery.
	WorksWords = []string{"строител", "смр", "инженеринг", "изпълнител", "надзор", "доставк"}

	// FirmContractWords before a number, make it a contract with a firm or a decision, not the grant.
	FirmContractWords = []string{"строител", "смр", "изпълнител", "инженеринг", "доставка", "надзор",
		"обществена поръчка", "за продажба", "наем", "решение", "протокол", "заповед", "акт ", "аос", "наредба", "обявление",
		"поръчка"}

	// FirmAfterWords after a number, make it a contract with a firm.
	FirmAfterWords = []string{"с изпълнител", "с фирма", "за строителство", "за доставка", "за инженеринг", "за услуга",
		"за упражняване", "за изпълнение на смр", "еоод", " оод", " еад", " ад ", "дззд", "за продажба", "за наем"}

	// FirmRoleLabels label a firm's column in a table of contracts.
	FirmRoleLabels = []string{"изпълнител", "доставчик", "консултант", "фирма", "подизпълнител"}

	// ContractWords before "№", make the number a contract's.
	ContractWords = []string{"договор", "дбфп", "споразумение"}

	// ContractLabels label a contract number.
	ContractLabels = []string{"договор", "код на проекта", "референтен номер", "номер на проекта", "project code", "subsidy contract", "grant contract", "contract no", "contract number", "project number", "project id"}

	// ContractFactLabels name another fact of a contract than its number:
	// "Стойност по договора: 2 987 515,20 лв.", "Срок на изпълнение по
	// договор: 36 месеца".
	ContractFactLabels = []string{"стойност", "срок", "дата", "размер", "бюджет", "период", "продължителност", "сума", "финансиране", "начало", "край", "value", "date", "budget", "duration"}

	// RegistrationWords before a registration number, make it the project's.
	RegistrationWords = []string{"проект", "договор", "дбфп", "исун", "регистрационен"}

	// WorksTermWords make a date or a term the works' or a firm's, not the project's.
	WorksTermWords = []string{"смр", "строително-монтаж", "договора за строителство", "договор за строителство",
		"строителните работи", "строителството", "строителни работи", "инженеринг", "изпълнителя", "изпълнителят", "гаранц"}

	// NotPeriodWords make a date a signing, decision, publication, application or meeting date.
	NotPeriodWords = []string{"подпис", "сключ", "анекс", "решение", "протокол", "публикува", "актуализ", "редакция",
		"актуална", "прочетена", "заповед", "обявлен", "оферт", "днес", "пресконференция", "ще се проведе", "проведе",
		"подава", "заявлени", "кандидат", "прием", "плащане", "регистрация", "конкурс", "събрание", "заседание"}

	// EventWords after a range, make it an event's days.
	EventWords = []string{"ще се проведе", "се проведе", "се проведоха", "ще се проведат", "обучени", "семинар",
		"конференция", "среща", "фестивал", "изложение", "модул", "кампания"}

	// PublicationLabels label a publication or update date.
	PublicationLabels = []string{"публикува", "актуализ", "редакция"}

	// NotProjectTermWords make a term the works', a guarantee's, an age or a procedure's.
	NotProjectTermWords = []string{"смр", "строител", "строително", "гаранц", "договор за строителство", "поддръжка",
		"възраст", "подаване", "заявлени", "кандидатств", "прием", "плащане", "обжалване", "предизвестие", "доставк",
		"изпълнител", "работите", "инженеринг", "надзор", "устойчивост", "услугата", "обучението"}

	// NotProjectLastsWords before "продължи", make the subject something other than the project.
	NotProjectLastsWords = []string{"ремонт", "работ", "дейност", "обучени", "курс", "услуга"}

	// NotTermLabels make a "Срок" label another term's.
	NotTermLabels = []string{"гаранц", "обжалване", "оферт", "смр", "строител", "поддръжка", "договора за"}

	// NotTitleLabels label a value, number, code, term or programme, never the name.
	NotTitleLabels = []string{"програм", "процедур", "бенефициент", "стойност", "номер", "код", "срок", "бюджет",
		"договор", "статус", "период", "дата", "№", "размер", "финансира", "изпълнител", "място", "местоположение", "цел"}

	// TitleLabels label the project's name.
	TitleLabels = []string{"наименование", "име на проекта", "название", "заглавие"}

	// FundingNotes start the funding note a programme makes every project print.
	FundingNotes = []string{"с финансовата подкрепа", "съфинансиран от европейския", "инвестира във вашето бъдеще",
		"инвестираме във вашето бъдеще", "не представлява непременно", "цялата отговорност", "европа инвестира",
		"проектът е съфинансиран", "този материал е създаден", "работим заедно", "сподели", "отпечатай", "версия за печат"}

	// FactLineWords make a line a fact (contact, money, firm, contract), not a list item.
	FactLineWords = []string{"тел.", "телефон", "e-mail", "имейл", "@", "за повече информация", "изпълнител", "лв.",
		"евро", "€", "договор №"}

	// UpdateWords make a date line an update's, not the publication's.
	UpdateWords = []string{"актуализ", "редакция", "актуална", "промен", "обновен", "последн", "modified", "updated"}

	// NoneWords say there is none ("Партньори: няма").
	NoneWords = []string{"неприложим", "няма"}

	// SiteMadeWords say the site itself was made with a project's money.
	SiteMadeWords = []string{"създаден", "изработен", "разработен", "реализиран", "финансиран", "осъществен"}

	// IdentityLabels label a name whatever its length.
	IdentityLabels = []string{"наименование", "бенефициент", "програма", "процедура", "договор", "партньор", "изпълнител",
		"код на проекта", "име на проекта"}

	// CouncilWords mark a council's session or decisions.
	CouncilWords = []string{"заседание", "сесия", "решени"}

	// BeneficiaryLabels label the holder.
	BeneficiaryLabels = []string{"бенефициент", "водещ партньор", "beneficiary", "lead partner"}

	// TotalWords name the project's total value.
	TotalWords = []string{"обща стойност", "общата стойност", "обща сума", "стойност на проекта", "стойността на проекта", "общ бюджет",
		"общият бюджет", "бюджет на проекта", "бюджетът на проекта", "бюджета на проекта", "общ размер", "общия размер", "общият размер",
		"проектът е на стойност", "стойност на договора за бфп", "обща стойност на инвестицията",
		"бюджет по проекта", "бюджетът по проекта", "бюджета по проекта", "стойност по проекта", "стойността по проекта",
		"общата му стойност", "общата ѝ стойност", "общата й стойност", "общият му бюджет", "общият ѝ бюджет", "общият й бюджет",
		"е с бюджет", "е с общ бюджет", "е с обща стойност",
		"total value", "total budget", "total cost", "total eligible", "project value", "project budget"}

	// GrantWords name the grant.
	GrantWords = []string{"безвъзмезд", "бфп", "размер на помощта", "размерът на помощта"}

	// EUWords name the EU's share.
	EUWords = []string{"европейско финансиране", "европейското финансиране", "финансирането от ес", "европейски фонд", "от европейския", "ефрр", "есф", "езфрср", "кохезионния", "европейския социален", "европейския фонд", "финансиране от ес",
		"механизма за възстановяване", "механизъм за възстановяване", "erdf", "eu contribution", "eu co-financing", "eu funding", "esf+", "european regional development fund"}

	// NationalWords name the national co-financing.
	NationalWords = []string{"национално съфинансиране", "националното съфинансиране", "национален бюджет", "националния бюджет", "републиканския бюджет", "държавния бюджет", "national co-financing", "national contribution"}

	// OwnWords name the beneficiary's own contribution.
	OwnWords = []string{"собствен принос", "собствено участие", "собствени средства", "собственото участие", "собственият принос",
		"собствения принос", "съфинансиране от общината", "съфинансирането от общината", "общинско съфинансиране", "общинското съфинансиране", "own contribution", "own co-financing"}

	// TotalLabels are the labels of a fact table that name the project's value alone.
	TotalLabels = map[string]bool{"бюджет": true, "стойност": true, "общ бюджет": true, "обща стойност": true,
		"стойност по договора": true, "стойност на договора": true, "обща стойност по договора": true, "обща стойност на договора": true,
		"бюджет на проекта": true, "стойност на проекта": true, "размер на проекта": true, "обща сума": true,
		"total value": true, "total budget": true, "budget": true, "total cost": true}

	// FirmRoles name the firm's side of a contract.
	FirmRoles = []string{"доставчик", "изпълнител", "строител", "консултант"}

	// RelatedHeads name a section of other news or links below an article.
	RelatedHeads = []string{"още новини", "други новини", "свързани новини", "последни новини", "още от категорията",
		"виж още", "вижте още", "прочетете още", "свързани статии", "други публикации", "свързани публикации", "още публикации",
		"последни публикации", "related", "related posts", "more news", "архив новини"}

	// AmountWords are the words a value made only of amounts may hold besides them: VAT notes and currencies.
	AmountWords = map[string]bool{"с": true, "без": true, "ддс": true, "вкл": true, "включително": true, "или": true,
		"лв": true, "лева": true, "евро": true, "bgn": true, "eur": true, "€": true, "в": true, "т.ч": true}

	// StartWords before a date, make it the project's start.
	StartWords = []string{"начало", "начална дата", "дата на стартиране", "стартира", "започна", "започва", "влизане в сила", "считано от", "дата на започване", "старт на проекта", "start date", "starting date", "project start"}

	// EndWords before a date, make it the project's end.
	EndWords = []string{"край", "крайна дата", "краен срок", "дата на приключване", "приключ", "завърш", "дата на завършване", "end date", "completion date", "project end"}

	// ProcurementMarkers mark a procurement notice (three of them make the page one).
	ProcurementMarkers = []string{"прогнозна стойност", "оферти", "номер в роп", "цаис еоп", "обществена поръчка",
		"обществената поръчка", "вид на процедурата", "обособени позиции", "обособена позиция", "гаранция за изпълнение",
		"краен срок за получаване", "възложител:", "документация за участие"}

	// PendingWords are the status of a proposal that awaits its evaluation
	// or its contract: it is not a project yet.
	PendingWords = []string{"в процес на оценка", "предстои сключване на договор", "предстои оценка", "очаква оценка", "на етап оценка",
		"подадено проектно предложение", "в процес на кандидатстване", "в процес на административна проверка"}

	// ApplyingWords tell of applying for money: a proposal, unless a
	// contract or the start of work is named too.
	ApplyingWords = []string{"подаде проектно предложение", "подадоха проектно предложение", "подаде проект ", "кандидатства с проект",
		"кандидатства за ", "кандидатства по ", "исканата безвъзмездна", "искана безвъзмездна", "исканата бфп", "искана бфп",
		"исканият размер", "искания размер", "исканото финансиране", "искано финансиране", "за кандидатстване с проект",
		"ако предложението бъде одобрено", "ако проектът бъде одобрен", "ако проектното предложение бъде одобрено"}

	// EarlierProjectWords tell that a project named in a sentence is an
	// earlier one the text's subject continues.
	EarlierProjectWords = []string{"продължава сътрудничеството", "продължава работата", "продължава изпълнения", "продължава изпълнението на",
		"продължава започнат", "продължение на проект", "продължение на успешн",
		"надгражда", "предходния проект", "предишния проект", "предходен проект", "предишен проект", "по-ранния проект"}

	// SignedWords tell of a signed contract or work under way.
	SignedWords = []string{"подписа договор", "подписаха договор", "подписан договор", "подписа административен", "подписаха административен",
		"подписан административен", "е подписан", "подписването на договор", "сключен", "сключи ", "сключиха", "стартира", "започна",
		"приключи", "завърши", "в изпълнение", "изпълнява проект", "се изпълнява от"}

	// TextFactLabels are the labels of a project's facts that a copy of a
	// page's text prints alone on a line over their values.
	TextFactLabels = map[string]bool{"програма": true, "оперативна програма": true, "процедура": true, "договор": true,
		"номер на договора": true, "договор за бфп": true, "бенефициент": true, "водещ партньор": true, "партньор": true,
		"партньори": true, "изпълнител": true, "изпълнители": true, "обща стойност": true, "стойност": true,
		"стойност на проекта": true, "обща стойност на проекта": true, "бюджет": true, "бюджет на проекта": true, "бфп": true,
		"безвъзмездна финансова помощ": true, "размер на бфп": true, "собствен принос": true, "финансиране": true,
		"срок": true, "срок за изпълнение": true, "срок на изпълнение": true, "период": true, "период на изпълнение": true,
		"начална дата": true, "крайна дата": true, "начало": true, "край": true, "продължителност": true, "статус": true,
		"наименование": true, "наименование на проекта": true, "място на изпълнение": true, "местоположение": true,
		"код на проекта": true, "project code": true, "programme": true, "beneficiary": true, "lead partner": true,
		"total budget": true, "start date": true, "end date": true, "duration": true}

	// ControlWords start the labels of a page's controls (filters, page
	// size, font size, search) as a copy of the page's text holds them.
	ControlWords = []string{"показване на №", "показване на #", "покажи #", "покажи №", "филтриране по", "филтър по", "сортиране по",
		"подреди по", "резултати на страница", "увеличи шрифта", "намали шрифта", "версия за печат", "версия за хора със"}

	// CallMarkers are the terms of a call for proposals: a page that states
	// three of them announces a call, not a project.
	CallMarkers = []string{"допустими кандидати", "допустим кандидат", "прием на проектни предложения", "срок за кандидатстване",
		"бюджет на процедурата", "бюджетът на процедурата", "интензитет на помощта", "по процедурата:", "за един проект",
		"минимален размер на", "максимален размер на", "информационен ден", "информационна среща за представяне",
		"кандидатстване по процедурата"}

	// FactLabels name a project's facts in a fact box.
	FactLabels = []string{"обща стойност", "стойност на проекта", "бюджет", "начало", "край", "срок", "договор", "бфп",
		"безвъзмездн", "продължителност", "бенефициент", "програма"}
)

// Windows: how far, in letters (runes), a reader looks around a value for
// the words that say what it is. Counted in letters, not bytes: a Cyrillic
// letter takes two bytes, a Latin one one.
const (
	// NearWindow: the words just before a code ("по проект", "код").
	NearWindow = 25
	// FundedByWindow: the words before a fund's name that make it
	// describe the project ("финансиран чрез …").
	FundedByWindow = 20
	// RoleAfterWindow: the words after an amount that name its role ("са
	// безвъзмездно финансиране").
	RoleAfterWindow = 30
	// AddressWindow: the words before "№" that make it a house number.
	AddressWindow = 60
	// FirmAfterWindow: the words after a contract number that make it a
	// firm's ("с изпълнител …").
	FirmAfterWindow = 60
	// DocumentWindow: the words before a date that make it a numbered
	// document's ("договор № … от").
	DocumentWindow = 60
	// EventWindow: the words after a range that make it an event's days.
	EventWindow = 120
)

// LastRunes returns the last n letters (runes) of s.
func LastRunes(s string, n int) string { return s[backRunes(s, len(s), n):] }

// FirstRunes returns the first n letters (runes) of s.
func FirstRunes(s string, n int) string {
	i := 0
	for ; n > 0 && i < len(s); n-- {
		_, m := utf8.DecodeRuneInString(s[i:])
		i += m
	}
	return s[:i]
}

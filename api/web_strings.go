package api

// The page's strings added with the charts, the municipality pages, the
// structured warnings and the page metadata; newCatalogs joins them to
// stringsBG and stringsEN.

var pageBG = map[string]string{
	"month":             "%d месец",
	"budget.item":       "Перо",
	"quote":             "„%s“",
	"field.amount_eur":  "Сума в евро",
	"field.stated_name": "Програмата според страницата",
	"desc.municipality": "община %s",
	"og.locale":         "bg_BG",
	"og.locale.other":   "en_GB",

	"warn.budget.grant_above_total": "Безвъзмездната помощ (%s) е по-голяма от общата стойност (%s).",
	"warn.budget.own_above_total":   "Собственият принос (%s) е по-голям от общата стойност (%s).",
	"warn.budget.rate_mismatch":     "Безвъзмездната помощ е %s от общата стойност, а страницата посочва съфинансиране %s.",
	"warn.period.ends_before_start": "Крайната дата (%s) е преди началната (%s).",
	"warn.period.duration_mismatch": "Страницата посочва продължителност %s, а датите обхващат %s.",
	"warn.period.two_end_dates":     "Страницата посочва две крайни дати: %s и %s.",
	"warn.sources_disagree":         "%s: източниците се разминават — %s (%s, запазено като най-ново) и %s (%s).",
}

var pageEN = map[string]string{
	"month":             "%d month",
	"budget.item":       "Item",
	"quote":             "“%s”",
	"field.amount_eur":  "Amount in euro",
	"field.stated_name": "Programme as the page names it",
	"desc.municipality": "municipality of %s",
	"og.locale":         "en_GB",
	"og.locale.other":   "bg_BG",

	"warn.budget.grant_above_total": "The grant (%s) is larger than the total value (%s).",
	"warn.budget.own_above_total":   "The own contribution (%s) is larger than the total value (%s).",
	"warn.budget.rate_mismatch":     "The grant is %s of the total value, but the page states a co-financing rate of %s.",
	"warn.period.ends_before_start": "The end date (%s) is before the start date (%s).",
	"warn.period.duration_mismatch": "The page states a duration of %s, but the dates span %s.",
	"warn.period.two_end_dates":     "The page gives two end dates: %s and %s.",
	"warn.sources_disagree":         "%s: the sources disagree — %s (%s, kept as the newest) and %s (%s).",
}

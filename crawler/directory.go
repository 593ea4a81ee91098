package crawler

import (
	"net/url"

	"github.com/opendata-bg/opendata/dataset"
)

// Directory answers, from the entries of a sites file, which municipality
// a name or an archived page belongs to: the codes of the names only one
// entry has, and the entry of a page archived before pages carried their
// site's code.
type Directory struct {
	sites []Site
	codes *dataset.MunicipalityCodes
}

// NewDirectory returns the directory of the entries sites.
func NewDirectory(sites []Site) *Directory {
	d := &Directory{sites: sites, codes: dataset.NewMunicipalityCodes()}
	for i := range sites {
		d.codes.Add(sites[i].Municipality, sites[i].Ekatte)
	}
	return d
}

// Codes returns the codes of the entries by name.
func (d *Directory) Codes() *dataset.MunicipalityCodes { return d.codes }

// PageCode returns the ЕКАТТЕ code of the site an archived page belongs
// to: the one it was archived with; else, for a page archived before
// pages kept it, that of the entry of its municipality — the only entry
// of that name, or, when several share it (the two Бяла), the one whose
// allowed domains hold the page's URL (or the URL it was fetched at); ""
// when none or more than one fits.
func (d *Directory) PageCode(p dataset.Page) string {
	if p.MunicipalityCode != "" {
		return p.MunicipalityCode
	}
	var named []*Site
	key := dataset.MunicipalityKey(p.Municipality)
	for i := range d.sites {
		if key != "" && dataset.MunicipalityKey(d.sites[i].Municipality) == key {
			named = append(named, &d.sites[i])
		}
	}
	if len(named) == 1 {
		return named[0].Ekatte
	}
	var found *Site
	for _, s := range named {
		if pageOn(s, p) {
			if found != nil {
				return ""
			}
			found = s
		}
	}
	if found == nil {
		return ""
	}
	return found.Ekatte
}

// pageOn reports whether the page's URL, or the URL it was fetched at, is
// on the site's allowed domains.
func pageOn(s *Site, p dataset.Page) bool {
	for _, raw := range []string{p.URL, p.FinalURL} {
		if u, err := url.Parse(raw); err == nil && s.Allowed(u) {
			return true
		}
	}
	return false
}

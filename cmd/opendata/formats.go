package main

import (
	"github.com/opendata-bg/opendata/dataset"
	"github.com/opendata-bg/opendata/dataset/parquet"
	"github.com/opendata-bg/opendata/dataset/sqlite"
	"github.com/opendata-bg/opendata/dataset/xlsx"
)

// downloadFormats is the one table of download formats: the API's routes
// (/api/v1/projects.NAME), the export command's --format, the page's
// buttons and the data package's resources are all made from it, in this
// order. Adding a format is adding its entry here.
func downloadFormats() dataset.Formats {
	return dataset.Formats{
		dataset.CSVFormat,
		xlsx.Format,
		dataset.JSONFormat,
		dataset.NDJSONFormat,
		parquet.Format,
		sqlite.Format,
	}
}

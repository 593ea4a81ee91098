module github.com/opendata-bg/opendata

go 1.26.8

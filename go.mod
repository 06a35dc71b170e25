module dropsight

go 1.26.8

require (
	github.com/goccy/go-json v0.12.0
	github.com/rivo/uniseg v0.4.7
)

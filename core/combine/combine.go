// Package combine consolidates a folder of mixed files into NDJSON: each
// subfolder becomes one output, <subfolder>.json.gz, and the loose files at
// the top become one output named after the folder. It reads CSV (comma,
// tab, semicolon or pipe separated, as package delimited reads them), NDJSON,
// JSON arrays and pretty-printed JSON objects, gzipped or not, in one pass
// over every input, with memory bounded by the largest record rather than
// by the inputs.
//
// It works in two steps. Plan looks at the first 64 KiB of each file: its
// format, its CSV dialect, its columns, and the evidence for each column's
// type; the plan says which files go where and how every column will be
// written, before anything is written. A Writer then streams the files of
// one output, in order, into NDJSON. Natively Run does both and compresses
// the outputs; in a browser the page feeds the bytes and compresses.
//
// # Rows
//
// Files are read in the byte-wise order of their paths, rows in file order.
// A JSON record (an NDJSON line, an array element, a whole-file object) is
// written as it stands, byte for byte; one that spans several lines is put
// on one line by dropping the white space between its tokens (counted as
// compacted). A CSV row becomes an object of its columns, keys in the
// output's column order (below), values as the column's type says. Skipped
// and counted, never written: blank lines, empty objects ({}), and CSV rows
// whose cells are all empty. Rejected with file, line and reason: records
// that are not valid JSON objects (strings with raw control characters or
// bad escapes included, since other readers would refuse them), CSV rows
// with the wrong number of fields or a broken quote, and the rest of a gzip
// stream that breaks (the rows before the break are kept).
//
// # Columns and types
//
// An output's columns are the union of its files' columns: CSV header names
// and JSON top-level keys, in the order first seen going through the files
// in order (keys first met past a file's first 64 KiB come last). Each
// column that CSV files hold gets a type, decided from the evidence of the
// planned heads (one pass: nothing is read twice) and shown in the plan:
//
//   - integer: every non-empty CSV cell seen is an integer as package cell
//     defines it (canonical, at most 15 digits), and the JSON files hold
//     integers or nothing there;
//   - number: the same with decimals too;
//   - boolean: every non-empty CSV cell is true or false, and the JSON files
//     hold booleans or nothing;
//   - string: anything else (a cell such as "007", "1e5" or "NA", or JSON
//     strings in that column).
//
// In integer, number and boolean columns a cell of that kind is written as
// its text, unquoted; an empty cell as null. A cell further down the file
// that does not fit ("N/A" under numbers) is written as a string, as
// written, and counted (keptAsText, with its file and line): nothing is
// lost, and the summary says which columns are not uniform, to run again
// with that column's type set to string. In string columns every cell is a
// string, the empty one "" (null with EmptyAsNull). Params.Nulls names
// cell texts written as null in every column.
//
// A type given in Params.Types overrides the decision, and converts more
// loosely, because the user asked for it: number takes any finite decimal
// or exponent form after trimming spaces ("007" is 7, "1e5" 100000, written
// in the shortest form), integer the same when the value is whole and below
// 2^53, boolean true/false/t/f/yes/no/y/n/1/0 in any case.
package combine

import (
	"fmt"
	"slices"
	"strings"
)

// Column types.
const (
	TypeString  = "string"
	TypeInteger = "integer"
	TypeNumber  = "number"
	TypeBoolean = "boolean"
)

// Formats of the files of an output, as the plan names them.
const (
	FormatCSV       = "csv"
	FormatNDJSON    = "ndjson"
	FormatJSONArray = "json-array"
	FormatObject    = "object" // one JSON value, possibly pretty-printed
	FormatEmpty     = "empty"
)

// Params are what the user may change about a consolidation.
type Params struct {
	// Types overrides the type of CSV columns: the key is a column name
	// (in every output) or "output/column"; the value string, integer,
	// number or boolean.
	Types map[string]string `json:"types"`
	// Nulls are cell texts written as null in every column ("NA", "N/A",
	// "null"...); none by default.
	Nulls []string `json:"nulls"`
	// EmptyAsNull writes the empty cells of string columns as null (those
	// of typed columns always are).
	EmptyAsNull bool `json:"emptyAsNull"`
}

// Normalize checks the parameters and completes the zero value.
func (p *Params) Normalize() error {
	if p.Types == nil {
		p.Types = map[string]string{}
	}
	for k, v := range p.Types {
		t := strings.ToLower(strings.TrimSpace(v))
		switch t {
		case "str", "text":
			t = TypeString
		case "int":
			t = TypeInteger
		case "float", "double", "decimal":
			t = TypeNumber
		case "bool":
			t = TypeBoolean
		}
		if !slices.Contains([]string{TypeString, TypeInteger, TypeNumber, TypeBoolean}, t) {
			return fmt.Errorf("column %q: type %q is not string, integer, number or boolean", k, v)
		}
		p.Types[k] = t
	}
	if p.Nulls == nil {
		p.Nulls = []string{}
	}
	return nil
}

// override returns the type the user gave a column of an output.
func (p *Params) override(output, column string) (string, bool) {
	if t, ok := p.Types[output+"/"+column]; ok {
		return t, true
	}
	t, ok := p.Types[column]
	return t, ok
}

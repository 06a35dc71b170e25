package records

import (
	"bytes"
	"sort"
	"strings"

	json "github.com/goccy/go-json"
)

// Format names how records are laid out in an input.
type Format string

// The formats the readers understand.
const (
	NDJSON    Format = "ndjson"
	JSONArray Format = "json-array"
	Unknown   Format = "unknown"
)

// IsGzip reports whether data starts with the gzip magic bytes.
func IsGzip(head []byte) bool { return len(head) >= 2 && head[0] == 0x1f && head[1] == 0x8b }

// A Sniff describes an input from its first bytes (decompressed, if it is gzip).
type Sniff struct {
	Format Format `json:"format"`
	// Samples are complete records from the head, for shape detection.
	Samples [][]byte `json:"-"`
	// Keys are the field paths seen in the samples, sorted.
	Keys    []string `json:"keys"`
	Message string   `json:"message,omitempty"`
}

// SniffFormat looks at the (decompressed) head of an input.
func SniffFormat(head []byte) Sniff {
	head = bytes.TrimPrefix(head, bom)
	if isUTF16(head) {
		return Sniff{Format: Unknown, Message: notJSONUTF16}
	}
	i := 0
	for i < len(head) && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n') {
		i++
	}
	if i == len(head) {
		return Sniff{Format: Unknown, Message: "the file is empty"}
	}
	var s Sniff
	var sink sampleSink
	switch head[i] {
	case '[':
		s.Format = JSONArray
		var a Array
		a.Feed(head, &sink)
	case '{':
		s.Format = NDJSON
		var l Lines
		l.Feed(head, &sink) // the last, possibly cut, line is left unfinished
	default:
		return Sniff{Format: Unknown, Message: notJSONStart}
	}
	s.Samples = sink.records
	s.Keys = KeyPaths(s.Samples)
	if len(s.Samples) == 0 {
		s.Message = "no complete record in the first bytes"
	}
	return s
}

// Why a file is not JSON records, in the words of the file list and of the
// reject of a folder's file (see Whole).
const (
	notJSONUTF16 = "UTF-16 text: save the file as UTF-8 to read it"
	notJSONStart = "not JSON: the first character is neither '{' nor '['"
)

func isUTF16(head []byte) bool {
	return len(head) >= 2 && (head[0] == 0xFF && head[1] == 0xFE || head[0] == 0xFE && head[1] == 0xFF)
}

// whyNotJSON says why a value cannot be JSON from its first bytes (after
// a UTF-8 byte-order mark and blanks), or "" when it may be: a binary file
// or a UTF-16 one gets a reason about the file, not a syntax error at byte 0.
func whyNotJSON(value []byte) string {
	if isUTF16(value) {
		return notJSONUTF16
	}
	if len(value) == 0 || strings.IndexByte(`{["-0123456789tfn`, value[0]) >= 0 {
		return ""
	}
	return notJSONStart
}

type sampleSink struct{ records [][]byte }

func (s *sampleSink) Record(rec []byte, line int) {
	if len(s.records) < 50 {
		s.records = append(s.records, append([]byte(nil), rec...))
	}
}
func (s *sampleSink) Reject(int, string, []byte) {}

// KeyPaths lists the field paths found in JSON object records: nested
// objects give "a.b", arrays of objects give "a.b" for their elements'
// fields. Depth is limited to three levels.
func KeyPaths(recs [][]byte) []string {
	seen := map[string]bool{}
	for _, rec := range recs {
		var v map[string]any
		if json.Unmarshal(rec, &v) == nil {
			collect(v, "", 0, seen)
		}
	}
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func collect(v map[string]any, prefix string, depth int, seen map[string]bool) {
	for k, x := range v {
		p := prefix + k
		seen[p] = true
		if depth >= 2 {
			continue
		}
		switch x := x.(type) {
		case map[string]any:
			collect(x, p+".", depth+1, seen)
		case []any:
			for _, e := range x {
				if m, ok := e.(map[string]any); ok {
					collect(m, p+".", depth+1, seen)
				}
			}
		}
	}
}

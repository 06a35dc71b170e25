package engine

import (
	"bytes"
	"fmt"

	json "github.com/goccy/go-json"

	"dropsight/core/delimited"
	"dropsight/core/pipeline"
	"dropsight/core/records"
	"dropsight/core/tweets"
)

// SniffHeadBytes is how much of an input's start detection looks at.
const SniffHeadBytes = 64 << 10

// Sniff describes an input for the page's file list and for planning.
type Sniff struct {
	Name       string         `json:"name"`
	Format     records.Format `json:"format"`
	Gzip       bool           `json:"gzip"`
	Shape      string         `json:"shape"`
	Fields     tweets.Fields  `json:"fields"`
	Keys       []string       `json:"keys"`
	Splittable bool           `json:"splittable"`
	Message    string         `json:"message,omitempty"`

	// CSV is the dialect of a CSV input (Keys are then its columns); Role
	// is the role the engagement recipe would give it by its columns
	// ("interactions" or "metadata").
	CSV  *delimited.Dialect `json:"csv,omitempty"`
	Role string             `json:"role,omitempty"`
}

// SniffInput detects format and tweet shape from the head of an input. For
// a gzip file pass the compressed head: it reports Gzip and asks for the
// decompressed head (call again with gzip=true and those bytes).
func SniffInput(name string, head []byte, gzip bool) Sniff {
	if records.IsGzip(head) {
		return Sniff{Name: name, Format: records.Unknown, Gzip: true, Keys: []string{},
			Message: "gzip: decompress the head to detect the format"}
	}
	fs := records.SniffFormat(head)
	s := Sniff{Name: name, Format: fs.Format, Gzip: gzip, Keys: fs.Keys, Message: fs.Message}
	if s.Keys == nil {
		s.Keys = []string{}
	}
	s.Splittable = s.Format == records.NDJSON && !gzip
	if s.Format == records.Unknown {
		if c, ok := sniffCSV(s, head); ok {
			return c
		}
	}
	if s.Format == records.Unknown {
		s.Shape = "not readable"
		return s
	}
	kind := map[records.Format]string{records.NDJSON: "NDJSON", records.JSONArray: "JSON array"}[s.Format]
	s.describeRecords(func(what string) string { return kind + " of " + what })
	return s
}

// describeRecords names the shape of the records whose keys s holds, and
// takes their tweet fields: labelled tweets (what the sentiment pipeline
// reads: a text and a sentiment label), else tweets (a date, a user and a
// text), else records with so many fields. One file and a folder of files
// are described by this one rule, so that the page proposes the same recipe
// for either. described puts the shape in words for the kind of input.
func (s *Sniff) describeRecords(described func(what string) string) {
	fields, shape, isTweets := tweets.DetectFields(s.Keys)
	if isTweets {
		s.Fields = fields
	}
	if f, labelled, ok := pipeline.DetectFields(s.Keys); ok && f.Sentiment != "" {
		s.Shape = described(labelled)
		return
	}
	if isTweets {
		s.Shape = described(shape)
		return
	}
	s.Shape = described(fmt.Sprintf("records with %d fields", len(s.Keys)))
	if s.Message == "" {
		s.Message = "no known tweet shape: pick the date, user and text fields"
	}
}

// SniffFolder describes a folder's small files (format records.Object, each
// file read whole) from the heads of its first files, gzip ones given
// decompressed: the keys of up to 50 records, and the tweet or labelled
// tweet shape they make. files is how many files the folder holds. The native
// command and the page (wasm/engine) both describe a folder with it.
func SniffFolder(name string, files int, heads [][]byte) Sniff {
	s := Sniff{Name: name, Format: records.Object, Keys: []string{}}
	var sink sampleRecords
	for _, head := range heads {
		var w records.Whole
		w.Begin()
		w.Feed(head, &sink)
		w.Finish(&sink)
		if len(sink.recs) >= 50 {
			break
		}
	}
	if keys := records.KeyPaths(sink.recs); keys != nil {
		s.Keys = keys
	}
	if len(sink.recs) == 0 {
		s.Format = records.Unknown
		s.Message = "no JSON record in the folder's first files"
	}
	s.describeRecords(func(what string) string { return fmt.Sprintf("folder of %d JSON files of %s", files, what) })
	return s
}

// sampleRecords keeps the first 50 records it is given.
type sampleRecords struct{ recs [][]byte }

func (s *sampleRecords) Record(rec []byte, line int) {
	if len(s.recs) < 50 {
		s.recs = append(s.recs, bytes.Clone(rec))
	}
}
func (s *sampleRecords) Reject(int, string, []byte) {}

// FolderSniffFiles is how many of a folder's first files SniffFolder is given.
const FolderSniffFiles = 16

// WithFields returns tweet parameters that use the detected fields where the
// caller gave none.
func WithFields(params json.RawMessage, s Sniff) (json.RawMessage, error) {
	var p tweets.Params
	if len(params) > 0 {
		if err := json.Unmarshal(params, &p); err != nil {
			return nil, err
		}
	}
	if p.Fields.Date == "" {
		if s.Fields.Date == "" {
			return nil, fmt.Errorf("%s: %s", s.Name, firstNonEmpty(s.Message, "no date field found"))
		}
		p.Fields = s.Fields
	}
	if err := p.Normalize(); err != nil {
		return nil, fmt.Errorf("%s: %v", s.Name, err)
	}
	return json.Marshal(p)
}

func firstNonEmpty(a ...string) string {
	for _, s := range a {
		if s != "" {
			return s
		}
	}
	return ""
}

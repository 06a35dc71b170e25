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
	if f, shape, ok := tweets.DetectFields(fs.Keys); ok {
		s.Fields = f
		s.Shape = fmt.Sprintf("%s of %s", kind, shape)
	} else {
		s.Shape = fmt.Sprintf("%s of records with %d fields", kind, len(fs.Keys))
		if s.Message == "" {
			s.Message = "no known tweet shape: pick the date, user and text fields"
		}
	}
	return s
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
	described := func(what string) string { return fmt.Sprintf("folder of %d JSON files of %s", files, what) }
	if f, labelled, ok := pipeline.DetectFields(s.Keys); ok && f.Sentiment != "" {
		// Labelled tweets: the sentiment pipeline's shape says so.
		s.Shape = described(labelled)
		if fields, _, ok := tweets.DetectFields(s.Keys); ok {
			s.Fields = fields
		}
	} else if fields, shape, ok := tweets.DetectFields(s.Keys); ok {
		s.Fields = fields
		s.Shape = described(shape)
	} else {
		s.Shape = described(fmt.Sprintf("records with %d fields", len(s.Keys)))
	}
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

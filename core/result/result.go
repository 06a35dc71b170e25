// Package result defines the result document: the one JSON shape that the
// native command prints, the page shows and reports embed. Nothing shown
// anywhere is computed outside it.
package result

// Version is the engine's version, stamped into every document.
const Version = "0.1.0"

// MaxRejects is how many rejects a document lists; the total is always exact.
const MaxRejects = 1000

// Document is the outcome of one run of a recipe.
type Document struct {
	Recipe        string   `json:"recipe"`
	Version       string   `json:"version"`
	Parameters    any      `json:"parameters"`
	Inputs        []Input  `json:"inputs"`
	Results       any      `json:"results"`
	Rejects       []Reject `json:"rejects"`
	RejectedTotal int64    `json:"rejectedTotal"`
	// Skipped are files found in a folder that could not be read at all
	// (empty, binary, an unknown format): the run went on without them.
	Skipped []Skipped `json:"skipped,omitempty"`
	Metrics Metrics   `json:"metrics"`
}

// Skipped is a file left out of a run, and why.
type Skipped struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// Input describes one input file and what became of its records.
type Input struct {
	Name     string `json:"name"`
	Bytes    int64  `json:"bytes"`
	Records  int64  `json:"records"`
	Rejected int64  `json:"rejected"`
	Lines    int64  `json:"lines"`
	Format   string `json:"format"`
	Gzip     bool   `json:"gzip"`
	// Role is what the input holds when a recipe reads several kinds
	// (engagement: "interactions" or "metadata").
	Role string `json:"role,omitempty"`
	// Files is the number of files of a folder input (format "object": one
	// JSON value per file); its rejects name the files.
	Files int64 `json:"files,omitempty"`
}

// Reject is one record that could not be used, and why.
type Reject struct {
	Input  string `json:"input"`
	Line   int64  `json:"line"`
	Reason string `json:"reason"`
	// Text is the start of the rejected record (up to MaxRejectText bytes).
	Text string `json:"text,omitempty"`
}

// MaxRejectText bounds the record text kept with a reject.
const MaxRejectText = 1024

// MaxRejectsPerReason bounds how many rejects with the same reason a
// document lists, so that one failure repeated many times (a folder of
// 100,000 empty files) cannot push every other reject out of the list.
const MaxRejectsPerReason = 100

// A RejectSample is the list of rejects a document keeps: the first ones,
// at most MaxRejects in all and MaxRejectsPerReason with one reason. The
// zero value is empty and ready to use.
type RejectSample struct {
	list      []Reject
	perReason map[uint64]int
}

// reasonKind identifies a reason with its numbers left out: "invalid UTF-8
// at byte 12" and "... at byte 80" are one reason repeated, as a file of
// Latin-1 lines repeats it on every line. A hash, so that asking costs no
// allocation on a file of millions of bad lines.
func reasonKind(reason string) uint64 {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	for i := 0; i < len(reason); i++ {
		c := reason[i]
		if c >= '0' && c <= '9' {
			if i > 0 && reason[i-1] >= '0' && reason[i-1] <= '9' {
				continue
			}
			c = '#'
		}
		h = (h ^ uint64(c)) * prime
	}
	return h
}

// Wants reports whether a reject with this reason would be kept (ask before
// building its text).
func (s *RejectSample) Wants(reason string) bool {
	return len(s.list) < MaxRejects && s.perReason[reasonKind(reason)] < MaxRejectsPerReason
}

// Add keeps the reject if Wants says so.
func (s *RejectSample) Add(r Reject) {
	if !s.Wants(r.Reason) {
		return
	}
	if s.perReason == nil {
		s.perReason = map[uint64]int{}
	}
	s.perReason[reasonKind(r.Reason)]++
	s.list = append(s.list, r)
}

// List is the kept rejects, in the order they were added (never nil).
func (s *RejectSample) List() []Reject {
	if s.list == nil {
		return []Reject{}
	}
	return s.list
}

// Metrics say how the run went.
type Metrics struct {
	Engine          string  `json:"engine"` // "native" or "wasm"
	Workers         int     `json:"workers"`
	Seconds         float64 `json:"seconds"`
	Bytes           int64   `json:"bytes"`
	BytesPerSecond  float64 `json:"bytesPerSecond"`
	PeakMemoryBytes int64   `json:"peakMemoryBytes"`
	Records         int64   `json:"records"`
	Rejected        int64   `json:"rejected"`
	// Tasks is the run profile: one entry per range a worker processed.
	Tasks []TaskStats `json:"tasks,omitempty"`
	// Stages say where the run's time went (set by the merge).
	Stages *Stages `json:"stages,omitempty"`
	// Merge is where and when the merge ran, for the run profile's
	// timeline; the caller of the merge sets Worker and StartMs (in the
	// clock of the tasks' StartMs), the merge sets EndMs.
	Merge *MergeSpan `json:"merge,omitempty"`
}

// Stages say where a run's time went, in milliseconds. ReadMs and
// ParseAggregateMs add up every task's ReadMs and EngineMs: they are time
// summed over workers, so with several workers they can exceed the run's
// seconds. Parsing and aggregating are one stage: for JSON records the
// recipe pulls its fields out of each record while it counts them, and
// the browser's clock is too coarse to time each record (see README, "The
// run profile").
type Stages struct {
	ReadMs           float64 `json:"readMs"`
	ParseAggregateMs float64 `json:"parseAggregateMs"`
	// MergeMs is the engine's merge, from the first partial in to the
	// document built, in the one place that merges.
	MergeMs float64 `json:"mergeMs"`
	// RenderMs is the page drawing the document's views; the page adds it
	// after drawing, so it is absent from the engine's JSON.
	RenderMs *float64 `json:"renderMs,omitempty"`
}

// MergeSpan places the merge on the run profile's timeline.
type MergeSpan struct {
	Worker  int     `json:"worker"`
	StartMs float64 `json:"startMs"`
	EndMs   float64 `json:"endMs"`
}

// TaskStats describe one range processed by one worker.
type TaskStats struct {
	Worker     int     `json:"worker"`
	Input      int     `json:"input"`
	Range      int     `json:"range"`
	Bytes      int64   `json:"bytes"`
	Records    int64   `json:"records"`
	StartMs    float64 `json:"startMs"`
	EndMs      float64 `json:"endMs"`
	ReadMs     float64 `json:"readMs"`
	EngineMs   float64 `json:"engineMs"`
	PeakMemory int64   `json:"peakMemory"`
	// Restored marks a task done by an earlier attempt of a resumed run (the
	// page's checkpoint): its times are that attempt's, so the run profile
	// counts it but does not draw it on this attempt's timeline.
	Restored bool `json:"restored,omitempty"`
}

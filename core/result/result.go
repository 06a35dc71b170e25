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
	Metrics       Metrics  `json:"metrics"`
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
}

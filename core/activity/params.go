package activity

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// Params are the recipe's parameters. Zero values take the defaults
// (Normalize fills them in), except MinActiveSeconds, where only a missing
// value does: 0 is a valid lower bound.
type Params struct {
	// TimeZone reads timestamps without an offset, and cuts days, ISO weeks
	// and months. IANA name; "UTC" by default.
	TimeZone string `json:"timeZone"`
	// GapSeconds: a new session starts when the gap between two consecutive
	// event starts of a user is more than this (600).
	GapSeconds float64 `json:"gapSeconds"`
	// An event is active when MinActiveSeconds < duration < MaxActiveSeconds
	// (strict; 10 and 14400).
	MinActiveSeconds *float64 `json:"minActiveSeconds"`
	MaxActiveSeconds float64  `json:"maxActiveSeconds"`
	// PowerShare is the share of users that are power users (0.01).
	PowerShare float64 `json:"powerShare"`
	// AnomalyThreshold is the robust z-score above which a day is an
	// anomaly (3.5).
	AnomalyThreshold float64 `json:"anomalyThreshold"`
	// RetentionWeeks is how many of the last ISO weeks get a cohort (26).
	RetentionWeeks int `json:"retentionWeeks"`
	// TopUsers is how many users sessions.users lists (20); SessionTable
	// how many the per-user session table holds (1000).
	TopUsers     int `json:"topUsers"`
	SessionTable int `json:"sessionTable"`
	// Columns map the recipe's fields to the interaction log's columns;
	// MetadataColumns the metadata table's. Empty names are detected.
	Columns         Columns         `json:"columns"`
	MetadataColumns MetadataColumns `json:"metadataColumns"`
}

// Columns name the interaction log's columns (CSV header names, or
// top-level keys of JSON records).
type Columns struct {
	UserID     string `json:"user_id"`
	Timestamp  string `json:"timestamp"`
	ActionType string `json:"action_type"`
	PageID     string `json:"page_id"`
	DurationMs string `json:"duration_ms"`
	AppVersion string `json:"app_version"`
}

// MetadataColumns name the metadata table's user and join-date columns;
// every other column is a breakdown dimension, and the device column also
// splits the duration quantiles.
type MetadataColumns struct {
	UserID     string `json:"user_id"`
	JoinDate   string `json:"join_date"`
	DeviceType string `json:"device_type"`
}

// Normalize fills defaults and checks the parameters.
func (p *Params) Normalize() error {
	if p.TimeZone == "" {
		p.TimeZone = "UTC"
	}
	if _, err := time.LoadLocation(p.TimeZone); err != nil {
		return fmt.Errorf("unknown time zone %q", p.TimeZone)
	}
	def := func(v *float64, d float64) {
		if *v == 0 {
			*v = d
		}
	}
	def(&p.GapSeconds, 600)
	def(&p.MaxActiveSeconds, 4*3600)
	def(&p.PowerShare, 0.01)
	def(&p.AnomalyThreshold, 3.5)
	if p.MinActiveSeconds == nil {
		v := 10.0
		p.MinActiveSeconds = &v
	}
	if p.RetentionWeeks <= 0 {
		p.RetentionWeeks = 26
	}
	if p.TopUsers <= 0 {
		p.TopUsers = 20
	}
	if p.SessionTable <= 0 {
		p.SessionTable = 1000
	}
	switch {
	case p.GapSeconds < 0 || math.IsNaN(p.GapSeconds):
		return fmt.Errorf("the session gap must be positive, not %v s", p.GapSeconds)
	case *p.MinActiveSeconds < 0 || p.MaxActiveSeconds <= *p.MinActiveSeconds:
		return fmt.Errorf("active bounds must satisfy 0 <= min < max, not %v s .. %v s", *p.MinActiveSeconds, p.MaxActiveSeconds)
	case p.MaxActiveSeconds*1000 > maxDuration:
		return fmt.Errorf("the active maximum must be below %d s", maxDuration/1000)
	case p.PowerShare <= 0 || p.PowerShare > 1:
		return fmt.Errorf("the power-user share must be in (0, 1], not %v", p.PowerShare)
	case p.AnomalyThreshold <= 0:
		return fmt.Errorf("the anomaly threshold must be positive, not %v", p.AnomalyThreshold)
	}
	return nil
}

// Roles of the inputs of a run.
const (
	RoleInteractions = "interactions"
	RoleMetadata     = "metadata"
)

// Column name candidates, compared without case, '_', '-' and spaces.
var (
	userCandidates      = []string{"user_id", "userid", "user", "uid", "customer_id", "account_id", "member_id", "visitor_id", "client_id"}
	timestampCandidates = []string{"timestamp", "ts", "time", "event_time", "event_timestamp", "datetime", "date_time", "occurred_at", "created_at", "date"}
	actionCandidates    = []string{"action_type", "action", "event_type", "event", "event_name", "type"}
	pageCandidates      = []string{"page_id", "page", "screen", "screen_id", "url", "path"}
	durationCandidates  = []string{"duration_ms", "duration", "dur_ms", "duration_millis", "time_spent_ms", "elapsed_ms"}
	versionCandidates   = []string{"app_version", "version", "client_version", "build"}
	joinCandidates      = []string{"join_date", "joined", "joined_at", "signup_date", "signup", "registration_date", "registered_at", "created_at"}
	deviceCandidates    = []string{"device_type", "device", "platform"}
)

func squash(s string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(s) {
		if c != '_' && c != '-' && c != ' ' {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// findColumn returns the index of the column named want (when given) or
// of the first candidate present, or -1.
func findColumn(columns []string, want string, candidates []string) int {
	if want != "" {
		for i, c := range columns {
			if c == want {
				return i
			}
		}
		for i, c := range columns {
			if squash(c) == squash(want) {
				return i
			}
		}
		return -1
	}
	for _, cand := range candidates {
		for i, c := range columns {
			if squash(c) == squash(cand) {
				return i
			}
		}
	}
	return -1
}

// GuessRole tells an interaction log from a metadata table by its columns:
// a log has a timestamp and a duration. The page uses it when a user drops
// both files together.
func GuessRole(columns []string) string {
	if findColumn(columns, "", timestampCandidates) >= 0 && findColumn(columns, "", durationCandidates) >= 0 {
		return RoleInteractions
	}
	if findColumn(columns, "", userCandidates) >= 0 {
		return RoleMetadata
	}
	return ""
}

// Package engine runs recipes over inputs split into byte ranges: a Task
// turns one range's bytes into records and a recipe's state (a Partial);
// Merge combines partials, in one place, into the result document. The
// native command runs tasks on goroutines; the browser runs the same tasks
// in Web Workers through wasm/engine.
package engine

import (
	"fmt"

	json "github.com/goccy/go-json"

	"dropsight/core/activity"
	"dropsight/core/evaluation"
	"dropsight/core/pipeline"
	"dropsight/core/profile"
	"dropsight/core/tweets"
)

// A Counter is a recipe's state over part of the input.
type Counter interface {
	// Add counts one record; a non-nil error is the reason to reject it.
	Add(rec []byte) error
	// Snapshot encodes the state; MergeSnapshot adds another encoded state.
	Snapshot() ([]byte, error)
	MergeSnapshot(data []byte) error
	// Summary is the document's results; Parameters its normalized parameters.
	Summary() any
	Parameters() any
}

// NewCounter returns an empty counter of the named recipe.
func NewCounter(recipe string, params json.RawMessage) (Counter, error) {
	switch recipe {
	case "tweets":
		var p tweets.Params
		if len(params) > 0 {
			if err := json.Unmarshal(params, &p); err != nil {
				return nil, fmt.Errorf("tweets parameters: %v", err)
			}
		}
		return tweets.NewCounter(p)
	case "engagement":
		var p activity.Params
		if len(params) > 0 {
			if err := json.Unmarshal(params, &p); err != nil {
				return nil, fmt.Errorf("engagement parameters: %v", err)
			}
		}
		return activity.NewCounter(p)
	case "sentiment":
		var p pipeline.Params
		if len(params) > 0 {
			if err := json.Unmarshal(params, &p); err != nil {
				return nil, fmt.Errorf("sentiment parameters: %v", err)
			}
		}
		return pipeline.NewCounter(p)
	case "profile":
		var p profile.Params
		if len(params) > 0 {
			if err := json.Unmarshal(params, &p); err != nil {
				return nil, fmt.Errorf("profile parameters: %v", err)
			}
		}
		return profile.NewCounter(p)
	case "evaluate":
		var p evaluation.Params
		if len(params) > 0 {
			if err := json.Unmarshal(params, &p); err != nil {
				return nil, fmt.Errorf("evaluate parameters: %v", err)
			}
		}
		return evaluation.NewCounter(p)
	}
	return nil, fmt.Errorf("unknown recipe %q", recipe)
}

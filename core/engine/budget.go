package engine

import (
	"errors"

	"dropsight/core/budget"
)

// limitMemory gives a recipe state that accounts its memory (see package
// budget) the run's limit; 0 leaves the platform's default.
func limitMemory(c Counter, limit int64) {
	if l, ok := c.(budget.Limiter); ok && limit > 0 {
		l.SetMemoryLimit(limit)
	}
}

// stopOn reports whether err (from the counter) stops the task: a state
// that outgrew its budget is not a bad record, and every record after it
// would fail alike.
func (t *Task) stopOn(err error) bool {
	if t.stop != nil {
		return true
	}
	var ex *budget.ExceededError
	if errors.As(err, &ex) {
		t.stop = err
		return true
	}
	return false
}

// firstBudgetError is the first of the tasks' errors that is a budget's:
// workers that outgrow the same budget report it once.
func firstBudgetError(errs []error) error {
	for _, err := range errs {
		var ex *budget.ExceededError
		if errors.As(err, &ex) {
			return err
		}
	}
	return nil
}

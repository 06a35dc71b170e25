package pipeline

import "dropsight/core/budget"

// What the aggregates' entries cost in memory, for the state's budget (see
// package budget): a map entry, the value it points to, and a share of the
// map's spare room, besides a key's bytes.
const (
	userCost    = 80  // a user's record count
	mentionCost = 112 // a mention's application row in the making
	dayCost     = 128 // a day's counts
)

const budgetHint = "The application table keeps a row per mentioned user and the run counts records per user: " +
	"analyse fewer records at a time, or raise the memory limit " +
	"(the page's Memory per worker setting, the native command's --memory) on a machine that has it"

// SetMemoryLimit sets the budget of the counter's state (budget.Limiter).
func (c *Counter) SetMemoryLimit(bytes int64) { c.st.mem.SetLimit(bytes) }

// fits accounts a new entry before the state takes it; once one does not
// fit, nothing new is taken and Add or Merge reports the error.
func (s *state) fits(bytes int64, what string) bool {
	return s.mem.Take(bytes, what, budgetHint)
}

var _ budget.Limiter = (*Counter)(nil)

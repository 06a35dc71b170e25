package tweets

import "dropsight/core/budget"

// What the state's entries cost in memory, for its budget (see package
// budget): a map entry's key and value, its share of the map's spare room,
// and a string key's bytes besides.
const (
	dayCost     = 48  // a day's tweet count
	dayUserCost = 48  // a (day, user) pair's count: the biggest part on big inputs
	nameCost    = 64  // a user name, emoji or spelling, besides its bytes
	mentionCost = 160 // a mentioned user's tally and its map of spellings
)

const budgetHint = "The tweets of each user on each day, the emojis and the mentioned users are counted exactly: " +
	"analyse fewer days or users at a time, or raise the memory limit " +
	"(the page's Memory per worker setting, the native command's --memory) on a machine that has it"

// SetMemoryLimit sets the budget of the counter's state (budget.Limiter).
func (c *Counter) SetMemoryLimit(bytes int64) { c.mem.SetLimit(bytes) }

// fits accounts a new entry of the state. Entries are accounted as they
// are inserted (one entry of a few bytes; Go's maps grow in steps of at
// most 1024 slots): once one does not fit, nothing new is taken and Add
// or Merge reports the error.
func (c *Counter) fits(bytes int64, what string) bool {
	return c.mem.Take(bytes, what, budgetHint)
}

var _ budget.Limiter = (*Counter)(nil)

package activity

import "dropsight/core/budget"

// What the state's parts cost in memory, for its budget (see package
// budget). Sessions need every event of a user, so events are kept, and
// they are what outgrows memory on big inputs.
const (
	// eventCost: 16 bytes held, up to as much again while the slice
	// doubles, and 16 for the buffer of the sort and of the merge of
	// sorted runs.
	eventCost = 3 * eventBytes
	// nameCost: a user id or metadata value kept as text, besides its
	// bytes: the string header in the list, its map entry and the map's
	// spare room.
	nameCost = 64
	// metaRowCost: a metadata row (24 bytes) and slack for its slice's
	// growth, besides its 4-byte value codes.
	metaRowCost = 48
)

const budgetHint = "Sessions, retention and quantiles need every event in memory at once: " +
	"analyse fewer events (filter the logs to fewer days or users), or raise the memory limit " +
	"(the page's Memory per worker setting, the native command's --memory) on a machine that has it"

// SetMemoryLimit sets the budget of the counter's state (budget.Limiter).
func (c *Counter) SetMemoryLimit(bytes int64) { c.mem.SetLimit(bytes) }

// grow accounts bytes of the state before it takes them.
func (c *Counter) grow(bytes int64, what string) error {
	return c.mem.Grow(bytes, what, budgetHint)
}

// growNames accounts the names a code table or dictionary took since it
// held n of them.
func (c *Counter) growNames(names []string, n int, what string) error {
	var bytes int64
	for _, s := range names[n:] {
		bytes += int64(len(s)) + nameCost
	}
	if bytes == 0 {
		return nil
	}
	return c.grow(bytes, what)
}

var _ budget.Limiter = (*Counter)(nil)

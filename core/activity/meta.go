package activity

import (
	"cmp"
	"slices"
)

// metaIndex is the metadata table after the merge: one row per user (the
// first by file order, then line), and each dimension's values.
type metaIndex struct {
	users           []uint32 // sorted
	rows            []metaRow
	all             int // rows in the table
	duplicateRows   int
	conflictingRows int
	duplicatedUsers int
	dims            []dimIndex
	device          int // index of the device dimension, -1 without one
	deviceValues    []string
	deviceOf        []int
}

// dimIndex is one breakdown dimension: a metadata column, or the year of
// the join date.
type dimIndex struct {
	name, column string
	values       []string // the top values, then "(other)" when there are more
	users        []int    // metadata users per value
	of           []int    // the value of each user (index into values)
}

const (
	emptyValue    = "(empty)"
	unparsedValue = "(not a date)"
)

// resolveMeta picks each user's row and indexes the dimensions; nil when
// there is no metadata.
func (c *Counter) resolveMeta() *metaIndex {
	m := &c.meta
	if len(m.rows) == 0 {
		return nil
	}
	rows := byUserThenOrder(m.rows)
	ix := &metaIndex{all: len(rows), device: -1}
	for i := 0; i < len(rows); {
		j := i + 1
		for j < len(rows) && rows[j].user == rows[i].user {
			if c.rowsDiffer(rows[i], rows[j]) {
				ix.conflictingRows++
			}
			j++
		}
		if j-i > 1 {
			ix.duplicatedUsers++
			ix.duplicateRows += j - i - 1
		}
		ix.users = append(ix.users, rows[i].user)
		ix.rows = append(ix.rows, rows[i])
		i = j
	}
	cols := make([]int, len(m.columns))
	for j := range cols {
		cols[j] = j
	}
	name := func(j int) string {
		if m.columns[j] == m.join {
			return "join_year"
		}
		return m.columns[j]
	}
	slices.SortFunc(cols, func(a, b int) int { return cmp.Compare(name(a), name(b)) })
	codes := make([]uint32, len(ix.rows))
	for _, j := range cols {
		d := dimIndex{name: name(j), column: m.columns[j]}
		for k, r := range ix.rows {
			codes[k] = m.value(r, j)
		}
		d.rank(codes, len(m.values.names), func(code uint32) string {
			v := m.values.name(code)
			switch {
			case v == "":
				v = emptyValue
			case m.columns[j] == m.join:
				if y, ok := c.yearOf(v); ok {
					v = y
				} else {
					v = unparsedValue
				}
			}
			return v
		})
		if m.columns[j] == m.device {
			ix.device = len(ix.dims)
			ix.deviceValues, ix.deviceOf = d.values, d.of
		}
		ix.dims = append(ix.dims, d)
	}
	return ix
}

// byUserThenOrder returns the rows sorted by user, then order. The rows
// of a state come in order already: a stable order by user is then a sort
// of plain integers (user, position), several times faster than sorting
// the rows with a comparison function.
func byUserThenOrder(rows []metaRow) []metaRow {
	byOrder := slices.Clone(rows)
	orders := func(a, b metaRow) int { return cmp.Compare(a.order, b.order) }
	if !slices.IsSortedFunc(byOrder, orders) {
		slices.SortFunc(byOrder, orders) // rows of several states
	}
	keys := make([]uint64, len(byOrder))
	for i, r := range byOrder {
		keys[i] = uint64(r.user)<<32 | uint64(i)
	}
	slices.Sort(keys)
	out := make([]metaRow, len(byOrder))
	for k, key := range keys {
		out[k] = byOrder[uint32(key)]
	}
	return out
}

// rowsDiffer reports whether two metadata rows hold different values.
func (c *Counter) rowsDiffer(a, b metaRow) bool {
	for j := range c.meta.columns {
		if c.meta.value(a, j) != c.meta.value(b, j) {
			return true
		}
	}
	return false
}

// rank gives each user the displayed value of its value code (label
// turns codes into values; several codes may show the same), keeping the
// values with the most users (ties: byte-wise) and folding the rest into
// "(other)".
func (d *dimIndex) rank(codes []uint32, nCodes int, label func(uint32) string) {
	perCode := make([]int, nCodes)
	for _, code := range codes {
		perCode[code]++
	}
	count := map[string]int{}
	for code, n := range perCode {
		if n > 0 {
			count[label(uint32(code))] += n
		}
	}
	values := make([]string, 0, len(count))
	for v := range count {
		values = append(values, v)
	}
	slices.SortFunc(values, func(a, b string) int { return cmp.Or(cmp.Compare(count[b], count[a]), cmp.Compare(a, b)) })
	index := map[string]int{}
	for i, v := range values {
		if i == maxDimValues {
			d.values = append(d.values, otherName)
			d.users = append(d.users, 0)
			break
		}
		index[v] = i
		d.values = append(d.values, v)
		d.users = append(d.users, count[v])
	}
	byCode := make([]int, nCodes)
	for code, n := range perCode {
		if n == 0 {
			continue
		}
		i, ok := index[label(uint32(code))]
		if !ok {
			i = maxDimValues
			d.users[i] += n
		}
		byCode[code] = i
	}
	d.of = make([]int, len(codes))
	for k, code := range codes {
		d.of[k] = byCode[code]
	}
}

func (ix *metaIndex) summary(w *walk) *Metadata {
	m := &Metadata{
		Rows:            ix.all,
		Users:           len(ix.users),
		DuplicateRows:   ix.duplicateRows,
		ConflictingRows: ix.conflictingRows,
		DuplicatedUsers: ix.duplicatedUsers,
		MatchedUsers:    w.matchedUsers,
		UsersWithout:    w.users - w.matchedUsers,
		MatchedEvents:   w.matchedEvents,
		UnmatchedEvents: w.events - w.matchedEvents,
		Dimensions:      []string{},
	}
	m.UnmatchedEventShare = round(ratio(float64(m.UnmatchedEvents), float64(w.events)), 5)
	for _, d := range ix.dims {
		m.Dimensions = append(m.Dimensions, d.name)
	}
	return m
}

// breakdowns lists DAU, MAU and active users per dimension value, as the
// walk counted them.
func (c *Counter) breakdowns(ix *metaIndex, w *walk, first, last int32) []Breakdown {
	nDays := int(last-first) + 1
	firstMonth := monthOf(first)
	days := make([]string, nDays)
	for i := range days {
		days[i] = dayLabel(first + int32(i))
	}
	out := make([]Breakdown, 0, len(ix.dims))
	for d, dim := range ix.dims {
		b := Breakdown{Dimension: dim.name, Column: dim.column}
		for v, value := range dim.values {
			bv := BreakdownValue{Value: value, MetadataUsers: dim.users[v], ActiveUsers: w.dimActive[d][v],
				Events: w.dimEvents[d][v], DAU: make([]DayUsers, nDays), MAU: make([]MonthUsers, w.nMonths)}
			total := 0
			for i, n := range w.dimDAU[d][v] {
				bv.DAU[i] = DayUsers{Day: days[i], Users: n}
				total += n
			}
			bv.AvgDAU = round(float64(total)/float64(nDays), 3)
			for i, n := range w.dimMAU[d][v] {
				bv.MAU[i] = MonthUsers{Month: monthLabel(firstMonth + int32(i)), Users: n}
			}
			b.Values = append(b.Values, bv)
		}
		out = append(out, b)
	}
	return out
}

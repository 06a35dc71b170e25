package delimited

import (
	"fmt"
	"strings"
)

// FindColumn returns the index of the column a name means among a header's
// columns, or -1 when none does. The exact name wins; otherwise a column
// equal to it but for case (Unicode simple folding), when only one is. Two
// or more such columns and no exact one is an error naming them: picking
// either would count the wrong column half the time, so the user names one
// exactly. Every recipe that looks a column up by name (the evaluation's
// label and prediction, the sentiment pipeline's fields) uses this rule.
func FindColumn(columns []string, name string) (int, error) {
	at := -1
	var alike []string
	for j, col := range columns {
		if col == name {
			return j, nil
		}
		if strings.EqualFold(col, name) {
			if at < 0 {
				at = j
			}
			alike = append(alike, fmt.Sprintf("%q", col))
		}
	}
	if len(alike) > 1 {
		return -1, fmt.Errorf("column %q: %s match it but for case; name one of them exactly", name, joinAnd(alike))
	}
	return at, nil
}

// joinAnd joins "a", "b" and "c" as prose.
func joinAnd(s []string) string {
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

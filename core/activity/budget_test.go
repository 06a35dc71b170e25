package activity

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"dropsight/core/budget"
)

// addRows adds n interaction rows of distinct users to c and returns the
// first error.
func addRows(t *testing.T, c *Counter, n int) error {
	t.Helper()
	if err := c.SetInput("", 0, 0, strings.Split(strings.TrimSpace(head), ",")); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		row := strings.Split(fmt.Sprintf("user-%04d,%d,view,p1,20000,1.0", i, 1672531200+i), ",")
		fields := make([][]byte, len(row))
		for j, f := range row {
			fields[j] = []byte(f)
		}
		if err := c.AddRow(fields); err != nil {
			return err
		}
	}
	return nil
}

func TestEventsStopAtTheBudget(t *testing.T) {
	c := newCounter(t, Params{})
	c.SetMemoryLimit(10 << 10)
	err := addRows(t, c, 1000)
	var ex *budget.ExceededError
	if !errors.As(err, &ex) {
		t.Fatalf("1000 events in 10 KiB: %v, want a budget error", err)
	}
	if ex.Limit != 10<<10 || ex.Needed <= ex.Limit || !strings.Contains(ex.Hint, "fewer days or users") {
		t.Errorf("error = %+v", ex)
	}
	// Each event costs eventCost and its new user id its name and nameCost.
	perRow := int64(eventCost + len("user-0000") + nameCost)
	if kept := int64(len(c.events)); kept < (10<<10)/perRow-1 || kept*perRow > 10<<10 {
		t.Errorf("%d events kept under a 10 KiB budget at about %d bytes each", kept, perRow)
	}

	// The same rows fit a budget that holds them.
	c = newCounter(t, Params{})
	c.SetMemoryLimit(1000 * (perRow + 8))
	if err := addRows(t, c, 1000); err != nil {
		t.Fatalf("1000 events in their budget: %v", err)
	}
}

func TestMetadataStopsAtTheBudget(t *testing.T) {
	c := newCounter(t, Params{})
	c.SetMemoryLimit(4 << 10)
	var b strings.Builder
	b.WriteString(metaHead)
	for i := range 500 {
		fmt.Fprintf(&b, "u%06d,2023-01-01,US,Mac,free\n", i)
	}
	header, _, _ := strings.Cut(b.String(), "\n")
	if err := c.SetInput(RoleMetadata, 1, 0, strings.Split(header, ",")); err != nil {
		t.Fatal(err)
	}
	var stop error
	for _, line := range strings.Split(strings.TrimSpace(b.String()), "\n")[1:] {
		var fields [][]byte
		for _, f := range strings.Split(line, ",") {
			fields = append(fields, []byte(f))
		}
		if stop = c.AddRow(fields); stop != nil {
			break
		}
	}
	var ex *budget.ExceededError
	if !errors.As(stop, &ex) || ex.What != "metadata rows" {
		t.Fatalf("500 metadata rows in 4 KiB: %v, want a budget error on metadata rows", stop)
	}
}

// The merge checks the events of each state before taking them, so the
// merged counter never holds more than its budget.
func TestMergeChecksBeforeAppending(t *testing.T) {
	part := newCounter(t, Params{})
	if err := addRows(t, part, 400); err != nil {
		t.Fatal(err)
	}
	snap, err := part.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	merged := newCounter(t, Params{})
	// Room for one state's events and ids, not for two.
	merged.SetMemoryLimit(part.mem.Used() + part.mem.Used()/4)
	if err := merged.MergeSnapshot(snap); err != nil {
		t.Fatalf("first state: %v", err)
	}
	held := len(merged.events)
	err = merged.MergeSnapshot(snap)
	var ex *budget.ExceededError
	if !errors.As(err, &ex) || ex.What != "engagement events" {
		t.Fatalf("second state: %v, want a budget error on events", err)
	}
	if len(merged.events) != held {
		t.Errorf("the refused state's events were appended: %d events, want %d", len(merged.events), held)
	}
	if ex.Needed <= ex.Limit || merged.mem.Used() > ex.Limit {
		t.Errorf("needed %d, limit %d, used %d", ex.Needed, ex.Limit, merged.mem.Used())
	}
}

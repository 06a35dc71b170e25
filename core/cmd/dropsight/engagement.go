package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	json "github.com/goccy/go-json"

	"dropsight/core/activity"
	"dropsight/core/engine"
	"dropsight/core/gen"
	"dropsight/core/result"
)

// listFlag collects a flag given several times.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

func analyzeEngagement(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("analyze engagement", flag.ContinueOnError)
	tz := fs.String("tz", "UTC", "time zone for timestamps without an offset, and for days, weeks and months (IANA name)")
	gap := fs.Duration("gap", 10*time.Minute, "a session ends after a gap between event starts longer than this")
	minActive := fs.Duration("min-active", 10*time.Second, "an event is active when its duration is more than this...")
	maxActive := fs.Duration("max-active", 4*time.Hour, "...and less than this (also the cap of durations for power users)")
	powerShare := fs.Float64("power-share", 0.01, "share of users that are power users (by interaction time)")
	threshold := fs.Float64("anomaly-threshold", 3.5, "robust z-score beyond which a day is an anomaly")
	top := fs.Int("top", 20, "users listed in sessions.users")
	table := fs.Int("table", 1000, "rows of the per-user session table")
	columns := fs.String("columns", "", "interaction columns, e.g. user_id=uid,timestamp=ts (default: detected by name)")
	metaColumns := fs.String("metadata-columns", "", "metadata columns, e.g. user_id=id,join_date=signup,device_type=platform")
	workers := fs.Int("workers", 0, "goroutines reading in parallel (default: one per core)")
	memory := addMemoryFlag(fs)
	asJSON := fs.Bool("json", false, "print the result document as JSON")
	var metadata listFlag
	fs.Var(&metadata, "metadata", "user metadata table (CSV or NDJSON); may be given several times, the first row of a user wins")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return errors.New("analyze engagement: name at least one interaction log FILE")
	}
	minS := minActive.Seconds()
	p := activity.Params{TimeZone: *tz, GapSeconds: gap.Seconds(), MinActiveSeconds: &minS, MaxActiveSeconds: maxActive.Seconds(),
		PowerShare: *powerShare, AnomalyThreshold: *threshold, TopUsers: *top, SessionTable: *table}
	if err := mapColumns(*columns, map[string]*string{"user_id": &p.Columns.UserID, "timestamp": &p.Columns.Timestamp,
		"action_type": &p.Columns.ActionType, "page_id": &p.Columns.PageID, "duration_ms": &p.Columns.DurationMs,
		"app_version": &p.Columns.AppVersion}); err != nil {
		return err
	}
	if err := mapColumns(*metaColumns, map[string]*string{"user_id": &p.MetadataColumns.UserID,
		"join_date": &p.MetadataColumns.JoinDate, "device_type": &p.MetadataColumns.DeviceType}); err != nil {
		return err
	}
	if err := p.Normalize(); err != nil {
		return err
	}
	params, err := json.Marshal(p)
	if err != nil {
		return err
	}
	return runRecipe(out, engine.Options{Recipe: "engagement", Params: params, Paths: fs.Args(), Metadata: metadata, Workers: *workers,
		MemoryLimit: memory.bytes}, *asJSON, printEngagement)
}

// mapColumns reads "field=column,..." into the named fields.
func mapColumns(spec string, fields map[string]*string) error {
	if spec == "" {
		return nil
	}
	for _, kv := range strings.Split(spec, ",") {
		k, v, ok := strings.Cut(kv, "=")
		dst := fields[strings.TrimSpace(k)]
		if !ok || dst == nil {
			names := make([]string, 0, len(fields))
			for n := range fields {
				names = append(names, n)
			}
			slices.Sort(names)
			return fmt.Errorf("bad column mapping %q: use field=column with a field among %s", kv, strings.Join(names, ", "))
		}
		*dst = strings.TrimSpace(v)
	}
	return nil
}

func printEngagement(out io.Writer, doc *result.Document) error {
	r := doc.Results.(activity.Results)
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintf(w, "Engagement over %d events (%d active) of %d users (%d active), %s .. %s, days in %s",
		r.Events, r.ActiveEvents, r.Users, r.ActiveUsers, r.FirstDay, r.LastDay, r.TimeZone)
	if doc.RejectedTotal > 0 {
		fmt.Fprintf(w, " (%d rows rejected)", doc.RejectedTotal)
	}
	fmt.Fprintf(w, "\n\nMONTH\tMAU\tAVG DAU\tSTICKINESS\n")
	for i, m := range r.MAU {
		s := r.Stickiness.Months[i]
		fmt.Fprintf(w, "%s\t%d\t%.1f\t%.4f\n", m.Month, m.Users, s.AvgDAU, s.Stickiness)
	}
	fmt.Fprintf(w, "mean stickiness (DAU/MAU)\t%.4f\n", r.Stickiness.Mean)

	s := r.Sessions
	fmt.Fprintf(w, "\nSESSIONS\t%d\nduration (s): median\t%.1f\tp90 %.1f\tmean %.1f\nevents per session: median\t%.0f\tp90 %.0f\tmean %.2f\n"+
		"sessions per user per active week: median\t%.2f\tp90 %.2f\tmean %.2f\n",
		s.Total, s.Duration.Median, s.Duration.P90, s.Duration.Mean, s.Actions.Median, s.Actions.P90, s.Actions.Mean,
		s.Frequency.Median, s.Frequency.P90, s.Frequency.Mean)
	fmt.Fprintf(w, "\nUSER\tSESSIONS\tAVG SESSION (s)\tEVENTS\n")
	for _, u := range s.Users {
		fmt.Fprintf(w, "%s\t%d\t%.1f\t%d\n", u.UserID, u.TotalSessions, u.AvgSessionDuration, u.Actions)
	}

	p := r.PowerUsers
	fmt.Fprintf(w, "\nPOWER USERS (top %g%%)\t%d\tfrom %.0f s of interaction time\t%.1f%% of all time\n",
		p.Share*100, p.Count, p.MinSeconds, p.TimeShare*100)
	fmt.Fprintf(w, "events capped at %.0f s\t%d\t(%d of power users)\n", p.CapSeconds, p.CappedEvents, p.CappedEventsOfPowerUsers)
	for _, u := range p.Users[:min(5, len(p.Users))] {
		fmt.Fprintf(w, "%s\t%.0f s\t%d events\t%d sessions\n", u.UserID, u.InteractionSeconds, u.Events, u.Sessions)
	}

	fmt.Fprintf(w, "\nRETENTION COHORT\tUSERS\tWEEK 1\tWEEK 2\tWEEK 4\n")
	for _, c := range r.Retention.Cohorts {
		share := func(k int) string {
			if k < len(c.Shares) {
				return fmt.Sprintf("%.1f%%", c.Shares[k]*100)
			}
			return "-"
		}
		fmt.Fprintf(w, "%s\t%d\t%s\t%s\t%s\n", c.Week, c.Users, share(1), share(2), share(4))
	}

	perf := r.Performance
	fmt.Fprintf(w, "\nDURATION (ms, %s)\tEVENTS\tP50\tP95\tP99\n", perf.Method)
	byP95 := slices.Clone(perf.ByVersion)
	slices.SortStableFunc(byP95, func(a, b activity.Quantiles) int { return compareFloat(b.P95, a.P95) })
	for _, q := range byP95[:min(5, len(byP95))] {
		fmt.Fprintf(w, "version %s\t%d\t%.0f\t%.0f\t%.0f\n", q.AppVersion, q.Events, q.P50, q.P95, q.P99)
	}
	if len(byP95) > 5 {
		fmt.Fprintf(w, "(the 5 versions of %d with the highest p95)\n", len(byP95))
	}
	for _, q := range perf.ByDevice {
		fmt.Fprintf(w, "device %s\t%d\t%.0f\t%.0f\t%.0f\n", q.DeviceType, q.Events, q.P50, q.P95, q.P99)
	}
	if e := perf.DeviceEffect; e != nil {
		fmt.Fprintf(w, "eta squared of duration by device type\t%.6f\n", e.EtaSquared)
	}

	fmt.Fprintf(w, "\nANOMALIES (|robust z| > %g)\tMETRIC\tVALUE\tZ\n", r.Anomalies.Threshold)
	for _, a := range r.Anomalies.Days {
		fmt.Fprintf(w, "%s\t%s\t%.0f\t%.1f\n", a.Day, a.Metric, a.Value, a.Z)
	}

	if m := r.Metadata; m != nil {
		fmt.Fprintf(w, "\nMETADATA\t%d rows, %d users\t%d duplicate rows (%d conflicting) of %d users\n",
			m.Rows, m.Users, m.DuplicateRows, m.ConflictingRows, m.DuplicatedUsers)
		fmt.Fprintf(w, "events without metadata\t%d\t%.1f%%\n", m.UnmatchedEvents, m.UnmatchedEventShare*100)
		for _, b := range r.Breakdowns {
			fmt.Fprintf(w, "\n%s\tMETADATA USERS\tACTIVE USERS\tAVG DAU\tEVENTS\n", strings.ToUpper(b.Dimension))
			for _, v := range b.Values {
				fmt.Fprintf(w, "%s\t%d\t%d\t%.1f\t%d\n", v.Value, v.MetadataUsers, v.ActiveUsers, v.AvgDAU, v.Events)
			}
		}
	}

	sk := r.Skew
	fmt.Fprintf(w, "\nSKEW\tgini %.4f\ttop 1%% of users: %.1f%% of events\ttop 10%%: %.1f%%\n",
		sk.Gini, sk.Top1PercentShare*100, sk.Top10PercentShare*100)
	for _, u := range sk.TopUsers {
		fmt.Fprintf(w, "%s\t%d events\t%.3f%%\n", u.UserID, u.Events, u.Share*100)
	}
	printRejectsAndMetrics(w, doc)
	return w.Flush()
}

func compareFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func genActivity(args []string) error {
	fs := flag.NewFlagSet("gen activity", flag.ContinueOnError)
	rows := fs.Int("rows", 1_000_000, "interaction rows")
	metaRows := fs.Int("metadata-rows", 100_000, "metadata rows")
	seed := fs.Int64("seed", 1, "random seed; the same seed gives the same bytes")
	skew := fs.Bool("skew", false, "add heavy users with bursts of events minutes apart")
	dir := fs.String("o", "", "output folder: DIR/interactions.csv and DIR/metadata.csv")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dir == "" {
		return errors.New("gen activity: -o DIR is required")
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		return err
	}
	opt := gen.ActivityOptions{Rows: *rows, MetadataRows: *metaRows, Seed: *seed, Skew: *skew}
	return writeFile(filepath.Join(*dir, "interactions.csv"), func(inter io.Writer) error {
		return writeFile(filepath.Join(*dir, "metadata.csv"), func(meta io.Writer) error {
			return gen.Activity(inter, meta, opt)
		})
	})
}

package engine

import (
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	json "github.com/goccy/go-json"

	"dropsight/core/peakmem"
	"dropsight/core/records"
	"dropsight/core/result"
	"dropsight/core/table"
)

// Planning constants shared with the page's planner (web/src/plan.ts).
const (
	ChunkBytes     = 4 << 20  // bytes handed to a task at a time
	RangeBytes     = 32 << 20 // target size of one range
	SplitThreshold = 8 << 20  // files smaller than this are one range
)

// Options configure a native run.
type Options struct {
	Recipe  string
	Params  json.RawMessage
	Paths   []string
	Workers int // 0: one per core

	// Metadata are more inputs, read after Paths with the role "metadata"
	// (the engagement recipe's user table).
	Metadata []string

	// Tables, when set, receives the row tables of recipes that write
	// them (the sentiment pipeline's bronze, silver and gold).
	Tables *table.Dir

	// MemoryLimit bounds the bytes of each recipe state: each range's, and
	// the merged one (see package budget); 0: budget.Default().
	MemoryLimit int64

	unsplit map[int]bool   // inputs to read as one range (see SplitError)
	folders []*folderInput // folders among the paths (see runWithFolders)
	// walked are the delimited files found inside folders: one that cannot
	// be read is skipped with its reason instead of stopping the run, as the
	// rest of a dropped folder is still worth counting.
	walked map[string]bool
}

type nativeTask struct {
	spec   TaskSpec
	path   string
	gzip   bool
	stat   os.FileInfo // the file as planned; see changedSince
	tables *table.Dir
	folder *folderInput // a worker's share of a folder's files
}

// Run reads the files on the machine's cores and returns the document. An
// error means an input could not be read at all.
func Run(opt Options) (*result.Document, error) {
	if hasFolder(opt.Paths) {
		return runWithFolders(opt)
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	start := time.Now()
	peak := peakmem.Start()
	defer peak.Stop()

	var inputs []InputInfo
	var tasks []nativeTask
	var params json.RawMessage
	var skipped []result.Skipped
	for i, path := range slices.Concat(opt.Paths, opt.Metadata) {
		role := inputRole(opt, i)
		info, sniff, err := sniffFile(path)
		if err == nil && sniff.Format == records.Unknown {
			err = fmt.Errorf("%s: %s", path, firstNonEmpty(sniff.Message, "unknown format"))
		}
		if err != nil {
			if opt.walked[path] {
				skipped = append(skipped, result.Skipped{Path: path, Reason: strings.TrimPrefix(err.Error(), path+": ")})
				continue
			}
			return nil, err
		}
		// The input's index in the document: skipped files take none.
		in := len(inputs)
		p, err := PrepareParams(opt.Recipe, opt.Params, sniff)
		if err != nil {
			return nil, err
		}
		if params == nil {
			params = p
		}
		inputs = append(inputs, InputInfo{Name: filepath.Base(path), Bytes: info.Size(), Format: sniff.Format, Gzip: sniff.Gzip})
		inputs[len(inputs)-1].Role = role
		for r, rg := range PlanRanges(info.Size(), sniff.Splittable && !opt.unsplit[in], workers) {
			var spec TaskSpec
			spec.Recipe, spec.Params, spec.Format = opt.Recipe, p, sniff.Format
			spec.Input.Index, spec.Input.Name = in, filepath.Base(path)
			spec.Range.Index, spec.Range.Start, spec.Range.End = r, rg[0], rg[1]
			describeInput(&spec, sniff, role)
			tasks = append(tasks, nativeTask{spec: spec, path: path, gzip: sniff.Gzip, stat: info})
		}
	}
	if err := planFolders(opt, &inputs, &tasks, &params, workers); err != nil {
		return nil, err
	}
	if len(tasks) == 0 && len(skipped) > 0 {
		return nil, fmt.Errorf("no file could be read: %s: %s", skipped[0].Path, skipped[0].Reason)
	}
	for i := range tasks {
		tasks[i].tables = opt.Tables
		tasks[i].spec.MemoryLimit = opt.MemoryLimit
	}

	queue := make(chan int, len(tasks))
	for i := range tasks {
		queue <- i
	}
	close(queue)
	partials := make([]*Partial, len(tasks))
	stats := make([]result.TaskStats, len(tasks))
	errs := make([]error, len(tasks))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range queue {
				t0 := time.Since(start)
				partials[i], stats[i], errs[i] = runTask(tasks[i])
				stats[i].Worker = w
				stats[i].StartMs = float64(t0.Microseconds()) / 1000
				stats[i].EndMs = float64(time.Since(start).Microseconds()) / 1000
			}
		}()
	}
	wg.Wait()
	if err := firstBudgetError(errs); err != nil {
		return nil, err
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	// The merge runs here, on no worker (-1), once every worker is done.
	metrics := result.Metrics{Engine: "native", Workers: workers, Tasks: stats,
		Merge: &result.MergeSpan{Worker: -1, StartMs: float64(time.Since(start).Microseconds()) / 1000}}
	doc, err := Merge(MergeRequest{Recipe: opt.Recipe, Params: params, Inputs: inputs, Partials: partials, Metrics: metrics,
		MemoryLimit: opt.MemoryLimit})
	if se := (*SplitError)(nil); errors.As(err, &se) && !opt.unsplit[se.Input] {
		peak.Stop()
		return Run(withUnsplit(opt, se.Input))
	}
	if err != nil {
		return nil, err
	}
	doc.Skipped = skipped
	doc.Metrics.Seconds = time.Since(start).Seconds()
	doc.Metrics.BytesPerSecond = float64(doc.Metrics.Bytes) / doc.Metrics.Seconds
	doc.Metrics.PeakMemoryBytes = peak.Stop()
	return doc, nil
}

// PlanRanges cuts an input of size bytes into byte ranges; {0, -1} is the
// whole input. Several ranges per worker let fast workers take more.
func PlanRanges(size int64, splittable bool, workers int) [][2]int64 {
	if !splittable || size < SplitThreshold {
		return [][2]int64{{0, -1}}
	}
	n := max(int64(2*workers), (size+RangeBytes-1)/RangeBytes)
	out := make([][2]int64, 0, n)
	for i := range n {
		out = append(out, [2]int64{size * i / n, size * (i + 1) / n})
	}
	return out
}

func sniffFile(path string) (os.FileInfo, Sniff, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, Sniff{}, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, Sniff{}, err
	}
	if info.IsDir() {
		return nil, Sniff{}, fmt.Errorf("%s is a folder: name the files in it", path)
	}
	head := make([]byte, SniffHeadBytes)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, Sniff{}, fmt.Errorf("%s: %v", path, err)
	}
	s := SniffInput(filepath.Base(path), head[:n], false)
	if s.Gzip {
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return nil, Sniff{}, err
		}
		zr, err := gzip.NewReader(f)
		if err != nil {
			return nil, Sniff{}, fmt.Errorf("%s: %v", path, err)
		}
		n, _ = io.ReadFull(zr, head)
		s = SniffInput(filepath.Base(path), head[:n], true)
	}
	return info, s, nil
}

func runTask(nt nativeTask) (*Partial, result.TaskStats, error) {
	var st result.TaskStats
	if nt.folder != nil {
		return runFolderTask(nt)
	}
	st.Input, st.Range = nt.spec.Input.Index, nt.spec.Range.Index
	task, err := NewTask(nt.spec)
	if err != nil {
		return nil, st, err
	}
	defer attachTables(task, nt.tables)()
	f, err := os.Open(nt.path)
	if err != nil {
		return nil, st, err
	}
	defer f.Close()
	if beforeRead != nil {
		beforeRead(nt.path)
	}
	var r io.Reader = f
	if nt.gzip {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return nil, st, fmt.Errorf("%s: %v", nt.path, err)
		}
		r = zr
	} else if _, err := f.Seek(task.ReadFrom(), io.SeekStart); err != nil {
		return nil, st, err
	}
	var broken *brokenStreamError
	switch err := feedAll(task, r, make([]byte, ChunkBytes), &st, nt.gzip); {
	case errors.As(err, &broken):
		task.Fail(err.Error())
	case err != nil:
		return nil, st, fmt.Errorf("%s: %v", nt.path, err)
	default:
		if nt.stat == nil {
			break
		}
		now, err := statVersion(f)
		if reason := changedSince(versionOf(nt.stat), "when the run began", now, err); reason != "" {
			task.Fail(reason)
		}
	}
	p, err := task.End()
	if err != nil {
		return nil, st, fmt.Errorf("%s: %w", nt.path, err)
	}
	st.Bytes, st.Records = p.Bytes, p.Records
	if nt.gzip {
		// As in the page: a gzip file is one task over its compressed bytes,
		// so the tasks' bytes add up to the input's (its size as planned).
		st.Bytes = nt.stat.Size()
	}
	return p, st, nil
}

// beforeRead, when set (by tests), runs after a task opens its file and
// before it reads: the moment a file that changes while it is read changes.
var beforeRead func(path string)

// A fileVersion tells two versions of a file apart: its size and its
// modification time (Unix nanoseconds).
type fileVersion struct{ size, mod int64 }

// versionOf is the version a FileInfo describes.
func versionOf(fi os.FileInfo) fileVersion { return fileVersion{fi.Size(), fi.ModTime().UnixNano()} }

// statVersion is an open file's version.
func statVersion(f *os.File) (fileVersion, error) {
	fi, err := f.Stat()
	if err != nil {
		return fileVersion{}, err
	}
	return versionOf(fi), nil
}

// changedSince says how a file, as it is after reading (now, or the error
// of looking at it), differs from the version it was read by (was, taken
// when), or "" when it does not. A file named directly is read by the
// version planned when the run began (its ranges are cut by that size); a
// folder's member, read whole, by the one it had when it was opened. Either
// way a file written to while it is read gives records from two versions of
// it: the task reports it as a reject at the line where reading stopped.
func changedSince(was fileVersion, when string, now fileVersion, err error) string {
	const again = ": run again on a file that is not being written"
	switch {
	case err != nil:
		return fmt.Sprintf("the file could not be checked after reading (%v)", err)
	case now.size != was.size:
		return fmt.Sprintf("the file changed while it was read (%d bytes %s, %d now)", was.size, when, now.size) + again
	case now.mod != was.mod:
		return "the file changed while it was read (it was modified during the run)" + again
	}
	return ""
}

package engine

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	json "github.com/goccy/go-json"

	"dropsight/core/records"
	"dropsight/core/result"
)

// A folder given as an input is walked (recursively, in lexical order).
// Its delimited files (.csv, .tsv, .tab, .psv, gzipped or not) become
// inputs of their own, since each needs its own dialect. Its other files
// make one input of format records.Object, the folder's "members": each
// file is read whole by records.Whole (one JSON object per file, possibly
// pretty-printed; a file of NDJSON lines or a JSON array is read as such),
// gzipped or not. Files and folders whose names start with '.' or '_' are
// skipped, as Spark and Hadoop skip them (.DS_Store, _SUCCESS, .crc).
//
// The members are read by the run's workers, each taking the next file
// from a shared counter: a bounded pool, at most one open file per worker,
// so a folder of 200,000 files needs no more memory than one of ten. Each
// worker keeps one Task over all the files it reads, and hands back one
// partial state. Records of a member are named, in rejects and in row
// tables, by the file's path relative to the folder (slash-separated).
//
// A member is read whole, as it is when it is opened: its size and
// modification time then are compared with the open file's once it is read
// (as a file named directly is compared with its planned version; see
// changedSince). A member written to while it is read is one reject saying
// so; its records not yet handed over when it ends do not count. (Taking
// each member's version as the folder is walked instead costs a stat by
// path per file, on one thread before any reading: about +0.34 s for
// 200,000 files on the 2-core test machine, against about +0.06 s for two
// fstat calls of each open file spread over the workers.)
type folderInput struct {
	root  string   // the folder as given
	name  string   // the input's name: the folder's base name and "/"
	files []string // member paths relative to root, slash-separated
	input int      // the input's index in the run
	next  atomic.Int64
	bytes atomic.Int64
}

// hasFolder reports whether a path names a folder.
func hasFolder(paths []string) bool {
	for _, p := range paths {
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			return true
		}
	}
	return false
}

// runWithFolders runs with the folders among opt.Paths expanded.
func runWithFolders(opt Options) (*result.Document, error) {
	start := time.Now()
	var paths []string
	folders := []*folderInput{}
	opt.walked = map[string]bool{}
	for _, p := range opt.Paths {
		st, err := os.Stat(p)
		if err != nil || !st.IsDir() {
			paths = append(paths, p)
			continue
		}
		f, delimited, err := walkFolder(p)
		if err != nil {
			return nil, err
		}
		if len(f.files) == 0 && len(delimited) == 0 {
			return nil, fmt.Errorf("%s: the folder holds no file to read", p)
		}
		paths = append(paths, delimited...)
		for _, d := range delimited {
			opt.walked[d] = true
		}
		if len(f.files) > 0 {
			folders = append(folders, f)
		}
	}
	opt.Paths, opt.folders = paths, folders
	walked := time.Since(start)
	doc, err := Run(opt)
	if err != nil {
		return nil, err
	}
	doc.Metrics.Seconds += walked.Seconds()
	for _, f := range folders {
		in := &doc.Inputs[f.input]
		in.Bytes = f.bytes.Load()
		doc.Metrics.Bytes += in.Bytes
	}
	if doc.Metrics.Seconds > 0 {
		doc.Metrics.BytesPerSecond = float64(doc.Metrics.Bytes) / doc.Metrics.Seconds
	}
	return doc, nil
}

// isDelimitedName reports whether a file name says CSV-like text.
func isDelimitedName(name string) bool {
	n := strings.TrimSuffix(strings.ToLower(name), ".gz")
	for _, ext := range []string{".csv", ".tsv", ".tab", ".psv"} {
		if strings.HasSuffix(n, ext) {
			return true
		}
	}
	return false
}

// walkFolder lists a folder's members and its delimited files.
func walkFolder(root string) (*folderInput, []string, error) {
	base := filepath.Base(filepath.Clean(root))
	f := &folderInput{root: root, name: base + "/"}
	var delimited []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("%s: %v", path, err)
		}
		if path == root {
			return nil
		}
		if name := d.Name(); strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if !d.Type().IsRegular() {
			// a link to a file is read; links to folders are not followed
			st, err := os.Stat(path)
			if err != nil || !st.Mode().IsRegular() {
				return nil
			}
		}
		if isDelimitedName(d.Name()) {
			delimited = append(delimited, path)
			return nil
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		f.files = append(f.files, filepath.ToSlash(rel))
		return nil
	})
	return f, delimited, err
}

// planFolders adds the folders' inputs and tasks to a run: one task per
// worker, each reading the files the shared counter hands it.
func planFolders(opt Options, inputs *[]InputInfo, tasks *[]nativeTask, params *json.RawMessage, workers int) error {
	for _, f := range opt.folders {
		f.next.Store(0)
		f.bytes.Store(0)
		s := sniffFolder(f)
		p, err := PrepareParams(opt.Recipe, opt.Params, s)
		if err != nil {
			return err
		}
		if *params == nil {
			*params = p
		}
		f.input = len(*inputs)
		*inputs = append(*inputs, InputInfo{Name: f.name, Format: records.Object, Files: int64(len(f.files))})
		for w := range min(workers, len(f.files)) {
			var spec TaskSpec
			spec.Recipe, spec.Params, spec.Format = opt.Recipe, p, records.Object
			spec.Input.Index, spec.Input.Name = f.input, f.name
			spec.Range.Index, spec.Range.End = w, -1
			describeInput(&spec, s, "")
			*tasks = append(*tasks, nativeTask{spec: spec, folder: f})
		}
	}
	return nil
}

// sniffFolder describes a folder's members from the heads of its first
// files (see SniffFolder); a file that cannot be read is left out here (the
// run names it in a reject).
func sniffFolder(f *folderInput) Sniff {
	var heads [][]byte
	for _, rel := range f.files[:min(len(f.files), FolderSniffFiles)] {
		head := make([]byte, SniffHeadBytes)
		n, err := readHead(filepath.Join(f.root, filepath.FromSlash(rel)), head)
		if err != nil {
			continue
		}
		heads = append(heads, head[:n])
	}
	return SniffFolder(f.name, len(f.files), heads)
}

// readHead reads the start of a file, decompressed if it is gzip.
func readHead(path string, head []byte) (int, error) {
	fh, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer fh.Close()
	n, err := records.Fill(fh, head)
	if err != nil && err != io.EOF {
		return 0, err
	}
	if !records.IsGzip(head[:n]) {
		return n, nil
	}
	zr, err := gzip.NewReader(io.MultiReader(bytes.NewReader(bytes.Clone(head[:n])), fh))
	if err != nil {
		return 0, err
	}
	n, err = records.Fill(zr, head)
	if err != nil && err != io.EOF && !records.IsCorruptGzip(err) {
		return 0, err
	}
	return n, nil
}

// NextFile starts the next file of a task over a folder's members (format
// records.Object): the file before it ends (its record is counted now),
// and name, the file's path in the folder, names the records that follow
// in rejects and row tables. Feed the file's bytes after it; End ends the
// last file.
func (t *Task) NextFile(name string) error {
	if t.object == nil {
		return fmt.Errorf("%s: only a task over a folder's files reads file after file", t.spec.Input.Name)
	}
	t.object.Finish(t)
	t.object.Begin()
	t.spec.Input.Name = name
	if tc, ok := t.counter.(TableCounter); ok {
		tc.SetSource(name)
	}
	if fc, ok := t.counter.(FileCounter); ok {
		fc.BeginFile(name)
	}
	return nil
}

// A FileCounter is a Counter that is told which file of a folder the
// records that follow come from (the profile orders its sample by file
// name, whichever worker reads the file).
type FileCounter interface {
	BeginFile(name string)
}

// runFolderTask is one worker's share of a folder: files from the shared
// counter until none is left.
func runFolderTask(nt nativeTask) (*Partial, result.TaskStats, error) {
	var st result.TaskStats
	st.Input, st.Range = nt.spec.Input.Index, nt.spec.Range.Index
	task, err := NewTask(nt.spec)
	if err != nil {
		return nil, st, err
	}
	defer attachTables(task, nt.tables)()
	f := nt.folder
	r := memberReader{buf: make([]byte, 256<<10)}
	for {
		i := int(f.next.Add(1) - 1)
		if i >= len(f.files) {
			break
		}
		rel := f.files[i]
		if err := task.NextFile(rel); err != nil {
			return nil, st, err
		}
		size, err := r.read(task, filepath.Join(f.root, filepath.FromSlash(rel)), &st)
		f.bytes.Add(size)
		if err != nil {
			task.Fail(err.Error())
		}
	}
	p, err := task.End()
	if err != nil {
		return nil, st, err
	}
	st.Bytes, st.Records = p.Bytes, p.Records
	return p, st, nil
}

// A memberFile is a folder's file, open (see openMember).
type memberFile interface {
	io.ReadCloser
	// version is the open file's size and modification time.
	version() (fileVersion, error)
}

// memberReader reads a folder's files with reused buffers.
type memberReader struct {
	buf, unzipped []byte
}

// read feeds one file to the task; an error is the reason it could not be
// read to the end, or that it changed while it was read (a reject: the run
// goes on). size is the bytes read from the file (compressed, for a gzip
// file).
func (m *memberReader) read(task *Task, path string, st *result.TaskStats) (size int64, err error) {
	t0 := time.Now()
	fh, err := openMember(path)
	if err != nil {
		return 0, fmt.Errorf("cannot read the file: %v", err)
	}
	defer fh.Close()
	opened, err := fh.version()
	if err != nil {
		return 0, fmt.Errorf("cannot read the file: %v", err)
	}
	if beforeRead != nil {
		beforeRead(path)
	}
	size, err = m.feed(task, fh, t0, st)
	if err != nil || task.stop != nil {
		return size, err
	}
	now, err := fh.version()
	if reason := changedSince(opened, "when it was opened", now, err); reason != "" {
		return size, errors.New(reason)
	}
	return size, nil
}

// feed feeds an open member's bytes to the task; t0 is when reading began.
func (m *memberReader) feed(task *Task, fh io.Reader, t0 time.Time, st *result.TaskStats) (size int64, err error) {
	cr := &countingReader{r: fh}
	n, err := records.Fill(cr, m.buf)
	st.ReadMs += float64(time.Since(t0).Microseconds()) / 1000
	if err != nil && err != io.EOF {
		return cr.n, fmt.Errorf("cannot read the file: %v", err)
	}
	if records.IsGzip(m.buf[:n]) {
		zr, err := gzip.NewReader(io.MultiReader(bytes.NewReader(m.buf[:n]), cr))
		if err != nil {
			return cr.n, fmt.Errorf("gzip stream broken (%v): the file could not be read", err)
		}
		if m.unzipped == nil {
			m.unzipped = make([]byte, len(m.buf))
		}
		err = feedAll(task, zr, m.unzipped, st, true)
		return cr.n, err
	}
	more := true
	if n > 0 {
		t1 := time.Now()
		more = task.Feed(m.buf[:n])
		st.EngineMs += float64(time.Since(t1).Microseconds()) / 1000
	}
	if err == io.EOF || !more {
		return cr.n, nil
	}
	err = feedAll(task, cr, m.buf, st, false)
	return cr.n, err
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// A brokenStreamError says that a gzip stream broke off: the records before
// the break count, and the task records one reject for the rest.
type brokenStreamError struct{ err error }

func (e *brokenStreamError) Error() string {
	return fmt.Sprintf("gzip stream broken (%v): the rest of the file could not be read", e.err)
}

// feedAll feeds the rest of r to the task.
func feedAll(task *Task, r io.Reader, buf []byte, st *result.TaskStats, gz bool) error {
	for {
		t0 := time.Now()
		n, err := records.Fill(r, buf)
		st.ReadMs += float64(time.Since(t0).Microseconds()) / 1000
		if n > 0 {
			t1 := time.Now()
			more := task.Feed(buf[:n])
			st.EngineMs += float64(time.Since(t1).Microseconds()) / 1000
			if !more {
				return nil
			}
		}
		switch {
		case err == io.EOF:
			return nil
		case err != nil && gz && records.IsCorruptGzip(err):
			return &brokenStreamError{err}
		case err != nil:
			return fmt.Errorf("cannot read the file: %v", err)
		}
	}
}

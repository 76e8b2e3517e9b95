package ingest

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/arcoat/zeiss/zeiss/furnace"
)

// Defaults of the cleaning options.
const (
	// DefaultCurveLensRow is the lens row whose curve is the furnace's
	// curve when the curve table holds several rows for a furnace.
	DefaultCurveLensRow = 4
	// DefaultEGunDrop is the drop of the e-gun filament counter between
	// consecutive furnaces that marks a filament change at a chamber
	// cleaning when no cleaning-run log explains it.
	DefaultEGunDrop = 20
)

// Face-assignment methods recorded in the face_method column.
const (
	// FaceByRecipe: every run's face came from its recipe's CC/CX token.
	FaceByRecipe = "recipe"
	// FaceByFilmCode: at least one run's face came from the FilmCode_MES of
	// the match table because its recipe has no CC/CX token.
	FaceByFilmCode = "film_code"
	// FaceByEvtOrder: at least one run's face came from the order of the
	// runs (the earlier run is the front face).
	FaceByEvtOrder = "evt_order"
)

// Extra columns of the cleaned furnace table.
const (
	// ColNEvts is the number of evt logs the match table gives the furnace.
	ColNEvts = "n_evts"
	// ColEvts lists those evt ids, ';'-separated.
	ColEvts = "evts"
	// ColFaceMethod says how faces were assigned (FaceByRecipe, …).
	ColFaceMethod = "face_method"
)

// Options control Clean.
type Options struct {
	// Workers is the number of files read in parallel; ≤ 0 means
	// runtime.GOMAXPROCS(0). The result does not depend on it.
	Workers int
	// MaxGap is the tolerance of step segmentation in seconds (see
	// StepFeatures); ≤ 0 means DefaultMaxGap.
	MaxGap int
	// CurveLensRow is the lens row taken when a furnace has several curve
	// rows; ≤ 0 means DefaultCurveLensRow.
	CurveLensRow int
	// EGunDrop is the counter drop that marks a cleaning (see
	// DefaultEGunDrop); ≤ 0 means the default.
	EGunDrop float64
	// Override, when non-nil, gives the cycle starts and replaces the
	// cycles found from cleaning logs and counters (see ParseCycleOverride).
	Override []CycleStart
	// OverrideFile names the override file in issues.
	OverrideFile string
	// Progress, when set, is called after each run is read with the number
	// of runs done and the total, from the calling goroutine.
	Progress func(done, total int)
}

// Cycle is one cleaning cycle: the furnaces produced between two chamber
// cleanings.
type Cycle struct {
	// ID is the cycle id: 0 for the first cycle that holds furnaces, then
	// 1, 2, … in production order.
	ID int
	// Source says what started the cycle: "start of data", "cleaning log
	// <file>", "e-gun counter reset at <furnace>" or "override <file>:<line>".
	Source string
	// Furnaces are the furnace numbers of the cycle in production order.
	Furnaces []string
}

// NormStats are normalisation statistics of one group of model inputs
// over all furnaces that have them.
type NormStats struct {
	// Columns names the inputs (furnace table columns).
	Columns []string `json:"columns"`
	// N is the number of furnaces the statistics are computed over.
	N int `json:"n"`
	// Stats are the mean and population std (ddof = 0) per column.
	Stats furnace.Stats `json:"stats"`
}

// Summary counts what Clean kept and set aside.
type Summary struct {
	// Runs is the number of evt logs in the match table; RunsSetAside
	// those not used (aborted, unreadable, face unknown or conflicting).
	Runs, RunsSetAside int
	// Furnaces is the number of furnaces in the table, FurnacesSetAside
	// those with no usable run (or known only from the curve table), and
	// ModelReady those with both faces' set-points and std and a curve.
	Furnaces, FurnacesSetAside, ModelReady int
	// Cycles is the number of cleaning cycles, Issues that of issues.
	Cycles, Issues int
}

// String returns the one-line summary.
func (s Summary) String() string {
	return fmt.Sprintf("kept %d furnaces (%d model-ready), set aside %d furnaces and %d of %d runs; %d cycles; %d issues",
		s.Furnaces, s.ModelReady, s.FurnacesSetAside, s.RunsSetAside, s.Runs, s.Cycles, s.Issues)
}

// Result is the outcome of Clean.
type Result struct {
	// Table is the furnace table, one row per kept furnace in production
	// order, with the extra columns n_evts, evts and face_method.
	Table *furnace.Table
	// Features are the per-step QCM statistics (NaN where the sensor file
	// is missing) and layer set-points of every usable run, sorted by evt id.
	Features []*RunFeatures
	// Cycles are the cleaning cycles that hold furnaces, by id.
	Cycles []Cycle
	// Thickness and Std are the normalisation statistics of the 10
	// adjustable set-points (over furnaces with both faces' set-points) and
	// of the 14 std features (over furnaces with both faces' std); N is 0
	// when there are fewer than two such furnaces or a column is constant.
	Thickness, Std NormStats
	// Issues lists everything set aside, left empty or remarked, in a
	// deterministic order.
	Issues []Issue
	// Summary counts the outcome.
	Summary Summary
}

// runResult is what reading one run gives.
type runResult struct {
	id     string
	path   string
	evt    *Evt
	feat   *RunFeatures
	usable bool
	face   int // furnace.Face once assigned, -1 when set aside
	issues []Issue
}

// rawFiles are the files found below a raw data folder.
type rawFiles struct {
	evt, sensor, cleaning  map[string]string // lower-case id → path
	match, curves, process string            // table paths (the Layout path when absent)
}

// isCleaningDir reports whether a folder name marks chamber-cleaning logs.
func isCleaningDir(name string) bool {
	return strings.EqualFold(name, DirCleaning) || name == "大清洗"
}

// findRaw finds the raw files below root by name, in lexical path order:
// evt*.csv in a folder named cleaning (or 大清洗) are cleaning-run logs,
// other evt*.csv are process logs, files named by 8 digits (YYMMDDNN.csv)
// are sensor files, and match.csv, curves.csv and process_record.csv are the
// plant tables. Other files are ignored. A second file with the same id is
// reported and not used.
func findRaw(root string, issues *[]Issue) (*rawFiles, error) {
	l := Layout{Root: root}
	rf := &rawFiles{evt: map[string]string{}, sensor: map[string]string{}, cleaning: map[string]string{}}
	tables := map[string]*string{MatchFile: &rf.match, CurvesFile: &rf.curves, ProcessRecordFile: &rf.process}
	add := func(m map[string]string, id, path string) {
		if q, dup := m[id]; dup {
			*issues = append(*issues, Issue{Kind: "duplicate_file", Action: ActionSetAside, Evt: id, File: path,
				Reason: fmt.Sprintf("same id %s as %s; %s is used", id, q, q)})
			return
		}
		m[id] = path
	}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.EqualFold(filepath.Ext(d.Name()), ".csv") {
			return nil
		}
		id := NameFromFile(d.Name())
		switch {
		case strings.HasPrefix(id, "evt"):
			if isCleaningDir(filepath.Base(filepath.Dir(path))) {
				add(rf.cleaning, id, path)
			} else {
				add(rf.evt, id, path)
			}
		case len(id) == 8 && strings.Trim(id, "0123456789") == "":
			add(rf.sensor, id, path)
		default:
			if p, ok := tables[strings.ToLower(d.Name())]; ok {
				if *p != "" {
					*issues = append(*issues, Issue{Kind: "duplicate_file", Action: ActionSetAside, File: path,
						Reason: fmt.Sprintf("second %s; %s is used", d.Name(), *p)})
				} else {
					*p = path
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("ingest: %w", err)
	}
	for name, p := range map[string]*string{l.MatchPath(): &rf.match, l.CurvesPath(): &rf.curves, l.ProcessRecordPath(): &rf.process} {
		if *p == "" {
			*p = name
		}
	}
	return rf, nil
}

// Clean reads the raw data folder raw (laid out as Layout, or any layout:
// files are found by name below it, see FORMATS.md) and builds the furnace
// table, the cleaning cycles, the normalisation statistics and the quality
// report.
//
// Furnaces are ordered by the production start of their earliest usable
// run. A new cycle starts with the first furnace produced after each
// cleaning-run log's production start, and, where no cleaning log lies
// between two furnaces, at a drop of the e-gun filament counter by more
// than Options.EGunDrop; Options.Override replaces both. Cycle starts with
// no furnace between them start one cycle, and cycle ids count the cycles
// that hold furnaces from 0 in production order. Problems in individual files, runs and rows are reported as
// issues, never fatal; the error is non-nil only when the folder or its
// match table cannot be read at all.
func Clean(raw string, opt Options) (*Result, error) {
	if opt.Workers <= 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	if opt.MaxGap <= 0 {
		opt.MaxGap = DefaultMaxGap
	}
	if opt.CurveLensRow <= 0 {
		opt.CurveLensRow = DefaultCurveLensRow
	}
	if opt.EGunDrop <= 0 {
		opt.EGunDrop = DefaultEGunDrop
	}
	l := Layout{Root: raw}
	if fi, err := os.Stat(raw); err != nil {
		return nil, fmt.Errorf("ingest: raw data folder: %w", err)
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("ingest: raw data folder %s is not a directory", raw)
	}
	var issues []Issue

	found, err := findRaw(raw, &issues)
	if err != nil {
		return nil, err
	}
	evtFiles, sensorFiles, cleanFiles := found.evt, found.sensor, found.cleaning

	// Plant tables.
	match, err := readTable(found.match, ParseMatch)
	if err != nil && match == nil {
		return nil, fmt.Errorf("ingest: match table: %w", err)
	}
	issues = appendRowErrors(issues, "match_row", err)
	curves, err := readTable(found.curves, ParseCurves)
	if err != nil && curves == nil {
		issues = append(issues, fileIssue("curves_unreadable", found.curves, err, "no furnace has a curve"))
	} else {
		issues = appendRowErrors(issues, "curve_row", err)
	}
	process, err := readTable(found.process, ParseProcessRecord)
	if err != nil && process == nil {
		issues = append(issues, fileIssue("process_record_unreadable", found.process, err, "no furnace has counters"))
	} else {
		issues = appendRowErrors(issues, "process_row", err)
	}

	// The match table: evt → furnace and film code.
	type matchInfo struct {
		furnace, film string
		line          int
	}
	evtMatch := map[string]matchInfo{}
	conflict := map[string]bool{}
	furnaceEvts := map[string][]string{}
	for _, m := range match {
		if prev, ok := evtMatch[m.FileID]; ok {
			if prev.furnace != m.OvenNo || !strings.EqualFold(prev.film, m.FilmCode) {
				if !conflict[m.FileID] {
					issues = append(issues, Issue{Kind: "match_conflict", Action: ActionSetAside, Furnace: m.OvenNo, Evt: m.FileID,
						File: found.match, Line: m.Line, Reason: fmt.Sprintf("evt also matched to %s (%s) at line %d; the evt is set aside", prev.furnace, prev.film, prev.line)})
				}
				conflict[m.FileID] = true
			} else {
				issues = append(issues, Issue{Kind: "match_duplicate", Action: ActionKept, Furnace: m.OvenNo, Evt: m.FileID,
					File: found.match, Line: m.Line, Reason: fmt.Sprintf("repeats line %d", prev.line)})
			}
			continue
		}
		evtMatch[m.FileID] = matchInfo{m.OvenNo, m.FilmCode, m.Line}
		furnaceEvts[m.OvenNo] = append(furnaceEvts[m.OvenNo], m.FileID)
	}
	for id := range sortedKeys(evtFiles) {
		if _, ok := evtMatch[id]; !ok {
			issues = append(issues, Issue{Kind: "evt_unmatched", Action: ActionSetAside, Evt: id, File: evtFiles[id],
				Reason: "evt is not in the match table"})
		}
	}
	for id := range sortedKeys(sensorFiles) {
		if _, ok := evtMatch["evt"+id]; !ok {
			issues = append(issues, Issue{Kind: "sensor_unmatched", Action: ActionSetAside, Evt: "evt" + id, File: sensorFiles[id],
				Reason: "sensor file of an evt that is not in the match table"})
		}
	}

	// Read the runs in parallel; results are indexed, so the outcome is
	// independent of scheduling.
	var ids []string
	for id := range sortedKeys(evtMatch) {
		if !conflict[id] {
			ids = append(ids, id)
		}
	}
	results := make([]runResult, len(ids))
	jobs := make(chan int)
	done := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < opt.Workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				m := evtMatch[ids[i]]
				results[i] = readRun(ids[i], m.furnace, m.line, l, found, opt.MaxGap)
				done <- i
			}
		}()
	}
	go func() {
		for i := range ids {
			jobs <- i
		}
		close(jobs)
		wg.Wait()
		close(done)
	}()
	n := 0
	for range done {
		n++
		if opt.Progress != nil {
			opt.Progress(n, len(ids))
		}
	}
	byID := map[string]*runResult{}
	res := &Result{}
	for i := range results {
		r := &results[i]
		byID[r.id] = r
		issues = append(issues, r.issues...)
		if r.feat != nil {
			res.Features = append(res.Features, r.feat)
		}
	}

	// Curves and counters by furnace.
	curveRows := map[string][]CurveRow{}
	curveOnly := map[string]bool{} // furnaces known only from the curve table
	for _, c := range curves {
		if _, ok := furnaceEvts[c.FurnaceNo]; !ok {
			curveOnly[c.FurnaceNo] = true
			issues = append(issues, Issue{Kind: "curve_unmatched", Action: ActionSetAside, Furnace: c.FurnaceNo, File: found.curves,
				Line: c.Line, Reason: "curve of a furnace that is not in the match table"})
			continue
		}
		curveRows[c.FurnaceNo] = append(curveRows[c.FurnaceNo], c)
	}
	backRows := map[string][]ProcessRow{}
	for _, p := range process {
		if _, ok := furnaceEvts[p.FurnaceNo]; !ok {
			issues = append(issues, Issue{Kind: "process_unmatched", Action: ActionSetAside, Furnace: p.FurnaceNo, File: found.process,
				Line: p.Line, Reason: "process record of a furnace that is not in the match table"})
			continue
		}
		if p.Face == furnace.Back {
			backRows[p.FurnaceNo] = append(backRows[p.FurnaceNo], p)
		}
	}

	// Assemble the furnaces.
	type built struct {
		f     furnace.Furnace
		extra []string
		start time.Time
	}
	var kept []built
	runsSetAside, furnacesSetAside := 0, 0
	for _, r := range results {
		if !r.usable {
			runsSetAside++
		}
	}
	for no := range sortedKeys(furnaceEvts) {
		evts := append([]string(nil), furnaceEvts[no]...)
		sort.Strings(evts)
		var usable []*runResult
		for _, id := range evts {
			if r := byID[id]; r != nil && r.usable {
				usable = append(usable, r)
			}
		}
		sort.SliceStable(usable, func(i, j int) bool { return usable[i].evt.Start.Before(usable[j].evt.Start) })
		num, err := furnace.ParseNumber(no)
		if err != nil { // ParseMatch has checked it
			return nil, fmt.Errorf("ingest: furnace %s: %w", no, err)
		}
		if len(usable) == 0 {
			furnacesSetAside++
			issues = append(issues, Issue{Kind: "furnace_no_run", Action: ActionSetAside, Furnace: no, File: found.match,
				Line: evtMatch[evts[0]].line, Reason: fmt.Sprintf("no usable run among %s", strings.Join(evts, ", "))})
			continue
		}
		f := furnace.Furnace{No: no, Date: num.Date, Back: furnace.NaNRun(), Front: furnace.NaNRun(), Cycle: -1,
			Counters: furnace.Counters{IonGun: math.NaN(), EGun: math.NaN(), Baffle: math.NaN()}}
		method, faceIssues := assignFaces(no, usable, func(id string) string { return evtMatch[id].film })
		issues = append(issues, faceIssues...)
		for _, r := range usable {
			if r.face < 0 {
				runsSetAside++
				continue
			}
			run := f.Face(furnace.Face(r.face))
			run.Evt = r.id
			sp, spIssues := setPoints(no, r)
			run.SetPoints = sp
			issues = append(issues, spIssues...)
			if r.feat != nil {
				run.Std = r.feat.Std()
			}
		}
		var ci []Issue
		f.Curve, ci = pickCurve(no, curveRows[no], opt.CurveLensRow, found.curves)
		issues = append(issues, ci...)
		var pi []Issue
		f.Counters, pi = pickCounters(no, backRows[no], found.process, process != nil)
		issues = append(issues, pi...)
		extra := []string{strconv.Itoa(len(evts)), strings.Join(evts, ";"), method}
		kept = append(kept, built{f: f, extra: extra, start: usable[0].evt.Start})
	}
	sort.SliceStable(kept, func(i, j int) bool {
		if !kept[i].start.Equal(kept[j].start) {
			return kept[i].start.Before(kept[j].start)
		}
		return kept[i].f.No < kept[j].f.No
	})

	// Cycles.
	starts := make([]time.Time, len(kept))
	fs := make([]*furnace.Furnace, len(kept))
	for i := range kept {
		starts[i], fs[i] = kept[i].start, &kept[i].f
	}
	var cleanings []cleaningRun
	if opt.Override == nil {
		cleanings, issues = readCleanings(cleanFiles, issues)
		if len(cleanFiles) == 0 {
			issues = append(issues, Issue{Kind: "cleaning_logs_missing", Action: ActionKept, File: filepath.Join(raw, DirCleaning),
				Reason: "no cleaning-run logs; cycles come from e-gun filament counter resets"})
		}
	}
	res.Cycles, issues = assignCycles(fs, starts, cleanings, opt, issues)

	// The table.
	t := &furnace.Table{Extra: []string{ColNEvts, ColEvts, ColFaceMethod}}
	for _, b := range kept {
		t.Furnaces = append(t.Furnaces, b.f)
		t.ExtraValues = append(t.ExtraValues, b.extra)
	}
	res.Table = t
	res.Thickness, res.Std = FitNormStats(t.Furnaces)
	res.Issues = issues
	s := Summary{Runs: len(evtMatch), RunsSetAside: runsSetAside + len(conflict), Furnaces: len(kept),
		FurnacesSetAside: furnacesSetAside + len(curveOnly), Cycles: len(res.Cycles), Issues: len(issues)}
	for i := range t.Furnaces {
		if t.Furnaces[i].ModelReady() {
			s.ModelReady++
		}
	}
	res.Summary = s
	return res, nil
}

// readRun parses one evt and, for a usable run, its sensor file.
func readRun(id, furnaceNo string, matchLine int, l Layout, found *rawFiles, maxGap int) runResult {
	r := runResult{id: id}
	path, ok := found.evt[id]
	if !ok {
		r.issues = append(r.issues, Issue{Kind: "evt_missing", Action: ActionSetAside, Furnace: furnaceNo, Evt: id,
			File: found.match, Line: matchLine, Reason: fmt.Sprintf("no file %s below %s", id+".csv", l.Root)})
		return r
	}
	r.path = path
	e, err := parseEvtFile(path)
	if err != nil {
		is := issueFromError("evt_parse", ActionSetAside, furnaceNo, id, err)
		is.Reason += "; the run is set aside"
		r.issues = append(r.issues, is)
		return r
	}
	r.evt = e
	if len(e.Layers) == 0 {
		r.issues = append(r.issues, Issue{Kind: "aborted_run", Action: ActionSetAside, Furnace: furnaceNo, Evt: id, File: path,
			Reason: fmt.Sprintf("aborted run: %d step line(s), no Thickness lines", len(e.Steps))})
		return r
	}
	r.usable = true
	spath, ok := found.sensor[SensorID(id)]
	if !ok {
		r.issues = append(r.issues, Issue{Kind: "sensor_missing", Action: ActionEmpty, Furnace: furnaceNo, Evt: id,
			File: l.SensorPath(id), Reason: "no sensor file; the run's std features are left empty"})
		r.feat = newRunFeatures(e, "")
		return r
	}
	f, err := os.Open(spath)
	if err != nil {
		r.issues = append(r.issues, Issue{Kind: "sensor_unreadable", Action: ActionEmpty, Furnace: furnaceNo, Evt: id,
			File: spath, Reason: err.Error() + "; the run's std features are left empty"})
		r.feat = newRunFeatures(e, spath)
		return r
	}
	defer f.Close()
	// A file StepFeatures cannot use at all is also described by its
	// issues; the run is kept with empty std features either way.
	feat, issues, _ := StepFeatures(e, f, spath, maxGap)
	for i := range issues {
		issues[i].Furnace = furnaceNo
	}
	r.feat = feat
	r.issues = append(r.issues, issues...)
	return r
}

func parseEvtFile(path string) (*Evt, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &ParseError{File: path, Err: err}
	}
	defer f.Close()
	return ParseEvt(f, path)
}

// readTable opens and parses one plant table.
func readTable[T any](path string, parse func(io.Reader, string) ([]T, error)) ([]T, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return parse(f, path)
}

func appendRowErrors(issues []Issue, kind string, err error) []Issue {
	var re RowErrors
	if errors.As(err, &re) {
		for _, e := range re {
			issues = append(issues, issueFromError(kind, ActionSetAside, "", "", e))
		}
	} else if err != nil {
		issues = append(issues, Issue{Kind: kind, Action: ActionSetAside, Reason: err.Error()})
	}
	return issues
}

func fileIssue(kind, path string, err error, consequence string) Issue {
	is := issueFromError(kind, ActionSetAside, "", "", err)
	if is.File == "" {
		is.File = path
	}
	is.Reason += "; " + consequence
	return is
}

// sortedKeys iterates over the keys of m in increasing order.
func sortedKeys[V any](m map[string]V) func(func(string) bool) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return func(yield func(string) bool) {
		for _, k := range keys {
			if !yield(k) {
				return
			}
		}
	}
}

package ingest

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"time"

	"github.com/arcoat/zeiss/zeiss/furnace"
)

// assignFaces sets the face of each usable run of a furnace (sorted by
// start) and returns the face method: the recipe's CC/CX token, else the
// FilmCode_MES suffix, else the run order (earlier = front) for a furnace
// with exactly two runs. Runs whose face stays unknown, or that claim a
// face another run also claims, are set aside (face −1).
func assignFaces(no string, runs []*runResult, film func(string) string) (string, []Issue) {
	var issues []Issue
	method := FaceByRecipe
	known := make([]bool, len(runs))
	for i, r := range runs {
		f, ok := r.evt.Face()
		ff, fok := FaceFromCode(film(r.id))
		switch {
		case ok:
			if fok && ff != f {
				issues = append(issues, Issue{Kind: "face_conflict", Action: ActionKept, Furnace: no, Evt: r.id, File: r.path,
					Field: "recipe", Reason: fmt.Sprintf("recipe %q says %s, FilmCode_MES %q says %s; the recipe is used", r.evt.Recipe, f, film(r.id), ff)})
			}
		case fok:
			f, ok = ff, true
			if method == FaceByRecipe {
				method = FaceByFilmCode
			}
			issues = append(issues, Issue{Kind: "face_by_film_code", Action: ActionKept, Furnace: no, Evt: r.id, File: r.path,
				Field: "recipe", Reason: fmt.Sprintf("recipe %q has no CC/CX token; face %s from FilmCode_MES %q", r.evt.Recipe, ff, film(r.id))})
		}
		r.face = -1
		if ok {
			r.face = int(f)
		}
		known[i] = ok
	}
	nUnknown := 0
	for _, k := range known {
		if !k {
			nUnknown++
		}
	}
	if nUnknown > 0 {
		if len(runs) == 2 {
			method = FaceByEvtOrder
			order := [2]furnace.Face{furnace.Front, furnace.Back}
			for i, r := range runs {
				if known[i] {
					continue
				}
				f := order[i]
				if known[1-i] { // the complement of the known face
					f = 1 - furnace.Face(runs[1-i].face)
				}
				r.face = int(f)
				issues = append(issues, Issue{Kind: "face_by_evt_order", Action: ActionKept, Furnace: no, Evt: r.id, File: r.path,
					Field: "recipe", Reason: fmt.Sprintf("neither recipe %q nor FilmCode_MES %q names the face; %s assigned from the run order (the earlier run is the front)", r.evt.Recipe, film(r.id), f)})
			}
		} else {
			for i, r := range runs {
				if !known[i] {
					issues = append(issues, Issue{Kind: "face_unknown", Action: ActionSetAside, Furnace: no, Evt: r.id, File: r.path,
						Field: "recipe", Reason: fmt.Sprintf("neither recipe %q nor FilmCode_MES %q names the face, and the furnace has %d usable runs", r.evt.Recipe, film(r.id), len(runs))})
				}
			}
		}
	}
	for face := range 2 {
		var claim []*runResult
		for _, r := range runs {
			if r.face == face {
				claim = append(claim, r)
			}
		}
		if len(claim) > 1 {
			var names []string
			for _, r := range claim {
				names = append(names, r.id)
			}
			for _, r := range claim {
				r.face = -1
				issues = append(issues, Issue{Kind: "face_conflict", Action: ActionSetAside, Furnace: no, Evt: r.id, File: r.path,
					Reason: fmt.Sprintf("runs %s all coat the %s face; none is used", strings.Join(names, ", "), furnace.Face(face))})
			}
		}
	}
	return method, issues
}

// setPoints returns the seven set-points of a run by layer name; a layer
// without a Thickness line, or with conflicting ones, is left NaN.
func setPoints(no string, r *runResult) ([furnace.NumLayers]float64, []Issue) {
	var sp [furnace.NumLayers]float64
	var issues []Issue
	for i := range sp {
		sp[i] = math.NaN()
	}
	var seen [furnace.NumLayers]int
	for _, l := range r.evt.Layers {
		if l.Layer < 1 || l.Layer > furnace.NumLayers {
			issues = append(issues, Issue{Kind: "thickness_extra", Action: ActionSetAside, Furnace: no, Evt: r.id, File: r.path, Field: "info",
				Reason: fmt.Sprintf("Thickness line of layer %s: the stack has %d layers; the line is ignored", LayerName(l.Layer), furnace.NumLayers)})
			continue
		}
		k := l.Layer - 1
		seen[k]++
		switch {
		case seen[k] == 1:
			sp[k] = l.SetPoint
		case math.IsNaN(sp[k]):
		case sp[k] == l.SetPoint:
			issues = append(issues, Issue{Kind: "thickness_duplicate", Action: ActionKept, Furnace: no, Evt: r.id, File: r.path, Field: "value 1",
				Reason: fmt.Sprintf("layer %s has two Thickness lines with the same set-point %v", LayerName(l.Layer), l.SetPoint)})
		default:
			issues = append(issues, Issue{Kind: "thickness_conflict", Action: ActionEmpty, Furnace: no, Evt: r.id, File: r.path, Field: "value 1",
				Reason: fmt.Sprintf("layer %s has Thickness lines with set-points %v and %v; left empty", LayerName(l.Layer), sp[k], l.SetPoint)})
			sp[k] = math.NaN()
		}
	}
	for k, n := range seen {
		if n == 0 {
			issues = append(issues, Issue{Kind: "thickness_missing", Action: ActionEmpty, Furnace: no, Evt: r.id, File: r.path, Field: "value 1",
				Reason: fmt.Sprintf("no Thickness line for layer %s; its set-point is left empty", LayerName(k+1))})
		}
	}
	return sp, issues
}

// pickCurve returns the furnace's curve: its only row, or the row of lens
// row lensRow when there are several. Ambiguity or an incomplete curve is
// reported; nothing is averaged or filled in.
func pickCurve(no string, rows []CurveRow, lensRow int, file string) ([]float64, []Issue) {
	if len(rows) == 0 {
		return nil, []Issue{{Kind: "curve_missing", Action: ActionEmpty, Furnace: no, File: file, Reason: "no curve row; the curve is left empty"}}
	}
	pick := rows
	if len(rows) > 1 {
		pick = nil
		for _, r := range rows {
			if r.LensRow == lensRow {
				pick = append(pick, r)
			}
		}
	}
	switch {
	case len(pick) == 0:
		return nil, []Issue{{Kind: "curve_ambiguous", Action: ActionEmpty, Furnace: no, File: file, Line: rows[0].Line, Field: "lens_row",
			Reason: fmt.Sprintf("%d curve rows and none of lens row %d; the curve is left empty", len(rows), lensRow)}}
	case len(pick) > 1:
		for _, p := range pick[1:] {
			if p.R != pick[0].R {
				return nil, []Issue{{Kind: "curve_ambiguous", Action: ActionEmpty, Furnace: no, File: file, Line: p.Line, Field: "lens_row",
					Reason: fmt.Sprintf("curve rows at lines %d and %d (lens row %d) differ; the curve is left empty", pick[0].Line, p.Line, p.LensRow)}}
			}
		}
	}
	c := pick[0]
	var issues []Issue
	for i, v := range c.R {
		if math.IsNaN(v) {
			issues = append(issues, Issue{Kind: "curve_incomplete", Action: ActionEmpty, Furnace: no, File: file, Line: c.Line,
				Field: fmt.Sprintf("r%d", int(furnace.Wavelength(i))), Reason: "empty reflectance value; the furnace has no complete curve"})
			break
		}
	}
	out := make([]float64, furnace.NumPoints)
	copy(out, c.R[:])
	return out, issues
}

// pickCounters returns the counters of the furnace's back row of the
// process record.
func pickCounters(no string, rows []ProcessRow, file string, haveRecord bool) (furnace.Counters, []Issue) {
	nan := furnace.Counters{IonGun: math.NaN(), EGun: math.NaN(), Baffle: math.NaN()}
	switch {
	case len(rows) == 0:
		if !haveRecord {
			return nan, nil
		}
		return nan, []Issue{{Kind: "counters_missing", Action: ActionEmpty, Furnace: no, File: file, Reason: "no back-face row in the process record; counters left empty"}}
	case len(rows) > 1:
		for _, p := range rows[1:] {
			if !sameFloat(p.IonGun, rows[0].IonGun) || !sameFloat(p.EGun, rows[0].EGun) || !sameFloat(p.Baffle, rows[0].Baffle) {
				return nan, []Issue{{Kind: "counters_conflict", Action: ActionEmpty, Furnace: no, File: file, Line: p.Line,
					Reason: fmt.Sprintf("back-face rows at lines %d and %d differ; counters left empty", rows[0].Line, p.Line)}}
			}
		}
	}
	p := rows[0]
	return furnace.Counters{IonGun: p.IonGun, EGun: p.EGun, Baffle: p.Baffle}, nil
}

func sameFloat(a, b float64) bool { return a == b || (math.IsNaN(a) && math.IsNaN(b)) }

// cleaningRun is one chamber cleaning from its log.
type cleaningRun struct {
	id    string
	path  string
	start time.Time
}

// readCleanings parses the cleaning-run logs in id order.
func readCleanings(files map[string]string, issues []Issue) ([]cleaningRun, []Issue) {
	var out []cleaningRun
	for id := range sortedKeys(files) {
		e, err := parseEvtFile(files[id])
		if err != nil {
			is := issueFromError("cleaning_parse", ActionSetAside, "", id, err)
			is.Reason += "; this cleaning does not start a cycle"
			issues = append(issues, is)
			continue
		}
		if _, ok := e.Face(); ok {
			issues = append(issues, Issue{Kind: "cleaning_recipe", Action: ActionKept, Evt: id, File: files[id], Field: "recipe",
				Reason: fmt.Sprintf("cleaning log has the coating recipe %q; used as a cleaning", e.Recipe)})
		}
		out = append(out, cleaningRun{id: id, path: files[id], start: e.Start})
	}
	return out, issues
}

// CycleStart is one line of a cycle override file: a cycle starts with
// furnace Furnace, or after a cleaning at time Time.
type CycleStart struct {
	// Furnace is the first furnace of the cycle (empty when Time is set).
	Furnace string
	// Time is a cleaning time (zero when Furnace is set).
	Time time.Time
	// Line is the line of the override file.
	Line int
}

// ParseCycleOverride reads a hand-edited cycle file: one cycle start per
// line, either a furnace number (the cycle starts with that furnace) or a
// cleaning time "YYYY-MM-DD HH:MM:SS" or "YYYY-MM-DD" (the cycle starts
// with the first furnace produced after it). Blank lines and text after
// '#' are ignored. Starts with no furnace between them start one cycle.
func ParseCycleOverride(r io.Reader, file string) ([]CycleStart, error) {
	sc := bufio.NewScanner(r)
	var out []CycleStart
	line := 0
	for sc.Scan() {
		line++
		s := sc.Text()
		if i := strings.IndexByte(s, '#'); i >= 0 {
			s = s[:i]
		}
		s = strings.TrimSpace(strings.TrimPrefix(s, "\ufeff"))
		if s == "" {
			continue
		}
		if _, err := furnace.ParseNumber(s); err == nil {
			out = append(out, CycleStart{Furnace: s, Line: line})
			continue
		}
		var t time.Time
		var err error
		for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02"} {
			if t, err = time.Parse(layout, s); err == nil {
				break
			}
		}
		if err != nil {
			return nil, perr(file, line, "cycle start", "%q is neither a furnace number nor a time YYYY-MM-DD[ HH:MM:SS]", s)
		}
		if y := t.Year(); y < 2000 || y > 2099 {
			return nil, perr(file, line, "cycle start", "year %d outside 2000–2099", y)
		}
		out = append(out, CycleStart{Time: t, Line: line})
	}
	if err := sc.Err(); err != nil {
		return nil, &ParseError{File: file, Line: line + 1, Err: err}
	}
	if out == nil {
		out = []CycleStart{}
	}
	return out, nil
}

// assignCycles sets the cycle of each furnace (in production order, with
// their first run's start) and returns the cycles that hold furnaces.
func assignCycles(fs []*furnace.Furnace, starts []time.Time, cleanings []cleaningRun, opt Options, issues []Issue) ([]Cycle, []Issue) {
	// Each boundary is a furnace index at which a new cycle starts, with its source.
	type boundary struct {
		at     int
		source string
	}
	var bounds []boundary
	firstAfter := func(t time.Time) int { // first furnace started after t
		for i, s := range starts {
			if s.After(t) {
				return i
			}
		}
		return len(starts)
	}
	if opt.Override != nil {
		index := map[string]int{}
		for i, f := range fs {
			index[f.No] = i
		}
		for _, c := range opt.Override {
			src := fmt.Sprintf("override %s:%d", opt.OverrideFile, c.Line)
			if c.Furnace != "" {
				i, ok := index[c.Furnace]
				if !ok {
					issues = append(issues, Issue{Kind: "override_unknown", Action: ActionSetAside, Furnace: c.Furnace, File: opt.OverrideFile, Line: c.Line,
						Reason: "cycle start names a furnace that is not in the table; the line is ignored"})
					continue
				}
				bounds = append(bounds, boundary{i, src})
			} else {
				bounds = append(bounds, boundary{firstAfter(c.Time), src})
			}
		}
	} else {
		for _, c := range cleanings {
			bounds = append(bounds, boundary{firstAfter(c.start), "cleaning log " + c.path})
		}
		// E-gun filament resets with no cleaning log between the two furnaces.
		prev := -1
		for i, f := range fs {
			if math.IsNaN(f.Counters.EGun) {
				continue
			}
			if prev >= 0 && f.Counters.EGun < fs[prev].Counters.EGun-opt.EGunDrop {
				explained := false
				for _, c := range cleanings {
					if c.start.After(starts[prev]) && !c.start.After(starts[i]) {
						explained = true
						break
					}
				}
				if !explained {
					bounds = append(bounds, boundary{i, "e-gun counter reset at " + f.No})
					issues = append(issues, Issue{Kind: "cycle_from_counter", Action: ActionKept, Furnace: f.No,
						Reason: fmt.Sprintf("e-gun filament counter drops from %v (furnace %s) to %v with no cleaning log in between; a new cycle starts here",
							fs[prev].Counters.EGun, fs[prev].No, f.Counters.EGun)})
				}
			}
			prev = i
		}
	}
	// A cycle starts at each furnace index that has a boundary; several
	// boundaries with no furnace between them (a cleaning spread over
	// several logs, or a log and an override line) start one cycle, and
	// boundaries before the first furnace start cycle 0. Ids are thus
	// consecutive over the cycles that hold furnaces.
	source := make([]string, len(fs)+1)
	for _, b := range bounds {
		if source[b.at] == "" {
			source[b.at] = b.source
		} else {
			source[b.at] += "; " + b.source
		}
	}
	var cycles []Cycle
	for i, f := range fs {
		if i == 0 || source[i] != "" {
			src := source[i]
			if src == "" {
				src = "start of data"
			}
			cycles = append(cycles, Cycle{ID: len(cycles), Source: src})
		}
		c := &cycles[len(cycles)-1]
		f.Cycle = c.ID
		c.Furnaces = append(c.Furnaces, f.No)
	}
	return cycles, issues
}

// AdjustableColumns returns the furnace-table names of the 10 adjustable
// set-points, back first: back_t1, back_t3, back_t4, back_t5, back_t6, then front.
func AdjustableColumns() []string {
	var c []string
	for _, f := range []furnace.Face{furnace.Back, furnace.Front} {
		for _, l := range furnace.AdjustableLayers {
			c = append(c, fmt.Sprintf("%s_t%d", f, l+1))
		}
	}
	return c
}

// Std14Columns returns the furnace-table names of the 14 std features:
// back_std_s2…s8, front_std_s2…s8.
func Std14Columns() []string {
	var c []string
	for _, f := range []furnace.Face{furnace.Back, furnace.Front} {
		for s := 2; s <= furnace.NumSteps; s++ {
			c = append(c, fmt.Sprintf("%s_std_s%d", f, s))
		}
	}
	return c
}

// fitNormStats computes the normalisation statistics of the set-points and
// std features over all furnaces that have them.
func FitNormStats(fs []furnace.Furnace) (NormStats, NormStats) {
	var thick, std [][]float64
	for i := range fs {
		if fs[i].HasSetPoints() {
			x := fs[i].Adjustable()
			thick = append(thick, x[:])
		}
		if fs[i].HasStd() {
			s := fs[i].Std14()
			std = append(std, s[:])
		}
	}
	fit := func(cols []string, rows [][]float64) NormStats {
		ns := NormStats{Columns: cols}
		if len(rows) < 2 {
			return ns
		}
		s, err := furnace.FitStats(rows)
		if err != nil {
			return ns
		}
		ns.N, ns.Stats = len(rows), s
		return ns
	}
	return fit(AdjustableColumns(), thick), fit(Std14Columns(), std)
}

// ReadCycleOverrideFile reads a cycle override file (see ParseCycleOverride).
func ReadCycleOverrideFile(path string) ([]CycleStart, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("ingest: cycle override: %w", err)
	}
	defer f.Close()
	return ParseCycleOverride(f, path)
}

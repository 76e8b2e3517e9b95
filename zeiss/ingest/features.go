package ingest

import (
	"fmt"
	"io"
	"math"
	"time"

	"github.com/arcoat/zeiss/zeiss/furnace"
)

// DefaultMaxGap is the default largest gap, in seconds, between a step
// boundary and the nearest sensor row (and between rows inside a step)
// that segmentation tolerates.
const DefaultMaxGap = 5

// ColumnStats are the statistics of one sensor column over the rows of one
// process step.
type ColumnStats struct {
	// N is the number of rows in the step.
	N int
	// Mean and Std are the mean and the sample standard deviation
	// (ddof = 1) of the column over those rows; NaN when the step is not
	// fully covered by the sensor file, has fewer than 2 rows, or holds a
	// missing (NaN) cell of the column.
	Mean, Std float64
}

// RunFeatures are the per-step statistics of the QCM columns of one run.
type RunFeatures struct {
	// Evt is the run's log id.
	Evt string
	// Sensor is the sensor file read.
	Sensor string
	// Columns are the columns of Steps' inner arrays: QCMColumns().
	Columns [4]string
	// Steps holds, per process step 1…8, the statistics of each column.
	Steps [furnace.NumSteps][4]ColumnStats
	// SetPoint and Measured are, per process step, the set-point and the
	// QCM thickness at shutter close of the layer the step deposits (from
	// the Thickness line of layer L(k−1)); NaN for step 1 and where the
	// layer has no single Thickness line.
	SetPoint, Measured [furnace.NumSteps]float64
}

// newRunFeatures returns the features of run e with every statistic NaN and
// the set-points of its Thickness lines.
func newRunFeatures(e *Evt, sensorFile string) *RunFeatures {
	rf := &RunFeatures{Evt: e.Name, Sensor: sensorFile}
	copy(rf.Columns[:], QCMColumns())
	for k := range rf.Steps {
		for c := range rf.Steps[k] {
			rf.Steps[k][c] = ColumnStats{Mean: math.NaN(), Std: math.NaN()}
		}
		rf.SetPoint[k], rf.Measured[k] = math.NaN(), math.NaN()
	}
	var count [furnace.NumSteps]int
	for _, l := range e.Layers {
		if k := l.Layer; k >= 1 && k < furnace.NumSteps {
			count[k]++
			rf.SetPoint[k], rf.Measured[k] = l.SetPoint, l.Measured
		}
	}
	for k, n := range count {
		if n > 1 {
			rf.SetPoint[k], rf.Measured[k] = math.NaN(), math.NaN()
		}
	}
	return rf
}

// Std returns the feature: the sample std of ACT_O1_QCMS_THICKNESS_CH1 per
// process step.
func (f *RunFeatures) Std() [furnace.NumSteps]float64 {
	var s [furnace.NumSteps]float64
	for k := range s {
		s[k] = f.Steps[k][2].Std
	}
	return s
}

// welford accumulates a mean and variance in one pass.
type welford struct {
	n        int
	mean, m2 float64
	nanLine  int // first line with a NaN cell, 0 if none
}

func (w *welford) add(v float64, line int) {
	if math.IsNaN(v) {
		if w.nanLine == 0 {
			w.nanLine = line
		}
		return
	}
	w.n++
	d := v - w.mean
	w.mean += d / float64(w.n)
	w.m2 += d * (v - w.mean)
}

// std returns the sample standard deviation (ddof = 1); it needs n ≥ 2.
func (w *welford) std() float64 { return math.Sqrt(w.m2 / float64(w.n-1)) }

// SampleStd returns the sample standard deviation (ddof = 1) of v, computed
// exactly as StepFeatures computes a step's std (Welford's single pass in
// index order), so that the std of a step's readings equals, to the last
// bit, the feature read back from its sensor file. It is NaN when v has
// fewer than two values or holds a NaN.
func SampleStd(v []float64) float64 {
	var w welford
	for _, x := range v {
		w.add(x, 1)
	}
	if w.nanLine != 0 || w.n < 2 {
		return math.NaN()
	}
	return w.std()
}

// StepFeatures reads the sensor CSV r (named file) in one pass and returns
// the statistics of the four QCM columns in each process step of e. Step k
// spans the rows whose time t satisfies start(k) ≤ t < start(k+1); step 8
// ends at the Total Process Time line. Rows need not fall on the boundaries
// or be evenly spaced. A step's statistics are NaN, and an issue says why,
// when its start or end is missing from the evt, when the sensor file does
// not cover it to within maxGap seconds at both ends (a truncated file),
// when a row inside it cannot be parsed, or (for one column) when the
// column has a missing cell in it. Gaps longer than maxGap between rows
// inside a step are reported and the statistics kept. The error is non-nil
// only when the file cannot be used at all (no header, no QCM column); it
// is then also described by the returned issues. The features also carry
// the set-point and measured thickness of each step's layer.
func StepFeatures(e *Evt, r io.Reader, file string, maxGap int) (*RunFeatures, []Issue, error) {
	rf := newRunFeatures(e, file)
	var issues []Issue
	add := func(kind, action string, line int, field, format string, args ...any) {
		issues = append(issues, Issue{Kind: kind, Action: action, Evt: e.Name, File: file, Line: line, Field: field, Reason: fmt.Sprintf(format, args...)})
	}
	addEvt := func(kind, field, format string, args ...any) { // a problem of the evt, not of the sensor file
		f := e.File
		if f == "" {
			f = e.Name
		}
		issues = append(issues, Issue{Kind: kind, Action: ActionEmpty, Evt: e.Name, File: f, Field: field, Reason: fmt.Sprintf(format, args...)})
	}
	sr, err := NewSensorReader(r, file)
	if err == nil {
		err = sr.Select(QCMColumns()...)
	}
	if err != nil {
		is := issueFromError("sensor_unreadable", ActionEmpty, "", e.Name, err)
		is.Reason += "; std of every step left empty"
		if is.File == "" {
			is.File = file
		}
		return rf, append(issues, is), err
	}

	// Step boundaries in seconds from midnight of the production start day.
	day0 := midnight(e.Start)
	sec := func(t time.Time) int { return int(t.Sub(day0) / time.Second) }
	const n = furnace.NumSteps
	var start, end [n]int
	var haveStart, dup, defined [n]bool
	for _, s := range e.Steps {
		k := s.No - 1
		if k < 0 || k >= n {
			continue
		}
		if haveStart[k] {
			if !dup[k] {
				addEvt("step_duplicate", "step", "step %d starts twice in %s; std of step %d%s left empty",
					s.No, e.Name, s.No, prevText(k))
			}
			dup[k] = true
			continue
		}
		haveStart[k] = true
		start[k] = sec(s.Start)
	}
	for k := 0; k < n; k++ {
		if !haveStart[k] || dup[k] {
			if !haveStart[k] {
				addEvt("step_missing", "step", "no \"Start Step No. %d of %d\" line in %s; std of step %d%s left empty",
					k+1, EvtStepCount, e.Name, k+1, prevText(k))
			}
			continue
		}
		switch {
		case k+1 < n && haveStart[k+1] && !dup[k+1]:
			end[k] = start[k+1]
		case k+1 == n && !e.End.IsZero():
			end[k] = sec(e.End)
		default:
			if k+1 == n {
				addEvt("end_missing", "end", "no %q line in %s; std of step 8 left empty", msgTotal, e.Name)
			}
			continue
		}
		if end[k] <= start[k] {
			addEvt("step_order", "step", "step %d of %s ends (%s) no later than it starts; its std is left empty",
				k+1, e.Name, formatClock(day0.Add(time.Duration(end[k])*time.Second)))
			continue
		}
		defined[k] = true
	}

	type stepAcc struct {
		rows        int
		first, last int
		tainted     int // line of a malformed row in the step, 0 if none
		gapReported bool
		col         [4]welford
	}
	var acc [n]stepAcc
	stepOf := func(t int) int {
		for k := 0; k < n; k++ {
			if defined[k] && start[k] <= t && t < end[k] {
				return k
			}
		}
		return -1
	}
	offset, started := 0, false
	prevStep, pendingTaint := -1, 0
	for {
		if !sr.Next() {
			err := sr.Err()
			if err == nil {
				break
			}
			pe, isPE := err.(*ParseError)
			if !isPE || !sr.skipBadRow() {
				is := issueFromError("sensor_unreadable", ActionEmpty, "", e.Name, err)
				is.Reason += "; reading stopped, steps not covered are left empty"
				issues = append(issues, is)
				break
			}
			// A malformed row: the steps on either side of it cannot be trusted.
			if prevStep >= 0 && acc[prevStep].tainted == 0 {
				acc[prevStep].tainted = pe.Line
			}
			pendingTaint = pe.Line
			is := issueFromError("sensor_row", ActionEmpty, "", e.Name, err)
			is.Reason += "; the step(s) on either side of the row are left empty"
			issues = append(issues, is)
			continue
		}
		if !started {
			started = true
			// Place the sensor clock on the evt's calendar: the day
			// (−1, 0, +1) that puts the first row nearest the production start.
			s0, cs := sr.Seconds(), clockOf(e.Start)
			best := math.MaxInt
			for _, d := range []int{-1, 0, 1} {
				if dd := abs(s0 + d*secondsPerDay - cs); dd < best {
					best, offset = dd, d*secondsPerDay
				}
			}
		}
		t := sr.Seconds() + offset
		k := stepOf(t)
		if pendingTaint != 0 {
			if k >= 0 && acc[k].tainted == 0 {
				acc[k].tainted = pendingTaint
			}
			pendingTaint = 0
		}
		prevStep = k
		if k < 0 {
			continue
		}
		a := &acc[k]
		if a.rows == 0 {
			a.first = t
		} else if t-a.last > maxGap && !a.gapReported {
			a.gapReported = true
			add("sensor_gap", ActionKept, sr.Line(), "Time", "gap of %d s between sensor rows inside step %d; statistics kept", t-a.last, k+1)
		}
		a.rows++
		if t > a.last || a.rows == 1 {
			a.last = t
		}
		for c, v := range sr.Values() {
			a.col[c].add(v, sr.Line())
		}
	}
	clk := func(s int) string { return formatClock(day0.Add(time.Duration(s) * time.Second)) }
	for k := 0; k < n; k++ {
		a := &acc[k]
		for c := range rf.Steps[k] {
			rf.Steps[k][c] = ColumnStats{N: a.rows, Mean: math.NaN(), Std: math.NaN()}
		}
		if !defined[k] {
			continue
		}
		switch {
		case a.rows == 0:
			add("sensor_not_covered", ActionEmpty, 0, "", "no sensor rows in step %d (%s–%s); its std is left empty",
				k+1, clk(start[k]), clk(end[k]-1))
			continue
		case a.first-start[k] > maxGap || (end[k]-1)-a.last > maxGap:
			add("sensor_not_covered", ActionEmpty, 0, "", "sensor rows cover %s–%s of step %d (%s–%s); its std is left empty",
				clk(a.first), clk(a.last), k+1, clk(start[k]), clk(end[k]-1))
			continue
		case a.tainted != 0:
			continue // reported with the row
		}
		for c := range rf.Steps[k] {
			w := a.col[c]
			if w.nanLine != 0 {
				add("sensor_nan", ActionEmpty, w.nanLine, rf.Columns[c], "missing value in step %d; the step's %s statistics are left empty", k+1, rf.Columns[c])
				continue
			}
			if w.n < 2 {
				add("sensor_short_step", ActionEmpty, 0, rf.Columns[c], "step %d has %d sensor row(s); std needs 2", k+1, w.n)
				continue
			}
			rf.Steps[k][c].Mean = w.mean
			rf.Steps[k][c].Std = w.std()
		}
	}
	return rf, issues, nil
}

// prevText names the step before step k+1 (0-based k), whose end is lost with k's start.
func prevText(k int) string {
	if k == 0 {
		return ""
	}
	return fmt.Sprintf(" and step %d", k)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func nan() float64 { return math.NaN() }

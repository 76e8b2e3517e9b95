package ingest

import (
	"fmt"
	"os"
	"time"
)

// Trace is one run's evt log and some of its sensor columns in memory, for
// inspection and plots (the cleaning stage itself streams).
type Trace struct {
	// Evt is the run's process log.
	Evt *Evt
	// Columns are the sensor columns read.
	Columns []string
	// Seconds are the row times in seconds since the production start.
	Seconds []float64
	// Values holds one slice per column, aligned with Seconds.
	Values [][]float64
}

// StepStarts returns the start of each step present in the evt and the end
// of the run, in seconds since the production start (NaN when missing): 9
// values, step 1…8 then the end.
func (tr *Trace) StepStarts() []float64 {
	out := make([]float64, EvtStepCount)
	for i := range out {
		out[i] = nan()
	}
	for _, s := range tr.Evt.Steps {
		if s.No >= 1 && s.No < EvtStepCount {
			out[s.No-1] = s.Start.Sub(tr.Evt.Start).Seconds()
		}
	}
	if !tr.Evt.End.IsZero() {
		out[EvtStepCount-1] = tr.Evt.End.Sub(tr.Evt.Start).Seconds()
	}
	return out
}

// ReadTrace reads the evt log id of the folder l and the given columns of
// its sensor file.
func ReadTrace(l Layout, id string, columns ...string) (*Trace, error) {
	e, err := parseEvtFile(l.EvtPath(id))
	if err != nil {
		return nil, err
	}
	f, err := os.Open(l.SensorPath(id))
	if err != nil {
		return nil, fmt.Errorf("ingest: %w", err)
	}
	defer f.Close()
	sr, err := NewSensorReader(f, l.SensorPath(id))
	if err != nil {
		return nil, err
	}
	if err := sr.Select(columns...); err != nil {
		return nil, err
	}
	tr := &Trace{Evt: e, Columns: append([]string(nil), columns...), Values: make([][]float64, len(columns))}
	offset, started := 0, false
	day0 := midnight(e.Start)
	start := int(e.Start.Sub(day0) / time.Second)
	for sr.Next() {
		if !started {
			started = true
			best := -1
			for _, d := range []int{-1, 0, 1} {
				if dd := abs(sr.Seconds() + d*secondsPerDay - start); best < 0 || dd < best {
					best, offset = dd, d*secondsPerDay
				}
			}
		}
		tr.Seconds = append(tr.Seconds, float64(sr.Seconds()+offset-start))
		for j, v := range sr.Values() {
			tr.Values[j] = append(tr.Values[j], v)
		}
	}
	if err := sr.Err(); err != nil {
		return nil, err
	}
	return tr, nil
}

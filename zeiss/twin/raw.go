package twin

import (
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/arcoat/zeiss/zeiss/furnace"
	"github.com/arcoat/zeiss/zeiss/ingest"
)

// Header fields of the machine's process logs.
const (
	plcVersion  = "V2.31"
	machineName = "SYRUSpro 1110 No.33"
	recipeBase  = "1.6&1.67_DVS_"
	// CleaningRecipe is the recipe of chamber-cleaning runs.
	CleaningRecipe = "CLEAN_CHAMBER"
	// NumLensRows is the number of lens rows (dome tiers) measured per
	// furnace in the curve table; row MeasuredRow is the furnace's curve.
	NumLensRows = 7
	// MeasuredRow is the lens row whose curve is the furnace's curve.
	MeasuredRow = 4
)

// stepMaterial are the material tokens of steps 2…8 in the evt logs.
var stepMaterial = [furnace.NumLayers]string{"SiO2", "ITO", "Ti3O5", "SiO2", "Ti3O5", "SiO2", "COTEC1200"}

// recipe returns the recipe name of a face run.
func recipe(face furnace.Face) string {
	if face == furnace.Front {
		return recipeBase + "CX"
	}
	return recipeBase + "CC"
}

// RawOptions control WriteRaw.
type RawOptions struct {
	// Workers is the number of runs written in parallel (≤ 0: 2).
	Workers int
	// Progress, when not nil, is called after each written run with the
	// number of runs done and the total.
	Progress func(done, total int)
	// Overwrite allows replacing existing files.
	Overwrite bool
	// Only, when not nil, restricts the raw logs to the furnaces whose
	// index it reports true for (the plant tables stay complete).
	Only func(index int) bool
}

// WriteRaw writes the raw machine logs of ds into the folder layout of
// package ingest under dir (which must exist): one evt log and one sensor
// file per face run, the cleaning-run logs, and the plant tables (match
// table, curve table with NumLensRows lens rows per furnace, process
// record). Files are written atomically; existing files are an error unless
// opt.Overwrite is set. The faults
// of ds are applied to the files they concern.
func WriteRaw(ds *Dataset, dir string, opt RawOptions) error {
	l := ingest.Layout{Root: dir}
	for _, d := range l.Dirs() {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return fmt.Errorf("twin: %w", err)
		}
	}
	if err := writeTables(ds, l, opt.Overwrite); err != nil {
		return err
	}
	type job struct {
		rec  int
		face furnace.Face
	}
	var jobs []job
	for i := range ds.Records {
		if opt.Only != nil && !opt.Only(i) {
			continue
		}
		jobs = append(jobs, job{i, furnace.Front}, job{i, furnace.Back})
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = 2
	}
	var (
		next, done atomic.Int64
		wg         sync.WaitGroup
		mu         sync.Mutex
		firstErr   error
	)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var tr Trace
			for {
				j := int(next.Add(1) - 1)
				if j >= len(jobs) {
					return
				}
				mu.Lock()
				stop := firstErr != nil
				mu.Unlock()
				if stop {
					return
				}
				if err := writeRun(ds, l, &ds.Records[jobs[j].rec], jobs[j].face, &tr, opt.Overwrite); err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
					return
				}
				d := int(done.Add(1))
				if opt.Progress != nil {
					mu.Lock()
					opt.Progress(d, len(jobs))
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	for _, c := range ds.Cleanings {
		for _, r := range c.Runs {
			if err := writeCleaning(l, r, opt.Overwrite); err != nil {
				return err
			}
		}
	}
	for i := range ds.Records {
		if opt.Only != nil && !opt.Only(i) {
			continue
		}
		for _, a := range ds.Records[i].Aborted {
			if err := writeAborted(l, &a, opt.Overwrite); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeRun regenerates the QCM trace of one face run and writes its evt log
// and sensor file.
func writeRun(ds *Dataset, l ingest.Layout, rec *Record, face furnace.Face, tr *Trace, overwrite bool) error {
	p := &ds.Params
	ri := &rec.Runs[face]
	stream := streamTraceFront
	if face == furnace.Back {
		stream = streamTraceBack
	}
	sp := rec.Furnace.Face(face).SetPoints
	genTrace(p, &sp, ri.cond, streamRNG(ds.Seed, rec.Index, stream), tr)
	if tr.Len() != ri.Seconds {
		return fmt.Errorf("twin: furnace %s %s run: regenerated trace has %d s, simulated %d s", rec.Furnace.No, face, tr.Len(), ri.Seconds)
	}
	fl := faultsOf(rec, face)
	e := buildEvt(p, ri, &sp, tr, face)
	if fl.has(FaultMissingStep) {
		k := fl.arg(FaultMissingStep)
		e.Steps = append(e.Steps[:k-1:k-1], e.Steps[k:]...)
	}
	if fl.has(FaultMalformedThickness) {
		switch fl.arg(FaultMalformedThickness) {
		case 0: // the first layer's Thickness line repeated
			dup := e.Layers[0]
			dup.RateTime = time.Time{}
			e.Layers = append([]ingest.LayerRecord{dup}, e.Layers...)
		default: // only the first layer's line
			e.Layers = e.Layers[:1]
		}
	}
	if err := furnace.WriteFileAtomic(l.EvtPath(ri.Evt), overwrite, func(w io.Writer) error { return ingest.WriteEvt(w, e) }); err != nil {
		return fmt.Errorf("twin: %w", err)
	}
	if fl.has(FaultMissingSensor) {
		return nil
	}
	rows := tr.Len()
	if fl.has(FaultTruncatedSensor) {
		rows = fl.arg(FaultTruncatedSensor)
	}
	nanFrom, nanTo := -1, -1
	if fl.has(FaultNaNCells) {
		nanFrom = fl.arg(FaultNaNCells)
		nanTo = nanFrom + 3
	}
	srng := streamRNG(ds.Seed, rec.Index, stream+streamSensorBack-streamTraceBack)
	err := furnace.WriteFileAtomic(l.SensorPath(ri.Evt), overwrite, func(w io.Writer) error {
		return writeSensor(w, ri, tr, rows, nanFrom, nanTo, srng)
	})
	if err != nil {
		return fmt.Errorf("twin: %w", err)
	}
	return nil
}

// buildEvt returns the process log of a face run.
func buildEvt(p *Params, ri *RunInfo, sp *[furnace.NumLayers]float64, tr *Trace, face furnace.Face) *ingest.Evt {
	e := &ingest.Evt{
		Name: ri.Evt, PLCVersion: plcVersion, Machine: machineName, Recipe: recipe(face),
		Start: ri.Start, End: ri.Start.Add(time.Duration(tr.Len()) * time.Second),
	}
	at := func(i int) time.Time { return ri.Start.Add(time.Duration(i) * time.Second) }
	e.Steps = append(e.Steps, ingest.Step{No: 1, Name: "Preclean", Start: at(0)})
	for k := 2; k <= furnace.NumSteps; k++ {
		e.Steps = append(e.Steps, ingest.Step{No: k, Name: ingest.LayerName(k - 1), Material: stepMaterial[k-2], Start: at(tr.StepStart[k-1])})
	}
	for l := range furnace.NumLayers {
		// The shutter closes on the sample that first shows the final reading.
		seg := tr.Thick[tr.StepStart[l+1]:tr.StepStart[l+2]]
		closeAt := tr.StepStart[l+1]
		var dep []float64
		for i, v := range seg {
			if v == tr.Final[l] && i > 0 && seg[i-1] != v {
				closeAt = tr.StepStart[l+1] + i
			}
		}
		for i := tr.StepStart[l+1]; i <= closeAt; i++ {
			if r := tr.Rate[i]; r > 0.01 {
				dep = append(dep, r)
			}
		}
		rate := math.NaN()
		if len(dep) > 0 {
			rate = round3(mean(dep))
		}
		e.Layers = append(e.Layers, ingest.LayerRecord{
			Layer: l + 1, Material: stepMaterial[l], Time: at(closeAt),
			SetPoint: sp[l], Measured: tr.Final[l],
			RateTime: at(closeAt), RateSet: p.Steps[l+1].Rate, Rate: rate,
		})
	}
	return e
}

// mean returns the mean of v.
func mean(v []float64) float64 {
	var s float64
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}

// sig rounds x to 3 significant digits (the nearest float64 to the
// 3-digit decimal, so that it prints short).
func sig(x float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 3, 64), 64)
	return v
}

// round2 rounds x to 0.01.
func round2(x float64) float64 { return math.Round(x*100) / 100 }

// writeSensor writes the first rows samples of a run's sensor file: the
// QCM columns from the trace and the other useful sensors from a plausible
// process model (pump-down, gas flows, ion source on during deposition).
func writeSensor(w io.Writer, ri *RunInfo, tr *Trace, rows, nanFrom, nanTo int, rng *rand.Rand) error {
	cols := ingest.UsefulSensors()
	idx := map[string]int{}
	for i, c := range cols {
		idx[c] = i
	}
	sw, err := ingest.NewSensorWriter(w, cols)
	if err != nil {
		return err
	}
	vals := make([]float64, len(cols))
	crystal := 100 - 0.35*ri.Counters.EGun - 0.5*rng.Float64()
	heater := 62 + 4*rng.Float64()
	cathode := 14 + 0.35*ri.Counters.IonGun
	k := 0
	for i := range rows {
		for k+1 < furnace.NumSteps && i >= tr.StepStart[k+1] {
			k++
		}
		depositing := k > 0 && tr.Rate[i] > 0.02
		pump := math.Exp(-float64(i) / 90)
		ion := 0.0
		if k > 0 {
			ion = 1
		}
		for c := range vals {
			vals[c] = 0
		}
		n := rng.NormFloat64
		vals[idx["ACT_IONIVAC"]] = sig((2.2e-5 + 3e-2*pump + 1.5e-5*ion) * (1 + 0.02*n()))
		vals[idx["ACT_PENNINGVAC"]] = sig((2.5e-5 + 4e-2*pump + 1.6e-5*ion) * (1 + 0.03*n()))
		vals[idx["ACT_THERMOVAC_CH"]] = sig((1e-3 + 5*pump) * (1 + 0.02*n()))
		vals[idx["ACT_THERMOVAC_PREVLINE"]] = sig(2.1e-2 * (1 + 0.02*n()))
		vals[idx["ACT_THERMOVAC_HP"]] = sig(3.4e-2 * (1 + 0.02*n()))
		vals[idx["ACT_THERMOVAC_HP2"]] = sig(3.1e-2 * (1 + 0.02*n()))
		vals[idx["ACT_PRESSURE_CH"]] = sig((2.4e-5 + 3e-2*pump + 1.8e-5*ion) * (1 + 0.02*n()))
		vals[idx["ACT_POLYCOLD_TEMPERATURE"]] = round2(-121 + 0.3*n())
		vals[idx["ACT_MEISSNER_TEMPERATURE"]] = round2(-104 + 8*pump + 0.3*n())
		flow := 0.0
		if depositing {
			switch LayerMaterial[k-1] {
			case Ti3O5:
				flow = 18
			case SiO2:
				flow = 4
			case ITO:
				flow = 10
			}
		}
		vals[idx["ACT_FLOW1"]] = round2(flow + 0.05*n())
		vals[idx["ACTN_FLOW1"]] = flow
		th, rt := tr.Thick[i], tr.Rate[i]
		vals[idx[ingest.QCMThickness]] = th
		vals[idx[ingest.QCMRate]] = rt
		vals[idx[ingest.QCMThicknessCH1]] = th
		vals[idx[ingest.QCMRateCH1]] = rt
		if i >= nanFrom && i < nanTo {
			vals[idx[ingest.QCMThicknessCH1]] = math.NaN()
		}
		vals[idx["STAT_LT_CRYSTAL_CH1"]] = round2(crystal)
		vals[idx["ACT_HEATER2_TEMPERATURE"]] = round2(heater + 0.2*n())
		if ion > 0 {
			vals[idx["ACT_Q10_ANODE_CURRENT"]] = round2(3 + 0.03*n())
			vals[idx["ACT_Q10_ANODE_VOLTAGE"]] = round2(125 + 0.8*n())
			vals[idx["ACT_Q10_CATHODE_CURRENT"]] = round2(cathode + 0.1*n())
			vals[idx["ACT_Q10_CATHODE_VOLTAGE"]] = round2(12 + 0.1*n())
			vals[idx["ACT_Q10_NEUTRALISER_CURRENT"]] = round2(0.5 + 0.01*n())
			vals[idx["ACT_Q10_ION_FLOW1"]] = round2(10 + 0.05*n())
			vals[idx["ACT_Q10_ION_FLOW2"]] = round2(5 + 0.05*n())
		}
		if depositing {
			vals[idx["STAT_Q10_SHUTTER"]] = 1
		}
		if err := sw.WriteRow(ri.Start.Add(time.Duration(i)*time.Second), vals); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// writeCleaning writes the log of one chamber-cleaning run.
func writeCleaning(l ingest.Layout, r RunInfo, overwrite bool) error {
	e := &ingest.Evt{
		Name: r.Evt, PLCVersion: plcVersion, Machine: machineName, Recipe: CleaningRecipe,
		Start: r.Start, End: r.Start.Add(time.Duration(r.Seconds) * time.Second),
		Steps: []ingest.Step{
			{No: 1, Name: "Pumpdown", Start: r.Start},
			{No: 2, Name: "Glow", Start: r.Start.Add(time.Duration(r.Seconds/3) * time.Second)},
			{No: 3, Name: "Bakeout", Start: r.Start.Add(time.Duration(2*r.Seconds/3) * time.Second)},
		},
	}
	if err := furnace.WriteFileAtomic(l.CleaningPath(r.Evt), overwrite, func(w io.Writer) error { return ingest.WriteEvt(w, e) }); err != nil {
		return fmt.Errorf("twin: %w", err)
	}
	return nil
}

// writeAborted writes the log of an aborted face run (no thickness lines,
// no end line).
func writeAborted(l ingest.Layout, a *AbortedRun, overwrite bool) error {
	e := &ingest.Evt{
		Name: a.Evt, PLCVersion: plcVersion, Machine: machineName, Recipe: recipe(a.Face),
		Start: a.Start,
		Steps: []ingest.Step{{No: 1, Name: "Preclean", Start: a.Start}},
		Notes: []ingest.Note{{Time: a.Start.Add(time.Duration(a.Seconds) * time.Second), Class: "ALARM", Text: "Process Aborted", Info: "Vacuum fault"}},
	}
	if a.Seconds > 200 {
		e.Steps = append(e.Steps, ingest.Step{No: 2, Name: ingest.LayerName(1), Material: stepMaterial[0], Start: a.Start.Add(200 * time.Second)})
	}
	if err := furnace.WriteFileAtomic(l.EvtPath(a.Evt), overwrite, func(w io.Writer) error { return ingest.WriteEvt(w, e) }); err != nil {
		return fmt.Errorf("twin: %w", err)
	}
	return nil
}

// writeTables writes the plant tables: match table, curve table, process
// record.
func writeTables(ds *Dataset, l ingest.Layout, overwrite bool) error {
	var match []ingest.MatchRow
	var curves []ingest.CurveRow
	var proc []ingest.ProcessRow
	m, err := newModel(&ds.Params)
	if err != nil {
		return err
	}
	for i := range ds.Records {
		rec := &ds.Records[i]
		f := &rec.Furnace
		for _, a := range rec.Aborted {
			match = append(match, ingest.MatchRow{OvenNo: f.No, FileID: a.Evt, FilmCode: filmCode(f.No, a.Face)})
		}
		for _, face := range [2]furnace.Face{furnace.Front, furnace.Back} {
			match = append(match, ingest.MatchRow{OvenNo: f.No, FileID: rec.Runs[face].Evt, FilmCode: filmCode(f.No, face)})
			c := rec.Runs[face].Counters
			proc = append(proc, ingest.ProcessRow{Face: face, FurnaceNo: f.No, IonGun: c.IonGun, EGun: c.EGun, Baffle: c.Baffle,
				Crystal: rec.Runs[face].Crystal, Machine: strconv.Itoa(Machine)})
		}
		for row := 1; row <= NumLensRows; row++ {
			cr := ingest.CurveRow{FurnaceNo: f.No, LensRow: row}
			var r []float64
			if row == MeasuredRow {
				r = f.Curve
			} else {
				r = otherLens(ds, m, rec, row)
			}
			copy(cr.R[:], r)
			lab, err := m.conv.Lab(r)
			if err != nil {
				return fmt.Errorf("twin: furnace %s lens row %d: %w", f.No, row, err)
			}
			cr.L, cr.A, cr.B = round2(lab.L), round2(lab.A), round2(lab.B)
			curves = append(curves, cr)
		}
	}
	for _, x := range []struct {
		path  string
		write func(io.Writer) error
	}{
		{l.MatchPath(), func(w io.Writer) error { return ingest.WriteMatch(w, match) }},
		{l.CurvesPath(), func(w io.Writer) error { return ingest.WriteCurves(w, curves) }},
		{l.ProcessRecordPath(), func(w io.Writer) error { return ingest.WriteProcessRecord(w, proc) }},
	} {
		if err := furnace.WriteFileAtomic(x.path, overwrite, x.write); err != nil {
			return fmt.Errorf("twin: %w", err)
		}
	}
	return nil
}

// filmCode returns the MES film code of a furnace face: "<no>_CC" or "<no>_CX".
func filmCode(no string, face furnace.Face) string {
	if face == furnace.Front {
		return no + "_CX"
	}
	return no + "_CC"
}

// otherLens returns the measured curve of another lens row of the furnace:
// same runs, its own position in the dome and its own measurement noise.
func otherLens(ds *Dataset, m *model, rec *Record, row int) []float64 {
	p := &ds.Params
	rng := streamRNG(ds.Seed, rec.Index, streamLensRows+row)
	var phys [2][furnace.NumLayers]float64
	for face := range 2 {
		dev := p.LensSD * rng.NormFloat64()
		for l := range furnace.NumLayers {
			phys[face][l] = rec.Truth.Run[face][l] * (1 + dev)
		}
	}
	r := make([]float64, furnace.NumPoints)
	m.curve(rec.Substrate, rec.Truth.IndexOffset, &phys, r)
	off := p.MeasOffsetSD * rng.NormFloat64()
	for j := range r {
		r[j] = math.Max(0, round2(r[j]+off+p.MeasNoiseSD*rng.NormFloat64()))
	}
	return r
}

// Trace regenerates the 1 Hz QCM trace of the face run of furnace i: the
// samples its sensor file holds.
func (ds *Dataset) Trace(i int, face furnace.Face) (*Trace, error) {
	if i < 0 || i >= len(ds.Records) {
		return nil, fmt.Errorf("twin: trace of furnace %d: dataset has %d furnaces", i, len(ds.Records))
	}
	rec := &ds.Records[i]
	stream := streamTraceFront
	if face == furnace.Back {
		stream = streamTraceBack
	}
	sp := rec.Furnace.Face(face).SetPoints
	tr := &Trace{}
	genTrace(&ds.Params, &sp, rec.Runs[face].cond, streamRNG(ds.Seed, rec.Index, stream), tr)
	return tr, nil
}

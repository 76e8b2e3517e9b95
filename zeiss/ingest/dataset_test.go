package ingest

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/arcoat/zeiss/zeiss/furnace"
)

// fault kinds injected by genDataset.
const (
	faultTruncated = "truncated sensor file"
	faultStepLine  = "missing step line"
	faultAborted   = "aborted run"
	faultThickness = "malformed thickness line"
	faultNoSensor  = "missing sensor file"
	faultNaN       = "NaN cell"
)

// injected is one fault of a generated dataset.
type injected struct {
	kind, furnace, file string
}

// dataset is a generated raw folder and its ground truth.
type dataset struct {
	truth  map[string]furnace.Furnace
	order  []string // furnace numbers in production order
	faults []injected
}

// nominal set-points of the back face; the front is 2 % thinner.
var nominal = [furnace.NumLayers]float64{25.3, 4, 13, 37.1, 105.5, 93.5, 35}

// genDataset writes a small raw data folder with the package's writers: n
// furnaces (front run, then back run), a cleaning log every 7 furnaces, the
// three plant tables, and with faults one furnace per fault kind.
func genDataset(t testing.TB, dir string, seed uint64, n int, faults bool) *dataset {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 99))
	l := Layout{Root: dir}
	for _, d := range l.Dirs() {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	ds := &dataset{truth: map[string]furnace.Furnace{}}
	var match []MatchRow
	var curves []CurveRow
	var proc []ProcessRow
	clock := time.Date(2021, 3, 1, 19, 0, 0, 0, time.UTC) // runs cross midnight
	runSeq := map[string]int{}
	nextEvt := func(at time.Time) string {
		day := at.Format("060102")
		runSeq[day]++
		id, err := EvtID(at, runSeq[day])
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	furnSeq := map[string]int{}
	cycle, egun := 0, 1.0
	faultAt := map[int]string{}
	if faults {
		kinds := []string{faultTruncated, faultStepLine, faultAborted, faultThickness, faultNoSensor, faultNaN}
		for i, k := range kinds {
			faultAt[2+3*i] = k
		}
	}
	for i := 0; i < n; i++ {
		if i > 0 && i%7 == 0 {
			id := nextEvt(clock)
			ce := &Evt{Name: id, PLCVersion: "V3.21.07", Machine: "33#", Recipe: "CLEAN_CHAMBER", Start: clock,
				Steps: []Step{{No: 1, Name: "Vent", Start: clock.Add(time.Minute)}, {No: 2, Name: "Clean", Start: clock.Add(20 * time.Minute)}},
				End:   clock.Add(90 * time.Minute)}
			writeFile(t, l.CleaningPath(id), func(b *bytes.Buffer) error { return WriteEvt(b, ce) })
			clock = clock.Add(2 * time.Hour)
			cycle++
			egun = 1
		}
		day := clock.Format("060102")
		furnSeq[day]++
		no := fmt.Sprintf("331%s%02d", day, furnSeq[day])
		num, _ := furnace.ParseNumber(no)
		f := furnace.Furnace{No: no, Date: num.Date, Cycle: cycle, Front: furnace.NaNRun(), Back: furnace.NaNRun(),
			Counters: furnace.Counters{IonGun: float64(1 + cycle%8), EGun: egun, Baffle: float64(1 + i)}}
		egun += 5
		fault := faultAt[i]
		for _, face := range []furnace.Face{furnace.Front, furnace.Back} {
			id := nextEvt(clock)
			recipe := "1.6&1.67_DVS_CC"
			film := no + "_CC"
			if face == furnace.Front {
				recipe, film = "1.6&1.67_DVS_CX", no+"_CX"
			}
			if i == 4 && face == furnace.Back {
				recipe = "1.6&1.67_DVS" // face from the film code
			}
			match = append(match, MatchRow{OvenNo: no, FileID: id, FilmCode: film})
			run := f.Face(face)
			run.Evt = id
			e, trace := genRun(rng, id, recipe, clock, face)
			for _, lr := range e.Layers {
				run.SetPoints[lr.Layer-1] = lr.SetPoint
			}
			run.Std = trace.std
			evtText := writeString(t, func(b *bytes.Buffer) error { return WriteEvt(b, e) })
			sensorText := trace.csv
			if fault != "" && fault != faultAborted && face == furnace.Back {
				file := l.EvtPath(id)
				switch fault {
				case faultTruncated:
					cut := len(sensorText) * 6 / 10
					sensorText = sensorText[:cut]
					file = l.SensorPath(id)
				case faultStepLine:
					evtText = removeLine(evtText, "Start Step No. 5 of 9")
				case faultThickness:
					evtText = strings.Replace(evtText, ",Thickness,"+formatNum(e.Layers[3].SetPoint, 2)+",", ",Thickness,3x.1,", 1)
				case faultNoSensor:
					sensorText = ""
					file = l.SensorPath(id)
				case faultNaN:
					sensorText = nanCell(sensorText, trace.rowOfStep[5]+3)
					file = l.SensorPath(id)
				}
				ds.faults = append(ds.faults, injected{fault, no, file})
			}
			writeFile(t, l.EvtPath(id), func(b *bytes.Buffer) error { b.WriteString(evtText); return nil })
			if sensorText != "" {
				writeFile(t, l.SensorPath(id), func(b *bytes.Buffer) error { b.WriteString(sensorText); return nil })
			}
			proc = append(proc, ProcessRow{Face: face, FurnaceNo: no, IonGun: f.Counters.IonGun, EGun: f.Counters.EGun,
				Baffle: f.Counters.Baffle, Crystal: float64(i % 20), Machine: "33"})
			clock = e.End.Add(10 * time.Minute)
		}
		if fault == faultAborted {
			id := nextEvt(clock)
			e, _ := genRun(rng, id, "1.6&1.67_DVS_CC", clock, furnace.Back)
			e.Steps, e.Layers, e.End = e.Steps[:3], nil, time.Time{}
			e.Notes = append(e.Notes, Note{Time: e.Steps[2].Start.Add(time.Minute), Class: "ALARM", Text: "Process Aborted", Info: "vacuum"})
			writeFile(t, l.EvtPath(id), func(b *bytes.Buffer) error { return WriteEvt(b, e) })
			match = append(match, MatchRow{OvenNo: no, FileID: id, FilmCode: no + "_CC"})
			ds.faults = append(ds.faults, injected{fault, no, l.EvtPath(id)})
			clock = clock.Add(40 * time.Minute)
		}
		c := CurveRow{FurnaceNo: no, LensRow: 4, L: math.NaN(), A: math.NaN(), B: math.NaN()}
		for j := range c.R {
			c.R[j] = math.Round((0.2+4*math.Pow(float64(j-52)/52, 2)+rng.Float64()*0.1)*100) / 100
		}
		if i%5 == 1 { // other lens rows of the dome
			other := c
			other.LensRow = 2
			other.R[10] += 0.5
			curves = append(curves, other)
		}
		curves = append(curves, c)
		f.Curve = append([]float64(nil), c.R[:]...)
		ds.truth[no] = f
		ds.order = append(ds.order, no)
		clock = clock.Add(time.Duration(20+rng.IntN(60)) * time.Minute)
	}
	writeFile(t, l.MatchPath(), func(b *bytes.Buffer) error { return WriteMatch(b, match) })
	writeFile(t, l.CurvesPath(), func(b *bytes.Buffer) error { return WriteCurves(b, curves) })
	writeFile(t, l.ProcessRecordPath(), func(b *bytes.Buffer) error { return WriteProcessRecord(b, proc) })
	return ds
}

// runTrace is the sensor CSV of a run and its ground-truth std features.
type runTrace struct {
	csv       string
	std       [furnace.NumSteps]float64
	rowOfStep [furnace.NumSteps]int // 1-based file line of the first row of each step
}

// genRun returns the evt of one face run starting at start and its sensor
// trace: the QCM channel-1 reading grows at a noisy rate to the set-point
// in each layer step and holds, sampled at 1 Hz with occasional missing
// seconds; values are written with 3 decimals.
func genRun(rng *rand.Rand, id, recipe string, start time.Time, face furnace.Face) (*Evt, runTrace) {
	e := &Evt{Name: id, PLCVersion: "V3.21.07", Machine: "33#", Recipe: recipe, Start: start}
	scale := 1.0
	if face == furnace.Front {
		scale = 0.98
	}
	t := start.Add(20 * time.Second)
	var bounds []time.Time
	for k := 1; k <= furnace.NumSteps; k++ {
		s := Step{No: k, Name: "Preclean", Start: t}
		dur := 45 * time.Second
		if k > 1 {
			s.Name, s.Material = LayerName(k-1), testMaterials[k-2]
			sp := math.Round(nominal[k-2]*scale*100+float64(rng.IntN(21)-10)) / 100
			rate := 0.3 + 0.4*rng.Float64()
			dur = time.Duration(math.Ceil(sp/rate)+float64(10+rng.IntN(20))) * time.Second
			e.Layers = append(e.Layers, LayerRecord{Layer: k - 1, Material: s.Material, Time: t.Add(dur - 3*time.Second),
				SetPoint: sp, Measured: sp + math.Round(rng.NormFloat64()*5)/100, RateTime: t.Add(dur - 3*time.Second),
				RateSet: math.Round(rate*100) / 100, Rate: math.Round(rate*100) / 100})
		}
		e.Steps = append(e.Steps, s)
		bounds = append(bounds, t)
		t = t.Add(dur)
	}
	e.End = t
	bounds = append(bounds, t)

	var tr runTrace
	var buf bytes.Buffer
	sw, _ := NewSensorWriter(&buf, UsefulSensors())
	sw.SetDecimals(3)
	vals := make([]float64, len(UsefulSensors()))
	var stepVals [furnace.NumSteps][]float64
	line := 1
	step := -1
	reading := 0.0
	for ts := start; !ts.After(e.End.Add(5 * time.Second)); ts = ts.Add(time.Second) {
		for step+1 < len(bounds) && !ts.Before(bounds[step+1]) {
			step++
			reading = 0
		}
		if k := step; k >= 1 && k < furnace.NumSteps {
			sp := e.Layers[k-1].SetPoint
			reading = math.Min(sp, reading+e.Layers[k-1].Rate*(1+0.2*rng.NormFloat64()))
		}
		// Occasional missing second, never the first second of a step.
		if rng.IntN(40) == 0 && !(step >= 0 && step < furnace.NumSteps && ts.Equal(bounds[step])) {
			continue
		}
		for j := range vals {
			vals[j] = rng.Float64() * 10
		}
		vals[13] = reading + 0.01*rng.NormFloat64()
		if step == 0 {
			vals[13] = 0
		}
		sw.WriteRow(ts, vals)
		line++
		if step >= 0 && step < furnace.NumSteps {
			if len(stepVals[step]) == 0 {
				tr.rowOfStep[step] = line
			}
			stepVals[step] = append(stepVals[step], Quantize(vals[13], 3))
		}
	}
	sw.Flush()
	tr.csv = buf.String()
	for k, v := range stepVals {
		tr.std[k] = sampleStd(v)
	}
	return e, tr
}

// sampleStd is the two-pass sample standard deviation (ddof = 1).
func sampleStd(v []float64) float64 {
	if len(v) < 2 {
		return math.NaN()
	}
	var m float64
	for _, x := range v {
		m += x
	}
	m /= float64(len(v))
	var ss float64
	for _, x := range v {
		ss += (x - m) * (x - m)
	}
	return math.Sqrt(ss / float64(len(v)-1))
}

func writeFile(t testing.TB, path string, fn func(*bytes.Buffer) error) {
	t.Helper()
	var b bytes.Buffer
	if err := fn(&b); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func writeString(t testing.TB, fn func(*bytes.Buffer) error) string {
	t.Helper()
	var b bytes.Buffer
	if err := fn(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func removeLine(text, substr string) string {
	lines := strings.SplitAfter(text, "\n")
	var out []string
	for _, l := range lines {
		if !strings.Contains(l, substr) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "")
}

// nanCell empties the ACT_O1_QCMS_THICKNESS_CH1 cell of the 1-based line.
func nanCell(text string, line int) string {
	lines := strings.SplitAfter(text, "\n")
	f := strings.Split(lines[line-1], ",")
	f[SensorFirstColumn+13] = ""
	lines[line-1] = strings.Join(f, ",")
	return strings.Join(lines, "")
}

// relClose reports whether a and b agree to tol relative (or both NaN).
func relClose(a, b, tol float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= tol*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// diffFurnace describes how got differs from want.
func diffFurnace(got, want *furnace.Furnace) string {
	var d []string
	if got.No != want.No || !got.Date.Equal(want.Date) || got.Cycle != want.Cycle {
		d = append(d, fmt.Sprintf("no/date/cycle %s %v %d, want %s %v %d", got.No, got.Date, got.Cycle, want.No, want.Date, want.Cycle))
	}
	for _, face := range []furnace.Face{furnace.Back, furnace.Front} {
		g, w := got.Face(face), want.Face(face)
		if g.Evt != w.Evt {
			d = append(d, fmt.Sprintf("%s evt %q, want %q", face, g.Evt, w.Evt))
		}
		for i := range g.SetPoints {
			if !sameFloat(g.SetPoints[i], w.SetPoints[i]) {
				d = append(d, fmt.Sprintf("%s_t%d %v, want %v", face, i+1, g.SetPoints[i], w.SetPoints[i]))
			}
		}
		for i := range g.Std {
			if !relClose(g.Std[i], w.Std[i], 1e-9) {
				d = append(d, fmt.Sprintf("%s_std_s%d %v, want %v", face, i+1, g.Std[i], w.Std[i]))
			}
		}
	}
	if len(got.Curve) != len(want.Curve) {
		d = append(d, fmt.Sprintf("curve length %d, want %d", len(got.Curve), len(want.Curve)))
	} else {
		for i := range got.Curve {
			if !sameFloat(got.Curve[i], want.Curve[i]) {
				d = append(d, fmt.Sprintf("r%d %v, want %v", int(furnace.Wavelength(i)), got.Curve[i], want.Curve[i]))
				break
			}
		}
	}
	if !sameFloat(got.Counters.IonGun, want.Counters.IonGun) || !sameFloat(got.Counters.EGun, want.Counters.EGun) || !sameFloat(got.Counters.Baffle, want.Counters.Baffle) {
		d = append(d, fmt.Sprintf("counters %+v, want %+v", got.Counters, want.Counters))
	}
	return strings.Join(d, "; ")
}

func TestCleanRoundTrip(t *testing.T) {
	dir := t.TempDir()
	ds := genDataset(t, dir, 1, 30, false)
	for _, workers := range []int{1, 2} {
		res, err := Clean(dir, Options{Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		for _, is := range res.Issues {
			if is.Action != ActionKept {
				t.Errorf("issue on clean data: %+v", is)
			}
		}
		if got := len(res.Table.Furnaces); got != len(ds.order) {
			t.Fatalf("%d furnaces, want %d", got, len(ds.order))
		}
		for i := range res.Table.Furnaces {
			g := &res.Table.Furnaces[i]
			if g.No != ds.order[i] {
				t.Fatalf("furnace %d is %s, want %s (production order)", i, g.No, ds.order[i])
			}
			w := ds.truth[g.No]
			if d := diffFurnace(g, &w); d != "" {
				t.Errorf("furnace %s: %s", g.No, d)
			}
			if !g.ModelReady() {
				t.Errorf("furnace %s is not model-ready", g.No)
			}
		}
		if s := res.Summary; s.Furnaces != 30 || s.ModelReady != 30 || s.FurnacesSetAside != 0 || s.RunsSetAside != 0 || s.Cycles != 5 {
			t.Errorf("summary %v", s)
		}
		if res.Table.ExtraValues[4][2] != FaceByFilmCode || res.Table.ExtraValues[0][2] != FaceByRecipe {
			t.Errorf("face methods %v %v", res.Table.ExtraValues[4], res.Table.ExtraValues[0])
		}
		if len(res.Features) != 60 {
			t.Fatalf("%d runs with features, want 60", len(res.Features))
		}
		for _, rf := range res.Features {
			for _, no := range ds.order {
				w := ds.truth[no]
				for _, face := range []furnace.Face{furnace.Back, furnace.Front} {
					if w.Face(face).Evt != rf.Evt {
						continue
					}
					for k := 1; k < furnace.NumSteps; k++ {
						if rf.SetPoint[k] != w.Face(face).SetPoints[k-1] || rf.Steps[k][2].Std != rf.Std()[k] {
							t.Errorf("%s step %d: set-point %v, want %v", rf.Evt, k+1, rf.SetPoint[k], w.Face(face).SetPoints[k-1])
						}
					}
				}
			}
		}
		if res.Thickness.N != 30 || res.Std.N != 30 || len(res.Std.Stats.Mean) != furnace.NumStd {
			t.Errorf("stats %+v %+v", res.Thickness, res.Std)
		}
	}
}

func TestCleanFaults(t *testing.T) {
	dir := t.TempDir()
	ds := genDataset(t, dir, 2, 24, true)
	res, err := Clean(dir, Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	faulty := map[string]bool{}
	for _, f := range ds.faults {
		faulty[f.furnace] = true
		found := false
		for _, is := range res.Issues {
			if is.File == f.file && is.Furnace == f.furnace && is.Action != ActionKept {
				found = true
			}
		}
		if !found {
			t.Errorf("fault %q of furnace %s in %s not reported", f.kind, f.furnace, f.file)
		}
	}
	byNo := map[string]*furnace.Furnace{}
	for i := range res.Table.Furnaces {
		byNo[res.Table.Furnaces[i].No] = &res.Table.Furnaces[i]
	}
	for _, no := range ds.order {
		g, ok := byNo[no]
		if !ok {
			t.Errorf("furnace %s missing from the table", no)
			continue
		}
		w := ds.truth[no]
		d := diffFurnace(g, &w)
		if !faulty[no] && d != "" {
			t.Errorf("untouched furnace %s differs: %s", no, d)
		}
	}
	for _, f := range ds.faults {
		g, w := byNo[f.furnace], ds.truth[f.furnace]
		switch f.kind {
		case faultAborted:
			if d := diffFurnace(g, &w); d != "" {
				t.Errorf("furnace with an aborted run: %s", d)
			}
		case faultThickness:
			if g.Back.Evt != "" || !math.IsNaN(g.Back.SetPoints[0]) || !g.Front.HasSetPoints() {
				t.Errorf("malformed thickness: back run %+v", g.Back)
			}
		case faultNoSensor:
			if g.Back.HasStd() || !g.Back.HasSetPoints() {
				t.Errorf("missing sensor: back run %+v", g.Back)
			}
		case faultStepLine:
			for k := range g.Back.Std {
				if (k == 3 || k == 4) != math.IsNaN(g.Back.Std[k]) {
					t.Errorf("missing step line 5: std %v", g.Back.Std)
				}
			}
		case faultNaN:
			for k := range g.Back.Std {
				if (k == 5) != math.IsNaN(g.Back.Std[k]) {
					t.Errorf("NaN cell in step 6: std %v", g.Back.Std)
				}
			}
		case faultTruncated:
			if !math.IsNaN(g.Back.Std[7]) || math.IsNaN(g.Back.Std[0]) {
				t.Errorf("truncated: std %v", g.Back.Std)
			}
		}
	}
	if res.Summary.RunsSetAside != 2 { // the aborted run and the malformed one
		t.Errorf("summary %v", res.Summary)
	}
}

func TestCleanDeterministicOutputs(t *testing.T) {
	dir := t.TempDir()
	genDataset(t, dir, 3, 16, true)
	var outs [2]string
	for i, w := range []int{1, 2} {
		res, err := Clean(dir, Options{Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		outs[i] = filepath.Join(t.TempDir(), "out")
		if err := WriteOutputs(outs[i], res, false); err != nil {
			t.Fatal(err)
		}
		if err := WriteOutputs(outs[i], res, false); err == nil {
			t.Error("second write without force: no error")
		}
		if err := WriteOutputs(outs[i], res, true); err != nil {
			t.Error(err)
		}
	}
	for _, f := range []string{FurnacesFile, StatsFile, QualityCSVFile, QualityMarkdownFile, FeaturesFile, filepath.Join(CyclesDir, CycleFileName(0))} {
		a, err1 := os.ReadFile(filepath.Join(outs[0], f))
		b, err2 := os.ReadFile(filepath.Join(outs[1], f))
		if err1 != nil || err2 != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs between 1 and 2 workers (%v %v)", f, err1, err2)
		}
	}
	tab, err := LoadFurnaces(filepath.Join(outs[0], FurnacesFile))
	if err != nil || len(tab.Furnaces) != 16 {
		t.Fatal(err)
	}
}

// TestCleanPlantLayout cleans a folder laid out differently (logs in other
// folders, upper-case names, tables at the top, cleaning logs in 大清洗): the
// files are found by name and the table is the same.
func TestCleanPlantLayout(t *testing.T) {
	dir := t.TempDir()
	genDataset(t, dir, 6, 12, false)
	want, err := Clean(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	plant := t.TempDir()
	moves := map[string]string{DirEvt: "logs/2021/evt", DirSensor: "logs/data", DirCleaning: "大清洗", DirTables: "."}
	for from, to := range moves {
		ents, _ := os.ReadDir(filepath.Join(dir, from))
		os.MkdirAll(filepath.Join(plant, to), 0o755)
		for _, e := range ents {
			name := e.Name()
			if from == DirEvt {
				name = strings.ToUpper(name)
			}
			if err := os.Rename(filepath.Join(dir, from, e.Name()), filepath.Join(plant, to, name)); err != nil {
				t.Fatal(err)
			}
		}
	}
	got, err := Clean(plant, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	want.Table.Write(&a)
	got.Table.Write(&b)
	if !bytes.Equal(a.Bytes(), b.Bytes()) || got.Summary != want.Summary {
		t.Errorf("plant layout: %v, want %v", got.Summary, want.Summary)
	}
}

// TestCleanCyclesFromCounters removes the cleaning-run logs: the cycles
// then come from the e-gun filament counter resets and equal the truth.
func TestCleanCyclesFromCounters(t *testing.T) {
	dir := t.TempDir()
	ds := genDataset(t, dir, 8, 22, false)
	if err := os.RemoveAll(filepath.Join(dir, DirCleaning)); err != nil {
		t.Fatal(err)
	}
	res, err := Clean(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	inferred := 0
	for _, is := range res.Issues {
		switch is.Kind {
		case "cycle_from_counter":
			inferred++
		case "cleaning_logs_missing", "face_by_film_code":
		default:
			t.Errorf("issue %+v", is)
		}
	}
	if inferred != 3 || len(res.Cycles) != 4 {
		t.Errorf("%d counter resets, %d cycles; want 3 and 4", inferred, len(res.Cycles))
	}
	for i := range res.Table.Furnaces {
		f := &res.Table.Furnaces[i]
		if f.Cycle != ds.truth[f.No].Cycle {
			t.Errorf("furnace %s: cycle %d, want %d", f.No, f.Cycle, ds.truth[f.No].Cycle)
		}
	}
	// The override file wins.
	starts, err := ParseCycleOverride(strings.NewReader("# one cleaning\n"+ds.order[5]+"\n2000-01-01\n"), "cycles.txt")
	if err != nil {
		t.Fatal(err)
	}
	res, err = Clean(dir, Options{Override: starts, OverrideFile: "cycles.txt"})
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range res.Table.Furnaces {
		if want := map[bool]int{true: 1, false: 0}[i >= 5]; f.Cycle != want {
			t.Errorf("override: furnace %d cycle %d, want %d", i, f.Cycle, want)
		}
	}
}

func TestAssignFaces(t *testing.T) {
	start := time.Date(2021, 3, 1, 8, 0, 0, 0, time.UTC)
	mk := func(id, recipe string, min int) *runResult {
		return &runResult{id: id, evt: &Evt{Name: id, Recipe: recipe, Start: start.Add(time.Duration(min) * time.Minute)}, usable: true}
	}
	film := map[string]string{"evt1": "33121030101", "evt2": "33121030101", "evt3": "33121030101_CC"}
	for _, c := range []struct {
		name   string
		runs   []*runResult
		method string
		faces  []int
	}{
		{"recipe", []*runResult{mk("evt1", "R_CX", 0), mk("evt2", "R_CC", 30)}, FaceByRecipe, []int{1, 0}},
		{"order", []*runResult{mk("evt1", "R", 0), mk("evt2", "R", 30)}, FaceByEvtOrder, []int{1, 0}},
		{"complement", []*runResult{mk("evt1", "R_CC", 0), mk("evt2", "R", 30)}, FaceByEvtOrder, []int{0, 1}},
		{"film code", []*runResult{mk("evt3", "R", 0), mk("evt2", "R_CX", 30)}, FaceByFilmCode, []int{0, 1}},
		{"conflict", []*runResult{mk("evt1", "R_CC", 0), mk("evt2", "R_CC", 30)}, FaceByRecipe, []int{-1, -1}},
		{"unknown of three", []*runResult{mk("evt1", "R", 0), mk("evt2", "R_CC", 30), mk("evt3", "R_CX", 60)}, FaceByRecipe, []int{-1, 0, 1}},
	} {
		method, issues := assignFaces("33121030101", c.runs, func(id string) string { return film[id] })
		var faces []int
		for _, r := range c.runs {
			faces = append(faces, r.face)
		}
		if method != c.method || fmt.Sprint(faces) != fmt.Sprint(c.faces) {
			t.Errorf("%s: method %s faces %v, want %s %v (issues %v)", c.name, method, faces, c.method, c.faces, issues)
		}
	}
}

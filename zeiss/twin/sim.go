package twin

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/arcoat/zeiss/zeiss/colour"
	"github.com/arcoat/zeiss/zeiss/furnace"
)

// Machine is the coater's id in furnace numbers.
const Machine = 33

// Substrate is the lens material of a furnace load.
type Substrate int

const (
	// Sub160 are 1.60 index lenses.
	Sub160 Substrate = iota
	// Sub167 are 1.67 index lenses.
	Sub167
)

// String returns "1.60" or "1.67".
func (s Substrate) String() string {
	if s == Sub167 {
		return "1.67"
	}
	return "1.60"
}

// RunInfo describes one face run as the machine logs it.
type RunInfo struct {
	// Evt is the process log id "evtYYMMDDNN".
	Evt string
	// Start is the production start time of the run.
	Start time.Time
	// Seconds is the run's length (samples of the sensor file).
	Seconds int
	// Counters are the consumable counters during the run.
	Counters furnace.Counters
	// Crystal counts the runs of the QCM crystal (replaced at cleaning).
	Crystal float64
	// cond is the machine condition that shaped the trace.
	cond runCond
}

// Truth is the hidden state behind a furnace that no plant record shows.
type Truth struct {
	// RunsSinceCleaning counts the face runs since the chamber cleaning
	// before the furnace's front run.
	RunsSinceCleaning int
	// Fixture is the index in Params.Fixtures of the dome set installed.
	Fixture int
	// Condition is the source condition (Params.CondRho).
	Condition float64
	// Tooling are the tooling factors per face (furnace.Back, furnace.Front)
	// and material.
	Tooling [2][NumMaterials]float64
	// IndexOffset are the film index offsets per material.
	IndexOffset [NumMaterials]float64
	// Run are the physical layer thicknesses in nm of the run (the load's
	// mean), per face (furnace.Back, furnace.Front), L1…L7.
	Run [2][furnace.NumLayers]float64
	// Physical are the physical layer thicknesses in nm of the measured lens,
	// per face (furnace.Back, furnace.Front), L1…L7.
	Physical [2][furnace.NumLayers]float64
	// Final are the QCM readings at shutter close per face, L1…L7.
	Final [2][furnace.NumLayers]float64
	// Clean is the noise-free double-sided curve of the measured lens in %.
	Clean [furnace.NumPoints]float64
	// Lab is the colour (illuminant C, 2°) of the measured curve.
	Lab colour.Lab
	// Trial reports a trial recipe (changed L1, L3, L4 of one face).
	Trial bool
}

// Record is one simulated furnace: what the plant records and the truth.
type Record struct {
	// Index is the furnace's position in production order (0-based).
	Index int
	// Furnace is the plant's view: set-points, std features, measured
	// curve, counters (back run) and the cleaning cycle.
	Furnace furnace.Furnace
	// Substrate is the lens material of the load.
	Substrate Substrate
	// Runs are the face runs, furnace.Back and furnace.Front.
	Runs [2]RunInfo
	// Truth is the hidden state.
	Truth Truth
	// Aborted are aborted runs of the furnace (faults only).
	Aborted []AbortedRun
	// Faults are the defects injected into the furnace's raw logs.
	Faults []Fault
}

// Cleaning is one chamber cleaning: the cycle it starts and its runs.
type Cleaning struct {
	// Cycle is the id of the cycle the cleaning starts.
	Cycle int
	// Runs are the cleaning and conditioning runs (Evt, Start, Seconds).
	Runs []RunInfo
}

// Dataset is the output of Simulate.
type Dataset struct {
	// Seed is the seed of the simulation.
	Seed uint64
	// Params are the parameters used.
	Params Params
	// Records are the furnaces in production order.
	Records []Record
	// Cleanings are the chamber cleanings in time order.
	Cleanings []Cleaning
}

// Random stream ids: each furnace gets its own streams derived from the seed
// and its index, so the trace and sensor files of different runs can be
// generated independently and in parallel.
const (
	streamFurnace = iota
	streamTraceBack
	streamTraceFront
	streamSensorBack
	streamSensorFront
	streamFault
	streamLensRows // + lens row 1…NumLensRows
	numStreams     = streamLensRows + NumLensRows + 1
)

// streamRNG returns the random stream s of furnace i (i = -1 for the
// production calendar, -2-c for cleaning cycle c).
func streamRNG(seed uint64, i, s int) *rand.Rand {
	return rand.New(rand.NewPCG(seed, uint64(int64(i)+3)*numStreams+uint64(s)))
}

// Simulate runs the furnace-level twin for n furnaces with the given seed:
// production calendar, cleaning cycles, machine drift, operator set-points,
// QCM traces (kept in memory only for their std features), measured curves
// and consumable counters. It writes nothing.
func Simulate(p Params, seed uint64, n int) (*Dataset, error) {
	return simulate(p, seed, n, false)
}

// SimulateFaults is Simulate with faults injected into the raw logs of
// about FaultRate of the face runs (listed in Record.Faults); the plant's
// true values (set-points, std features, curves) are unchanged, but aborted
// runs take evt numbers, so later evt ids differ from Simulate's.
func SimulateFaults(p Params, seed uint64, n int) (*Dataset, error) {
	return simulate(p, seed, n, true)
}

func simulate(p Params, seed uint64, n int, faults bool) (*Dataset, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if n < 1 {
		return nil, fmt.Errorf("twin: simulate %d furnaces: need at least 1", n)
	}
	m, err := newModel(&p)
	if err != nil {
		return nil, err
	}
	s := &simulator{p: &p, m: m, seed: seed, cal: streamRNG(seed, -1, 0), faults: faults}
	ds := &Dataset{Seed: seed, Params: p, Records: make([]Record, 0, n)}
	s.run(ds, n)
	return ds, nil
}

// simulator holds the sequential state of a simulation.
type simulator struct {
	p    *Params
	m    *model
	seed uint64
	cal  *rand.Rand // calendar and scheduling
	// faults enables fault injection.
	faults bool

	cycle      int
	cycleLeft  int
	cycleOff   [NumMaterials]float64
	fixture    int     // dome set installed (−1: the nominal, mean set)
	cond       float64 // source condition (standard normal AR(1))
	runs       int     // face runs since cleaning
	ion, egun  int
	crystal    int
	baffle     int
	baffleLife int

	day     time.Time
	dayRuns int // evt counter of the day
	clock   time.Time

	sp     [2][furnace.NumLayers]float64 // operator's current set-points
	recent []colour.Lab                  // colours measured in this cycle, newest last
	trace  Trace
}

func (s *simulator) run(ds *Dataset, n int) {
	s.cycle = -1
	s.ion = 1 + s.cal.IntN(8)
	s.baffleLife = 56 + s.cal.IntN(25)
	day := time.Date(2021, 2, 1, 0, 0, 0, 0, time.UTC)
	needClean := true
	stop := 0
	for len(ds.Records) < n {
		if stop > 0 {
			stop--
			if stop == 0 && s.cal.Float64() < 0.7 {
				needClean = true // long stops end with a cleaning
			}
			day = day.AddDate(0, 0, 1)
			continue
		}
		if s.cal.Float64() < 0.02 {
			stop = 3 + s.cal.IntN(12)
			continue
		}
		if s.cal.Float64() < 0.15 { // idle day
			day = day.AddDate(0, 0, 1)
			continue
		}
		for _, shift := range [2]int{1, 3} {
			if s.cal.Float64() > 0.85 {
				continue
			}
			start := day.Add(time.Duration(8+12*(shift/3)) * time.Hour)
			s.setClock(start.Add(time.Duration(5+s.cal.IntN(30)) * time.Minute))
			nf := 1 + binomial(s.cal, 5, 0.5)
			seq := 0
			for range nf {
				if len(ds.Records) >= n {
					break
				}
				if needClean || s.cycleLeft <= 0 {
					s.clean(ds)
					needClean = false
				}
				seq++
				no := furnace.Number{Machine: Machine, Shift: shift, Date: day, Seq: seq}
				s.furnace(ds, no)
				s.cycleLeft--
			}
		}
		day = day.AddDate(0, 0, 1)
	}
}

// binomial draws from Binomial(n, q).
func binomial(rng *rand.Rand, n int, q float64) int {
	k := 0
	for range n {
		if rng.Float64() < q {
			k++
		}
	}
	return k
}

// setClock moves the machine clock forward to t (never backwards).
func (s *simulator) setClock(t time.Time) {
	if t.After(s.clock) {
		s.clock = t
	}
}

// nextEvt returns the evt id of a run starting at the current clock.
func (s *simulator) nextEvt() string {
	d := time.Date(s.clock.Year(), s.clock.Month(), s.clock.Day(), 0, 0, 0, 0, time.UTC)
	if !d.Equal(s.day) {
		s.day = d
		s.dayRuns = 0
	}
	s.dayRuns++
	return fmt.Sprintf("evt%02d%02d%02d%02d", d.Year()%100, int(d.Month()), d.Day(), s.dayRuns)
}

// countRun advances the consumable counters by one face run.
func (s *simulator) countRun() furnace.Counters {
	s.runs++
	s.crystal++
	s.egun++
	s.ion = s.ion%8 + 1
	s.baffle++
	if s.baffle > s.baffleLife {
		s.baffle = 1
		s.baffleLife = 56 + s.cal.IntN(25)
	}
	return furnace.Counters{IonGun: float64(s.ion), EGun: float64(s.egun), Baffle: float64(s.baffle)}
}

// clean performs a chamber cleaning: new cycle, new e-gun filament and
// baffle, fresh chamber state and two conditioning runs.
func (s *simulator) clean(ds *Dataset) {
	p := s.p
	s.cycle++
	s.cycleLeft = p.CycleMin + s.cal.IntN(p.CycleMax-p.CycleMin+1)
	crng := streamRNG(s.seed, -2-s.cycle, 0)
	for m := range NumMaterials {
		s.cycleOff[m] = p.ToolingCycleSD[m] * crng.NormFloat64()
	}
	// The dome set in use goes out to be stripped; another one goes in.
	if k := len(p.Fixtures); s.cycle == 0 || k == 1 {
		s.fixture = crng.IntN(k)
	} else {
		j := crng.IntN(k - 1)
		if j >= s.fixture {
			j++
		}
		s.fixture = j
	}
	s.runs = 0
	s.egun = 0
	s.crystal = 0
	s.baffle = 0
	s.baffleLife = 56 + s.cal.IntN(25)
	cl := Cleaning{Cycle: s.cycle}
	s.setClock(s.clock.Add(time.Duration(40+s.cal.IntN(60)) * time.Minute))
	for range 2 + s.cal.IntN(2) {
		evt := s.nextEvt()
		c := s.countRun()
		secs := 1800 + s.cal.IntN(1200)
		cl.Runs = append(cl.Runs, RunInfo{Evt: evt, Start: s.clock, Seconds: secs, Counters: c})
		s.setClock(s.clock.Add(time.Duration(secs+300+s.cal.IntN(600)) * time.Second))
	}
	s.runs = 0 // conditioning runs do not coat the chamber walls noticeably
	ds.Cleanings = append(ds.Cleanings, cl)
	s.sp = p.Recipe
	for f := range 2 {
		s.sp[f][4] += p.CycleStart[f][0]
		s.sp[f][5] += p.CycleStart[f][1]
		for l := range furnace.NumLayers {
			s.sp[f][l] = round2(s.sp[f][l])
		}
	}
	s.recent = s.recent[:0]
}

// state returns the tooling factors and index offsets after runs face runs
// with the installed dome set (none when s.fixture < 0).
func (s *simulator) state(runs int) (tool [2][NumMaterials]float64, idx [NumMaterials]float64) {
	p := s.p
	a := float64(runs) / 100
	var fx Fixture
	if s.fixture >= 0 && s.fixture < len(p.Fixtures) {
		fx = p.Fixtures[s.fixture]
	}
	settle := math.Exp(-float64(runs) / p.SettleRuns)
	for m := range NumMaterials {
		t := p.Tooling[m] * (1 + (p.ToolingDrift[m]+fx.ToolingDrift[m])*a) * (1 + s.cycleOff[m]) *
			(1 + fx.Tooling[m]) * (1 + p.Settle[m]*settle) * (1 + p.CondTooling[m]*s.cond)
		tool[furnace.Front][m] = t
		tool[furnace.Back][m] = t * (1 + p.FaceTooling)
		idx[m] = p.IndexOffset[m] + p.IndexDrift[m]*a + fx.Index[m]
	}
	return tool, idx
}

// furnace simulates one furnace: operator, two face runs (front first),
// measurement.
func (s *simulator) furnace(ds *Dataset, no furnace.Number) {
	p := s.p
	i := len(ds.Records)
	rng := streamRNG(s.seed, i, streamFurnace)
	rec := Record{Index: i}
	rec.Truth.RunsSinceCleaning = s.runs
	rec.Truth.Fixture = s.fixture
	s.cond = p.CondRho*s.cond + math.Sqrt(1-p.CondRho*p.CondRho)*rng.NormFloat64()
	rec.Truth.Condition = s.cond

	// Operator: adjust L5/L6 towards the colour aim from the last measurement.
	if len(s.recent) > 0 && rng.Float64() < p.ActProb {
		s.operatorStep()
	}
	sp := s.sp
	if rng.Float64() < p.TrialProb {
		f := rng.IntN(2)
		sp[f][0] = math.Round((sp[f][0]+0.35*rng.NormFloat64())*100) / 100
		sp[f][2] = math.Round((sp[f][2]+2*rng.NormFloat64())*100) / 100
		sp[f][3] = math.Round((sp[f][3]+1.5*rng.NormFloat64())*100) / 100
		rec.Truth.Trial = true
	}
	if rng.Float64() < p.Substrate167 {
		rec.Substrate = Sub167
	}

	f := &rec.Furnace
	f.No = no.String()
	f.Date = no.Date
	f.Cycle = s.cycle
	tool, idx := s.state(s.runs)
	rec.Truth.Tooling = tool
	rec.Truth.IndexOffset = idx
	lensDev := [2]float64{p.LensSD * rng.NormFloat64(), p.LensSD * rng.NormFloat64()}
	frng := streamRNG(s.seed, i, streamFault)
	for _, face := range [2]furnace.Face{furnace.Front, furnace.Back} {
		a := float64(s.runs) / 100
		cond := runCond{waitScale: (1 + p.WaitDrift*a) * (1 + p.CondWait*s.cond), rateNoise: p.RateNoise * (1 + p.RateNoiseAge*a),
			fixWait: p.Fixtures[s.fixture].Wait}
		stream := streamTraceFront
		if face == furnace.Back {
			stream = streamTraceBack
		}
		s.setClock(s.clock.Add(time.Duration(8*60+s.cal.IntN(12*60)) * time.Second))
		if s.faults && frng.Float64() < FaultRate/4 {
			a := AbortedRun{Evt: s.nextEvt(), Face: face, Start: s.clock, Seconds: 60 + frng.IntN(600)}
			rec.Aborted = append(rec.Aborted, a)
			rec.Faults = append(rec.Faults, Fault{Face: face, Evt: a.Evt, Kind: FaultAbortedRun, Arg: a.Seconds})
			s.setClock(s.clock.Add(time.Duration(a.Seconds+600) * time.Second))
		}
		ri := RunInfo{Evt: s.nextEvt(), Start: s.clock, cond: cond}
		ri.Counters = s.countRun()
		ri.Crystal = float64(s.crystal)
		genTrace(p, &sp[face], cond, streamRNG(s.seed, i, stream), &s.trace)
		ri.Seconds = s.trace.Len()
		s.setClock(s.clock.Add(time.Duration(ri.Seconds) * time.Second))
		run := f.Face(face)
		run.Evt = ri.Evt
		run.SetPoints = sp[face]
		run.Std = s.trace.StepStd()
		rec.Truth.Final[face] = s.trace.Final
		for l := range furnace.NumLayers {
			m := LayerMaterial[l]
			rec.Truth.Run[face][l] = s.trace.Final[l] * tool[face][m] * (1 + p.RunErrorSD*rng.NormFloat64())
			rec.Truth.Physical[face][l] = rec.Truth.Run[face][l] * (1 + lensDev[face])
		}
		if s.faults {
			if fl, ok := drawFault(frng, face, ri.Evt, &s.trace); ok {
				rec.Faults = append(rec.Faults, fl)
			}
		}
		rec.Runs[face] = ri
	}
	f.Counters = rec.Runs[furnace.Back].Counters

	// Measurement of one lens of the load.
	s.m.curve(rec.Substrate, idx, &rec.Truth.Physical, rec.Truth.Clean[:])
	f.Curve = make([]float64, furnace.NumPoints)
	off := p.MeasOffsetSD * rng.NormFloat64()
	for j := range f.Curve {
		v := rec.Truth.Clean[j] + off + p.MeasNoiseSD*rng.NormFloat64()
		f.Curve[j] = math.Max(0, math.Round(v*100)/100)
	}
	lab, err := s.m.conv.Lab(f.Curve)
	if err != nil {
		panic("twin: measured curve: " + err.Error()) // curves are finite by construction
	}
	rec.Truth.Lab = lab
	s.recent = append(s.recent, lab)
	ds.Records = append(ds.Records, rec)
	// Unload, turn the lenses for the next furnace.
	s.setClock(s.clock.Add(time.Duration(10*60+s.cal.IntN(15*60)) * time.Second))
}

// operatorStep changes the L5/L6 set-points of both faces by the damped
// least-squares correction of the recently measured colour (the mean of the
// last Memory furnaces of the cycle) towards the aim, rounded to 0.05 nm,
// unless that colour is within Deadband of the aim.
func (s *simulator) operatorStep() {
	p := s.p
	recent := s.recent[max(0, len(s.recent)-p.Memory):]
	var lab colour.Lab
	for _, c := range recent {
		lab.L += c.L / float64(len(recent))
		lab.A += c.A / float64(len(recent))
		lab.B += c.B / float64(len(recent))
	}
	if colour.DeltaEab(lab, colour.Lab{L: p.Aim[0], A: p.Aim[1], B: p.Aim[2]}) < p.Deadband {
		return
	}
	d := s.m.operatorCorrection(&s.sp, lab)
	k := 0
	for _, f := range [2]furnace.Face{furnace.Back, furnace.Front} {
		for _, l := range [2]int{4, 5} {
			step := p.Gain * d[k]
			step = math.Max(-p.MaxStep, math.Min(p.MaxStep, step))
			step = math.Round(step*20) / 20
			s.sp[f][l] = math.Round((s.sp[f][l]+step)*100) / 100
			k++
		}
	}
}

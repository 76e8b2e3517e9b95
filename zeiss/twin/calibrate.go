package twin

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/optimize"

	"github.com/arcoat/zeiss/zeiss/colour"
	"github.com/arcoat/zeiss/zeiss/furnace"
)

// Fit reports one stage of a calibration.
type Fit struct {
	// Stage names what was fitted.
	Stage string
	// Params are the names of the fitted parameters and Values their values.
	Params []string
	Values []float64
	// Loss is the final value of the objective; Evals the number of
	// objective evaluations.
	Loss  float64
	Evals int
}

// String formats the fit on one line.
func (f Fit) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: loss %.5g after %d evaluations:", f.Stage, f.Loss, f.Evals)
	for i, n := range f.Params {
		fmt.Fprintf(&b, " %s=%.5g", n, f.Values[i])
	}
	return b.String()
}

// minimize runs Nelder–Mead from x0 with initial step sizes step and returns
// the best point and loss.
func minimize(f func(x []float64) float64, x0, step []float64, maxEvals int) ([]float64, float64, int, error) {
	prob := optimize.Problem{Func: f}
	method := &optimize.NelderMead{InitialVertices: nil}
	// Build the initial simplex explicitly so that the step sizes match the
	// parameters' scales.
	n := len(x0)
	verts := make([][]float64, n+1)
	vals := make([]float64, n+1)
	for i := range verts {
		v := append([]float64(nil), x0...)
		if i > 0 {
			v[i-1] += step[i-1]
		}
		verts[i] = v
		vals[i] = f(v)
	}
	method.InitialVertices = verts
	method.InitialValues = vals
	settings := &optimize.Settings{FuncEvaluations: maxEvals, Converger: &optimize.FunctionConverge{Absolute: 1e-10, Iterations: 200}}
	res, err := optimize.Minimize(prob, x0, settings, method)
	if err != nil && res == nil {
		return nil, 0, 0, fmt.Errorf("twin: calibrate: %w", err)
	}
	return res.X, res.F, res.FuncEvaluations + n + 1, nil
}

// meanAge is the mean number of face runs since cleaning at which the
// tooling factors of a fit apply: half the mean cycle, two runs per furnace.
func meanAge(p *Params) float64 { return float64(p.CycleMin+p.CycleMax) / 2 }

// expectedFinal returns the mean QCM reading at shutter close of layer l
// (0-based) for set-point sp: the set-point plus what arrives during the
// shutter delay.
func expectedFinal(p *Params, l int, sp float64) float64 {
	return sp + p.Steps[l+1].Rate*p.ShutterDelay
}

// IndexPenalty weighs the squared index offsets against the mean squared
// curve error (%R²) in FitOptics.
const IndexPenalty = 0.3

// LabWeight weighs the squared ΔE*ab between the fitted and the target
// curve's colour in FitOptics.
const LabWeight = 0.01

// FitOptics fits the tooling factors of the four materials and the index
// offsets of SiO2 and Ti3O5 so that the twin's curve of the set-points back
// and front, at the mean age of a cycle, matches the curve target (in %)
// in the least-squares sense. The substrate is a mix of 1.60 and 1.67 in the
// proportion of p.Substrate167. It updates p and returns the fit.
func FitOptics(p *Params, back, front [furnace.NumLayers]float64, target []float64) (Fit, error) {
	if len(target) != furnace.NumPoints {
		return Fit{}, fmt.Errorf("twin: fit optics: target has %d points, want %d", len(target), furnace.NumPoints)
	}
	m, err := newModel(p)
	if err != nil {
		return Fit{}, err
	}
	age := meanAge(p) / 100
	tlab, err := m.conv.Lab(target)
	if err != nil {
		return Fit{}, fmt.Errorf("twin: fit optics: target: %w", err)
	}
	var phys [2][furnace.NumLayers]float64
	r0 := make([]float64, furnace.NumPoints)
	r1 := make([]float64, furnace.NumPoints)
	base := *p
	apply := func(x []float64, q *Params) {
		for k, mt := range [4]Material{SiO2, Ti3O5, ITO, TopCoat} {
			q.Tooling[mt] = x[k] / (1 + q.ToolingDrift[mt]*age)
		}
		q.IndexOffset[SiO2] = x[4] - q.IndexDrift[SiO2]*age
		q.IndexOffset[Ti3O5] = x[5] - q.IndexDrift[Ti3O5]*age
	}
	loss := func(x []float64) float64 {
		q := base
		apply(x, &q)
		var idx [NumMaterials]float64
		for k := range NumMaterials {
			idx[k] = q.IndexOffset[k] + q.IndexDrift[k]*age
		}
		for l := range furnace.NumLayers {
			mt := LayerMaterial[l]
			t := q.Tooling[mt] * (1 + q.ToolingDrift[mt]*age)
			phys[furnace.Front][l] = expectedFinal(&q, l, front[l]) * t
			phys[furnace.Back][l] = expectedFinal(&q, l, back[l]) * t * (1 + q.FaceTooling)
		}
		m.curve(Sub160, idx, &phys, r0)
		m.curve(Sub167, idx, &phys, r1)
		w := q.Substrate167
		var s float64
		for i := range r0 {
			r0[i] = (1-w)*r0[i] + w*r1[i]
			d := r0[i] - target[i]
			s += d * d
		}
		lab, err := m.conv.Lab(r0)
		if err != nil {
			return math.Inf(1)
		}
		// Keep index offsets small: they are corrections to the bulk
		// constants, not new materials.
		de := colour.DeltaEab(lab, tlab)
		return s/float64(len(r0)) + IndexPenalty*(x[4]*x[4]+x[5]*x[5]) + LabWeight*de*de
	}
	// Several starts: tooling factors of evaporation processes are 0.8–1.5.
	best := math.Inf(1)
	var bx []float64
	evals := 0
	for _, x0 := range [][]float64{{1, 1, 1, 1, 0, 0}, {0.9, 1.15, 1.5, 0.25, 0, -0.15}, {1.1, 1.0, 1, 0.5, 0, 0}} {
		x, f, n, err := minimize(loss, x0, []float64{0.05, 0.05, 0.3, 0.1, 0.03, 0.03}, 4000)
		if err != nil {
			return Fit{}, err
		}
		evals += n
		if f < best {
			best, bx = f, x
		}
	}
	apply(bx, p)
	return Fit{
		Stage:  "optics: tooling and film index offsets at mid-cycle vs the real median curve",
		Params: []string{"tooling_SiO2@mid", "tooling_Ti3O5@mid", "tooling_ITO@mid", "tooling_TopCoat@mid", "dn_SiO2@mid", "dn_Ti3O5@mid"},
		Values: bx, Loss: best, Evals: evals,
	}, nil
}

// StepStats are the mean per-step statistics of the QCM channel-1 columns
// over the face runs of one face, as the real evt table reports them.
type StepStats struct {
	// N is the number of runs.
	N int
	// SetPoint is the mean set-point of L1…L7.
	SetPoint [furnace.NumLayers]float64
	// ThickMean, ThickStd, RateMean, RateStd are the means over runs of
	// the per-step mean and std (ddof=1) of ACT_O1_QCMS_THICKNESS_CH1 and
	// ACT_O1_QCMS_RATE_CH1, steps 1…8.
	ThickMean, ThickStd, RateMean, RateStd [furnace.NumSteps]float64
}

// ReadStepStats reads the per-step QCM statistics of the real evt table
// (evts_2021H1.csv in dir), per face (furnace.Back, furnace.Front), over the
// runs that have all seven set-points and all per-step features.
func ReadStepStats(dir string) ([2]StepStats, error) {
	var out [2]StepStats
	path := filepath.Join(dir, "evts_2021H1.csv")
	f, err := os.Open(path)
	if err != nil {
		return out, fmt.Errorf("twin: %w", err)
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReader(f))
	head, err := r.Read()
	if err != nil {
		return out, fmt.Errorf("twin: %s: header: %w", path, err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	need := func(name string) (int, error) {
		i, ok := col[name]
		if !ok {
			return 0, fmt.Errorf("twin: %s: no column %q", path, name)
		}
		return i, nil
	}
	faceCol, err := need("face")
	if err != nil {
		return out, err
	}
	var tc [furnace.NumLayers]int
	for l := range tc {
		if tc[l], err = need(fmt.Sprintf("t%d", l+1)); err != nil {
			return out, err
		}
	}
	var sc [furnace.NumSteps][4]int
	for k := range sc {
		for j, what := range [4]string{"THICKCH1_mean", "THICKCH1_std", "RATECH1_mean", "RATECH1_std"} {
			if sc[k][j], err = need(fmt.Sprintf("p_s%d_%s", k+1, what)); err != nil {
				return out, err
			}
		}
	}
	line := 1
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		line++
		if err != nil {
			return out, fmt.Errorf("twin: %s: %w", path, err)
		}
		var face furnace.Face
		switch rec[faceCol] {
		case "back":
			face = furnace.Back
		case "front":
			face = furnace.Front
		default:
			continue
		}
		var vals [furnace.NumLayers + 4*furnace.NumSteps]float64
		ok := true
		for l := range tc {
			if vals[l], ok = parseCell(rec[tc[l]]); !ok {
				break
			}
		}
		for k := 0; ok && k < furnace.NumSteps; k++ {
			for j := range 4 {
				if vals[furnace.NumLayers+4*k+j], ok = parseCell(rec[sc[k][j]]); !ok {
					break
				}
			}
		}
		if !ok {
			continue // incomplete run: not used
		}
		s := &out[face]
		s.N++
		for l := range tc {
			s.SetPoint[l] += vals[l]
		}
		for k := range furnace.NumSteps {
			b := furnace.NumLayers + 4*k
			s.ThickMean[k] += vals[b]
			s.ThickStd[k] += vals[b+1]
			s.RateMean[k] += vals[b+2]
			s.RateStd[k] += vals[b+3]
		}
	}
	for face := range out {
		s := &out[face]
		if s.N == 0 {
			return out, fmt.Errorf("twin: %s: no complete %s runs", path, furnace.Face(face))
		}
		n := float64(s.N)
		for l := range s.SetPoint {
			s.SetPoint[l] /= n
		}
		for k := range furnace.NumSteps {
			s.ThickMean[k] /= n
			s.ThickStd[k] /= n
			s.RateMean[k] /= n
			s.RateStd[k] /= n
		}
	}
	return out, nil
}

// parseCell parses a number; empty and unparsable cells are not usable.
func parseCell(s string) (float64, bool) {
	if s == "" {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) {
		return 0, false
	}
	return v, true
}

// Idle rate reading with the shutter closed: mean and standard deviation.
const (
	idleRateMean = -0.03
	idleRateSD   = 0.06
)

// stepMoments returns the mean and std (ddof=1) of the thickness reading
// and the mean and std of the rate reading of a step that shows prev for
// carry s, zero for wait s, grows linearly to sp at rate for sp/rate s and
// holds sp for hold s (the noise-free shape of genTrace).
func stepMoments(sp, prev, rate, carry, wait, hold float64) [4]float64 {
	d := sp / rate
	n := carry + wait + d + hold
	m := (carry*prev + d*sp/2 + hold*sp) / n
	e2 := (carry*prev*prev + d*sp*sp/3 + hold*sp*sp) / n
	v := math.Max(e2-m*m, 0) * n / (n - 1)
	idle := n - d
	rm := (d*rate + idle*idleRateMean) / n
	re2 := (d*rate*rate + idle*(idleRateMean*idleRateMean+idleRateSD*idleRateSD)) / n
	rv := math.Max(re2-rm*rm, 0) * n / (n - 1)
	return [4]float64{m, math.Sqrt(v), rm, math.Sqrt(rv)}
}

// FitQCM fits the rate, carry, wait and hold of process steps 2…8 so that
// the noise-free step shape reproduces the real per-step statistics of both
// faces (relative least squares over the four statistics and two faces). It
// updates p.Steps and returns one Fit per step.
func FitQCM(p *Params, real [2]StepStats) ([]Fit, error) {
	var fits []Fit
	age := meanAge(p) / 100
	ws := 1 + p.WaitDrift*age
	for k := 1; k < furnace.NumSteps; k++ {
		loss := func(x []float64) float64 {
			rate, carry, wait, hold := math.Abs(x[0]), math.Abs(x[1]), math.Abs(x[2]), math.Abs(x[3])
			var s float64
			for face := range 2 {
				st := &real[face]
				sp := st.SetPoint[k-1]
				prev := 0.0
				if k > 1 {
					prev = st.SetPoint[k-2]
				}
				mo := stepMoments(sp, prev, rate, carry, wait*ws, hold)
				tg := [4]float64{st.ThickMean[k], st.ThickStd[k], st.RateMean[k], st.RateStd[k]}
				for j := range 4 {
					w := 1.0
					if j == 1 {
						w = 10 // the std is the feature the models use
					}
					e := (mo[j] - tg[j]) / math.Max(math.Abs(tg[j]), 0.02)
					s += w * e * e
				}
			}
			return s
		}
		st := &p.Steps[k]
		x0 := []float64{st.Rate, st.Carry, st.Wait, st.Hold}
		x, f, n, err := minimize(loss, x0, []float64{0.2 * st.Rate, 1, 5, 2}, 4000)
		if err != nil {
			return nil, err
		}
		st.Rate, st.Carry, st.Wait, st.Hold = math.Abs(x[0]), math.Abs(x[1]), math.Abs(x[2]), math.Abs(x[3])
		fits = append(fits, Fit{
			Stage:  fmt.Sprintf("QCM step %d: rate, carry, wait, hold vs real per-step thickness/rate mean and std", k+1),
			Params: []string{"rate", "carry", "wait", "hold"},
			Values: []float64{st.Rate, st.Carry, st.Wait, st.Hold}, Loss: f, Evals: n,
		})
	}
	return fits, nil
}

// CalibrationSeed is the seed of the simulations inside Calibrate (common
// random numbers make the noise fit deterministic).
const CalibrationSeed = 2021

// CalibrationFurnaces is the number of furnaces simulated per evaluation of
// the noise fit.
const CalibrationFurnaces = 600

// MedianSetPoints returns the per-layer median set-points of the furnaces
// that have both faces, back and front.
func MedianSetPoints(fs []furnace.Furnace) (back, front [furnace.NumLayers]float64, err error) {
	var col [2][furnace.NumLayers][]float64
	for i := range fs {
		if !fs[i].HasSetPoints() {
			continue
		}
		for l := range furnace.NumLayers {
			col[furnace.Back][l] = append(col[furnace.Back][l], fs[i].Back.SetPoints[l])
			col[furnace.Front][l] = append(col[furnace.Front][l], fs[i].Front.SetPoints[l])
		}
	}
	if len(col[0][0]) == 0 {
		return back, front, fmt.Errorf("twin: no furnace has the set-points of both faces")
	}
	for l := range furnace.NumLayers {
		back[l] = median(col[furnace.Back][l])
		front[l] = median(col[furnace.Front][l])
	}
	return back, front, nil
}

// meanCurve returns the substrate-weighted curve of set-points back and
// front after runs face runs.
func meanCurve(p Params, runs int, back, front [furnace.NumLayers]float64) ([]float64, error) {
	r0, _, err := Spectrum(p, Sub160, runs, back, front)
	if err != nil {
		return nil, err
	}
	r1, _, err := Spectrum(p, Sub167, runs, back, front)
	if err != nil {
		return nil, err
	}
	for i := range r0 {
		r0[i] = (1-p.Substrate167)*r0[i] + p.Substrate167*r1[i]
	}
	return r0, nil
}

// FitDrift fits the tooling drift of Ti3O5 and SiO2 and the soak-time
// drift so that the simulated furnaces of the real period reproduce the real
// within-cycle slopes of the L5 and L6 set-points (which the operators move
// to compensate the drift) and of the step-2 std feature (Summary.Drift).
// It updates p.
func FitDrift(p *Params, real Summary) (Fit, error) {
	base := *p
	var simErr error
	loss := func(x []float64) float64 {
		q := base
		q.ToolingDrift[Ti3O5], q.ToolingDrift[SiO2], q.WaitDrift = x[0], x[1], x[2]
		if err := q.Validate(); err != nil {
			return math.Inf(1)
		}
		s, err := calibrationSummary(q)
		if err != nil {
			simErr = err
			return math.Inf(1)
		}
		// Scales: 0.3 nm per 100 runs for the set-points, 0.05 for the std.
		a := (s.Drift[0] - real.Drift[0]) / 0.3
		b := (s.Drift[1] - real.Drift[1]) / 0.3
		c := (s.Drift[2] - real.Drift[2]) / 0.05
		return a*a + b*b + c*c
	}
	x0 := []float64{base.ToolingDrift[Ti3O5], base.ToolingDrift[SiO2], base.WaitDrift}
	x, f, n, err := minimize(loss, x0, []float64{0.005, 0.003, 0.05}, 120)
	if err != nil {
		return Fit{}, err
	}
	if simErr != nil {
		return Fit{}, simErr
	}
	p.ToolingDrift[Ti3O5], p.ToolingDrift[SiO2], p.WaitDrift = round4(x[0]), round4(x[1]), round4(x[2])
	return Fit{
		Stage:  "drift: Ti3O5 and SiO2 tooling drift and soak-time drift vs real within-cycle slopes of L5, L6 and std s2 on the e-gun counter",
		Params: []string{"tooling_drift_Ti3O5", "tooling_drift_SiO2", "wait_drift"},
		Values: []float64{p.ToolingDrift[Ti3O5], p.ToolingDrift[SiO2], p.WaitDrift}, Loss: f, Evals: n,
	}, nil
}

// calibrationSummary simulates the calibration dataset under q and
// summarises its furnaces of the real period.
func calibrationSummary(q Params) (Summary, error) {
	ds, err := Simulate(q, CalibrationSeed, CalibrationFurnaces)
	if err != nil {
		return Summary{}, err
	}
	return Summarize(InPeriod(ds.Furnaces()))
}

// FitNoise splits the furnace-to-furnace variation of the curve into its
// white part (lens-to-lens thickness spread, spectrophotometer noise) and
// its persistent part (the source condition, whose tooling effects are
// scaled together by one factor) so that the simulated furnaces of the real
// period reproduce the real median consecutive-furnace RMSE, the fraction of
// furnaces inside the colour window, the median RMSE to the median curve,
// the median one-step EWMA error and the persistence (Summary). It updates
// p.
func FitNoise(p *Params, real Summary) (Fit, error) {
	base := *p
	var simErr error
	apply := func(x []float64, q *Params) {
		q.LensSD, q.MeasNoiseSD = math.Abs(x[0]), math.Abs(x[1])
		for m := range NumMaterials {
			q.CondTooling[m] = base.CondTooling[m] * math.Abs(x[2])
		}
	}
	loss := func(x []float64) float64 {
		q := base
		apply(x, &q)
		if err := q.Validate(); err != nil {
			return math.Inf(1)
		}
		s, err := calibrationSummary(q)
		if err != nil {
			simErr = err
			return math.Inf(1)
		}
		a := (s.Consecutive - real.Consecutive) / real.Consecutive
		b := (s.InSpec - real.InSpec) / 0.1
		c := (s.ToMedian - real.ToMedian) / real.ToMedian
		d := (s.EWMAError - real.EWMAError) / real.EWMAError
		e := (s.Persistence - real.Persistence) / (0.5 * real.Persistence)
		return a*a + b*b + 0.5*c*c + d*d + e*e
	}
	x, f, n, err := minimize(loss, []float64{base.LensSD, base.MeasNoiseSD, 1}, []float64{0.001, 0.01, 0.15}, 120)
	if err != nil {
		return Fit{}, err
	}
	if simErr != nil {
		return Fit{}, simErr
	}
	apply(x, p)
	p.LensSD, p.MeasNoiseSD = round4(p.LensSD), round4(p.MeasNoiseSD)
	for m := range NumMaterials {
		p.CondTooling[m] = round4(p.CondTooling[m])
	}
	return Fit{
		Stage:  "noise: lens-to-lens spread, photometer noise and source-condition tooling scale vs real consecutive RMSE, in-spec fraction, RMSE to median, EWMA error and persistence",
		Params: []string{"lens_sd", "meas_noise_sd", "condition_scale"},
		Values: []float64{p.LensSD, p.MeasNoiseSD, math.Abs(x[2])}, Loss: f, Evals: n,
	}, nil
}

// Calibrate fits the twin's free parameters to the real production data in
// dir (see furnace.RealDataDir), starting from start:
//
//  1. FitQCM: step timings against the per-step QCM statistics of the evt table;
//  2. the recipe: median set-points of the furnace table (Feb–May 2021);
//  3. FitOptics: tooling factors and film index offsets against the median curve;
//  4. the operators' colour aim: the colour of the fitted model at the
//     median set-points, so that their corrections keep the set-points
//     where the real operators kept them;
//  5. FitDrift: tooling and soak-time drift against the within-cycle
//     slopes of the set-points and the step-2 std, then FitOptics again;
//  6. FitNoise: lens-to-lens spread, photometer noise and the strength of
//     the source condition (white against persistent variation).
//
// Index drift, step-time jitter, cycle lengths and operator habits are
// taken from start.
// It returns the calibrated parameters, with Provenance describing the
// fit, and the fits of every stage.
func Calibrate(dir string, start Params) (Params, []Fit, error) {
	p := start
	if err := p.Validate(); err != nil {
		return p, nil, err
	}
	st, err := ReadStepStats(dir)
	if err != nil {
		return p, nil, err
	}
	fits, err := FitQCM(&p, st)
	if err != nil {
		return p, nil, err
	}
	tab, err := furnace.LoadRealData(dir)
	if err != nil {
		return p, nil, err
	}
	real := InPeriod(tab.Furnaces)
	SortProduction(real)
	rs, err := Summarize(real)
	if err != nil {
		return p, nil, err
	}
	back, front, err := MedianSetPoints(real)
	if err != nil {
		return p, nil, err
	}
	for l := range furnace.NumLayers {
		p.Recipe[furnace.Back][l], p.Recipe[furnace.Front][l] = back[l], front[l]
	}
	for f := range 2 {
		p.Recipe[f][4] -= p.CycleStart[f][0] / 2
		p.Recipe[f][5] -= p.CycleStart[f][1] / 2
	}
	fo, err := FitOptics(&p, back, front, rs.MedianCurve[:])
	if err != nil {
		return p, nil, err
	}
	fits = append(fits, fo)
	mc, err := meanCurve(p, int(meanAge(&p)), back, front)
	if err != nil {
		return p, nil, err
	}
	conv, err := colour.NewConverter(colour.IlluminantC, colour.Observer2)
	if err != nil {
		return p, nil, err
	}
	lab, err := conv.Lab(mc)
	if err != nil {
		return p, nil, err
	}
	p.Aim = [3]float64{round4(lab.L), round4(lab.A), round4(lab.B)}
	fd, err := FitDrift(&p, rs)
	if err != nil {
		return p, nil, err
	}
	fits = append(fits, fd)
	// The optics fit holds at mid-cycle: re-express the clean-chamber
	// tooling factors for the new drift rates.
	if fo, err = FitOptics(&p, back, front, rs.MedianCurve[:]); err != nil {
		return p, nil, err
	}
	fits = append(fits, fo)
	fn, err := FitNoise(&p, rs)
	if err != nil {
		return p, nil, err
	}
	fits = append(fits, fn)
	round4s(&p)
	p.Provenance = fmt.Sprintf("twin.Calibrate on the real production data (evts_2021H1.csv per-step QCM statistics of %d back and %d front runs; "+
		"furnaces_2021H1.csv, %d furnaces of %s…%s): QCM step timings, median set-points as recipe, tooling factors and film index offsets "+
		"(Nelder–Mead, gonum/optimize) against the median curve, operator aim = colour of the fitted model at the median set-points, "+
		"tooling and soak-time drift against the within-cycle slopes of L5, L6 and std s2 on the e-gun counter, "+
		"lens spread, photometer noise and the scale of the source-condition tooling effects against consecutive-furnace RMSE, in-spec fraction, "+
		"RMSE to the median curve, median one-step EWMA(0.1) error and persistence (seed %d, %d furnaces); "+
		"index drift, step-time jitter, cycle lengths, operator habits, the dome sets (fixtures: offsets, drift and soak-time fingerprints, "+
		"chosen so that the between-cycle spread matches the real one), the source condition's autocorrelation and soak-time effect "+
		"set by hand from the real set-point, counter and curve series",
		st[furnace.Back].N, st[furnace.Front].N, len(real), RealPeriod[0].Format("2006-01-02"), RealPeriod[1].Format("2006-01-02"),
		CalibrationSeed, CalibrationFurnaces)
	return p, fits, p.Validate()
}

// round4 rounds to 4 significant decimals for a readable defaults file.
func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

// round4s rounds the fitted parameters to 4 decimals.
func round4s(p *Params) {
	for m := range NumMaterials {
		p.Tooling[m] = round4(p.Tooling[m])
		p.IndexOffset[m] = round4(p.IndexOffset[m])
	}
	for k := range p.Steps {
		s := &p.Steps[k]
		s.Rate, s.Carry, s.Wait, s.Hold = round4(s.Rate), round4(s.Carry), round4(s.Wait), round4(s.Hold)
	}
	for f := range 2 {
		for l := range furnace.NumLayers {
			p.Recipe[f][l] = round4(p.Recipe[f][l])
		}
	}
	p.LensSD, p.MeasNoiseSD = round4(p.LensSD), round4(p.MeasNoiseSD)
}

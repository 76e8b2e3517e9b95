package twin

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/arcoat/zeiss/zeiss/colour"
	"github.com/arcoat/zeiss/zeiss/furnace"
)

// RealPeriod is the production period of the real data the twin is
// calibrated against (2021-02-01 … 2021-05-31).
var RealPeriod = [2]time.Time{
	time.Date(2021, 2, 1, 0, 0, 0, 0, time.UTC),
	time.Date(2021, 5, 31, 0, 0, 0, 0, time.UTC),
}

// Summary are the statistics of a furnace table that the calibration
// targets compare.
type Summary struct {
	// N is the number of furnaces with a curve.
	N int
	// MedianCurve is the point-wise median of the curves in %.
	MedianCurve [furnace.NumPoints]float64
	// MedianLab is the colour of MedianCurve (illuminant C, 2°).
	MedianLab colour.Lab
	// StdMean and StdSD are the mean and population standard deviation of
	// the 14 std features over the furnaces that have all of them; NStd is
	// their number.
	StdMean, StdSD [furnace.NumStd]float64
	NStd           int
	// SetMean and SetSD are the mean and population standard deviation of
	// the 10 adjustable set-points over the furnaces that have both faces.
	SetMean, SetSD [furnace.NumAdjustable]float64
	// Consecutive is the median RMSE in %R between the curves of
	// consecutive furnaces of the same cleaning cycle; NConsecutive the
	// number of pairs.
	Consecutive  float64
	NConsecutive int
	// ToMedian is the median RMSE of the curves from MedianCurve.
	ToMedian float64
	// InSpec is the fraction of furnaces whose curve is inside the
	// production colour window.
	InSpec float64
	// Excursions is the fraction of furnaces whose curve is more than
	// ExcursionRMSE from MedianCurve (odd lenses, process upsets: on real
	// data a heavy tail that dominates any pooled RMSE).
	Excursions float64
	// EWMAError is the median over furnaces of the RMSE in %R of the
	// one-step-ahead EWMA forecast (weight EWMAAlpha on the newest curve) of
	// the curve, over the furnaces in the order given that are not
	// excursions (an excursion would drag the EWMA level for the next ten
	// furnaces); EWMAPooled is the root mean square of the same errors.
	// Persistence is EWMAError over the median RMSE between consecutive
	// furnaces of that same sequence: about 0.75 for a level that never
	// moves (white noise around a fixed curve), near 1 and above when the
	// level wanders so that the EWMA lags behind it.
	EWMAError, EWMAPooled, Persistence float64
	// CycleSpread is the median over cleaning cycles with at least
	// MinSpreadCycle curves of the RMSE between the cycle's median curve and
	// the median curve of all those furnaces: how far the level of one
	// cycle sits from the others. NCycles is the number of such cycles.
	CycleSpread float64
	NCycles     int
	// TrendShare is the fraction of the within-cycle variance of the curves
	// that a straight line in the e-gun counter explains, fitted per cycle
	// and wavelength and pooled over the cycles with at least
	// MinTrendCycle curves that are not excursions and have a counter: how
	// much of the level movement within a cycle is a steady drift.
	TrendShare float64
	// Drift are the within-cycle slopes per 100 e-gun counts (face runs) of
	// the L5 and L6 set-points and of the step-2 std feature, each the
	// mean of back and front: pooled least squares with one intercept per
	// cycle, over the furnaces with counters and a known cycle.
	Drift [3]float64
}

// Summarize computes the Summary of furnaces fs in the order given (which
// must be production order for Consecutive). Curves with a mean below 1 %
// are broken measurements and are left out, as the production analysis does.
func Summarize(fs []furnace.Furnace) (Summary, error) {
	var s Summary
	conv, err := colour.NewConverter(colour.IlluminantC, colour.Observer2)
	if err != nil {
		return s, err
	}
	spec := colour.ProductionSpec()
	ok := func(f *furnace.Furnace) bool {
		if !f.HasCurve() {
			return false
		}
		var m float64
		for _, v := range f.Curve {
			m += v
		}
		return m/float64(len(f.Curve)) >= 1
	}
	var curves [][]float64
	pass := 0
	for i := range fs {
		if !ok(&fs[i]) {
			continue
		}
		curves = append(curves, fs[i].Curve)
		lab, _ := conv.Lab(fs[i].Curve)
		if spec.Check(lab).Pass() {
			pass++
		}
	}
	s.N = len(curves)
	if s.N == 0 {
		return s, fmt.Errorf("twin: summarize: no furnace has a curve")
	}
	s.InSpec = float64(pass) / float64(s.N)
	col := make([]float64, s.N)
	for j := range furnace.NumPoints {
		for i, c := range curves {
			col[i] = c[j]
		}
		s.MedianCurve[j] = median(col)
	}
	s.MedianLab, _ = conv.Lab(s.MedianCurve[:])
	d := make([]float64, s.N)
	for i, c := range curves {
		d[i] = RMSE(c, s.MedianCurve[:])
	}
	s.ToMedian = median(d)

	var cons []float64
	for i := 1; i < len(fs); i++ {
		a, b := &fs[i-1], &fs[i]
		if a.Cycle >= 0 && a.Cycle == b.Cycle && ok(a) && ok(b) {
			cons = append(cons, RMSE(a.Curve, b.Curve))
		}
	}
	s.NConsecutive = len(cons)
	if len(cons) > 0 {
		s.Consecutive = median(cons)
	} else {
		s.Consecutive = math.NaN()
	}
	var level, ew, step, prev []float64
	var sse float64
	exc := 0
	for i := range fs {
		if !ok(&fs[i]) {
			continue
		}
		c := fs[i].Curve
		if RMSE(c, s.MedianCurve[:]) > ExcursionRMSE {
			exc++
			continue
		}
		if prev != nil {
			step = append(step, RMSE(prev, c))
		}
		prev = c
		if level == nil {
			level = slices.Clone(c)
			continue
		}
		e := RMSE(level, c)
		ew = append(ew, e)
		sse += e * e
		for j := range level {
			level[j] += EWMAAlpha * (c[j] - level[j])
		}
	}
	s.Excursions = float64(exc) / float64(s.N)
	s.EWMAError, s.EWMAPooled, s.Persistence = math.NaN(), math.NaN(), math.NaN()
	if len(ew) > 0 {
		s.EWMAError = median(ew)
		s.EWMAPooled = math.Sqrt(sse / float64(len(ew)))
		s.Persistence = s.EWMAError / median(step)
	}
	s.CycleSpread, s.NCycles = cycleSpread(fs, ok)
	s.TrendShare = trendShare(fs, func(f *furnace.Furnace) bool {
		return ok(f) && RMSE(f.Curve, s.MedianCurve[:]) <= ExcursionRMSE && !math.IsNaN(f.Counters.EGun)
	})

	var std [][]float64
	var set [][]float64
	for i := range fs {
		if fs[i].HasStd() {
			v := fs[i].Std14()
			std = append(std, v[:])
		}
		if fs[i].HasSetPoints() {
			v := fs[i].Adjustable()
			set = append(set, v[:])
		}
	}
	s.NStd = len(std)
	meanSD(std, s.StdMean[:], s.StdSD[:])
	meanSD(set, s.SetMean[:], s.SetSD[:])
	get := [3]func(f *furnace.Furnace) float64{
		func(f *furnace.Furnace) float64 { return (f.Back.SetPoints[4] + f.Front.SetPoints[4]) / 2 },
		func(f *furnace.Furnace) float64 { return (f.Back.SetPoints[5] + f.Front.SetPoints[5]) / 2 },
		func(f *furnace.Furnace) float64 { return (f.Back.Std[1] + f.Front.Std[1]) / 2 },
	}
	for j, g := range get {
		s.Drift[j] = 100 * cycleSlope(fs, g)
	}
	return s, nil
}

// ExcursionRMSE is the distance in %R from the median curve beyond which a
// curve counts as an excursion (Summary.Excursions).
const ExcursionRMSE = 1.0

// EWMAAlpha is the weight of the newest curve in the EWMA forecast of
// Summary.EWMAError, the run-to-run baseline of the models.
const EWMAAlpha = 0.1

// MinSpreadCycle is the least number of curves of a cycle in
// Summary.CycleSpread.
const MinSpreadCycle = 5

// cycleSpread returns Summary.CycleSpread and the number of cycles it
// covers over the furnaces with a known cycle whose curve passes ok.
func cycleSpread(fs []furnace.Furnace, ok func(*furnace.Furnace) bool) (float64, int) {
	by := map[int][][]float64{}
	var ids []int
	for i := range fs {
		f := &fs[i]
		if f.Cycle < 0 || !ok(f) {
			continue
		}
		if by[f.Cycle] == nil {
			ids = append(ids, f.Cycle)
		}
		by[f.Cycle] = append(by[f.Cycle], f.Curve)
	}
	var all [][]float64
	var used []int
	for _, id := range ids {
		if len(by[id]) >= MinSpreadCycle {
			all = append(all, by[id]...)
			used = append(used, id)
		}
	}
	if len(used) == 0 {
		return math.NaN(), 0
	}
	g := medianCurve(all)
	d := make([]float64, len(used))
	for k, id := range used {
		d[k] = RMSE(medianCurve(by[id]), g)
	}
	return median(d), len(used)
}

// MinTrendCycle is the least number of curves of a cycle in
// Summary.TrendShare.
const MinTrendCycle = 8

// trendShare returns Summary.TrendShare over the furnaces with a known
// cycle that pass ok; NaN without a cycle of MinTrendCycle such furnaces
// whose counters vary.
func trendShare(fs []furnace.Furnace, ok func(*furnace.Furnace) bool) float64 {
	by := map[int][]*furnace.Furnace{}
	var ids []int
	for i := range fs {
		f := &fs[i]
		if f.Cycle < 0 || !ok(f) {
			continue
		}
		if by[f.Cycle] == nil {
			ids = append(ids, f.Cycle)
		}
		by[f.Cycle] = append(by[f.Cycle], f)
	}
	var tot, res float64
	for _, id := range ids {
		g := by[id]
		if len(g) < MinTrendCycle {
			continue
		}
		n := float64(len(g))
		var mx, sxx float64
		for _, f := range g {
			mx += f.Counters.EGun / n
		}
		for _, f := range g {
			sxx += (f.Counters.EGun - mx) * (f.Counters.EGun - mx)
		}
		if sxx == 0 {
			continue
		}
		for j := range furnace.NumPoints {
			var my, sxy, syy float64
			for _, f := range g {
				my += f.Curve[j] / n
			}
			for _, f := range g {
				d := f.Curve[j] - my
				sxy += (f.Counters.EGun - mx) * d
				syy += d * d
			}
			tot += syy
			res += syy - sxy*sxy/sxx
		}
	}
	if tot == 0 {
		return math.NaN()
	}
	return 1 - res/tot
}

// medianCurve returns the point-wise median of curves.
func medianCurve(curves [][]float64) []float64 {
	out := make([]float64, furnace.NumPoints)
	col := make([]float64, len(curves))
	for j := range out {
		for i, c := range curves {
			col[i] = c[j]
		}
		out[j] = median(col)
	}
	return out
}

// cycleSlope returns the pooled within-cycle least-squares slope of y
// against the e-gun counter (one intercept per cycle), over the furnaces
// with a finite y, a counter and a cycle; NaN without two such furnaces in
// one cycle.
func cycleSlope(fs []furnace.Furnace, y func(*furnace.Furnace) float64) float64 {
	type acc struct{ n, sx, sy, sxx, sxy float64 }
	by := map[int]*acc{}
	var ids []int
	for i := range fs {
		f := &fs[i]
		x, v := f.Counters.EGun, y(f)
		if f.Cycle < 0 || math.IsNaN(x) || math.IsNaN(v) || math.IsInf(v, 0) {
			continue
		}
		a := by[f.Cycle]
		if a == nil {
			a = &acc{}
			by[f.Cycle] = a
			ids = append(ids, f.Cycle)
		}
		a.n++
		a.sx += x
		a.sy += v
		a.sxx += x * x
		a.sxy += x * v
	}
	slices.Sort(ids)
	var num, den float64
	for _, id := range ids {
		a := by[id]
		num += a.sxy - a.sx*a.sy/a.n
		den += a.sxx - a.sx*a.sx/a.n
	}
	if den <= 0 {
		return math.NaN()
	}
	return num / den
}

// meanSD writes the column means and population standard deviations of
// rows into mean and sd (NaN without rows).
func meanSD(rows [][]float64, mean, sd []float64) {
	for j := range mean {
		if len(rows) == 0 {
			mean[j], sd[j] = math.NaN(), math.NaN()
			continue
		}
		var m float64
		for _, r := range rows {
			m += r[j]
		}
		m /= float64(len(rows))
		var ss float64
		for _, r := range rows {
			ss += (r[j] - m) * (r[j] - m)
		}
		mean[j], sd[j] = m, math.Sqrt(ss/float64(len(rows)))
	}
}

// median returns the median of v; v is left as it is.
func median(v []float64) float64 {
	w := slices.Clone(v)
	slices.Sort(w)
	n := len(w)
	if n%2 == 1 {
		return w[n/2]
	}
	return (w[n/2-1] + w[n/2]) / 2
}

// RMSE returns the root-mean-square difference of two curves.
func RMSE(a, b []float64) float64 {
	var s float64
	for i := range a {
		d := a[i] - b[i]
		s += d * d
	}
	return math.Sqrt(s / float64(len(a)))
}

// Target is one calibration target: a twin statistic against the real
// one, with the tolerance it must meet.
type Target struct {
	// Name says what is compared.
	Name string
	// Twin and Real are the two values.
	Twin, Real float64
	// Rule states the tolerance, e.g. "≤ 0.25", "±5 %".
	Rule string
	// Pass reports whether the twin meets the tolerance.
	Pass bool
}

// Compare checks the calibration targets of a twin summary against the
// real one: median curve RMSE ≤ 0.25 %R and ΔE*ab ≤ 1.5; each std feature's
// mean within ±5 % and standard deviation within a factor of 2; the median
// consecutive-furnace RMSE within ±30 %; the in-spec fraction within ±10
// points; the slow level variation: the median one-step EWMA(0.1) error
// within ±30 %, its ratio to the consecutive-furnace RMSE (persistence)
// within ±10 %, the between-cycle spread and the within-cycle trend share
// within a factor of 2.
func Compare(twin, real Summary) []Target {
	var ts []Target
	rm := RMSE(twin.MedianCurve[:], real.MedianCurve[:])
	ts = append(ts, Target{"median curve RMSE (%R)", rm, 0, "≤ 0.25", rm <= 0.25})
	de := colour.DeltaEab(twin.MedianLab, real.MedianLab)
	ts = append(ts, Target{"median curve ΔE*ab", de, 0, "≤ 1.5", de <= 1.5})
	names := stdNames()
	for j := range furnace.NumStd {
		a, b := twin.StdMean[j], real.StdMean[j]
		ts = append(ts, Target{names[j] + " mean", a, b, "±5 %", math.Abs(a-b) <= 0.05*math.Abs(b)})
		a, b = twin.StdSD[j], real.StdSD[j]
		ts = append(ts, Target{names[j] + " sd", a, b, "×/÷ 2", a <= 2*b && b <= 2*a})
	}
	a, b := twin.Consecutive, real.Consecutive
	ts = append(ts, Target{"consecutive-furnace RMSE (%R)", a, b, "±30 %", math.Abs(a-b) <= 0.3*b})
	a, b = twin.InSpec, real.InSpec
	ts = append(ts, Target{"fraction in colour window", a, b, "±0.10", math.Abs(a-b) <= 0.10})
	a, b = twin.EWMAError, real.EWMAError
	ts = append(ts, Target{"EWMA(0.1) one-step error, median (%R)", a, b, "±30 %", math.Abs(a-b) <= 0.3*b})
	a, b = twin.Persistence, real.Persistence
	ts = append(ts, Target{"persistence: EWMA error / consecutive RMSE", a, b, "±10 %", math.Abs(a-b) <= 0.10*b})
	a, b = twin.CycleSpread, real.CycleSpread
	ts = append(ts, Target{"between-cycle spread (%R)", a, b, "×/÷ 2", a <= 2*b && b <= 2*a})
	a, b = twin.TrendShare, real.TrendShare
	ts = append(ts, Target{"within-cycle trend share of variance", a, b, "×/÷ 2", a <= 2*b && b <= 2*a})
	return ts
}

// stdNames returns the column names of the 14 std features.
func stdNames() []string {
	var n []string
	for _, f := range []string{"back", "front"} {
		for s := 2; s <= furnace.NumSteps; s++ {
			n = append(n, fmt.Sprintf("%s_std_s%d", f, s))
		}
	}
	return n
}

// FormatTargets renders targets as a Markdown table.
func FormatTargets(ts []Target) string {
	var b strings.Builder
	b.WriteString("| target | twin | real | rule | pass |\n|---|---:|---:|---|---|\n")
	for _, t := range ts {
		fmt.Fprintf(&b, "| %s | %.4g | %.4g | %s | %v |\n", t.Name, t.Twin, t.Real, t.Rule, t.Pass)
	}
	return b.String()
}

// InPeriod returns the furnaces of fs produced within RealPeriod.
func InPeriod(fs []furnace.Furnace) []furnace.Furnace {
	var out []furnace.Furnace
	for _, f := range fs {
		if !f.Date.Before(RealPeriod[0]) && !f.Date.After(RealPeriod[1]) {
			out = append(out, f)
		}
	}
	return out
}

// Furnaces returns the plant view of the dataset's records.
func (ds *Dataset) Furnaces() []furnace.Furnace {
	fs := make([]furnace.Furnace, len(ds.Records))
	for i := range ds.Records {
		fs[i] = ds.Records[i].Furnace
	}
	return fs
}

// SortProduction sorts furnaces into production order: date, shift digit,
// sequence number (furnace numbers that do not parse sort by their text).
func SortProduction(fs []furnace.Furnace) {
	slices.SortStableFunc(fs, func(a, b furnace.Furnace) int {
		if c := a.Date.Compare(b.Date); c != 0 {
			return c
		}
		return strings.Compare(shiftSeq(a.No), shiftSeq(b.No))
	})
}

// shiftSeq returns the shift digit and sequence number of a furnace number.
func shiftSeq(no string) string {
	if len(no) != furnace.NumberLen {
		return no
	}
	return no[2:3] + no[9:]
}

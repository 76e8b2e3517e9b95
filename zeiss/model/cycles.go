package model

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"runtime"
	"slices"
	"sync"

	"github.com/arcoat/zeiss/zeiss/furnace"
)

// Config is the recipe of the per-cycle models.
type Config struct {
	// Model2 trains the base model2 (14 std → 81 curve) on all furnaces;
	// FineTune fine-tunes a copy of it per cycle; Model1 trains one model1
	// (10 set-points → 14 std) per cycle.
	Model2   NetConfig `json:"model2"`
	FineTune NetConfig `json:"fine_tune"`
	Model1   NetConfig `json:"model1"`
	// Model1FineTune, when set, trains each cycle's model1 by fine-tuning
	// the global model1 (recipe FineTune1) instead of from scratch (recipe
	// Model1), as model2 is.
	Model1FineTune bool      `json:"model1_fine_tune"`
	FineTune1      NetConfig `json:"fine_tune1"`
	// MinCycle is the least number of furnaces a cycle needs for its own
	// models.
	MinCycle int `json:"min_cycle"`
	// Recent is the number of latest measured furnaces a cycle selection
	// looks at.
	Recent int `json:"recent"`
	// Seed drives every initialisation and shuffle.
	Seed uint64 `json:"seed"`
	// Workers bounds the cycles trained at once; 0 means GOMAXPROCS.
	Workers int `json:"-"`
}

// DefaultConfig returns the default recipe: base model2 + per-cycle
// fine-tune, global model1 + per-cycle fine-tune (a model1 trained from
// scratch on the few furnaces of a new cycle extrapolates wildly in the
// forward chain), at least 3 furnaces per cycle model, selection on the
// latest 10 measured furnaces (of the current cycle once it has some; on
// the twin, 3 furnaces picked a cycle of the same dome set in about 70 %
// of the test furnaces, 10 in about 80–90 %, at the same RMSE).
func DefaultConfig() Config {
	return Config{Model2: DefaultModel2(), FineTune: DefaultFineTune(), Model1: DefaultModel1(), FineTune1: DefaultFineTune1(),
		Model1FineTune: true, MinCycle: 3, Recent: 10, Seed: 1}
}

// Models are the models of all cycles, with their global normalisation.
type Models struct {
	// Config is the recipe the models were trained with.
	Config Config
	// SetStats, StdStats and CurveStats normalise set-points, std features
	// and curves; they are fitted once on all training furnaces. CurveStats
	// has the mean curve and one pooled std for all 81 points (see
	// pooledStats), so that the training loss of model2 is the curve's MSE
	// in %R² up to a constant factor, the quantity evaluated.
	SetStats, StdStats, CurveStats furnace.Stats
	// Base2 is model2 trained on all furnaces; Model2[c] its fine-tuned
	// copy for cycle c.
	Base2  *Net
	Model2 map[int]*Net
	// Global1 is model1 trained on all furnaces (the fallback for a cycle
	// without its own model); Model1[c] is model1 of cycle c.
	Global1 *Net
	Model1  map[int]*Net
}

// Cycles returns the cycles that have a model2, in increasing order.
func (m *Models) Cycles() []int { return slices.Sorted(maps.Keys(m.Model2)) }

// rows collects the training rows of the models from fs.
type rows struct {
	sx, sy   [][]float64 // model2: std → curve
	sc       []int       // cycle of each model2 row
	ox, oy   [][]float64 // model1: set-points → std
	oc       []int
	setAll   [][]float64
	stdAll   [][]float64
	curveAll [][]float64
}

func collect(fs []furnace.Furnace) *rows {
	r := &rows{}
	for i := range fs {
		f := &fs[i]
		if f.HasSetPoints() {
			r.setAll = append(r.setAll, adjustable(f))
		}
		if f.HasStd() {
			r.stdAll = append(r.stdAll, std14(f))
		}
		if f.HasCurve() {
			r.curveAll = append(r.curveAll, slices.Clone(f.Curve))
		}
		if f.HasStd() && f.HasCurve() {
			r.sx, r.sy, r.sc = append(r.sx, std14(f)), append(r.sy, slices.Clone(f.Curve)), append(r.sc, f.Cycle)
		}
		if f.HasStd() && f.HasSetPoints() {
			r.ox, r.oy, r.oc = append(r.ox, adjustable(f)), append(r.oy, std14(f)), append(r.oc, f.Cycle)
		}
	}
	return r
}

func subset(x [][]float64, cyc []int, c int) [][]float64 {
	var out [][]float64
	for i, v := range cyc {
		if v == c {
			out = append(out, x[i])
		}
	}
	return out
}

// seedFor derives the seed of one network from the run's seed.
func seedFor(seed uint64, kind, cycle int) uint64 {
	return seed*0x9e3779b97f4a7c15 + uint64(kind)*1000003 + uint64(cycle+1)*7919
}

// Train fits the models on the furnaces fs (in production order): global
// statistics, base model2, per-cycle fine-tuned model2, global and
// per-cycle model1. Furnaces with an unknown cycle (−1) train the global
// models only. Cycles are trained in parallel; the result does not depend
// on the number of workers.
func Train(fs []furnace.Furnace, cfg Config) (*Models, error) {
	r := collect(fs)
	m := &Models{Config: cfg, Model2: map[int]*Net{}, Model1: map[int]*Net{}}
	var err error
	if m.SetStats, err = statsOf(r.setAll, "set-points"); err != nil {
		return nil, err
	}
	if m.StdStats, err = statsOf(r.stdAll, "std features"); err != nil {
		return nil, err
	}
	if m.CurveStats, err = statsOf(r.curveAll, "curves"); err != nil {
		return nil, err
	}
	m.CurveStats = pooledStats(m.CurveStats)
	if len(r.sx) < 2 {
		return nil, fmt.Errorf("model: %d furnaces with std features and a curve, want ≥ 2", len(r.sx))
	}
	if len(r.ox) < 2 {
		return nil, fmt.Errorf("model: %d furnaces with set-points and std features, want ≥ 2", len(r.ox))
	}
	// The base model2 and the global model1 first, in parallel.
	var wg sync.WaitGroup
	var e1, e2 error
	wg.Add(2)
	go func() {
		defer wg.Done()
		m.Base2, e2 = trainNet(cfg.Model2, nil, r.sx, r.sy, m.StdStats, m.CurveStats, seedFor(cfg.Seed, 2, -1))
	}()
	go func() {
		defer wg.Done()
		m.Global1, e1 = trainNet(cfg.Model1, nil, r.ox, r.oy, m.SetStats, m.StdStats, seedFor(cfg.Seed, 1, -1))
	}()
	wg.Wait()
	if err := errors.Join(e2, e1); err != nil {
		return nil, err
	}
	if err := m.trainCycles(r, cycleSet(r)); err != nil {
		return nil, err
	}
	return m, nil
}

func cycleSet(r *rows) []int {
	set := map[int]bool{}
	for _, c := range r.sc {
		if c >= 0 {
			set[c] = true
		}
	}
	for _, c := range r.oc {
		if c >= 0 {
			set[c] = true
		}
	}
	return slices.Sorted(maps.Keys(set))
}

// trainCycles (re)trains the models of the given cycles from r.
func (m *Models) trainCycles(r *rows, cycles []int) error {
	type job struct{ kind, cycle int }
	var jobs []job
	for _, c := range cycles {
		jobs = append(jobs, job{2, c}, job{1, c})
	}
	res := make([]*Net, len(jobs))
	errs := make([]error, len(jobs))
	workers := m.Config.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	sem := make(chan struct{}, workers)
	var wg sync.WaitGroup
	for i, j := range jobs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			if j.kind == 2 {
				x, y := subset(r.sx, r.sc, j.cycle), subset(r.sy, r.sc, j.cycle)
				if len(x) >= max(m.Config.MinCycle, 1) {
					res[i], errs[i] = trainNet(m.Config.FineTune, m.Base2.MLP, x, y, m.StdStats, m.CurveStats, seedFor(m.Config.Seed, 2, j.cycle))
				}
			} else {
				x, y := subset(r.ox, r.oc, j.cycle), subset(r.oy, r.oc, j.cycle)
				if len(x) >= max(m.Config.MinCycle, 2) {
					if m.Config.Model1FineTune {
						res[i], errs[i] = trainNet(m.Config.FineTune1, m.Global1.MLP, x, y, m.SetStats, m.StdStats, seedFor(m.Config.Seed, 1, j.cycle))
					} else {
						res[i], errs[i] = trainNet(m.Config.Model1, nil, x, y, m.SetStats, m.StdStats, seedFor(m.Config.Seed, 1, j.cycle))
					}
				}
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	for i, j := range jobs {
		if res[i] == nil {
			continue
		}
		if j.kind == 2 {
			m.Model2[j.cycle] = res[i]
		} else {
			m.Model1[j.cycle] = res[i]
		}
	}
	return nil
}

func statsOf(rows [][]float64, what string) (furnace.Stats, error) {
	if len(rows) < 2 {
		return furnace.Stats{}, fmt.Errorf("model: %d training furnaces with %s, want ≥ 2", len(rows), what)
	}
	s, err := furnace.FitStats(rows)
	if err != nil {
		return furnace.Stats{}, fmt.Errorf("model: statistics of %s: %w", what, err)
	}
	return s, nil
}

// model2For returns the model2 of cycle c, the base model when c has none.
func (m *Models) model2For(c int) *Net {
	if n, ok := m.Model2[c]; ok {
		return n
	}
	return m.Base2
}

// model1For returns the model1 of cycle c, the global model when c has none.
func (m *Models) model1For(c int) *Net {
	if n, ok := m.Model1[c]; ok {
		return n
	}
	return m.Global1
}

// CurveFromStd predicts the curve from the std features with the model2 of
// cycle c (the base model when c has none).
func (m *Models) CurveFromStd(c int, std []float64) []float64 { return m.model2For(c).Predict(std) }

// StdFromSetPoints predicts the std features from the ten set-points with
// the model1 of cycle c (the global model1 when c has none).
func (m *Models) StdFromSetPoints(c int, sp []float64) []float64 { return m.model1For(c).Predict(sp) }

// Forward is the forward chain: set-points → model1 of cycle c1 → std →
// model2 of cycle c2 → curve.
func (m *Models) Forward(c1, c2 int, sp []float64) []float64 {
	return m.CurveFromStd(c2, m.StdFromSetPoints(c1, sp))
}

// Select2 returns the cycle whose model2 best explains the measured
// furnaces recent (those with std features and a curve; mean squared error
// of the curve), and that error; −1 and NaN when none can be scored or no
// cycle has a model.
func (m *Models) Select2(recent []furnace.Furnace) (int, float64) {
	return m.selectBy(slices.Sorted(maps.Keys(m.Model2)), func(c int, f *furnace.Furnace) (float64, bool) {
		if !f.HasStd() || !f.HasCurve() {
			return 0, false
		}
		return mse(m.Model2[c].Predict(std14(f)), f.Curve, nil), true
	}, recent)
}

// Select1 returns the cycle whose model1 best explains the measured
// furnaces recent (those with set-points and std features; mean squared
// error of the normalised std), and that error; −1 and NaN when none.
func (m *Models) Select1(recent []furnace.Furnace) (int, float64) {
	return m.selectBy(slices.Sorted(maps.Keys(m.Model1)), func(c int, f *furnace.Furnace) (float64, bool) {
		if !f.HasStd() || !f.HasSetPoints() {
			return 0, false
		}
		return mse(m.Model1[c].Predict(adjustable(f)), std14(f), m.StdStats.Std), true
	}, recent)
}

func (m *Models) selectBy(cycles []int, loss func(int, *furnace.Furnace) (float64, bool), recent []furnace.Furnace) (int, float64) {
	best, bestL := -1, math.NaN()
	for _, c := range cycles {
		var sum float64
		var n int
		for i := range recent {
			if l, ok := loss(c, &recent[i]); ok {
				sum += l
				n++
			}
		}
		if n == 0 {
			return -1, math.NaN()
		}
		if l := sum / float64(n); best < 0 || l < bestL {
			best, bestL = c, l
		}
	}
	return best, bestL
}

// mse is the mean squared difference of p and y, each divided by scale
// when scale is not nil.
func mse(p, y, scale []float64) float64 {
	var s float64
	for i := range p {
		d := p[i] - y[i]
		if scale != nil {
			d /= scale[i]
		}
		s += d * d
	}
	return s / float64(len(p))
}

// pooledStats returns s with every std replaced by the root mean square of
// the stds: one scale for all columns, which keeps their relative weights in
// a squared-error loss.
func pooledStats(s furnace.Stats) furnace.Stats {
	var ms float64
	for _, v := range s.Std {
		ms += v * v
	}
	p := math.Sqrt(ms / float64(len(s.Std)))
	out := furnace.Stats{Mean: slices.Clone(s.Mean), Std: make([]float64, len(s.Std))}
	for i := range out.Std {
		out.Std[i] = p
	}
	return out
}

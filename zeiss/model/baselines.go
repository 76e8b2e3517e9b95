package model

import (
	"fmt"

	"github.com/arcoat/zeiss/zeiss/furnace"
)

// EWMA predicts the next curve as the exponentially weighted moving average
// of the measured curves so far: level ← Alpha·curve + (1 − Alpha)·level,
// starting from the first curve. It is the standard run-to-run predictor.
type EWMA struct {
	// Alpha is the weight of the newest curve, 0 < Alpha ≤ 1.
	Alpha float64
	level []float64
}

// NewEWMA returns an EWMA forecaster with weight alpha on the newest curve.
func NewEWMA(alpha float64) (*EWMA, error) {
	if !(alpha > 0 && alpha <= 1) {
		return nil, fmt.Errorf("model: EWMA weight %v, want 0 < alpha ≤ 1", alpha)
	}
	return &EWMA{Alpha: alpha}, nil
}

// Fit feeds the curves of train in order.
func (e *EWMA) Fit(train []furnace.Furnace) error {
	e.level = nil
	for i := range train {
		e.Observe(&train[i])
	}
	return nil
}

// Predict returns the current level; ok is false before the first curve.
func (e *EWMA) Predict(*furnace.Furnace) ([]float64, bool, error) {
	if e.level == nil {
		return nil, false, nil
	}
	return append([]float64(nil), e.level...), true, nil
}

// Observe updates the level with the curve of f, if it has one.
func (e *EWMA) Observe(f *furnace.Furnace) error {
	if !f.HasCurve() {
		return nil
	}
	if e.level == nil {
		e.level = append([]float64(nil), f.Curve...)
		return nil
	}
	ewmaStep(e.level, f.Curve, e.Alpha)
	return nil
}

// ewmaStep moves level toward x with weight alpha on x:
// level ← level + alpha·(x − level), element by element.
func ewmaStep(level, x []float64, alpha float64) {
	for i, v := range x {
		level[i] += alpha * (v - level[i])
	}
}

// deviation returns x − level, element by element.
func deviation(x, level []float64) []float64 {
	d := make([]float64, len(x))
	for i, v := range x {
		d[i] = v - level[i]
	}
	return d
}

// LastK predicts the next curve as the mean of the last K measured curves
// (fewer at the start).
type LastK struct {
	// K is the number of curves averaged, ≥ 1.
	K    int
	last [][]float64
}

// Fit feeds the curves of train in order.
func (l *LastK) Fit(train []furnace.Furnace) error {
	if l.K < 1 {
		return fmt.Errorf("model: last-k mean with k = %d, want ≥ 1", l.K)
	}
	l.last = nil
	for i := range train {
		l.Observe(&train[i])
	}
	return nil
}

// Predict returns the mean of the last K curves; ok is false before the
// first curve.
func (l *LastK) Predict(*furnace.Furnace) ([]float64, bool, error) {
	if len(l.last) == 0 {
		return nil, false, nil
	}
	return meanRows(l.last), true, nil
}

// Observe appends the curve of f, if it has one.
func (l *LastK) Observe(f *furnace.Furnace) error {
	if !f.HasCurve() {
		return nil
	}
	l.last = append(l.last, append([]float64(nil), f.Curve...))
	if len(l.last) > l.K {
		l.last = l.last[len(l.last)-l.K:]
	}
	return nil
}

func meanRows(rows [][]float64) []float64 {
	out := make([]float64, len(rows[0]))
	for _, r := range rows {
		for j, v := range r {
			out[j] += v
		}
	}
	for j := range out {
		out[j] /= float64(len(rows))
	}
	return out
}

// fitInputStats returns the global normalisation statistics of the input
// features over the furnaces of train that have them.
func fitInputStats(train []furnace.Furnace, in Input) (furnace.Stats, error) {
	var rows [][]float64
	for i := range train {
		if in.Has(&train[i]) {
			rows = append(rows, in.Of(&train[i]))
		}
	}
	if len(rows) < 2 {
		return furnace.Stats{}, fmt.Errorf("model: %d training furnaces with %s features, want ≥ 2", len(rows), in)
	}
	s, err := furnace.FitStats(rows)
	if err != nil {
		return furnace.Stats{}, fmt.Errorf("model: %s statistics: %w", in, err)
	}
	return s, nil
}

// RidgeCurve regresses the curve on the input features of the furnace
// (ridge, penalty chosen by leave-one-out), re-fitted every time a measured
// furnace is revealed. Inputs are normalised with the statistics of the
// training furnaces.
type RidgeCurve struct {
	// Input selects the features.
	Input Input
	// Window, when > 0, fits on the last Window furnaces only.
	Window int
	// Lambdas is the penalty grid (DefaultLambdas() when empty).
	Lambdas []float64

	stats furnace.Stats
	x, y  [][]float64
	model *Ridge
	dirty bool
}

// Fit fixes the input statistics and fits on train.
func (r *RidgeCurve) Fit(train []furnace.Furnace) error {
	s, err := fitInputStats(train, r.Input)
	if err != nil {
		return err
	}
	r.stats = s
	r.x, r.y, r.model = nil, nil, nil
	for i := range train {
		r.Observe(&train[i])
	}
	return r.refit()
}

func (r *RidgeCurve) refit() error {
	if !r.dirty {
		return nil
	}
	x, y := r.x, r.y
	if r.Window > 0 && len(x) > r.Window {
		x, y = x[len(x)-r.Window:], y[len(y)-r.Window:]
	}
	if len(x) < 2 {
		return nil
	}
	m, err := FitRidge(x, y, r.stats, r.Lambdas)
	if err != nil {
		return err
	}
	r.model, r.dirty = m, false
	return nil
}

// Predict regresses the curve of f on its features; ok is false when f
// lacks them.
func (r *RidgeCurve) Predict(f *furnace.Furnace) ([]float64, bool, error) {
	if err := r.refit(); err != nil {
		return nil, false, err
	}
	if r.model == nil || !r.Input.Has(f) {
		return nil, false, nil
	}
	return r.model.Predict(r.Input.Of(f)), true, nil
}

// Observe adds f to the training rows when it has features and a curve.
func (r *RidgeCurve) Observe(f *furnace.Furnace) error {
	if r.Input.Has(f) && f.HasCurve() {
		r.x = append(r.x, r.Input.Of(f))
		r.y = append(r.y, append([]float64(nil), f.Curve...))
		r.dirty = true
	}
	return nil
}

// EWMADelta is a run-to-run hybrid: the EWMA level of the curves plus a
// ridge regression of the curve's deviation from that level on the input
// features' deviation from their own EWMA level:
//
//	ŷ = Ly + b + W·(x − Lx)/σ,
//
// where Ly, Lx are EWMAs (weight Alpha) over the furnaces that have both a
// curve and the features, σ the global std of the features, and b, W are
// fitted by ridge on the pairs (x_t − Lx, y_t − Ly) of the history, each
// formed with the levels before furnace t. It is re-fitted as furnaces are
// revealed. With W = 0 it is an EWMA restricted to those furnaces.
type EWMADelta struct {
	// Alpha is the EWMA weight of the newest furnace.
	Alpha float64
	// Input selects the features.
	Input Input
	// Warmup is the number of furnaces fed to the levels before pairs are
	// collected.
	Warmup int
	// Lambdas is the penalty grid (DefaultLambdas() when empty).
	Lambdas []float64

	scale  furnace.Stats
	ly, lx []float64
	seen   int
	dx, dy [][]float64
	model  *Ridge
	dirty  bool
}

// Fit fixes the feature scale and feeds train in order.
func (e *EWMADelta) Fit(train []furnace.Furnace) error {
	if !(e.Alpha > 0 && e.Alpha <= 1) {
		return fmt.Errorf("model: EWMA weight %v, want 0 < alpha ≤ 1", e.Alpha)
	}
	s, err := fitInputStats(train, e.Input)
	if err != nil {
		return err
	}
	e.scale = furnace.Stats{Mean: make([]float64, s.Dim()), Std: s.Std}
	e.ly, e.lx, e.seen, e.dx, e.dy, e.model = nil, nil, 0, nil, nil, nil
	for i := range train {
		e.Observe(&train[i])
	}
	return e.refit()
}

func (e *EWMADelta) refit() error {
	if !e.dirty || len(e.dx) < 3 {
		return nil
	}
	m, err := FitRidge(e.dx, e.dy, e.scale, e.Lambdas)
	if err != nil {
		return err
	}
	e.model, e.dirty = m, false
	return nil
}

// Predict returns the level plus the regressed deviation; ok is false when
// f lacks the features or nothing has been seen yet.
func (e *EWMADelta) Predict(f *furnace.Furnace) ([]float64, bool, error) {
	if err := e.refit(); err != nil {
		return nil, false, err
	}
	if e.ly == nil || !e.Input.Has(f) {
		return nil, false, nil
	}
	out := append([]float64(nil), e.ly...)
	if e.model != nil {
		d := e.model.Predict(deviation(e.Input.Of(f), e.lx))
		for j := range out {
			out[j] += d[j]
		}
	}
	return out, true, nil
}

// Observe records the deviation pair of f and updates the levels.
func (e *EWMADelta) Observe(f *furnace.Furnace) error {
	if !e.Input.Has(f) || !f.HasCurve() {
		return nil
	}
	x := e.Input.Of(f)
	if e.ly == nil {
		e.ly = append([]float64(nil), f.Curve...)
		e.lx = x
		e.seen = 1
		return nil
	}
	if e.seen >= e.Warmup {
		e.dx = append(e.dx, deviation(x, e.lx))
		e.dy = append(e.dy, deviation(f.Curve, e.ly))
		e.dirty = true
	}
	ewmaStep(e.ly, f.Curve, e.Alpha)
	ewmaStep(e.lx, x, e.Alpha)
	e.seen++
	return nil
}

// DefaultAlphas returns the grid of EWMA weights TunedEWMA chooses from.
func DefaultAlphas() []float64 { return []float64{0.01, 0.02, 0.03, 0.05, 0.1, 0.2, 0.3, 0.5} }

// TunedEWMA is an EWMA whose weight is chosen from the data: it runs one
// EWMA per weight of Alphas side by side and predicts with the weight of
// least one-step-ahead squared error so far (prequential selection over
// every furnace after the first Warmup curves, training and revealed
// furnaces alike). No furnace is used before it has been predicted.
type TunedEWMA struct {
	// Alphas are the candidate weights (DefaultAlphas() when empty).
	Alphas []float64
	// Warmup is the number of curves fed before errors are counted.
	Warmup int

	levels [][]float64
	sse    []float64
	seen   int
}

// Fit feeds the curves of train in order.
func (t *TunedEWMA) Fit(train []furnace.Furnace) error {
	if len(t.Alphas) == 0 {
		t.Alphas = DefaultAlphas()
	}
	for _, a := range t.Alphas {
		if !(a > 0 && a <= 1) {
			return fmt.Errorf("model: EWMA weight %v, want 0 < alpha ≤ 1", a)
		}
	}
	t.levels, t.sse, t.seen = make([][]float64, len(t.Alphas)), make([]float64, len(t.Alphas)), 0
	for i := range train {
		t.Observe(&train[i])
	}
	return nil
}

// Alpha returns the weight currently used.
func (t *TunedEWMA) Alpha() float64 { return t.Alphas[t.best()] }

func (t *TunedEWMA) best() int {
	b := 0
	for k := range t.sse {
		if t.sse[k] < t.sse[b] {
			b = k
		}
	}
	return b
}

// Predict returns the level of the best weight; ok is false before the
// first curve.
func (t *TunedEWMA) Predict(*furnace.Furnace) ([]float64, bool, error) {
	if t.seen == 0 {
		return nil, false, nil
	}
	return append([]float64(nil), t.levels[t.best()]...), true, nil
}

// Observe scores every weight's prediction of f, then updates the levels.
func (t *TunedEWMA) Observe(f *furnace.Furnace) error {
	if !f.HasCurve() {
		return nil
	}
	for k, a := range t.Alphas {
		if t.seen == 0 {
			t.levels[k] = append([]float64(nil), f.Curve...)
			continue
		}
		l := t.levels[k]
		for i, v := range f.Curve {
			if t.seen >= t.Warmup {
				t.sse[k] += (v - l[i]) * (v - l[i])
			}
			l[i] += a * (v - l[i])
		}
	}
	t.seen++
	return nil
}

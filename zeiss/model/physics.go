package model

import (
	"fmt"
	"time"

	"github.com/arcoat/zeiss/zeiss/furnace"
	"github.com/arcoat/zeiss/zeiss/twin"
)

// PhysicsHybrid is the physics-informed run-to-run predictor: the EWMA
// level of the curves plus the thin-film Jacobian of the calibrated twin
// times the change of the set-points from their own EWMA level,
//
//	ŷ = Ly + g·J(Lx)·(x − Lx).
//
// J is the derivative of the double-sided curve with respect to the ten
// adjustable set-points, taken by central differences of twin.Spectrum
// (calibrated tooling factors, which map set-points to physical thickness,
// and film indices; 1.60 substrate, mid-cycle state) at the set-point level
// Lx, re-evaluated at the start of every production day. With FitGain the
// scalar g is the least-squares gain of J·Δx on the curve deviations of
// the history (re-fitted as furnaces arrive); otherwise g = 1.
type PhysicsHybrid struct {
	// Alpha is the EWMA weight of the newest furnace.
	Alpha float64
	// Params are the twin's calibrated parameters.
	Params twin.Params
	// Runs is the number of face runs since cleaning at which J is taken.
	Runs int
	// FitGain fits g; Warmup furnaces feed the levels before pairs count.
	FitGain bool
	Warmup  int

	ly, lx []float64
	seen   int
	jac    [][]float64 // NumPoints × NumAdjustable
	jday   time.Time
	// pairs for the gain: Σ<JΔx, Δy>, Σ|JΔx|²
	sxy, sxx float64
	dx, dy   [][]float64
}

// Jacobian returns ∂curve/∂set-point (%R per nm, NumPoints×NumAdjustable) of
// the twin with parameters p at the adjustable set-points x (the fixed
// layers L2 and L7 at the recipe's values), by central differences.
func Jacobian(p twin.Params, runs int, x []float64) ([][]float64, error) {
	if len(x) != furnace.NumAdjustable {
		return nil, fmt.Errorf("model: jacobian: %d set-points, want %d", len(x), furnace.NumAdjustable)
	}
	const h = 0.05
	eval := func(x []float64) ([]float64, error) {
		var f furnace.Furnace
		f.Back.SetPoints = p.Recipe[furnace.Back]
		f.Front.SetPoints = p.Recipe[furnace.Front]
		var a [furnace.NumAdjustable]float64
		copy(a[:], x)
		f.SetAdjustable(a)
		c, _, err := twin.Spectrum(p, twin.Sub160, runs, f.Back.SetPoints, f.Front.SetPoints)
		return c, err
	}
	jac := make([][]float64, furnace.NumPoints)
	for i := range jac {
		jac[i] = make([]float64, furnace.NumAdjustable)
	}
	xp := append([]float64(nil), x...)
	for k := range x {
		xp[k] = x[k] + h
		up, err := eval(xp)
		if err != nil {
			return nil, fmt.Errorf("model: jacobian: %w", err)
		}
		xp[k] = x[k] - h
		dn, err := eval(xp)
		if err != nil {
			return nil, fmt.Errorf("model: jacobian: %w", err)
		}
		xp[k] = x[k]
		for i := range jac {
			jac[i][k] = (up[i] - dn[i]) / (2 * h)
		}
	}
	return jac, nil
}

func (p *PhysicsHybrid) jdx(dx []float64) []float64 {
	out := make([]float64, furnace.NumPoints)
	for i, row := range p.jac {
		for k, v := range row {
			out[i] += v * dx[k]
		}
	}
	return out
}

// Fit feeds train in order and fits the gain.
func (p *PhysicsHybrid) Fit(train []furnace.Furnace) error {
	if !(p.Alpha > 0 && p.Alpha <= 1) {
		return fmt.Errorf("model: EWMA weight %v, want 0 < alpha ≤ 1", p.Alpha)
	}
	p.ly, p.lx, p.seen, p.jac, p.dx, p.dy = nil, nil, 0, nil, nil, nil
	for i := range train {
		p.Observe(&train[i])
	}
	if p.lx == nil {
		return fmt.Errorf("model: physics hybrid: no training furnace with set-points and a curve")
	}
	if err := p.updateJacobian(); err != nil {
		return err
	}
	if len(train) > 0 {
		d, err := dayOf(&train[len(train)-1])
		if err != nil {
			return err
		}
		p.jday = d
	}
	return nil
}

// updateJacobian evaluates J at the current level and recomputes the gain
// sums over the stored pairs.
func (p *PhysicsHybrid) updateJacobian() error {
	j, err := Jacobian(p.Params, p.Runs, p.lx)
	if err != nil {
		return err
	}
	p.jac = j
	p.sxy, p.sxx = 0, 0
	for i := range p.dx {
		p.addPair(p.dx[i], p.dy[i])
	}
	return nil
}

func (p *PhysicsHybrid) addPair(dx, dy []float64) {
	for i, v := range p.jdx(dx) {
		p.sxy += v * dy[i]
		p.sxx += v * v
	}
}

func (p *PhysicsHybrid) gain() float64 {
	if !p.FitGain {
		return 1
	}
	if p.sxx == 0 {
		return 0
	}
	return p.sxy / p.sxx
}

// Gain returns the current gain g.
func (p *PhysicsHybrid) Gain() float64 { return p.gain() }

// Predict returns Ly + g·J·(x − Lx); ok is false without set-points.
func (p *PhysicsHybrid) Predict(f *furnace.Furnace) ([]float64, bool, error) {
	d, err := dayOf(f)
	if err != nil {
		return nil, false, err
	}
	if d.After(p.jday) {
		p.jday = d
		if err := p.updateJacobian(); err != nil {
			return nil, false, err
		}
	}
	if !f.HasSetPoints() || p.ly == nil {
		return nil, false, nil
	}
	g := p.gain()
	out := append([]float64(nil), p.ly...)
	for i, v := range p.jdx(deviation(adjustable(f), p.lx)) {
		out[i] += g * v
	}
	return out, true, nil
}

// Observe records the deviation pair of f and updates the levels.
func (p *PhysicsHybrid) Observe(f *furnace.Furnace) error {
	if !f.HasSetPoints() || !f.HasCurve() {
		return nil
	}
	x := adjustable(f)
	if p.ly == nil {
		p.ly, p.lx, p.seen = append([]float64(nil), f.Curve...), x, 1
		return nil
	}
	if p.seen >= p.Warmup {
		dx, dy := deviation(x, p.lx), deviation(f.Curve, p.ly)
		p.dx, p.dy = append(p.dx, dx), append(p.dy, dy)
		if p.jac != nil {
			p.addPair(dx, dy)
		}
	}
	ewmaStep(p.ly, f.Curve, p.Alpha)
	ewmaStep(p.lx, x, p.Alpha)
	p.seen++
	return nil
}

package model

import (
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/arcoat/zeiss/zeiss/furnace"
)

// CycleMode says which cycle's models predict the next furnace.
type CycleMode int

const (
	// CycleNone uses the base model2 and the global model1 only.
	CycleNone CycleMode = iota
	// CycleKnown uses the furnace's recorded cycle (known before the run:
	// the chamber cleaning that opened it has happened), falling back to
	// the base/global model for a cycle without its own model yet.
	CycleKnown
	// CycleSelected uses the cycle whose models best explain the latest
	// measured furnaces (Config.Recent of them, taken from the furnace's own
	// cycle once it has measured furnaces: the cleaning is logged before
	// the run); the cycle label only restricts which furnaces are looked at,
	// never which model is chosen.
	CycleSelected
)

// String returns "none", "known" or "selected".
func (c CycleMode) String() string {
	switch c {
	case CycleKnown:
		return "known"
	case CycleSelected:
		return "selected"
	}
	return "none"
}

// CycleReporter is implemented by forecasters that may choose a cycle model
// for each prediction; LastCycle returns the cycle (of the curve model) used
// by the latest successful Predict, −1 for the base model, and ok = false
// when the forecaster does not choose cycles.
type CycleReporter interface {
	LastCycle() (cycle int, ok bool)
}

// CycleForecaster predicts curves with the per-cycle models: model2 on the
// measured std features, or, with Chain, the forward chain set-points →
// model1 → std → model2 → curve, which needs the set-points only. The models
// are trained at Fit; as furnaces are revealed, the models of their cycles
// are re-trained (model2 fine-tuned from the base, model1 fine-tuned from the
// global model1 or trained from scratch, as Config.Model1FineTune says)
// before the first prediction of each new production day.
type CycleForecaster struct {
	// Config is the recipe of the models.
	Config Config
	// Mode chooses the cycle of each prediction.
	Mode CycleMode
	// Chain predicts from the set-points through model1; otherwise
	// model2 predicts from the measured std features.
	Chain bool

	models  *Models
	hist    []furnace.Furnace
	dirty   map[int]bool
	day     time.Time
	last    int
	trained bool
}

// Models returns the current models (nil before Fit).
func (c *CycleForecaster) Models() *Models { return c.models }

// LastCycle returns the cycle of the curve model of the latest prediction;
// ok is false in CycleNone mode.
func (c *CycleForecaster) LastCycle() (int, bool) { return c.last, c.Mode != CycleNone }

// Fit trains the models on train.
func (c *CycleForecaster) Fit(train []furnace.Furnace) error {
	m, err := Train(train, c.Config)
	if err != nil {
		return err
	}
	c.models, c.hist, c.dirty, c.last = m, slices.Clone(train), map[int]bool{}, -1
	if len(train) > 0 {
		if c.day, err = dayOf(&train[len(train)-1]); err != nil {
			return err
		}
	}
	return nil
}

// dayOf returns the production day of f: its furnace_date, else the date in
// its furnace number.
func dayOf(f *furnace.Furnace) (time.Time, error) {
	if !f.Date.IsZero() {
		return f.Date, nil
	}
	n, err := furnace.ParseNumber(f.No)
	if err != nil {
		return time.Time{}, fmt.Errorf("model: production day of furnace %q: %w", f.No, err)
	}
	return n.Date, nil
}

// Predict predicts the curve of f; ok is false when f lacks the inputs
// (set-points with Chain, std features without).
func (c *CycleForecaster) Predict(f *furnace.Furnace) ([]float64, bool, error) {
	d, err := dayOf(f)
	if err != nil {
		return nil, false, err
	}
	if d.After(c.day) {
		c.day = d
		if len(c.dirty) > 0 {
			if err := c.models.trainCycles(collect(c.hist), slices.Sorted(maps.Keys(c.dirty))); err != nil {
				return nil, false, fmt.Errorf("model: re-training cycles %v: %w", slices.Sorted(maps.Keys(c.dirty)), err)
			}
			clear(c.dirty)
		}
	}
	if (c.Chain && !f.HasSetPoints()) || (!c.Chain && !f.HasStd()) {
		return nil, false, nil
	}
	c1, c2 := -1, -1
	switch c.Mode {
	case CycleKnown:
		c1, c2 = f.Cycle, f.Cycle
	case CycleSelected:
		recent := c.recent(f, func(g *furnace.Furnace) bool { return g.HasStd() && g.HasCurve() })
		c2, _ = c.models.Select2(recent)
		if c.Chain {
			recent = c.recent(f, func(g *furnace.Furnace) bool { return g.HasStd() && g.HasSetPoints() })
			c1, _ = c.models.Select1(recent)
		}
	}
	if _, ok := c.models.Model2[c2]; !ok {
		c2 = -1
	}
	c.last = c2
	if c.Chain {
		return c.models.Forward(c1, c2, adjustable(f)), true, nil
	}
	return c.models.CurveFromStd(c2, std14(f)), true, nil
}

// recent returns the latest Config.Recent revealed furnaces that satisfy ok
// (see latestMeasured; f's cleaning cycle is logged before its run).
func (c *CycleForecaster) recent(f *furnace.Furnace, ok func(*furnace.Furnace) bool) []furnace.Furnace {
	return latestMeasured(c.hist, f.Cycle, c.Config.Recent, ok)
}

// latestMeasured returns, newest first, the latest k (at least 1) furnaces
// of the time-ordered hist that satisfy ok: those of cleaning cycle cycle
// when it is known (≥ 0) and some of its furnaces qualify, since the
// furnaces before the cleaning that opened it describe another machine
// state; else the latest of any cycle.
func latestMeasured(hist []furnace.Furnace, cycle, k int, ok func(*furnace.Furnace) bool) []furnace.Furnace {
	k = max(k, 1)
	pick := func(same bool) []furnace.Furnace {
		var out []furnace.Furnace
		for i := len(hist) - 1; i >= 0 && len(out) < k; i-- {
			if ok(&hist[i]) && (!same || hist[i].Cycle == cycle) {
				out = append(out, hist[i])
			}
		}
		return out
	}
	if cycle >= 0 {
		if out := pick(true); len(out) > 0 {
			return out
		}
	}
	return pick(false)
}

// Observe adds f to the history; its cycle's models are re-trained before
// the next production day.
func (c *CycleForecaster) Observe(f *furnace.Furnace) error {
	c.hist = append(c.hist, *f)
	if f.Cycle >= 0 && (f.HasStd() && (f.HasCurve() || f.HasSetPoints())) {
		c.dirty[f.Cycle] = true
	}
	return nil
}

// GlobalNet is one network from the input features to the curve, trained on
// all furnaces regardless of cycle (the global baseline). As furnaces are
// revealed, it is trained further (Update epochs on all rows so far) before
// the first prediction of each new production day.
type GlobalNet struct {
	// Input selects the features.
	Input Input
	// Net is the recipe of the initial training; Update that of the daily
	// continuation (its Hidden and activations are ignored).
	Net, Update NetConfig
	// Seed drives the initialisation and shuffles.
	Seed uint64

	net   *Net
	x, y  [][]float64
	day   time.Time
	dirty bool
	round uint64
}

// Fit trains the network on the furnaces of train with features and curve.
func (g *GlobalNet) Fit(train []furnace.Furnace) error {
	g.x, g.y = nil, nil
	var curves [][]float64
	for i := range train {
		f := &train[i]
		if f.HasCurve() {
			curves = append(curves, f.Curve)
		}
		if f.HasCurve() && g.Input.Has(f) {
			g.x = append(g.x, g.Input.Of(f))
			g.y = append(g.y, slices.Clone(f.Curve))
		}
	}
	inS, err := fitInputStats(train, g.Input)
	if err != nil {
		return err
	}
	outS, err := statsOf(curves, "curves")
	if err != nil {
		return err
	}
	if len(g.x) < 2 {
		return fmt.Errorf("model: %d training furnaces with %s features and a curve, want ≥ 2", len(g.x), g.Input)
	}
	g.net, err = trainNet(g.Net, nil, g.x, g.y, inS, pooledStats(outS), seedFor(g.Seed, 3, int(g.Input)))
	if err != nil {
		return err
	}
	if len(train) > 0 {
		if g.day, err = dayOf(&train[len(train)-1]); err != nil {
			return err
		}
	}
	return nil
}

// Predict predicts the curve of f from its features; ok is false when f
// lacks them.
func (g *GlobalNet) Predict(f *furnace.Furnace) ([]float64, bool, error) {
	d, err := dayOf(f)
	if err != nil {
		return nil, false, err
	}
	if d.After(g.day) {
		g.day = d
		if g.dirty {
			g.round++
			n, err := trainNet(g.Update, g.net.MLP, g.x, g.y, g.net.In, g.net.Out, seedFor(g.Seed, 4, int(g.round)))
			if err != nil {
				return nil, false, err
			}
			g.net, g.dirty = n, false
		}
	}
	if !g.Input.Has(f) {
		return nil, false, nil
	}
	return g.net.Predict(g.Input.Of(f)), true, nil
}

// Observe adds f to the training rows when it has features and a curve.
func (g *GlobalNet) Observe(f *furnace.Furnace) error {
	if f.HasCurve() && g.Input.Has(f) {
		g.x = append(g.x, g.Input.Of(f))
		g.y = append(g.y, slices.Clone(f.Curve))
		g.dirty = true
	}
	return nil
}

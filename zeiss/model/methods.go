package model

import (
	"fmt"
	"strings"

	"github.com/arcoat/zeiss/zeiss/furnace"
	"github.com/arcoat/zeiss/zeiss/twin"
)

// MethodOptions configure the standard methods.
type MethodOptions struct {
	// Alpha is the EWMA weight of the newest curve (0.1 by default).
	Alpha float64
	// K is the number of curves of the last-k mean (5 by default).
	K int
	// Config is the recipe of the network methods.
	Config Config
	// NoNets leaves out the network methods (fast runs).
	NoNets bool
}

// DefaultMethodOptions returns α = 0.1, k = 5 and DefaultConfig.
func DefaultMethodOptions() MethodOptions {
	return MethodOptions{Alpha: 0.1, K: 5, Config: DefaultConfig()}
}

// Methods returns the standard methods of the evaluation, baselines first:
//
//   - ewma<α>: EWMA of past curves (baseline);
//   - last<k>-mean: mean of the last k curves (baseline);
//   - mean-all: mean of all past curves (baseline);
//   - ridge-setpoints, ridge-std: ridge regression of the curve on the
//     set-points or the std features, re-fitted as furnaces arrive (baseline);
//   - global-mlp-std, global-mlp-setpoints: one network without cycles
//     (baseline);
//   - hybrid-ewma-ridge-setpoints, hybrid-ewma-ridge-std: EWMA level plus a
//     ridge model of the deviation from it (EWMADelta);
//   - blend-ewma-ridge-setpoints: mean of ewma and ridge-setpoints;
//   - model2-known, model2-selected: per-cycle model2 on the measured std,
//     with the recorded or the selected cycle;
//   - chain-known, chain-selected: forward chain set-points → model1 →
//     model2 with the recorded or the selected cycle;
//   - model2-selected-ens5, chain-selected-ens5: the mean of five of those
//     with different seeds (Ensemble);
//   - ridge-setpoints-r2r, chain-selected-ens5-r2r: those plus a run-to-run
//     correction by their own past errors (RunToRun).
func Methods(o MethodOptions) []Method {
	alpha, k := o.Alpha, o.K
	cfg := o.Config
	ewmaName := fmt.Sprintf("ewma%g", alpha)
	ms := []Method{
		{Name: ewmaName, Baseline: true, Desc: "EWMA of past curves",
			New: func() (Forecaster, error) { return NewEWMA(alpha) }},
		{Name: fmt.Sprintf("last%d-mean", k), Baseline: true, Desc: "mean of the last k curves",
			New: func() (Forecaster, error) { return &LastK{K: k}, nil }},
		{Name: "mean-all", Baseline: true, Desc: "mean of all past curves",
			New: func() (Forecaster, error) { return &LastK{K: 1 << 30}, nil }},
		{Name: "ridge-setpoints", Baseline: true, Needs: furnace.NeedSetPoints, Desc: "ridge regression set-points → curve",
			New: func() (Forecaster, error) { return &RidgeCurve{Input: InputSetPoints}, nil }},
		{Name: "ridge-std", Baseline: true, Needs: furnace.NeedStd, Desc: "ridge regression std → curve",
			New: func() (Forecaster, error) { return &RidgeCurve{Input: InputStd}, nil }},
	}
	if !o.NoNets {
		ms = append(ms,
			Method{Name: "global-mlp-std", Baseline: true, Needs: furnace.NeedStd, Desc: "model2 without cycles (base model)",
				New: func() (Forecaster, error) {
					return &GlobalNet{Input: InputStd, Net: cfg.Model2, Update: cfg.FineTune, Seed: cfg.Seed}, nil
				}},
			Method{Name: "global-mlp-setpoints", Baseline: true, Needs: furnace.NeedSetPoints, Desc: "network set-points → curve without cycles",
				New: func() (Forecaster, error) {
					return &GlobalNet{Input: InputSetPoints, Net: cfg.Model2, Update: cfg.FineTune, Seed: cfg.Seed}, nil
				}})
	}
	ms = append(ms,
		Method{Name: "hybrid-ewma-ridge-setpoints", Needs: furnace.NeedSetPoints, Desc: "EWMA level + ridge of the deviation on the set-point change",
			New: func() (Forecaster, error) {
				return &EWMADelta{Alpha: alpha, Input: InputSetPoints, Warmup: 10}, nil
			}},
		Method{Name: "hybrid-ewma-ridge-std", Needs: furnace.NeedStd, Desc: "EWMA level + ridge of the deviation on the std change",
			New: func() (Forecaster, error) {
				return &EWMADelta{Alpha: alpha, Input: InputStd, Warmup: 5}, nil
			}},
		Method{Name: "hybrid-physics", Needs: furnace.NeedSetPoints, Desc: "EWMA level + twin Jacobian × set-point change",
			New: func() (Forecaster, error) {
				return &PhysicsHybrid{Alpha: alpha, Params: twin.DefaultParams(), Runs: 100}, nil
			}},
		Method{Name: "hybrid-physics-gain", Needs: furnace.NeedSetPoints, Desc: "EWMA level + fitted gain × twin Jacobian × set-point change",
			New: func() (Forecaster, error) {
				return &PhysicsHybrid{Alpha: alpha, Params: twin.DefaultParams(), Runs: 100, FitGain: true, Warmup: 10}, nil
			}},
		Method{Name: "tuned-ewma", Desc: "EWMA with its weight chosen by one-step-ahead error on past furnaces",
			New: func() (Forecaster, error) { return &TunedEWMA{Warmup: 20}, nil }},
		Method{Name: "blend-tuned-ewma-ridge-setpoints", Needs: furnace.NeedSetPoints, Desc: "mean of the tuned EWMA and the set-point ridge predictions",
			New: func() (Forecaster, error) {
				return &Blend{Parts: []Forecaster{&TunedEWMA{Warmup: 20}, &RidgeCurve{Input: InputSetPoints}}}, nil
			}},
		Method{Name: "ridge-setpoints-r2r", Needs: furnace.NeedSetPoints, Desc: "ridge-setpoints plus a run-to-run correction (EWMA 0.5 of its own past errors)",
			New: func() (Forecaster, error) {
				return &RunToRun{Alpha: 0.5, Forecaster: &RidgeCurve{Input: InputSetPoints}}, nil
			}},
		Method{Name: "blend-ewma-ridge-setpoints", Needs: furnace.NeedSetPoints, Desc: "mean of the EWMA and the set-point ridge predictions",
			New: func() (Forecaster, error) {
				e, err := NewEWMA(alpha)
				if err != nil {
					return nil, err
				}
				return &Blend{Parts: []Forecaster{e, &RidgeCurve{Input: InputSetPoints}}}, nil
			}},
	)
	if !o.NoNets {
		for _, mode := range []CycleMode{CycleKnown, CycleSelected} {
			ms = append(ms,
				Method{Name: "model2-" + mode.String(), Needs: furnace.NeedStd,
					Desc: "per-cycle model2 (base + fine-tune) on the measured std, " + mode.String() + " cycle",
					New:  func() (Forecaster, error) { return &CycleForecaster{Config: cfg, Mode: mode}, nil }},
				Method{Name: "chain-" + mode.String(), Needs: furnace.NeedSetPoints,
					Desc: "forward chain set-points → model1 → model2, " + mode.String() + " cycle",
					New:  func() (Forecaster, error) { return &CycleForecaster{Config: cfg, Mode: mode, Chain: true}, nil }})
		}
		const k = 5
		for _, chain := range []bool{false, true} {
			name, need, what := "model2", furnace.NeedStd, "per-cycle model2 on the measured std"
			if chain {
				name, need, what = "chain", furnace.NeedSetPoints, "forward chain"
			}
			ms = append(ms, Method{Name: fmt.Sprintf("%s-selected-ens%d", name, k), Needs: need,
				Desc: fmt.Sprintf("mean of %d %s forecasters (seeds %d…%d), selected cycle", k, what, cfg.Seed, cfg.Seed+k-1),
				New: func() (Forecaster, error) {
					return Ensemble(k, func(seed uint64) Forecaster {
						c := cfg
						c.Seed = cfg.Seed + seed
						return &CycleForecaster{Config: c, Mode: CycleSelected, Chain: chain}
					}), nil
				}})
		}
		ms = append(ms, Method{Name: fmt.Sprintf("chain-selected-ens%d-r2r", k), Needs: furnace.NeedSetPoints,
			Desc: fmt.Sprintf("chain-selected-ens%d plus a run-to-run correction (EWMA 0.3 of its own past errors)", k),
			New: func() (Forecaster, error) {
				return &RunToRun{Alpha: 0.3, Forecaster: Ensemble(k, func(seed uint64) Forecaster {
					c := cfg
					c.Seed = cfg.Seed + seed
					return &CycleForecaster{Config: c, Mode: CycleSelected, Chain: true}
				})}, nil
			}})
	}
	return ms
}

// Ensemble returns the Blend of k forecasters made by mk with seeds 0…k−1
// (added to the caller's seed): an ensemble of networks that differ only in
// their initialisation and shuffles.
func Ensemble(k int, mk func(seed uint64) Forecaster) *Blend {
	b := &Blend{}
	for s := range k {
		b.Parts = append(b.Parts, mk(uint64(s)))
	}
	return b
}

// FilterMethods keeps the methods named in the comma-separated list: an
// entry matches the method of that exact name, or, when it ends in "*", every
// method whose name starts with what precedes the "*". An empty list keeps
// all. An entry that matches nothing is an error.
func FilterMethods(ms []Method, list string) ([]Method, error) {
	if strings.TrimSpace(list) == "" {
		return ms, nil
	}
	var pats []string
	for _, p := range strings.Split(list, ",") {
		if p = strings.TrimSpace(p); p != "" {
			pats = append(pats, p)
		}
	}
	match := func(p, name string) bool {
		if pre, ok := strings.CutSuffix(p, "*"); ok {
			return strings.HasPrefix(name, pre)
		}
		return p == name
	}
	var out []Method
	for _, m := range ms {
		for _, p := range pats {
			if match(p, m.Name) {
				out = append(out, m)
				break
			}
		}
	}
	for _, p := range pats {
		found := false
		for _, m := range ms {
			found = found || match(p, m.Name)
		}
		if !found {
			return nil, fmt.Errorf("model: no method matches %q", p)
		}
	}
	return out, nil
}

// Blend predicts the mean of the predictions of its parts; it predicts a
// furnace only when every part does.
type Blend struct {
	// Parts are the forecasters averaged.
	Parts []Forecaster
}

// Fit fits every part.
func (b *Blend) Fit(train []furnace.Furnace) error {
	for _, p := range b.Parts {
		if err := p.Fit(cloneFurnaces(train)); err != nil {
			return err
		}
	}
	return nil
}

// Predict averages the parts' predictions.
func (b *Blend) Predict(f *furnace.Furnace) ([]float64, bool, error) {
	var rows [][]float64
	for _, p := range b.Parts {
		g := cloneFurnace(f)
		c, ok, err := p.Predict(&g)
		if err != nil || !ok {
			return nil, false, err
		}
		rows = append(rows, c)
	}
	return meanRows(rows), true, nil
}

// Observe reveals f to every part.
func (b *Blend) Observe(f *furnace.Furnace) error {
	for _, p := range b.Parts {
		g := cloneFurnace(f)
		if err := p.Observe(&g); err != nil {
			return err
		}
	}
	return nil
}

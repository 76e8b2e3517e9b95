package twin

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"math"

	"github.com/arcoat/zeiss/zeiss/furnace"
)

// Material indexes the per-material parameters of the twin.
type Material int

const (
	// SiO2 is silicon dioxide (L1, L4, L6), e-gun evaporated.
	SiO2 Material = iota
	// ITO is indium tin oxide (L2), the thin conductive layer.
	ITO
	// Ti3O5 is titanium pentoxide (L3, L5), e-gun evaporated.
	Ti3O5
	// TopCoat is the hydrophobic top coat (L7), thermally evaporated.
	TopCoat
	// NumMaterials is the number of deposited materials.
	NumMaterials
)

// materialNames are the names of the materials in package optics.
var materialNames = [NumMaterials]string{"SiO2", "ITO", "Ti3O5", "TopCoat"}

// String returns the material's name as known to package optics.
func (m Material) String() string {
	if m < 0 || m >= NumMaterials {
		return fmt.Sprintf("Material(%d)", int(m))
	}
	return materialNames[m]
}

// LayerMaterial is the material of layers L1…L7 (index 0…6), from the
// substrate outwards.
var LayerMaterial = [furnace.NumLayers]Material{SiO2, ITO, Ti3O5, SiO2, Ti3O5, SiO2, TopCoat}

// StepParams describe the QCM reading of one process step at a clean chamber.
// A step shows, in order: the previous layer's final reading for Carry
// seconds (the display is zeroed late), zero while the source soaks behind the
// closed shutter for Wait seconds, the growing reading while the rate
// controller deposits at Rate until the shutter closes at the set-point, and
// the final reading for Hold seconds.
type StepParams struct {
	// Rate is the controller's deposition rate in QCM nm/s (0 for step 1).
	Rate float64 `json:"rate"`
	// Carry is the mean number of seconds the previous reading stays on display.
	Carry float64 `json:"carry"`
	// Wait is the mean soak time in s before the shutter opens; for step 1
	// (no deposition) it is the whole step.
	Wait float64 `json:"wait"`
	// Hold is the mean time in s the final reading is held.
	Hold float64 `json:"hold"`
	// WaitSD and HoldSD are the run-to-run standard deviations of Wait and
	// Hold in s.
	WaitSD float64 `json:"wait_sd"`
	HoldSD float64 `json:"hold_sd"`
}

// Fixture is one set of domes (calottes), heat shields and crystal holder
// the chamber is run with. The plant owns a few such sets; at every chamber
// cleaning the set in use goes out to be stripped and another one is
// installed, so a set returns every few cycles with the same geometry.
// Geometry fixes how much of the vapour cloud the lenses and the crystal
// see (tooling factors), how fast the set's shields coat up (tooling drift)
// and, through the heat load on the sources, the soak times, which show in
// the QCM trace (the std features) and so make the set partly observable.
type Fixture struct {
	// Tooling are the relative tooling-factor offsets per material.
	Tooling [NumMaterials]float64 `json:"tooling"`
	// ToolingDrift are the relative tooling-factor changes per 100 runs
	// since the cleaning, added to Params.ToolingDrift.
	ToolingDrift [NumMaterials]float64 `json:"tooling_drift"`
	// Index are the film index offsets per material, added to
	// Params.IndexOffset.
	Index [NumMaterials]float64 `json:"index"`
	// Wait are the relative changes of the soak times of the steps that
	// deposit each material.
	Wait [NumMaterials]float64 `json:"wait"`
}

// Params are the free parameters of the twin. Drift rates are per 100 runs
// since the last chamber cleaning (a furnace is two runs).
type Params struct {
	// Provenance says how the values were obtained.
	Provenance string `json:"provenance"`

	// Recipe are the set-points L1…L7 the operators start a cleaning cycle
	// with, back face then front face (furnace.Back, furnace.Front).
	Recipe [2][furnace.NumLayers]float64 `json:"recipe"`
	// CycleStart are the set-point offsets of L5 and L6 (back, front) the
	// operators add at the start of a cycle, knowing the fresh chamber.
	CycleStart [2][2]float64 `json:"cycle_start"`

	// Tooling are the tooling factors (physical nm per QCM nm) of a clean
	// chamber; ToolingDrift their relative change per 100 runs;
	// ToolingCycleSD the relative spread between cycles (no cleaning
	// restores the chamber exactly).
	Tooling        [NumMaterials]float64 `json:"tooling"`
	ToolingDrift   [NumMaterials]float64 `json:"tooling_drift"`
	ToolingCycleSD [NumMaterials]float64 `json:"tooling_cycle_sd"`
	// FaceTooling is the relative tooling difference of the back face run
	// (concave lenses sit differently in the dome) applied to all materials.
	FaceTooling float64 `json:"face_tooling_back"`
	// IndexOffset are refractive-index offsets of the deposited films against
	// the bulk optical constants at a clean chamber; IndexDrift their change
	// per 100 runs (films densify or get porous as the chamber coats up).
	IndexOffset [NumMaterials]float64 `json:"index_offset"`
	IndexDrift  [NumMaterials]float64 `json:"index_drift"`

	// Steps are the QCM timings of process steps 1…8.
	Steps [furnace.NumSteps]StepParams `json:"steps"`
	// WaitDrift is the relative growth of the soak times per 100 runs (the
	// e-gun filament ages and needs longer to bring the source up).
	WaitDrift float64 `json:"wait_drift"`
	// RateNoise is the relative standard deviation of the 1 Hz deposition
	// rate under the controller; RateNoiseAge its relative growth per 100
	// runs as the crystal loads up.
	RateNoise    float64 `json:"rate_noise"`
	RateNoiseAge float64 `json:"rate_noise_age"`
	// ControllerGain is the fraction of the rate error the controller removes
	// per second.
	ControllerGain float64 `json:"controller_gain"`
	// ShutterDelay is the mean time in s between the set-point crossing and
	// the shutter being closed; material keeps arriving meanwhile.
	ShutterDelay float64 `json:"shutter_delay"`

	// RunErrorSD is the relative standard deviation of one layer's physical
	// thickness around set-point × tooling factor.
	RunErrorSD float64 `json:"run_error_sd"`
	// LensSD is the relative standard deviation of the measured lens's
	// thickness against the run's (position in the dome), per face.
	LensSD float64 `json:"lens_sd"`
	// MeasNoiseSD is the spectrophotometer's white noise in %R;
	// MeasOffsetSD its per-measurement baseline offset in %R.
	MeasNoiseSD  float64 `json:"meas_noise_sd"`
	MeasOffsetSD float64 `json:"meas_offset_sd"`
	// Substrate167 is the fraction of loads of 1.67 lenses (the rest 1.60).
	// Real loads run both substrates under one recipe (the 1.6&1.67 recipe
	// folder) and no table records which lens was measured, so the twin
	// draws it and records it only as ground truth: unobservable noise of
	// about 0.045 %R RMSE (the two substrates' curves differ by 0.09 %R).
	Substrate167 float64 `json:"substrate_167"`

	// Aim is the colour (L*, a*, b*; illuminant C, 2°) the operators steer
	// towards; Gain the fraction of the estimated correction they apply;
	// ActProb the probability that they adjust at all between furnaces;
	// Ridge the damping of their least-squares correction; MaxStep the
	// largest change of one set-point in nm.
	Aim     [3]float64 `json:"aim_lab"`
	Gain    float64    `json:"operator_gain"`
	ActProb float64    `json:"operator_act_prob"`
	Ridge   float64    `json:"operator_ridge"`
	MaxStep float64    `json:"operator_max_step"`
	// Deadband is the colour difference ΔE*ab from the aim below which the
	// operators leave the set-points alone; Memory the number of recent
	// furnaces of the cycle whose colours they average.
	Deadband float64 `json:"operator_deadband"`
	Memory   int     `json:"operator_memory"`
	// TrialProb is the probability that a furnace runs a trial recipe with
	// L1, L3 and L4 of one face changed.
	TrialProb float64 `json:"trial_prob"`

	// CondRho is the furnace-to-furnace autocorrelation of the source
	// condition, a standard normal AR(1) state of the evaporants (melt
	// shape and fill of the crucibles, refilled now and then) that carries
	// over between consecutive furnaces; CondTooling its relative effect on
	// the tooling factors per material per unit of condition (the vapour
	// plume changes shape) and CondWait its relative effect on the soak
	// times (the e-gun needs longer to bring a fuller crucible to rate),
	// which is what makes it visible in the std features.
	CondRho     float64               `json:"condition_rho"`
	CondTooling [NumMaterials]float64 `json:"condition_tooling"`
	CondWait    float64               `json:"condition_wait"`
	// Fixtures are the dome sets of the chamber (at least one); every
	// cleaning installs one other than the set in use.
	Fixtures []Fixture `json:"fixtures"`
	// Settle is the relative tooling excess of a freshly cleaned chamber,
	// per material, that decays with time constant SettleRuns face runs as
	// the bare shields are coated over (the first furnaces of a cycle run
	// thick and then settle).
	Settle     [NumMaterials]float64 `json:"settle"`
	SettleRuns float64               `json:"settle_runs"`

	// CycleMin and CycleMax bound the number of furnaces between chamber
	// cleanings.
	CycleMin int `json:"cycle_min"`
	CycleMax int `json:"cycle_max"`
}

//go:embed defaults.json
var defaultsJSON []byte

// DefaultParams returns the calibrated default parameters (defaults.json).
func DefaultParams() Params {
	p, err := ParseParams(defaultsJSON)
	if err != nil {
		panic("twin: embedded defaults.json: " + err.Error())
	}
	return p
}

// ParseParams decodes parameters from JSON (the format of defaults.json) and
// validates them.
func ParseParams(data []byte) (Params, error) {
	var p Params
	if err := json.Unmarshal(data, &p); err != nil {
		return Params{}, fmt.Errorf("twin: params: %w", err)
	}
	if err := p.Validate(); err != nil {
		return Params{}, err
	}
	return p, nil
}

// JSON returns p as indented JSON, the format of defaults.json.
func (p Params) JSON() ([]byte, error) {
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("twin: params: %w", err)
	}
	return append(b, '\n'), nil
}

// Validate checks that the parameters are finite and in their physical ranges.
func (p *Params) Validate() error {
	var errs []error
	bad := func(name string, v, lo, hi float64) {
		if math.IsNaN(v) || v < lo || v > hi {
			errs = append(errs, fmt.Errorf("%s = %g outside [%g, %g]", name, v, lo, hi))
		}
	}
	for f := range 2 {
		for l := range furnace.NumLayers {
			bad(fmt.Sprintf("recipe[%d][%d]", f, l), p.Recipe[f][l], 0.5, 300)
		}
	}
	for m := range NumMaterials {
		bad("tooling["+materialNames[m]+"]", p.Tooling[m], 0.05, 3)
		bad("tooling_drift["+materialNames[m]+"]", p.ToolingDrift[m], -0.5, 0.5)
		bad("tooling_cycle_sd["+materialNames[m]+"]", p.ToolingCycleSD[m], 0, 0.2)
		bad("index_offset["+materialNames[m]+"]", p.IndexOffset[m], -0.5, 0.5)
		bad("index_drift["+materialNames[m]+"]", p.IndexDrift[m], -0.5, 0.5)
	}
	for k, s := range p.Steps {
		name := fmt.Sprintf("steps[%d]", k+1)
		if k == 0 {
			bad(name+".rate", s.Rate, 0, 0)
		} else {
			bad(name+".rate", s.Rate, 1e-3, 100)
		}
		bad(name+".carry", s.Carry, 0, 600)
		bad(name+".wait", s.Wait, 0, 7200)
		bad(name+".hold", s.Hold, 0, 3600)
		bad(name+".wait_sd", s.WaitSD, 0, 600)
		bad(name+".hold_sd", s.HoldSD, 0, 600)
	}
	bad("face_tooling_back", p.FaceTooling, -0.2, 0.2)
	bad("wait_drift", p.WaitDrift, -0.9, 5)
	bad("rate_noise", p.RateNoise, 0, 1)
	bad("rate_noise_age", p.RateNoiseAge, -0.9, 10)
	bad("controller_gain", p.ControllerGain, 0.01, 1)
	bad("shutter_delay", p.ShutterDelay, 0, 10)
	bad("run_error_sd", p.RunErrorSD, 0, 0.2)
	bad("lens_sd", p.LensSD, 0, 0.2)
	bad("meas_noise_sd", p.MeasNoiseSD, 0, 5)
	bad("meas_offset_sd", p.MeasOffsetSD, 0, 5)
	bad("substrate_167", p.Substrate167, 0, 1)
	bad("operator_gain", p.Gain, 0, 2)
	bad("operator_act_prob", p.ActProb, 0, 1)
	bad("operator_ridge", p.Ridge, 0, 1e6)
	bad("operator_deadband", p.Deadband, 0, 100)
	if p.Memory < 1 || p.Memory > 100 {
		errs = append(errs, fmt.Errorf("operator_memory %d outside [1, 100]", p.Memory))
	}
	bad("operator_max_step", p.MaxStep, 0, 50)
	bad("trial_prob", p.TrialProb, 0, 1)
	for i, v := range p.Aim {
		bad(fmt.Sprintf("aim_lab[%d]", i), v, -200, 200)
	}
	if len(p.Fixtures) == 0 {
		errs = append(errs, errors.New("fixtures: need at least one"))
	}
	for k, fx := range p.Fixtures {
		for m := range NumMaterials {
			name := fmt.Sprintf("fixtures[%d].", k)
			bad(name+"tooling["+materialNames[m]+"]", fx.Tooling[m], -0.2, 0.2)
			bad(name+"tooling_drift["+materialNames[m]+"]", fx.ToolingDrift[m], -0.5, 0.5)
			bad(name+"index["+materialNames[m]+"]", fx.Index[m], -0.2, 0.2)
			bad(name+"wait["+materialNames[m]+"]", fx.Wait[m], -0.5, 2)
		}
	}
	for m := range NumMaterials {
		bad("settle["+materialNames[m]+"]", p.Settle[m], -0.2, 0.2)
	}
	bad("settle_runs", p.SettleRuns, 0.1, 1000)
	bad("condition_rho", p.CondRho, 0, 0.999)
	bad("condition_wait", p.CondWait, -0.5, 0.5)
	for m := range NumMaterials {
		bad("condition_tooling["+materialNames[m]+"]", p.CondTooling[m], -0.1, 0.1)
	}
	if p.CycleMin < 1 || p.CycleMax < p.CycleMin {
		errs = append(errs, fmt.Errorf("cycle_min %d, cycle_max %d: want 1 ≤ min ≤ max", p.CycleMin, p.CycleMax))
	}
	if len(errs) > 0 {
		return fmt.Errorf("twin: invalid params: %w", errors.Join(errs...))
	}
	return nil
}

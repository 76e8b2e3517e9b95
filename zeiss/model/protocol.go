package model

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/arcoat/zeiss/zeiss/colour"
	"github.com/arcoat/zeiss/zeiss/furnace"
)

// Forecaster predicts the curves of furnaces one at a time, in production
// order. The evaluation calls Fit once with the furnaces before the cut-off,
// then, for every later furnace in turn, Predict (for furnaces with a
// measured curve) and Observe. A Forecaster never sees a furnace before it
// is revealed by Observe, and the furnace given to Predict carries no curve.
type Forecaster interface {
	// Fit trains on the time-ordered furnaces before the first prediction.
	// Furnaces may lack any field (NaN); each method uses those it can.
	Fit(train []furnace.Furnace) error
	// Predict returns the predicted curve of f (whose Curve is nil). ok is
	// false when the method cannot predict f: f lacks the inputs the
	// method needs, or the method has no usable history yet.
	Predict(f *furnace.Furnace) (curve []float64, ok bool, err error)
	// Observe reveals the measured furnace f, after its prediction. f may
	// lack any field, including the curve.
	Observe(f *furnace.Furnace) error
}

// Method is a named way of predicting curves.
type Method struct {
	// Name identifies the method in reports, e.g. "ewma0.1".
	Name string
	// Baseline marks the reference methods (EWMA, last-k mean, global
	// model, ridge) that a proposed method must beat.
	Baseline bool
	// Needs is what a furnace must have, besides its curve, for the method
	// to predict it; it names the set of furnaces the method is scored on.
	Needs furnace.Need
	// Desc is a one-line description for reports.
	Desc string
	// New returns a fresh, untrained forecaster.
	New func() (Forecaster, error)
}

// needString names a Need for reports: "curve", "setpoints", "std",
// "setpoints+std".
func needString(n furnace.Need) string {
	var parts []string
	if n&furnace.NeedSetPoints != 0 {
		parts = append(parts, "setpoints")
	}
	if n&furnace.NeedStd != 0 {
		parts = append(parts, "std")
	}
	if len(parts) == 0 {
		return "curve"
	}
	return strings.Join(parts, "+")
}

// Score is the accuracy of one method on the furnaces it predicted.
type Score struct {
	// Method and Baseline are copied from the Method.
	Method   string `json:"method"`
	Baseline bool   `json:"baseline"`
	// RMSE is the root mean squared error in %R over the 81 points of all
	// scored furnaces (pooled).
	RMSE float64 `json:"rmse"`
	// MeanDE is the mean ΔE*ab (illuminant C, 2° observer) between the
	// predicted and the measured colour.
	MeanDE float64 `json:"mean_dE"`
	// SpecAccuracy is the fraction of furnaces whose predicted curve gets
	// the in-spec/out-of-spec call of the measured curve right.
	SpecAccuracy float64 `json:"spec_accuracy"`
	// N is the number of scored furnaces.
	N int `json:"n"`
	// ScoredOn names the furnaces scored: those after the cut-off with a
	// curve and the inputs of Method.Needs ("curve", "setpoints", "std",
	// "setpoints+std"), of which the method predicted N.
	ScoredOn string `json:"scored_on"`
	// Reference names the reference method and RefRMSE is its RMSE on the
	// same N furnaces; Skill = 1 − RMSE/RefRMSE (> 0: better than the
	// reference).
	Reference string  `json:"reference,omitempty"`
	RefRMSE   float64 `json:"ref_rmse"`
	Skill     float64 `json:"skill"`
	// CycleAgreement, for methods that choose a cycle model per furnace
	// (CycleReporter), is the fraction of scored furnaces whose chosen
	// cycle is the furnace's recorded cycle; NaN (null) otherwise.
	CycleAgreement float64 `json:"cycle_agreement"`
}

// MarshalJSON writes NaN values (a method that predicted nothing) as null.
func (s Score) MarshalJSON() ([]byte, error) {
	type plain Score
	b, err := json.Marshal(struct {
		plain
		RMSE         *float64 `json:"rmse"`
		MeanDE       *float64 `json:"mean_dE"`
		SpecAccuracy *float64 `json:"spec_accuracy"`
		RefRMSE      *float64 `json:"ref_rmse"`
		Skill        *float64 `json:"skill"`
		Agreement    *float64 `json:"cycle_agreement,omitempty"`
	}{plain(s), fin(s.RMSE), fin(s.MeanDE), fin(s.SpecAccuracy), fin(s.RefRMSE), fin(s.Skill), fin(s.CycleAgreement)})
	return b, err
}

func fin(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}

// EvalOptions configure Evaluate.
type EvalOptions struct {
	// From is the cut-off: furnaces produced on or after it are predicted.
	From time.Time
	// Until, when not zero, ends the evaluation: furnaces produced on or
	// after it are left out entirely (a validation period [From, Until)
	// before a later test period).
	Until time.Time
	// Reference is the name of the method every score is compared with
	// (Score.RefRMSE); empty means the first method whose name starts with
	// "ewma", if any.
	Reference string
	// Workers bounds the methods run at once; 0 means GOMAXPROCS.
	Workers int
}

// Evaluation is the result of Evaluate.
type Evaluation struct {
	// Train is the number of furnaces before the cut-off.
	Train int
	// Test are the furnaces on or after the cut-off that have a curve, in
	// production order: the furnaces that can be scored.
	Test []furnace.Furnace
	// Pred[m][i] is method m's prediction of Test[i], nil where it made none.
	Pred [][][]float64
	// Cycles[m][i] is the cycle model method m used for Test[i] (−1: base
	// model), for methods that are CycleReporters; nil otherwise. −2 where
	// the method made no prediction.
	Cycles [][]int
	// Scores has one entry per method, in the order of the methods.
	Scores []Score
}

// Evaluate runs the rolling-origin protocol: fs are put in production order
// (see TimeOrder); each method is fitted on the furnaces before opt.From,
// then predicts every later furnace that has a curve from the furnaces
// before it only, each furnace being revealed to the method (Observe) right
// after its prediction. Methods run concurrently and independently; the
// result does not depend on the number of workers.
func Evaluate(fs []furnace.Furnace, methods []Method, opt EvalOptions) (*Evaluation, error) {
	if len(methods) == 0 {
		return nil, errors.New("model: evaluate: no methods")
	}
	ordered, err := TimeOrder(fs)
	if err != nil {
		return nil, fmt.Errorf("model: evaluate: %w", err)
	}
	if !opt.Until.IsZero() {
		if !opt.Until.After(opt.From) {
			return nil, fmt.Errorf("model: evaluate: end %s is not after the cut-off %s", opt.Until.Format(furnace.DateLayout), opt.From.Format(furnace.DateLayout))
		}
		ordered = ordered[:split(ordered, opt.Until)]
	}
	cut := split(ordered, opt.From)
	if cut == 0 {
		return nil, fmt.Errorf("model: evaluate: no furnace before the cut-off %s", opt.From.Format(furnace.DateLayout))
	}
	train, rest := ordered[:cut], ordered[cut:]
	ev := &Evaluation{Train: cut, Pred: make([][][]float64, len(methods)), Cycles: make([][]int, len(methods))}
	var testIdx []int // position in rest of each test furnace
	for i := range rest {
		if rest[i].HasCurve() {
			testIdx = append(testIdx, i)
			ev.Test = append(ev.Test, rest[i])
		}
	}
	if len(ev.Test) == 0 {
		return nil, fmt.Errorf("model: evaluate: no furnace with a curve on or after %s", opt.From.Format(furnace.DateLayout))
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	errs := make([]error, len(methods))
	sem := make(chan struct{}, workers)
	var wg sync.WaitGroup
	for m := range methods {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			ev.Pred[m], ev.Cycles[m], errs[m] = runMethod(methods[m], train, rest, testIdx)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	ref := -1
	for m := range methods {
		if (opt.Reference == "" && strings.HasPrefix(methods[m].Name, "ewma")) || methods[m].Name == opt.Reference {
			ref = m
			break
		}
	}
	if opt.Reference != "" && ref < 0 {
		return nil, fmt.Errorf("model: evaluate: no reference method %q", opt.Reference)
	}
	conv, err := colour.NewConverter(colour.IlluminantC, colour.Observer2)
	if err != nil {
		return nil, fmt.Errorf("model: evaluate: %w", err)
	}
	spec := colour.ProductionSpec()
	for m, meth := range methods {
		s, err := scoreOf(conv, spec, ev.Test, ev.Pred[m], nil)
		if err != nil {
			return nil, fmt.Errorf("model: evaluate: method %s: %w", meth.Name, err)
		}
		s.Method, s.Baseline, s.ScoredOn = meth.Name, meth.Baseline, needString(meth.Needs)
		s.RefRMSE, s.Skill, s.CycleAgreement = math.NaN(), math.NaN(), math.NaN()
		if cyc := ev.Cycles[m]; cyc != nil && s.N > 0 {
			agree := 0
			for i, c := range cyc {
				if c != -2 && c == ev.Test[i].Cycle {
					agree++
				}
			}
			s.CycleAgreement = float64(agree) / float64(s.N)
		}
		if ref >= 0 {
			s.Reference = methods[ref].Name
			r, err := scoreOf(conv, spec, ev.Test, ev.Pred[ref], ev.Pred[m])
			if err != nil {
				return nil, fmt.Errorf("model: evaluate: method %s: %w", methods[ref].Name, err)
			}
			if r.N == s.N {
				s.RefRMSE = r.RMSE
				s.Skill = 1 - s.RMSE/r.RMSE
			}
		}
		ev.Scores = append(ev.Scores, s)
	}
	return ev, nil
}

// runMethod fits a fresh forecaster of meth on train and walks rest in
// order, returning its predictions of the furnaces rest[testIdx[k]].
func runMethod(meth Method, train, rest []furnace.Furnace, testIdx []int) ([][]float64, []int, error) {
	fc, err := meth.New()
	if err != nil {
		return nil, nil, fmt.Errorf("model: method %s: %w", meth.Name, err)
	}
	if err := fc.Fit(cloneFurnaces(train)); err != nil {
		return nil, nil, fmt.Errorf("model: method %s: fit: %w", meth.Name, err)
	}
	pred := make([][]float64, len(testIdx))
	cr, isCR := fc.(CycleReporter)
	if isCR {
		_, isCR = cr.LastCycle()
	}
	var cycles []int
	if isCR {
		cycles = make([]int, len(testIdx))
	}
	k := 0
	for i := range rest {
		if k < len(testIdx) && testIdx[k] == i {
			blind := cloneFurnace(&rest[i])
			blind.Curve = nil
			c, ok, err := fc.Predict(&blind)
			if err != nil {
				return nil, nil, fmt.Errorf("model: method %s: predict furnace %s: %w", meth.Name, rest[i].No, err)
			}
			if ok {
				if len(c) != furnace.NumPoints {
					return nil, nil, fmt.Errorf("model: method %s: predicted %d points for furnace %s, want %d", meth.Name, len(c), rest[i].No, furnace.NumPoints)
				}
				for j, v := range c {
					if math.IsNaN(v) || math.IsInf(v, 0) {
						return nil, nil, fmt.Errorf("model: method %s: prediction for furnace %s is %v at %g nm", meth.Name, rest[i].No, v, furnace.Wavelength(j))
					}
				}
				pred[k] = c
			}
			if isCR {
				cycles[k] = -2
				if ok {
					cycles[k], _ = cr.LastCycle()
				}
			}
			k++
		}
		obs := cloneFurnace(&rest[i])
		if err := fc.Observe(&obs); err != nil {
			return nil, nil, fmt.Errorf("model: method %s: observe furnace %s: %w", meth.Name, rest[i].No, err)
		}
	}
	return pred, cycles, nil
}

func cloneFurnace(f *furnace.Furnace) furnace.Furnace {
	g := *f
	if f.Curve != nil {
		g.Curve = append([]float64(nil), f.Curve...)
	}
	return g
}

func cloneFurnaces(fs []furnace.Furnace) []furnace.Furnace {
	out := make([]furnace.Furnace, len(fs))
	for i := range fs {
		out[i] = cloneFurnace(&fs[i])
	}
	return out
}

// scoreOf scores pred against the curves of test, over the furnaces where
// pred is not nil and, when mask is not nil, mask is not nil either. A curve
// without a colour is an error naming the furnace.
func scoreOf(conv *colour.Converter, spec colour.Spec, test []furnace.Furnace, pred, mask [][]float64) (Score, error) {
	var sse, sumDE float64
	var n, agree int
	for i := range test {
		if pred[i] == nil || (mask != nil && mask[i] == nil) {
			continue
		}
		y := test[i].Curve
		for j, p := range pred[i] {
			d := p - y[j]
			sse += d * d
		}
		lp, err := conv.Lab(pred[i])
		if err != nil {
			return Score{}, fmt.Errorf("colour of the predicted curve of furnace %s: %w", test[i].No, err)
		}
		lm, err := conv.Lab(y)
		if err != nil {
			return Score{}, fmt.Errorf("colour of the measured curve of furnace %s: %w", test[i].No, err)
		}
		sumDE += colour.DeltaEab(lp, lm)
		if spec.Check(lp).Pass() == spec.Check(lm).Pass() {
			agree++
		}
		n++
	}
	if n == 0 {
		return Score{RMSE: math.NaN(), MeanDE: math.NaN(), SpecAccuracy: math.NaN()}, nil
	}
	return Score{
		RMSE:         math.Sqrt(sse / float64(n*furnace.NumPoints)),
		MeanDE:       sumDE / float64(n),
		SpecAccuracy: float64(agree) / float64(n),
		N:            n,
	}, nil
}

// Restricted predicts only the furnaces that have what Needs asks for (the
// set-points and/or std features), delegating to Forecaster; it scores a
// method that does not use those inputs on the same furnaces as one that
// does (e.g. the EWMA on the furnaces with std features).
type Restricted struct {
	// Forecaster makes the predictions.
	Forecaster
	// Needs is what a furnace must have to be predicted.
	Needs furnace.Need
}

// Predict delegates when f has the required inputs.
func (r Restricted) Predict(f *furnace.Furnace) ([]float64, bool, error) {
	if (r.Needs&furnace.NeedSetPoints != 0 && !f.HasSetPoints()) || (r.Needs&furnace.NeedStd != 0 && !f.HasStd()) {
		return nil, false, nil
	}
	return r.Forecaster.Predict(f)
}

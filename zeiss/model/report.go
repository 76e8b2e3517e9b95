package model

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/arcoat/zeiss/zeiss/furnace"
)

// CrossFit returns the RMSE in %R of each cycle's model2 (rows: the base
// model, then the cycles of m in order) on the furnaces of each cycle of fs
// (columns: cycles in increasing order) from their measured std features,
// with the row and column labels. The furnaces of fs should not have trained
// m for an honest reading; on the training furnaces it shows how distinct
// the fitted cycles are.
func (m *Models) CrossFit(fs []furnace.Furnace) (rows, cols []string, rmse [][]float64) {
	nets := []*Net{m.Base2}
	rows = []string{"base"}
	for _, c := range m.Cycles() {
		nets = append(nets, m.Model2[c])
		rows = append(rows, "model2 cycle "+strconv.Itoa(c))
	}
	cols, rmse = crossFit(fs, nets,
		func(f *furnace.Furnace) bool { return f.HasStd() && f.HasCurve() },
		func(n *Net, f *furnace.Furnace) float64 { return mse(n.Predict(std14(f)), f.Curve, nil) })
	return rows, cols, rmse
}

// crossFit returns, for each of nets (rows) and each cycle of the furnaces
// of fs that satisfy has (columns, in increasing order), the root of the
// mean of loss over the cycle's furnaces, with the column labels.
func crossFit(fs []furnace.Furnace, nets []*Net, has func(*furnace.Furnace) bool, loss func(*Net, *furnace.Furnace) float64) (cols []string, rmse [][]float64) {
	byCycle := map[int][]*furnace.Furnace{}
	for i := range fs {
		if f := &fs[i]; f.Cycle >= 0 && has(f) {
			byCycle[f.Cycle] = append(byCycle[f.Cycle], f)
		}
	}
	cycles := slices.Sorted(maps.Keys(byCycle))
	for _, c := range cycles {
		cols = append(cols, "cycle "+strconv.Itoa(c))
	}
	for _, n := range nets {
		r := make([]float64, len(cycles))
		for j, c := range cycles {
			var sse float64
			for _, f := range byCycle[c] {
				sse += loss(n, f)
			}
			r[j] = math.Sqrt(sse / float64(len(byCycle[c])))
		}
		rmse = append(rmse, r)
	}
	return cols, rmse
}

// Confusion counts, over the test furnaces of ev that method index k
// predicted, how often each recorded cycle (rows) was served by each chosen
// cycle model (columns; "base" for the base model). It returns nil tables
// when the method does not choose cycles.
func (ev *Evaluation) Confusion(k int) (rows, cols []string, counts [][]float64) {
	cyc := ev.Cycles[k]
	if cyc == nil {
		return nil, nil, nil
	}
	trueSet, chosenSet := map[int]bool{}, map[int]bool{}
	for i, c := range cyc {
		if c == -2 {
			continue
		}
		trueSet[ev.Test[i].Cycle] = true
		chosenSet[c] = true
	}
	ts, cs := slices.Sorted(maps.Keys(trueSet)), slices.Sorted(maps.Keys(chosenSet))
	label := func(c int) string {
		if c < 0 {
			return "base"
		}
		return "cycle " + strconv.Itoa(c)
	}
	for _, t := range ts {
		rows = append(rows, label(t))
	}
	for _, c := range cs {
		cols = append(cols, label(c))
	}
	counts = make([][]float64, len(ts))
	for i := range counts {
		counts[i] = make([]float64, len(cs))
	}
	for i, c := range cyc {
		if c == -2 {
			continue
		}
		counts[slices.Index(ts, ev.Test[i].Cycle)][slices.Index(cs, c)]++
	}
	return rows, cols, counts
}

// EvalRecord is an evaluation read back from the experiment log.
type EvalRecord struct {
	// Line is the 1-based position of the record in the log.
	Line int
	// Data, DataSHA256 and CodeVersion identify the run.
	Data, DataSHA256, CodeVersion string
	// From and Until are the evaluation period ("" when open).
	From, Until string
	// Scores are the methods' scores.
	Scores []Score
}

// ReadEvaluations returns the "evaluate" records of the experiment log path,
// in log order.
func ReadEvaluations(path string) ([]EvalRecord, error) {
	raw, err := ReadRecords(path)
	if err != nil {
		return nil, err
	}
	var out []EvalRecord
	for i, r := range raw {
		var head struct {
			Command string `json:"command"`
		}
		if err := json.Unmarshal(r, &head); err != nil {
			return nil, fmt.Errorf("model: %s: record %d: %w", path, i+1, err)
		}
		if head.Command != "evaluate" {
			continue
		}
		var rec struct {
			Data        string `json:"data"`
			DataSHA256  string `json:"data_sha256"`
			CodeVersion string `json:"code_version"`
			Params      struct {
				From  string `json:"from"`
				Until string `json:"until"`
			} `json:"params"`
			Metrics []struct {
				Score
				RMSE           *float64 `json:"rmse"`
				MeanDE         *float64 `json:"mean_dE"`
				SpecAccuracy   *float64 `json:"spec_accuracy"`
				RefRMSE        *float64 `json:"ref_rmse"`
				Skill          *float64 `json:"skill"`
				CycleAgreement *float64 `json:"cycle_agreement"`
			} `json:"metrics"`
		}
		if err := json.Unmarshal(r, &rec); err != nil {
			return nil, fmt.Errorf("model: %s: record %d: %w", path, i+1, err)
		}
		e := EvalRecord{Line: i + 1, Data: rec.Data, DataSHA256: rec.DataSHA256, CodeVersion: rec.CodeVersion,
			From: rec.Params.From, Until: rec.Params.Until}
		for _, m := range rec.Metrics {
			s := m.Score
			s.RMSE, s.MeanDE, s.SpecAccuracy = unNull(m.RMSE), unNull(m.MeanDE), unNull(m.SpecAccuracy)
			s.RefRMSE, s.Skill, s.CycleAgreement = unNull(m.RefRMSE), unNull(m.Skill), unNull(m.CycleAgreement)
			e.Scores = append(e.Scores, s)
		}
		out = append(out, e)
	}
	return out, nil
}

func unNull(p *float64) float64 {
	if p == nil {
		return math.NaN()
	}
	return *p
}

// CrossFit1 is CrossFit for model1: the RMSE of the normalised std features
// (in units of their global std) predicted from the set-points by the global
// model1 (first row) and each cycle's model1, on the furnaces of each cycle.
func (m *Models) CrossFit1(fs []furnace.Furnace) (rows, cols []string, rmse [][]float64) {
	nets := []*Net{m.Global1}
	rows = []string{"global"}
	for _, c := range slices.Sorted(maps.Keys(m.Model1)) {
		nets = append(nets, m.Model1[c])
		rows = append(rows, "model1 cycle "+strconv.Itoa(c))
	}
	cols, rmse = crossFit(fs, nets,
		func(f *furnace.Furnace) bool { return f.HasStd() && f.HasSetPoints() },
		func(n *Net, f *furnace.Furnace) float64 {
			return mse(n.Predict(adjustable(f)), std14(f), m.StdStats.Std)
		})
	return rows, cols, rmse
}

// HoldoutFrom returns the production date of the first furnace of the k-th
// last cycle of fs: evaluating from it holds out (at least) the last k
// cycles. Furnaces of an earlier cycle produced on that day are predicted
// too.
func HoldoutFrom(fs []furnace.Furnace, k int) (time.Time, error) {
	ordered, err := TimeOrder(fs)
	if err != nil {
		return time.Time{}, err
	}
	set := map[int]bool{}
	for i := range ordered {
		if ordered[i].Cycle >= 0 {
			set[ordered[i].Cycle] = true
		}
	}
	cycles := slices.Sorted(maps.Keys(set))
	if k < 1 || len(cycles) <= k {
		return time.Time{}, fmt.Errorf("model: hold out %d of %d cycles: need more cycles", k, len(cycles))
	}
	first := cycles[len(cycles)-k]
	for i := range ordered {
		if ordered[i].Cycle == first {
			return dayOf(&ordered[i])
		}
	}
	panic("unreachable")
}

package model

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/arcoat/zeiss/zeiss/furnace"
)

func TestScratchEns(t *testing.T) {
	path := os.Getenv("SCR_DATA")
	if path == "" {
		t.Skip()
	}
	tb, err := ReadTable(path)
	if err != nil {
		t.Fatal(err)
	}
	from, _ := time.Parse("2006-01-02", os.Getenv("SCR_FROM"))
	until, _ := time.Parse("2006-01-02", os.Getenv("SCR_UNTIL"))
	ms := []Method{{Name: "ewma0.1", New: func() (Forecaster, error) { return NewEWMA(0.1) }}}
	for _, chain := range []bool{false, true} {
		for _, mode := range []CycleMode{CycleKnown, CycleSelected} {
			need := furnace.NeedStd
			if chain {
				need = furnace.NeedSetPoints
			}
			ms = append(ms, Method{Name: fmt.Sprintf("ens5-%v-%v", mode, chain), Needs: need, New: func() (Forecaster, error) {
				var parts []Forecaster
				for s := range 5 {
					cfg := DefaultConfig()
					cfg.Seed = uint64(s + 1)
					cfg.Workers = 1
					parts = append(parts, &CycleForecaster{Config: cfg, Mode: mode, Chain: chain})
				}
				return &Blend{Parts: parts}, nil
			}})
		}
	}
	ev, err := Evaluate(tb.Furnaces, ms, EvalOptions{From: from, Until: until})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range ev.Scores {
		fmt.Printf("%-28s rmse %.4f dE %.3f acc %.3f n %3d ref %.4f skill %+.3f\n", s.Method, s.RMSE, s.MeanDE, s.SpecAccuracy, s.N, s.RefRMSE, s.Skill)
	}
}

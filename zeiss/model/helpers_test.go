package model

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/arcoat/zeiss/zeiss/furnace"
)

// synthTable builds a furnace table of nc cycles with per furnaces each, one
// furnace a day from start: set-points around nominal values; std features
// linear in the set-points plus a cycle offset; a curve that is the best
// reference plus a cycle-specific linear response to the std features. The
// cycles differ enough that each cycle's model explains its own furnaces best.
func synthTable(seed uint64, nc, per int, start time.Time) []furnace.Furnace {
	rng := rand.New(rand.NewPCG(seed, 7))
	best, _ := furnace.Reference(furnace.RefBest)
	nominal := [furnace.NumLayers]float64{25, 4, 13, 37, 104, 93, 35}
	// per-cycle response matrices
	a1 := make([][furnace.NumStd][furnace.NumAdjustable]float64, nc)
	off := make([][furnace.NumStd]float64, nc)
	a2 := make([][furnace.NumPoints][furnace.NumStd]float64, nc)
	for c := range nc {
		for i := range furnace.NumStd {
			off[c][i] = 5 + 10*rng.Float64() + 3*float64(c)
			for j := range furnace.NumAdjustable {
				a1[c][i][j] = rng.NormFloat64() * 0.5
			}
		}
		for p := range furnace.NumPoints {
			for i := range furnace.NumStd {
				a2[c][p][i] = rng.NormFloat64() * 0.05 * float64(1+c)
			}
		}
	}
	var fs []furnace.Furnace
	day := start
	for c := range nc {
		for k := range per {
			f := furnace.Furnace{Back: furnace.NaNRun(), Front: furnace.NaNRun(), Cycle: c, Date: day}
			f.No = fmt.Sprintf("331%s%02d", day.Format("060102"), k%90+1)
			f.Counters = furnace.Counters{IonGun: math.NaN(), EGun: math.NaN(), Baffle: math.NaN()}
			for l := range furnace.NumLayers {
				f.Back.SetPoints[l] = nominal[l] + 0.3*rng.NormFloat64()
				f.Front.SetPoints[l] = nominal[l] - 0.5 + 0.3*rng.NormFloat64()
			}
			x := f.Adjustable()
			var s [furnace.NumStd]float64
			for i := range s {
				s[i] = off[c][i] + 0.05*rng.NormFloat64()
				for j := range x {
					s[i] += a1[c][i][j] * (x[j] - nominalAdj(nominal, j))
				}
			}
			f.Back.Std[0], f.Front.Std[0] = 0, 0
			copy(f.Back.Std[1:], s[:7])
			copy(f.Front.Std[1:], s[7:])
			f.Curve = make([]float64, furnace.NumPoints)
			for p := range f.Curve {
				v := best[p] + 0.02*rng.NormFloat64()
				for i := range s {
					v += a2[c][p][i] * (s[i] - 10)
				}
				f.Curve[p] = v
			}
			fs = append(fs, f)
			day = day.AddDate(0, 0, 1)
		}
	}
	return fs
}

func nominalAdj(nominal [furnace.NumLayers]float64, j int) float64 {
	return nominal[furnace.AdjustableLayers[j%5]] - 0.5*float64(j/5)
}

// fastConfig is a small, quick recipe for tests.
func fastConfig() Config {
	c := DefaultConfig()
	c.Model2.Epochs, c.FineTune.Epochs, c.Model1.Epochs = 150, 60, 150
	c.Model1.Hidden = []int{32}
	return c
}

package twin

import (
	"math"
	"math/rand/v2"

	"github.com/arcoat/zeiss/zeiss/furnace"
	"github.com/arcoat/zeiss/zeiss/ingest"
)

// Trace is the 1 Hz QCM record of one face run.
type Trace struct {
	// StepStart[k] is the sample index at which step k+1 starts;
	// StepStart[NumSteps] is the number of samples.
	StepStart [furnace.NumSteps + 1]int
	// Thick is ACT_O1_QCMS_THICKNESS_CH1 in QCM nm, rounded to 0.001.
	Thick []float64
	// Rate is ACT_O1_QCMS_RATE_CH1 in QCM nm/s, rounded to 0.001.
	Rate []float64
	// Final are the QCM readings at which the shutter closed, L1…L7.
	Final [furnace.NumLayers]float64
}

// Len returns the number of samples (seconds) of the run.
func (t *Trace) Len() int { return t.StepStart[furnace.NumSteps] }

// StepStd returns the sample standard deviation (ddof=1) of Thick within
// each process step; NaN for a step with fewer than two samples.
func (t *Trace) StepStd() [furnace.NumSteps]float64 {
	var s [furnace.NumSteps]float64
	for k := range furnace.NumSteps {
		s[k] = StdDDOF1(t.Thick[t.StepStart[k]:t.StepStart[k+1]])
	}
	return s
}

// StdDDOF1 returns the sample standard deviation (n−1 denominator) of v, the
// std feature of the furnace table; NaN when len(v) < 2. It is
// ingest.SampleStd, the computation of the sensor-file reader, so that both
// give the same float64.
func StdDDOF1(v []float64) float64 { return ingest.SampleStd(v) }

// round3 rounds x to 0.001, the resolution of the QCM columns.
func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

// runCond is the machine condition of one face run that shapes its trace.
type runCond struct {
	waitScale float64 // multiplies the soak times
	rateNoise float64 // relative 1 Hz rate noise
	// fixWait are the relative soak-time changes of the dome set per
	// deposited material.
	fixWait [NumMaterials]float64
}

// appendSamples appends n copies of thickness x (and idle rate readings).
func (t *Trace) appendHold(rng *rand.Rand, n int, x float64) {
	for range n {
		t.Thick = append(t.Thick, round3(x))
		t.Rate = append(t.Rate, round3(idleRate(rng)))
	}
}

// idleRate is the rate reading with the shutter closed.
func idleRate(rng *rand.Rand) float64 { return idleRateMean + idleRateSD*rng.NormFloat64() }

// stochRound rounds x ≥ 0 to an integer at random so that the mean is kept.
func stochRound(rng *rand.Rand, x float64) int {
	if x <= 0 {
		return 0
	}
	f := math.Floor(x)
	if rng.Float64() < x-f {
		f++
	}
	return int(f)
}

// genTrace simulates the QCM trace of one face run with set-points sp under
// condition c, reusing t's buffers. The random numbers are drawn in a fixed
// order from rng, so the same rng state regenerates the same trace.
func genTrace(p *Params, sp *[furnace.NumLayers]float64, c runCond, rng *rand.Rand, t *Trace) {
	t.Thick = t.Thick[:0]
	t.Rate = t.Rate[:0]
	prev := 0.0
	for k := range furnace.NumSteps {
		st := &p.Steps[k]
		t.StepStart[k] = len(t.Thick)
		ws := c.waitScale
		if k > 0 {
			ws *= 1 + c.fixWait[LayerMaterial[k-1]]
		}
		wait := max(2, stochRound(rng, ws*st.Wait+st.WaitSD*rng.NormFloat64()))
		if k == 0 {
			t.appendHold(rng, wait, 0)
			continue
		}
		carry := stochRound(rng, st.Carry)
		t.appendHold(rng, carry, prev)
		t.appendHold(rng, wait, 0)
		// Deposition under the rate controller until the reading reaches
		// the set-point; the shutter closes ShutterDelay later.
		target := sp[k-1]
		rho := st.Rate
		var x, a float64
		limit := int(10*target/rho) + 600
		for i := 0; ; i++ {
			a += p.ControllerGain*(rho-a) + c.rateNoise*rho*rng.NormFloat64()
			if a < 0 {
				a = 0
			}
			if x+a >= target || i >= limit {
				// Crossing within this second: the reading stops at the
				// set-point plus what arrives while the shutter closes.
				delay := p.ShutterDelay * (1 + 0.3*rng.NormFloat64())
				x = max(target, x) + a*max(delay, 0)
				t.Thick = append(t.Thick, round3(x))
				t.Rate = append(t.Rate, round3(a))
				break
			}
			x += a
			t.Thick = append(t.Thick, round3(x))
			t.Rate = append(t.Rate, round3(a))
		}
		prev = round3(x)
		t.Final[k-1] = prev
		hold := max(1, stochRound(rng, st.Hold+st.HoldSD*rng.NormFloat64()))
		t.appendHold(rng, hold, prev)
	}
	t.StepStart[furnace.NumSteps] = len(t.Thick)
}

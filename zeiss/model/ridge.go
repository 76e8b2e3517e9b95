package model

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/arcoat/zeiss/zeiss/furnace"
)

// DefaultLambdas returns the grid of ridge penalties searched by FitRidge
// when none is given (on normalised inputs, so the penalty is comparable to
// the number of training rows).
func DefaultLambdas() []float64 {
	return []float64{1e-3, 1e-2, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100, 300, 1e3, 3e3, 1e4, 1e5}
}

// Ridge is a multi-output ridge regression on normalised inputs:
// y = Intercept + Coef·z, z = Stats.Normalize(x). The intercept is not
// penalised.
type Ridge struct {
	// Stats normalise the inputs.
	Stats furnace.Stats `json:"stats"`
	// Intercept has one value per output.
	Intercept []float64 `json:"intercept"`
	// Coef is out×in, row-major.
	Coef []float64 `json:"coef"`
	// In and Out are the dimensions.
	In  int `json:"in"`
	Out int `json:"out"`
	// Lambda is the penalty used; LOO is the leave-one-out mean squared
	// error per output value at that penalty (NaN when one penalty was
	// given and not compared).
	Lambda float64 `json:"lambda"`
	LOO    float64 `json:"loo_mse"`
}

// FitRidge fits y ≈ b + W·z with z = stats.Normalize(x) by minimising
// Σ‖y − b − Wz‖² + λ‖W‖². With several lambdas, the one of least
// leave-one-out error (exact, from the SVD) is chosen. x is n×in and y n×out
// (rows); all values must be finite.
func FitRidge(x, y [][]float64, stats furnace.Stats, lambdas []float64) (*Ridge, error) {
	n := len(x)
	if n < 2 || len(y) != n {
		return nil, fmt.Errorf("model: ridge: %d input rows and %d target rows, want equal and ≥ 2", n, len(y))
	}
	if len(lambdas) == 0 {
		lambdas = DefaultLambdas()
	}
	in, out := len(x[0]), len(y[0])
	if stats.Dim() != in {
		return nil, fmt.Errorf("model: ridge: stats of dimension %d for %d inputs", stats.Dim(), in)
	}
	Z := mat.NewDense(n, in, nil)
	Y := mat.NewDense(n, out, nil)
	zm := make([]float64, in)
	ym := make([]float64, out)
	for i := range n {
		if len(x[i]) != in || len(y[i]) != out {
			return nil, fmt.Errorf("model: ridge: row %d has %d inputs and %d targets, want %d and %d", i, len(x[i]), len(y[i]), in, out)
		}
		z := stats.Normalize(x[i])
		for j, v := range z {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("model: ridge: row %d input %d is %v", i, j, x[i][j])
			}
			zm[j] += v
		}
		Z.SetRow(i, z)
		for j, v := range y[i] {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("model: ridge: row %d target %d is %v", i, j, v)
			}
			ym[j] += v
		}
		Y.SetRow(i, y[i])
	}
	for j := range zm {
		zm[j] /= float64(n)
	}
	for j := range ym {
		ym[j] /= float64(n)
	}
	for i := range n {
		for j := range in {
			Z.Set(i, j, Z.At(i, j)-zm[j])
		}
		for j := range out {
			Y.Set(i, j, Y.At(i, j)-ym[j])
		}
	}
	var svd mat.SVD
	if !svd.Factorize(Z, mat.SVDThin) {
		return nil, errors.New("model: ridge: SVD did not converge")
	}
	var U, V mat.Dense
	svd.UTo(&U)
	svd.VTo(&V)
	s := svd.Values(nil)
	k := len(s)
	var UtY mat.Dense
	UtY.Mul(U.T(), Y) // k×out
	// Fitted values for a penalty: Ŷ = U diag(s²/(s²+λ)) UᵀY.
	best, bestLOO := lambdas[0], math.Inf(1)
	if len(lambdas) > 1 {
		u := U.RawMatrix()     // n×k
		uty := UtY.RawMatrix() // k×out
		yr := Y.RawMatrix()
		d := make([]float64, k)
		h := make([]float64, n)
		dt := make([]float64, k*out)
		fit := make([]float64, out)
		for _, lam := range lambdas {
			for j := range k {
				d[j] = s[j] * s[j] / (s[j]*s[j] + lam)
				for o := range out {
					dt[j*out+o] = d[j] * uty.Data[j*uty.Stride+o]
				}
			}
			var sse float64
			for i := range n {
				ui := u.Data[i*u.Stride : i*u.Stride+k]
				h[i] = 1 / float64(n)
				clear(fit)
				for j, uij := range ui {
					h[i] += uij * uij * d[j]
					row := dt[j*out : (j+1)*out]
					for o, v := range row {
						fit[o] += uij * v
					}
				}
				yi := yr.Data[i*yr.Stride : i*yr.Stride+out]
				for o, f := range fit {
					r := (yi[o] - f) / (1 - h[i])
					sse += r * r
				}
			}
			if mse := sse / float64(n*out); mse < bestLOO {
				best, bestLOO = lam, mse
			}
		}
	} else {
		bestLOO = math.NaN()
	}
	// W = V diag(s/(s²+λ)) UᵀY, in×out.
	r := &Ridge{Stats: stats, In: in, Out: out, Lambda: best, LOO: bestLOO,
		Intercept: make([]float64, out), Coef: make([]float64, out*in)}
	for o := range out {
		b := ym[o]
		for j := range in {
			var w float64
			for q := range k {
				if s[q] == 0 {
					continue
				}
				w += V.At(j, q) * s[q] / (s[q]*s[q] + best) * UtY.At(q, o)
			}
			r.Coef[o*in+j] = w
			b -= w * zm[j]
		}
		r.Intercept[o] = b
	}
	return r, nil
}

// Predict returns the outputs for input x.
func (r *Ridge) Predict(x []float64) []float64 {
	z := r.Stats.Normalize(x)
	out := make([]float64, r.Out)
	for o := range out {
		v := r.Intercept[o]
		for j, zj := range z {
			v += r.Coef[o*r.In+j] * zj
		}
		out[o] = v
	}
	return out
}

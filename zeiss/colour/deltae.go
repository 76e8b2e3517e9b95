package colour

import "math"

// DeltaEab returns the CIE 1976 colour difference ΔE*ab, the Euclidean
// distance between p and q in L*a*b*.
func DeltaEab(p, q Lab) float64 {
	dl, da, db := p.L-q.L, p.A-q.A, p.B-q.B
	return math.Sqrt(dl*dl + da*da + db*db)
}

// DeltaE00 returns the CIEDE2000 colour difference ΔE00 between p and q with
// the reference parametric factors kL = kC = kH = 1.
func DeltaE00(p, q Lab) float64 { return DeltaE00K(p, q, 1, 1, 1) }

// pow7of25 is 25⁷, the constant of the chroma terms of CIEDE2000.
const pow7of25 = 6103515625.0

// DeltaE00K returns the CIEDE2000 colour difference between p and q with
// parametric factors kL, kC, kH for lightness, chroma and hue (CIE 142-2001).
// It follows the implementation notes of Sharma, Wu and Dalal (Color Res.
// Appl. 30, 2005): hue angles of neutral colours are 0, and the mean hue takes
// the branch that is symmetric in p and q, so ΔE00(p, q) = ΔE00(q, p).
func DeltaE00K(p, q Lab, kL, kC, kH float64) float64 {
	// Step 1: a′ (a* stretched near the neutral axis), C′, h′.
	cbar := (math.Hypot(p.A, p.B) + math.Hypot(q.A, q.B)) / 2
	c7 := math.Pow(cbar, 7)
	g := 0.5 * (1 - math.Sqrt(c7/(c7+pow7of25)))
	a1, a2 := (1+g)*p.A, (1+g)*q.A
	c1, c2 := math.Hypot(a1, p.B), math.Hypot(a2, q.B)
	h1, h2 := hueDeg(a1, p.B), hueDeg(a2, q.B)

	// Step 2: ΔL′, ΔC′, ΔH′.
	dL := q.L - p.L
	dC := c2 - c1
	var dh float64
	if c1*c2 != 0 {
		dh = h2 - h1
		if dh > 180 {
			dh -= 360
		} else if dh < -180 {
			dh += 360
		}
	}
	dH := 2 * math.Sqrt(c1*c2) * math.Sin(rad(dh/2))

	// Step 3: means, weighting functions and rotation term.
	lbar := (p.L + q.L) / 2
	cbarP := (c1 + c2) / 2
	hbar := h1 + h2
	if c1*c2 != 0 {
		switch {
		case math.Abs(h1-h2) <= 180:
			hbar /= 2
		case hbar < 360:
			hbar = (hbar + 360) / 2
		default:
			hbar = (hbar - 360) / 2
		}
	}
	t := 1 - 0.17*math.Cos(rad(hbar-30)) + 0.24*math.Cos(rad(2*hbar)) +
		0.32*math.Cos(rad(3*hbar+6)) - 0.20*math.Cos(rad(4*hbar-63))
	dTheta := 30 * math.Exp(-sq((hbar-275)/25))
	cp7 := math.Pow(cbarP, 7)
	rc := 2 * math.Sqrt(cp7/(cp7+pow7of25))
	l50 := sq(lbar - 50)
	sl := 1 + 0.015*l50/math.Sqrt(20+l50)
	sc := 1 + 0.045*cbarP
	sh := 1 + 0.015*cbarP*t
	rt := -math.Sin(rad(2*dTheta)) * rc

	tl, tc, th := dL/(kL*sl), dC/(kC*sc), dH/(kH*sh)
	return math.Sqrt(tl*tl + tc*tc + th*th + rt*tc*th)
}

func rad(deg float64) float64 { return deg * math.Pi / 180 }

func sq(x float64) float64 { return x * x }

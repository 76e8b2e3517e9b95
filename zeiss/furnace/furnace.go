package furnace

import (
	"math"
	"strconv"
	"time"
)

const (
	// NumLayers is the number of layers deposited on each face.
	NumLayers = 7
	// NumSteps is the number of process steps of a face run; step 1
	// deposits nothing and steps 2…8 deposit layers L1…L7.
	NumSteps = 8
	// NumAdjustable is the number of adjustable set-points of a furnace
	// (L1, L3, L4, L5, L6 of the back face, then of the front face).
	NumAdjustable = 10
	// NumStd is the number of std features of a furnace (steps 2…8 of the
	// back face, then of the front face).
	NumStd = 14
	// NumPoints is the number of points of a reflectance curve
	// (380–780 nm in 5 nm steps).
	NumPoints = 81
)

// AdjustableLayers are the 0-based indices of the adjustable layers of a face
// (L1, L3, L4, L5, L6); L2 (ITO) and L7 (top coat) are fixed.
var AdjustableLayers = [5]int{0, 2, 3, 4, 5}

// Wavelength returns the wavelength in nm of curve point i (0 ≤ i < NumPoints).
func Wavelength(i int) float64 { return 380 + 5*float64(i) }

// CurveColumn returns the table column name of curve point i: "r" and the
// wavelength in nm, r380 … r780.
func CurveColumn(i int) string { return "r" + strconv.Itoa(int(Wavelength(i))) }

// Face identifies one side of the lens.
type Face int

const (
	// Back is the concave side (CC, 背面); it is coated in the later run.
	Back Face = iota
	// Front is the convex side (CX, 正面); it is coated in the earlier run.
	Front
)

// String returns "back" or "front", the prefix of the face's table columns.
func (f Face) String() string {
	if f == Front {
		return "front"
	}
	return "back"
}

// Run is one face's coating run. Missing values are NaN: nothing is imputed.
type Run struct {
	// Evt is the process log id (e.g. "evt21020319"), empty when unknown.
	Evt string
	// SetPoints are the layer set-points L1…L7 in nm (QCM readings).
	SetPoints [NumLayers]float64
	// Std are the sample std (ddof=1) of ACT_O1_QCMS_THICKNESS_CH1 per
	// process step 1…8.
	Std [NumSteps]float64
}

// HasSetPoints reports whether all seven set-points are present.
func (r *Run) HasSetPoints() bool { return allFinite(r.SetPoints[:]) }

// HasStd reports whether the std of steps 2…8 are present.
func (r *Run) HasStd() bool { return allFinite(r.Std[1:]) }

// Counters are the consumable counters of the process record, read from the
// back-face row: ion-gun filament, e-gun filament and baffle. NaN when missing.
type Counters struct {
	IonGun, EGun, Baffle float64
}

// Furnace is one oven load: its two face runs and the measured curve.
type Furnace struct {
	// No is the 11-digit furnace number "33 S YYMMDD NN".
	No string
	// Date is the production date (UTC midnight).
	Date time.Time
	// Back and Front are the two face runs.
	Back, Front Run
	// Curve is the measured double-sided reflectance in % on the
	// 380–780 nm grid, nil when the furnace has no curve.
	Curve []float64
	// Counters are the consumable counters.
	Counters Counters
	// Cycle is the cleaning cycle id, -1 when unknown.
	Cycle int
}

// Face returns a pointer to the run of face f.
func (f *Furnace) Face(face Face) *Run {
	if face == Front {
		return &f.Front
	}
	return &f.Back
}

// Adjustable returns the ten adjustable set-points, back face first:
// back L1, L3, L4, L5, L6, front L1, L3, L4, L5, L6.
func (f *Furnace) Adjustable() [NumAdjustable]float64 {
	var x [NumAdjustable]float64
	for i, l := range AdjustableLayers {
		x[i] = f.Back.SetPoints[l]
		x[5+i] = f.Front.SetPoints[l]
	}
	return x
}

// SetAdjustable sets the ten adjustable set-points in the order of Adjustable.
func (f *Furnace) SetAdjustable(x [NumAdjustable]float64) {
	for i, l := range AdjustableLayers {
		f.Back.SetPoints[l] = x[i]
		f.Front.SetPoints[l] = x[5+i]
	}
}

// Std14 returns the fourteen std features: back steps 2…8, front steps 2…8.
func (f *Furnace) Std14() [NumStd]float64 {
	var s [NumStd]float64
	copy(s[:7], f.Back.Std[1:])
	copy(s[7:], f.Front.Std[1:])
	return s
}

// HasSetPoints reports whether both faces have all their set-points.
func (f *Furnace) HasSetPoints() bool { return f.Back.HasSetPoints() && f.Front.HasSetPoints() }

// HasStd reports whether both faces have their fourteen std features.
func (f *Furnace) HasStd() bool { return f.Back.HasStd() && f.Front.HasStd() }

// HasCurve reports whether the furnace has a complete, finite curve.
func (f *Furnace) HasCurve() bool { return len(f.Curve) == NumPoints && allFinite(f.Curve) }

// ModelReady reports whether the furnace can train both models: set-points,
// std features and curve of both faces.
func (f *Furnace) ModelReady() bool { return f.HasSetPoints() && f.HasStd() && f.HasCurve() }

// NaNRun returns a Run whose values are all missing.
func NaNRun() Run {
	var r Run
	for i := range r.SetPoints {
		r.SetPoints[i] = math.NaN()
	}
	for i := range r.Std {
		r.Std[i] = math.NaN()
	}
	return r
}

func allFinite(v []float64) bool {
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

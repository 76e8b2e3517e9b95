package furnace

import (
	"fmt"
	"slices"
)

// Names of the reference curves returned by Reference.
const (
	// RefBest is the double-sided target curve used throughout the original
	// pipeline (distance-to-target score, inverse optimisation, model checks).
	RefBest = "best"
	// RefR1, RefR2 and RefR3 are alternative double-sided targets of the
	// original inverse-optimisation experiments.
	RefR1 = "R1"
	RefR2 = "R2"
	RefR3 = "R3"
	// RefFrontSingle is the single-face target of the front (CX, convex) face.
	RefFrontSingle = "best_cx_single"
	// RefBackSingle is the single-face target of the back (CC, concave) face.
	RefBackSingle = "best_cc_single"
)

// referenceNames lists the reference curves in a fixed order.
var referenceNames = [...]string{RefBest, RefR1, RefR2, RefR3, RefFrontSingle, RefBackSingle}

// ReferenceNames returns the names of the reference curves: the double-sided
// targets best, R1, R2, R3, then the single-face targets best_cx_single (front)
// and best_cc_single (back).
func ReferenceNames() []string { return slices.Clone(referenceNames[:]) }

// Reference returns a copy of the reference curve called name: reflectance in
// % at the NumPoints wavelengths of the 380–780 nm grid (see Wavelength).
func Reference(name string) ([]float64, error) {
	c, ok := referenceCurves[name]
	if !ok {
		return nil, fmt.Errorf("furnace: unknown reference curve %q (have %v)", name, referenceNames)
	}
	return slices.Clone(c[:]), nil
}

// referenceCurves are design targets, not production measurements: curves
// hard-coded in the 2021–2022 research code of this process. best is listed
// in the pipeline description (original-pipeline.md §4); R1–R3 are the
// alternative targets of its inverse-optimisation test and model-check
// scripts; best_cx_single and best_cc_single are the single-face targets of
// its Nov-2021 single-face models. The same values are tabulated in the
// real-data bundle's reference_curves.csv, which the tests compare against.
var referenceCurves = map[string]*[NumPoints]float64{
	// double-sided target (util.py weighted_mse, Test.py, model_check.py)
	RefBest: {
		5.52, 3.53, 1.97, 1.28, 0.74, 0.7, 0.85, 1.05, 1.23,
		1.43, 1.63, 1.82, 1.84, 1.8, 1.75, 1.73, 1.64, 1.49,
		1.39, 1.31, 1.23, 1.16, 1.03, 0.91, 0.85, 0.86, 0.84,
		0.77, 0.71, 0.64, 0.61, 0.61, 0.58, 0.56, 0.53, 0.46,
		0.46, 0.44, 0.41, 0.43, 0.4, 0.39, 0.36, 0.25, 0.19,
		0.17, 0.21, 0.19, 0.17, 0.17, 0.2, 0.2, 0.16, 0.2,
		0.26, 0.35, 0.41, 0.57, 0.64, 0.71, 0.9, 1.04, 1.17,
		1.27, 1.43, 1.56, 1.82, 2.07, 2.4, 2.72, 3.02, 3.33,
		3.58, 3.87, 3.97, 4.34, 4.57, 4.73, 5.03, 5.45, 5.94,
	},
	// Test.py modify_std() alternative target "# R1", also in model_check.py
	RefR1: {
		4.97, 3.12, 1.81, 0.91, 0.55, 0.48, 0.48, 0.55, 0.87,
		1.18, 1.39, 1.61, 1.7, 1.8, 1.89, 2.01, 2.02, 1.9,
		1.73, 1.61, 1.52, 1.49, 1.48, 1.41, 1.25, 1.02, 0.9,
		0.83, 0.88, 0.88, 0.84, 0.75, 0.62, 0.47, 0.35, 0.3,
		0.3, 0.44, 0.4, 0.39, 0.32, 0.26, 0.17, 0.09, 0.04,
		0.08, 0.08, 0.14, 0.16, 0.16, 0.18, 0.14, 0.13, 0.17,
		0.2, 0.33, 0.64, 0.81, 0.9, 0.98, 1.09, 1.15, 1.25,
		1.37, 1.49, 1.58, 1.79, 2.12, 2.41, 2.82, 3.19, 3.55,
		3.92, 4.25, 4.59, 4.69, 4.89, 5.09, 5.35, 5.49, 5.71,
	},
	// Test.py modify_std() alternative target "# R2"
	RefR2: {
		5.83, 3.76, 1.95, 1.07, 0.78, 0.33, 0.25, 0.44, 0.93,
		1.04, 0.85, 1.19, 1.74, 2.1, 2.06, 1.77, 1.56, 1.61,
		1.82, 1.9, 1.8, 1.42, 1.09, 0.97, 1.05, 1.22, 1.29,
		1.12, 0.82, 0.53, 0.38, 0.43, 0.53, 0.63, 0.67, 0.6,
		0.46, 0.29, 0.15, 0.12, 0.12, 0.19, 0.31, 0.23, 0.15,
		0.13, 0.09, 0.08, 0.08, 0.19, 0.21, 0.34, 0.36, 0.43,
		0.24, 0.13, 0.17, 0.21, 0.33, 0.6, 0.94, 1.22, 1.54,
		1.88, 2.17, 2.22, 2.32, 2.37, 2.37, 2.39, 2.4, 2.45,
		2.62, 2.96, 3.4, 3.98, 4.53, 4.93, 5.57, 6.17, 6.71,
	},
	// Test.py modify_std() alternative target "# R3"
	RefR3: {
		5.17, 2.87, 1.04, 0.95, 0.42, 0.26, 0.26, 0.56, 1.06,
		1.28, 1.32, 1.4, 1.65, 2.03, 2.14, 2, 1.68, 1.45,
		1.5, 1.67, 1.8, 1.69, 1.4, 1.07, 0.85, 0.93, 1.1,
		1.18, 1.1, 0.86, 0.61, 0.39, 0.34, 0.42, 0.52, 0.53,
		0.49, 0.57, 0.36, 0.25, 0.13, 0.1, 0.09, 0.14, 0.19,
		0.22, 0.2, 0.15, 0.14, 0.1, 0.03, 0.07, 0.22, 0.33,
		0.6, 0.67, 0.7, 0.75, 0.68, 0.63, 0.72, 0.79, 0.98,
		1.23, 1.55, 1.84, 2.23, 2.62, 2.96, 3.22, 3.4, 3.57,
		3.68, 3.79, 4.08, 4.08, 4.24, 4.39, 4.77, 5.17, 5.6,
	},
	// single-face front (CX) target: cx_lab_curve / best_cx_curve (Nov 2021)
	RefFrontSingle: {
		6.6524, 4.5071, 2.2922, 1.1451, 0.7214, 0.4108, 0.2415, 0.3834, 0.5492,
		0.5964, 0.6647, 0.8838, 1.0936, 1.0963, 0.992, 0.972, 1.0551, 1.1061,
		1.0686, 0.927, 0.8003, 0.7419, 0.7491, 0.7563, 0.7154, 0.6076, 0.4921,
		0.4414, 0.4152, 0.4251, 0.4191, 0.3947, 0.3412, 0.2696, 0.2235, 0.1996,
		0.1907, 0.1965, 0.1844, 0.1592, 0.1281, 0.0889, 0.0598, 0.0446, 0.031,
		0.0375, 0.0398, 0.0386, 0.0287, 0.0257, 0.0249, 0.0326, 0.0593, 0.093,
		0.1355, 0.1803, 0.2255, 0.268, 0.3089, 0.3568, 0.4025, 0.4695, 0.5404,
		0.6328, 0.7406, 0.8652, 1.0015, 1.1388, 1.2783, 1.4115, 1.543, 1.6709,
		1.8066, 1.9292, 2.0527, 2.1884, 2.3387, 2.5097, 2.6949, 2.8866, 3.1036,
	},
	// single-face back (CC) target: cc_lab_curve (Nov 2021)
	RefBackSingle: {
		7.3356, 4.8663, 2.5198, 1.4276, 0.8527, 0.4359, 0.3289, 0.4565, 0.5573,
		0.6074, 0.8496, 1.0507, 1.1332, 1.0802, 1.0985, 1.202, 1.2691, 1.2089,
		1.065, 0.9647, 0.9341, 0.9569, 0.9191, 0.8223, 0.6908, 0.6092, 0.5654,
		0.5678, 0.5585, 0.5084, 0.4354, 0.3652, 0.3153, 0.301, 0.2963, 0.2923,
		0.2769, 0.2354, 0.1909, 0.158, 0.1339, 0.1295, 0.1184, 0.1111, 0.0976,
		0.0863, 0.0688, 0.064, 0.0584, 0.0639, 0.0748, 0.0901, 0.1025, 0.1135,
		0.1261, 0.1485, 0.1761, 0.2271, 0.2806, 0.3443, 0.4229, 0.5029, 0.5719,
		0.6471, 0.7214, 0.788, 0.8605, 0.9497, 1.052, 1.1625, 1.2945, 1.4421,
		1.6149, 1.7815, 1.947, 2.1099, 2.2678, 2.4232, 2.5676, 2.7107, 2.8521,
	},
}

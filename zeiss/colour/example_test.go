package colour_test

import (
	"fmt"
	"log"

	"github.com/arcoat/zeiss/zeiss/colour"
)

func Example() {
	// The target reflectance curve of the coating, in %, 380–780 nm.
	curve := []float64{
		5.52, 3.53, 1.97, 1.28, 0.74, 0.70, 0.85, 1.05, 1.23, 1.43, 1.63, 1.82, 1.84, 1.80, 1.75, 1.73, 1.64, 1.49, 1.39, 1.31, 1.23, 1.16, 1.03,
		0.91, 0.85, 0.86, 0.84, 0.77, 0.71, 0.64, 0.61, 0.61, 0.58, 0.56, 0.53, 0.46, 0.46, 0.44, 0.41, 0.43, 0.40, 0.39, 0.36, 0.25, 0.19, 0.17,
		0.21, 0.19, 0.17, 0.17, 0.20, 0.20, 0.16, 0.20, 0.26, 0.35, 0.41, 0.57, 0.64, 0.71, 0.90, 1.04, 1.17, 1.27, 1.43, 1.56, 1.82, 2.07, 2.40,
		2.72, 3.02, 3.33, 3.58, 3.87, 3.97, 4.34, 4.57, 4.73, 5.03, 5.45, 5.94,
	}
	conv, err := colour.NewConverter(colour.IlluminantC, colour.Observer2)
	if err != nil {
		log.Fatal(err)
	}
	lab, err := conv.Lab(curve)
	if err != nil {
		log.Fatal(err)
	}
	lch := lab.LCh()
	fmt.Println(lab)
	fmt.Printf("C*=%.4f h=%.4f°\n", lch.C, lch.H)
	fmt.Println(colour.ProductionSpec().Check(lab))
	// Output:
	// L*=4.8067 a*=2.2269 b*=-13.7526
	// C*=13.9317 h=279.1977°
	// fail: a* 2.2269 > 2, b* -13.7526 > -15
}

package nn

import (
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"syscall"
	"testing"
	"time"
)

func threadCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(1 /* RUSAGE_THREAD */, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func TestZZTiming(t *testing.T) {
	if os.Getenv("ZZ") == "" {
		t.Skip()
	}
	runtime.LockOSThread()
	rng := rand.New(rand.NewPCG(3, 0))
	for _, s := range [][3]int{{600, 81, 80}, {600, 80, 81}, {81, 80, 600}, {50, 200, 10}, {50, 14, 200}, {50, 200, 14}, {14, 200, 50}, {200, 10, 50}} {
		m, n, k := s[0], s[1], s[2]
		a, w, c := randSlice(rng, m*k, 1), randSlice(rng, k*n, 1), make([]float64, m*n)
		line := fmt.Sprintf("%v", s)
		for _, ks := range availableKernels() {
			kernels = ks
			reps := int(2e8 / float64(m*n*k))
			if ks == 0 {
				reps /= 8
			}
			best := time.Hour
			for range 3 {
				t0 := threadCPU()
				for range reps {
					gemmAdd(m, n, k, a, k, 1, w, n, c, n)
				}
				best = min(best, threadCPU()-t0)
			}
			line += fmt.Sprintf("  k%d %.2f GMAC/s", ks, float64(m*n*k*reps)/best.Seconds()/1e9)
		}
		kernels = availableKernels()[len(availableKernels())-1]
		fmt.Println(line)
	}
}

func TestZZEpoch(t *testing.T) {
	if os.Getenv("ZZ") == "" {
		t.Skip()
	}
	runtime.LockOSThread()
	for _, c := range []struct {
		sizes []int
		n     int
		reps  int
	}{{[]int{14, 80, 81}, 600, 300}, {[]int{14, 80, 81}, 50, 2000}, {[]int{10, 200, 14}, 50, 2000}} {
		tr := benchTrainer(nil, c.sizes, c.n)
		best := time.Hour
		for range 3 {
			t0 := threadCPU()
			for range c.reps {
				tr.Epoch()
			}
			best = min(best, threadCPU()-t0)
		}
		fmt.Printf("%v n=%d: %.1f µs/epoch\n", c.sizes, c.n, best.Seconds()/float64(c.reps)*1e6)
	}
}

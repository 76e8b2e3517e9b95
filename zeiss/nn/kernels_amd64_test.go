//go:build amd64

package nn

import "golang.org/x/sys/cpu"

// availableKernels lists the kernel sets this CPU can run.
func availableKernels() []int {
	ks := []int{kernelsGo}
	if cpu.X86.HasAVX2 && cpu.X86.HasFMA {
		ks = append(ks, kernelsAVX2)
	}
	if cpu.X86.HasAVX512F {
		ks = append(ks, kernelsAVX512)
	}
	return ks
}

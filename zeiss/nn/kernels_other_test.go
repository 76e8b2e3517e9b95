//go:build !amd64

package nn

// availableKernels lists the kernel sets this CPU can run.
func availableKernels() []int { return []int{kernelsGo} }

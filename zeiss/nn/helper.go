package nn

import (
	"runtime"
	"sync/atomic"
	"time"
)

// helper is a goroutine that runs its share of every training step's work.
// Between steps it spins (yielding to the scheduler) rather than sleeping:
// on a virtual machine, waking a sleeping thread can take longer than a
// whole step of these small models. After helperIdle without work it exits,
// and the next step starts it again, so an abandoned Trainer leaks nothing.
type helper struct {
	running atomic.Bool   // the goroutine is alive
	issued  atomic.Uint64 // jobs issued
	done    atomic.Uint64 // jobs finished
	share   func()        // runs this helper's share of the current job
}

// helperIdle is how long a helper spins without work before it exits.
const helperIdle = 2 * time.Millisecond

// start issues a job: the helper runs share once. The caller must have
// written everything share reads before calling start, and must wait before
// issuing the next job.
func (h *helper) start() {
	h.issued.Add(1)
	if h.running.CompareAndSwap(false, true) {
		go h.loop()
	}
}

// wait returns when the last job issued has finished.
func (h *helper) wait() {
	for want := h.issued.Load(); h.done.Load() != want; {
		runtime.Gosched()
	}
}

func (h *helper) loop() {
	idle := time.Now()
	for n := 1; ; n++ {
		if job := h.issued.Load(); job != h.done.Load() {
			h.share()
			h.done.Store(job)
			idle = time.Now()
			continue
		}
		if n%64 == 0 && time.Since(idle) > helperIdle {
			h.running.Store(false)
			// A job issued just now may have seen the goroutine alive: take
			// it on unless start has already launched a new goroutine.
			if h.issued.Load() != h.done.Load() && h.running.CompareAndSwap(false, true) {
				idle = time.Now()
				continue
			}
			return
		}
		runtime.Gosched()
	}
}

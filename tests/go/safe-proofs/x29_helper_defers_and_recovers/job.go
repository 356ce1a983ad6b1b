// Package x29helperdefersandrecovers: guard.Flush panics in its deferred call;
// guard.Parse and guard.Quiet recover in a way that stops no panic (recover
// not called directly by the deferred function; `defer recover()`);
// guard.Run recovers panics but not runtime.Goexit, which j.halt calls. An
// implementation that ignores the callee's defers, or trusts any recover,
// proves the calls panic-free, and an explicit Unlock leaves the lock held.
package x29helperdefersandrecovers

import (
	"runtime"
	"sync"

	"safeproofs/x29_helper_defers_and_recovers/guard"
)

// Job runs under a lock.
type Job struct {
	mu  sync.Mutex
	buf []int
	src string
	n   int
}

func (j *Job) halt() { runtime.Goexit() }

// Flush flushes the buffer.
func (j *Job) Flush() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	return guard.Flush(j.buf)
}

// Parse parses the source.
func (j *Job) Parse() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.n = guard.Parse(j.src)
	return j.n
}

// Quiet parses the source, quietly.
func (j *Job) Quiet() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.n = guard.Quiet(j.src)
	return j.n
}

// Halt runs halt under guard.Run.
func (j *Job) Halt() bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return guard.Run(j.halt)
}

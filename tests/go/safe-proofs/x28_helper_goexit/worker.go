// Package x28helpergoexit: task.Stop has no panic in its body, but it calls
// runtime.Goexit, which unwinds the goroutine running the deferred calls: the
// deferred Unlock runs, an explicit one does not, and the lock stays held
// after the goroutine is gone.
package x28helpergoexit

import (
	"sync"

	"safeproofs/x28_helper_goexit/task"
)

// Worker runs steps.
type Worker struct {
	mu        sync.Mutex
	cancelled bool
	steps     int
}

// Step runs one step unless cancelled.
func (w *Worker) Step() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	task.Stop(w.cancelled)
	w.steps++
	return w.steps
}

// Package task: Stop ends the calling goroutine with runtime.Goexit when the
// task is cancelled. Goexit is no panic, and it cannot be recovered, but it
// runs the deferred calls of every frame it unwinds.
package task

import "runtime"

// Stop calls runtime.Goexit when cancelled is true.
func Stop(cancelled bool) {
	if cancelled {
		runtime.Goexit()
	}
}

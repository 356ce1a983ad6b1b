// Package ctlxsiblingpurefunc (CONTROL): calls of mathx.Clamp and mathx.Add,
// functions of a sibling package of the same module whose bodies cannot
// panic. Nothing between the defers and the exits can panic, so the Safe
// fixes are correct and must be applied.
package ctlxsiblingpurefunc

import (
	"sync"

	"safeproofs/ctl_x_sibling_pure_func/mathx"
)

// Level is a bounded level.
type Level struct {
	mu sync.Mutex
	n  int
}

// Move changes the level by d, within [0, 10].
func (l *Level) Move(d int) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.n = mathx.Clamp(mathx.Add(l.n, d), 0, 10)
	return l.n
}

// Get returns the level.
func (l *Level) Get() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return mathx.Add(l.n, 0)
}
